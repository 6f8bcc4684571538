"""Sign a pack and check its signature: an Ed25519 signature over a canonical list of every file and its SHA-256."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from safelib.core import toml
from safelib.core.packs.archive import write_reproducible_zip
from safelib.core.packs.keys import KeyRing, default_keyring, key_id_of
from safelib.core.packs.model import Trust
from safelib.core.packs.parse import toml_string
from safelib.core.packs.source import PackSource, open_source
from safelib.core.portable import write_atomic
from safelib.core.problems import PackError

SIGNATURE_FILE = "SIGNATURE"
FORMAT = 2
STATEMENT_HEADER = "safelib-pack-signature {format}"
MAX_SIGNATURE_BYTES = 4 * 1024 * 1024
_KEY_ID = re.compile(r"^[0-9a-f]{16}\Z")
_SHA256 = re.compile(r"^[0-9a-f]{64}\Z")
_NAMED_AT_MOST = 5


@dataclass(frozen=True)
class FileDigest:
    """One file of a pack as the signature sees it."""

    path: str
    sha256: str
    size: int


def digest_files(source: PackSource) -> list[FileDigest]:
    """Hash every file of the pack except SIGNATURE, each read once, in sorted path order."""
    digests = []
    for rel in source.files():
        if rel == SIGNATURE_FILE:
            continue
        data = source.read(rel, source.size(rel))
        digests.append(FileDigest(rel, hashlib.sha256(data).hexdigest(), len(data)))
    return digests


def pack_id_of(source: PackSource) -> str:
    """The id in pack.toml, read leniently (the statement needs it even when the manifest has other problems)."""
    try:
        table = toml.loads(source.read("pack.toml", source.limits.max_manifest_bytes).decode("utf-8-sig"))
    except (PackError, UnicodeDecodeError, toml.TomlError):
        return ""
    value = table.get("id")
    return value if isinstance(value, str) else ""


def canonical_statement(pack_id: str, digests: list[FileDigest], key_id: str = "", version: int = FORMAT) -> bytes:
    """The exact bytes that are signed (docs/signing.md); version 2 quotes every name as ASCII JSON.

    Version 1 wrote names raw, one a line: a name holding a newline could stand for a file that was
    removed. Such names are refused when a pack is read (source.check_relpath), so version 1 stays
    unambiguous for the packs already signed with it; new signatures are version 2, which also signs
    the key id and the number of files.
    """
    ordered = sorted(digests, key=lambda d: d.path)
    if version == 1:
        lines = [STATEMENT_HEADER.format(format=1), f"pack {pack_id}"]
        lines += [f"{d.sha256}  {d.size}  {d.path}" for d in ordered]
    else:
        lines = [STATEMENT_HEADER.format(format=version), f"key {key_id}", f"pack {_quoted(pack_id)}", f"files {len(ordered)}"]
        lines += [f"{d.sha256} {d.size} {_quoted(d.path)}" for d in ordered]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=True)


def signature_file(source: PackSource, private_key: Ed25519PrivateKey, signer: str) -> bytes:
    """The SIGNATURE file for the pack as it is now."""
    digests = digest_files(source)
    key_id = key_id_of(private_key.public_key())
    signature = private_key.sign(canonical_statement(pack_id_of(source), digests, key_id))
    manifest = "".join(f"  {toml_string(f'{d.path} {d.sha256}')},\n" for d in digests)
    text = (
        "# Ed25519 signature over every file of this pack; check it with `safelib pack verify`.\n"
        f"format = {FORMAT}\n"
        f'key_id = "{key_id}"\n'
        f"signer = {toml_string(signer)}\n"
        f'signature = "{base64.b64encode(signature).decode("ascii")}"\n'
        f"files = {len(digests)}\n"
        f"manifest = [\n{manifest}]\n"
    )
    return text.encode("utf-8")


def sign_pack(location: Path, private_key: Ed25519PrivateKey, signer: str) -> None:
    """Write SIGNATURE into a pack folder, or rewrite a `.safelibpack` (reproducibly) with SIGNATURE inside."""
    source = open_source(location)
    try:
        signature = signature_file(source, private_key, signer)
        if location.is_dir():
            write_atomic(location / SIGNATURE_FILE, signature)
            return
        entries = [(rel, source.read(rel, source.size(rel))) for rel in source.files() if rel != SIGNATURE_FILE]
    finally:
        source.close()
    write_reproducible_zip([*entries, (SIGNATURE_FILE, signature)], location)


@dataclass(frozen=True)
class SignatureFile:
    """A parsed SIGNATURE file."""

    key_id: str
    signer: str
    signature: bytes
    files: int
    manifest: dict[str, str]
    format: int = FORMAT


def parse_signature(data: bytes) -> SignatureFile:
    """Parse SIGNATURE; ValueError says what is malformed."""
    try:
        table = toml.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, toml.TomlError) as exc:
        raise ValueError(f"it is not UTF-8 TOML ({exc})") from exc
    version = table.get("format")
    if version not in (1, FORMAT) or isinstance(version, bool):
        raise ValueError(f"'format' must be 1 or {FORMAT}")
    key_id, signer, encoded = table.get("key_id"), table.get("signer"), table.get("signature")
    if not isinstance(key_id, str) or not _KEY_ID.match(key_id):
        raise ValueError("'key_id' must be 16 lower-case hex digits")
    if not isinstance(signer, str):
        raise ValueError("'signer' must be a string")
    if not isinstance(encoded, str):
        raise ValueError("'signature' must be a base64 string")
    try:
        signature = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("'signature' is not valid base64") from exc
    if len(signature) != 64:
        raise ValueError("'signature' is not an Ed25519 signature (64 bytes)")
    files, listed = table.get("files"), table.get("manifest")
    if not isinstance(files, int) or isinstance(files, bool) or files < 0:
        raise ValueError("'files' must be a whole number")
    if not isinstance(listed, list) or not all(isinstance(item, str) for item in listed):
        raise ValueError("'manifest' must be a list of \"path sha256\" strings")
    manifest: dict[str, str] = {}
    for item in listed:
        path, _, digest = item.rpartition(" ")
        if not path or not _SHA256.match(digest) or path in manifest:
            raise ValueError(f"'manifest' entry {item[:80]!r} is not a unique \"path sha256\"")
        manifest[path] = digest
    if len(manifest) != files:
        raise ValueError(f"'files' says {files} but 'manifest' lists {len(manifest)}")
    return SignatureFile(key_id, signer, signature, files, manifest, version)


def verify_source(source: PackSource, keyring: KeyRing | None = None) -> Trust:
    """Decide a pack's trust state from its files as they are now; never raises for bad input."""
    if SIGNATURE_FILE not in source.files():
        return Trust("unsigned", None, "the pack has no SIGNATURE file")
    try:
        signature = parse_signature(source.read(SIGNATURE_FILE, MAX_SIGNATURE_BYTES))
        digests = digest_files(source)
    except ValueError as exc:
        return Trust("tampered", None, f"SIGNATURE is malformed: {exc}")
    except PackError as exc:
        return Trust("tampered", None, f"cannot check the signature: {exc.problem.message} ({exc.problem.path})")
    changes = describe_changes(signature.manifest, {d.path: d.sha256 for d in digests})
    if source.problems and not changes:
        changes = f"added since signing: entries the reader ignores ({source.problems[0].message})"
    claimed = signature.signer or "nobody"
    if changes:
        return Trust("tampered", None, changes, signature.key_id)
    key = (keyring if keyring is not None else default_keyring()).get(signature.key_id)
    if key is None:
        return Trust(
            "unknown-signer",
            None,
            f"signed as '{claimed}' with key {signature.key_id}, which this program does not trust",
            signature.key_id,
        )
    try:
        statement = canonical_statement(pack_id_of(source), digests, signature.key_id, signature.format)
        key.key.verify(signature.signature, statement)
    except InvalidSignature:
        return Trust("tampered", None, "the signature does not match the files (SIGNATURE itself was edited)", signature.key_id)
    return Trust("verified", key.name, f"signed by {key.name} (key {key.key_id})", signature.key_id)


def describe_changes(signed: dict[str, str], actual: dict[str, str]) -> str:
    """Name the files changed, added and removed since signing, or return '' when they all match."""
    parts = []
    for verb, paths in (
        ("changed", sorted(p for p in actual if p in signed and signed[p] != actual[p])),
        ("added", sorted(p for p in actual if p not in signed)),
        ("removed", sorted(p for p in signed if p not in actual)),
    ):
        if paths:
            named = ", ".join(paths[:_NAMED_AT_MOST])
            more = f" and {len(paths) - _NAMED_AT_MOST} more" if len(paths) > _NAMED_AT_MOST else ""
            parts.append(f"{verb} since signing: {named}{more}")
    return "; ".join(parts)


def verify_pack(location: Path, keyring: KeyRing | None = None) -> Trust:
    """Open a pack folder or file and check its signature; a pack that cannot be opened is reported as a PackError."""
    source = open_source(location)
    try:
        return verify_source(source, keyring)
    finally:
        source.close()
