"""`safelib vault …`: make, check and change vaults, the encrypted libraries of a stick (docs/vault-format.md)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from safelib.cli.offers import receive_into_vault
from safelib.cli.output import exit_status
from safelib.core.context import Context, open_vault_context
from safelib.core.library import find_pack_locations
from safelib.core.packs.keys import KeyRing, trusted_key_folders
from safelib.core.problems import PackError, Problem
from safelib.core.resources import bundled_content, bundled_decoy
from safelib.core.vault.codes import code_problem, generate_code, group_code, normalise_code
from safelib.core.vault.container import DEFAULT_COST, Vault
from safelib.core.vault.errors import VaultError
from safelib.core.vault.library import add_pack, pack_bytes, vault_keyring, vault_library

NOT_OPENED = "could not open the vault"


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Declare `safelib vault` and its sub-commands."""
    vault = commands.add_parser("vault", help="make and change encrypted libraries (vaults)")
    sub = vault.add_subparsers(dest="vault_command", metavar="VAULT_COMMAND", required=True)

    create = sub.add_parser("create", help="write a new vault holding packs (default: the bundled packs)")
    create.add_argument("file", type=Path, metavar="FILE")
    create.add_argument("packs", nargs="*", type=Path, metavar="PACK", help="pack files or folders, or folders of packs")
    _code_option(create, "the code that opens it; a new, strong code is written there if FILE does not exist")

    verify = sub.add_parser("verify", help="open a vault and check every pack in it; exit 0 only when all are verified")
    verify.add_argument("file", type=Path, metavar="FILE")
    _code_option(verify)

    add = sub.add_parser("add", help="check packs like `pack add` and keep them in the vault (a newer version replaces its pack)")
    add.add_argument("file", type=Path, metavar="FILE")
    add.add_argument("packs", nargs="+", type=Path, metavar="PACK")
    _code_option(add)
    add.add_argument(
        "--force-older", action="store_true", help="keep an older version (or one that cannot be ordered) all the same"
    )

    duress = sub.add_parser("set-duress", help="add a second code that opens a decoy library and erases the real one")
    duress.add_argument("file", type=Path, metavar="FILE")
    _code_option(duress)
    duress.add_argument(
        "--duress-code-file", type=Path, required=True, metavar="F",
        help="the duress code; a strong one is generated and written there if F does not exist",
    )  # fmt: skip
    duress.add_argument(
        "--decoy", action="append", type=Path, metavar="PACK", help="decoy packs (default: the bundled everyday guides)"
    )

    undo = sub.add_parser("remove-duress", help="forget the duress code (the decoy half becomes unreachable)")
    undo.add_argument("file", type=Path, metavar="FILE")
    _code_option(undo)

    for name, text in (
        ("change-code", "open with one code, then only a new one opens it"),
        ("rekey", "give this copy its own library key and code, so no other copy's code opens it"),
    ):
        command = sub.add_parser(name, help=text)
        command.add_argument("file", type=Path, metavar="FILE")
        _code_option(command)
        command.add_argument(
            "--new-code-file", type=Path, required=True, metavar="F",
            help="the new code; a strong one is generated and written there if F does not exist",
        )  # fmt: skip


def _code_option(parser: argparse.ArgumentParser, text: str = "a file holding the code ('-' reads it from input)") -> None:
    parser.add_argument("--code-file", type=Path, required=True, metavar="F", help=text)


def run(args: argparse.Namespace) -> int:
    """Run one `safelib vault` sub-command; a wrong code exits 1 with one line that says nothing more."""
    commands: dict[str, Callable[[argparse.Namespace], int]] = {
        "create": run_create,
        "verify": run_verify,
        "add": run_add,
        "change-code": run_change_code,
        "rekey": run_rekey,
        "set-duress": run_set_duress,
        "remove-duress": run_remove_duress,
    }
    return exit_status(lambda: _guarded(commands[args.vault_command], args))


def _guarded(command: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    try:
        return command(args)
    except VaultError as exc:
        print(f"safelib: {exc}", file=sys.stderr)
        return 1


def read_code(path: Path) -> str:
    """The code on the first line of a code file or code card (or standard input for '-'), in ASCII digits."""
    return normalise_code(sys.stdin.readline() if str(path) == "-" else path.read_text("utf-8"))


def new_code(path: Path) -> str:
    """A strong code from `path`, or a generated one written to `path` (readable only by its owner) when it is absent."""
    if str(path) == "-" or path.exists():
        code = read_code(path)
        problem = code_problem(code)
        if problem:
            raise PackError(Problem(str(path), f"this code is too weak: {problem}"))
        return code
    code = generate_code()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(f"{group_code(code)}\n")
    print(f"wrote a new code to {path}: keep it off the stick, and give it to the reader in person")
    return code


def unlock(args: argparse.Namespace) -> Vault:
    """Open the vault named on the command line, or stop with the one line a wrong code gets."""
    return open_vault(args.file, args.code_file)


def open_vault(path: Path, code_file: Path) -> Vault:
    """Open a vault with the code in `code_file`; VaultError with the same line for a wrong code and a non-vault."""
    vault = Vault.unlock(path, read_code(code_file), DEFAULT_COST) if path.is_file() else None
    if vault is None:
        raise VaultError(NOT_OPENED)
    return vault


def vault_context(path: Path, code_file: Path | None) -> Context | None:
    """The library inside a vault for `list`, `search` and `show`; None (after one line on stderr) when it cannot open."""
    if code_file is None:
        print("safelib: --vault needs --code-file", file=sys.stderr)
        return None
    try:
        vault = open_vault(path, code_file)
    except (VaultError, OSError) as exc:
        print(f"safelib: {exc.strerror if isinstance(exc, OSError) else exc}", file=sys.stderr)
        return None
    context = open_vault_context(vault)
    vault.lock()
    return context


def _keyring() -> KeyRing:
    return KeyRing.load(trusted_key_folders(None))


def run_create(args: argparse.Namespace) -> int:
    """Write a new vault from packs; refuses to replace a file."""
    if args.file.exists():
        raise PackError(Problem(str(args.file), "already exists: a new vault never replaces a file"))
    code = new_code(args.code_file)
    keyring = _keyring()
    locations = _locations(args.packs or [bundled_content()])
    items = _checked_packs(locations, keyring)
    Vault.create(args.file, code, items, DEFAULT_COST).lock()
    print(f"{args.file}: a vault of {len(locations)} packs, {args.file.stat().st_size:,} bytes")
    return 0


def _locations(given: list[Path | None]) -> list[Path]:
    """Pack locations from paths that are packs or folders of packs."""
    paths = [path for path in given if path is not None]
    return [found for path in paths for found in (find_pack_locations(path) if _holds_packs(path) else [path])]


def _holds_packs(path: Path) -> bool:
    return path.is_dir() and not (path / "pack.toml").exists()


def _checked_packs(locations: list[Path], keyring: KeyRing) -> dict[str, bytes]:
    """Vault items for packs that load without errors and are not tampered; PackError on the first that is not."""
    items: dict[str, bytes] = {}
    for location in locations:
        add_pack(items, pack_bytes(location), location.name, keyring)
    return items


def run_verify(args: argparse.Namespace) -> int:
    """Open a vault, authenticate all of it, and load every pack from memory."""
    vault = unlock(args)
    library = vault_library(vault, vault_keyring(vault, trusted_key_folders(None)))
    try:
        for result in library.results:
            state = result.pack.trust.describe() if result.pack else "not loaded"
            print(f"{result.location}: {state}")
        for problem in library.problems:
            print(problem.format(), file=sys.stderr)
        verified = bool(library.results) and all(r.pack is not None and r.pack.trust.state == "verified" for r in library.results)
    finally:
        library.close()
        vault.lock()
    print("OK: every pack in the vault is verified" if verified else "NOT OK: some packs are not verified")
    return 0 if verified else 1


def run_add(args: argparse.Namespace) -> int:
    """Check packs as `pack add` does (older versions and id hijacks refused); nothing is saved unless every pack is kept."""
    vault = unlock(args)
    try:
        keyring = vault_keyring(vault, trusted_key_folders(None))
        offers = [receive_into_vault(vault, location, keyring, args.force_older) for location in args.packs]
        if any(offer is None for offer in offers):
            print(f"{args.file}: nothing was saved", file=sys.stderr)
            return 1
        if any(offer is not None and offer.relation != "same" for offer in offers):
            vault.save()
    finally:
        vault.lock()
    print(f"{args.file}: {len(offers)} packs checked and kept")
    return 0


def run_set_duress(args: argparse.Namespace) -> int:
    """Put a decoy library in the vault's other half behind a second code."""
    decoys = _locations(args.decoy or [bundled_decoy()])
    if not decoys:
        raise PackError(Problem(str(args.file), "no decoy packs: give --decoy PACK (this copy has no bundled decoy)"))
    items = _checked_packs(decoys, _keyring())
    return _change(
        args,
        lambda vault: vault.set_duress(new_code(args.duress_code_file), items),
        f"the duress code opens {len(decoys)} decoy packs, and erases this library when it is used",
    )


def run_remove_duress(args: argparse.Namespace) -> int:
    """Forget the duress code."""
    return _change(args, lambda vault: vault.remove_duress(), "no duress code any more")


def run_change_code(args: argparse.Namespace) -> int:
    """Re-wrap the library key for a new code."""
    return _change(
        args, lambda vault: vault.change_code(new_code(args.new_code_file)), "the new code opens it; the old one no longer does"
    )


def run_rekey(args: argparse.Namespace) -> int:
    """Give a copied vault its own key and code."""
    return _change(
        args, lambda vault: vault.rekey(new_code(args.new_code_file)), "has its own key now; only the new code opens it"
    )


def _change(args: argparse.Namespace, change: Callable[[Vault], None], done: str) -> int:
    """Unlock the vault, make one change, and drop its keys whatever happened; say what changed."""
    vault = unlock(args)
    try:
        change(vault)
    finally:
        vault.lock()
    print(f"{args.file}: {done}")
    return 0
