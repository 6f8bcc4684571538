"""Ed25519 signing keys: making a pair, reading `.key`/`.pub` files, and the keys a copy of the program trusts."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from safelib.core.packs.parse import toml_string
from safelib.core.problems import PackError, Problem
from safelib.core.resources import program_root

KEY_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MAX_KEY_FILE_BYTES = 16 * 1024
# The key packaging/build.py signs with when no release key is given: a kit it signs is for testing, never for readers.
DEVELOPMENT_KEY_NAME = "safelib-development-build"


def key_id_of(public_key: Ed25519PublicKey) -> str:
    """The first 16 hex digits of SHA-256 over the raw 32-byte public key: short, stable, printable."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


@dataclass(frozen=True)
class PublicKey:
    """A public key someone may trust, with the name of who holds the private half."""

    name: str
    key: Ed25519PublicKey
    path: str = ""

    @property
    def key_id(self) -> str:
        """See `key_id_of`."""
        return key_id_of(self.key)

    def to_toml(self) -> str:
        """The `.pub` file: a small TOML table a person can read and compare by eye."""
        raw = self.key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return (
            f"name = {toml_string(self.name)}\n"
            f'key_id = "{self.key_id}"\n'
            f'public_key = "{base64.b64encode(raw).decode("ascii")}"\n'
            'algorithm = "ed25519"\n'
        )


def check_key_name(name: str) -> None:
    """Refuse names that could escape a folder or confuse a shell: letters, digits, '.', '_' and '-' only."""
    if not KEY_NAME_RE.match(name) or name.startswith("."):
        raise PackError(Problem(name, "a key name uses letters, digits, '.', '_' and '-' (at most 64), e.g. safelib-dev"))


def generate_key_pair(name: str, folder: Path) -> tuple[Path, Path]:
    """Write NAME.key (PEM, mode 0600 from the first byte) and NAME.pub into `folder`; never overwrite."""
    check_key_name(name)
    private_path, public_path = folder / f"{name}.key", folder / f"{name}.pub"
    for path in (private_path, public_path):
        if path.exists() or path.is_symlink():
            raise PackError(Problem(str(path), "already exists: refusing to overwrite a key"))
    private_key = Ed25519PrivateKey.generate()
    pem = private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(private_path, flags, 0o600)
    except OSError as exc:
        raise PackError(Problem(str(private_path), f"cannot create the key file: {exc.strerror or exc}")) from exc
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    public = PublicKey(name, private_key.public_key())
    try:
        with open(public_path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(public.to_toml())
    except OSError as exc:
        raise PackError(Problem(str(public_path), f"cannot write the public key: {exc.strerror or exc}")) from exc
    return private_path, public_path


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """Read a PEM Ed25519 private key written by `safelib keys new`."""
    data = _read_key_file(path, "key")
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise PackError(Problem(str(path), f"not an unencrypted PEM private key: {exc}")) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise PackError(Problem(str(path), "the key is not an Ed25519 key"))
    return key


def parse_public_key(data: bytes, where: str) -> PublicKey:
    """Parse a `.pub` file; every way it can be wrong is a PackError naming the line when possible."""
    try:
        table = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PackError(Problem(where, f"not a public key file (TOML with name, key_id, public_key): {exc}")) from exc
    name, key_id, encoded = table.get("name"), table.get("key_id"), table.get("public_key")
    if not all(isinstance(value, str) for value in (name, key_id, encoded)):
        raise PackError(Problem(where, "a public key file needs the strings name, key_id and public_key"))
    assert isinstance(name, str) and isinstance(encoded, str)
    if not name.strip():
        raise PackError(Problem(where, "'name' must not be empty"))
    try:
        raw = base64.b64decode(encoded, validate=True)
        key = Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError) as exc:
        raise PackError(Problem(where, "'public_key' is not a base64 Ed25519 public key (32 bytes)")) from exc
    public = PublicKey(name.strip(), key, where)
    if public.key_id != key_id:
        raise PackError(Problem(where, f"'key_id' {key_id} does not match the public key (its id is {public.key_id})"))
    return public


def load_public_key(path: Path) -> PublicKey:
    """Read one `.pub` file."""
    return parse_public_key(_read_key_file(path, "public key"), str(path))


def _read_key_file(path: Path, what: str) -> bytes:
    """A key file's bytes, refusing anything larger than a key file can be."""
    try:
        data = path.read_bytes()[: MAX_KEY_FILE_BYTES + 1]
    except OSError as exc:
        raise PackError(Problem(str(path), f"cannot read the {what}: {exc.strerror or exc}")) from exc
    if len(data) > MAX_KEY_FILE_BYTES:
        raise PackError(Problem(str(path), f"not a {what} file: too large"))
    return data


@dataclass
class KeyRing:
    """The public keys this copy of the program trusts, by key id, and problems met reading them."""

    keys: dict[str, PublicKey] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def load(cls, folders: Iterable[Path]) -> KeyRing:
        """Read every `*.pub` in `folders`; a broken file is reported and skipped, the first of two same ids wins."""
        ring = cls()
        for folder in folders:
            try:
                paths = sorted(p for p in folder.iterdir() if p.suffix == ".pub" and p.is_file() and not p.is_symlink())
            except OSError:
                continue
            for path in paths:
                try:
                    ring.add(load_public_key(path))
                except PackError as exc:
                    ring.problems.append(exc.problem)
        return ring

    def add(self, key: PublicKey) -> None:
        """Trust one more key."""
        self.keys.setdefault(key.key_id, key)

    def get(self, key_id: str) -> PublicKey | None:
        """The trusted key with this id, if any."""
        return self.keys.get(key_id)


def trusted_key_folders(portable: Path | None = None) -> list[Path]:
    """The project's shipped `keys/` and, when a portable folder is in use, its `keys/` (a trainer's own keys)."""
    folders = [program_root() / "keys"]
    if portable is not None:
        folders.append(portable / "keys")
    return folders


_DEFAULT_RING: KeyRing | None = None


def default_keyring() -> KeyRing:
    """The shipped keys only, read once per process: what `load_pack` trusts when told nothing else."""
    global _DEFAULT_RING
    if _DEFAULT_RING is None:
        _DEFAULT_RING = KeyRing.load(trusted_key_folders())
    return _DEFAULT_RING
