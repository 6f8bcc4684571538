"""`safelib pack add` and `safelib pack export`: receive a pack from someone, and pass packs on, from the terminal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from safelib.cli.offers import acceptable, inspect_and_show, receive_into_vault
from safelib.cli.vault import open_vault
from safelib.core.context import open_library
from safelib.core.export import export_pack
from safelib.core.packs.keys import KeyRing, trusted_key_folders
from safelib.core.portable import find_portable
from safelib.core.problems import PackError, Problem
from safelib.core.receive import Offer, keep_in_folder
from safelib.core.settings import Settings
from safelib.core.vault.container import Vault
from safelib.core.vault.errors import VaultError
from safelib.core.vault.library import vault_library

NOWHERE = (
    "nothing can be kept: there is no portable folder (a stick's safelib-portable.txt, or --portable DIR) "
    "and no vault (--vault FILE --code-file F); the pack was checked and left where it is"
)


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Declare `pack add` and `pack export` under `safelib pack`."""
    add = sub.add_parser("add", help="check a received pack, say what it is, and keep it in the portable folder or vault")
    add.add_argument("file", type=Path, metavar="FILE", help="a .safelibpack file (or a pack folder)")
    add.add_argument(
        "--force-older", action="store_true", help="keep an older version (or one that cannot be ordered) all the same"
    )
    export = sub.add_parser("export", help="write installed packs as single signed files to a folder, to pass on")
    export.add_argument("pack_id", nargs="?", metavar="PACK_ID", help="the id of the pack to export")
    export.add_argument("dir", type=Path, metavar="DIR", help="the folder to write into (made if absent)")
    export.add_argument("--all", action="store_true", help="export every pack of the library")


def run_add(args: argparse.Namespace) -> int:
    """Inspect a received pack, print what it is, and keep it where the library lives; exit 1 when it is not kept."""
    keyring = KeyRing.load(trusted_key_folders(args.portable))
    if args.vault is not None:
        vault = _open_vault(args)
        try:
            offer = receive_into_vault(vault, args.file, keyring, args.force_older)
            if offer is None:
                return 1
            if offer.relation != "same":
                vault.save()
        finally:
            vault.lock()
        return _kept(offer, f"the vault {args.vault}")
    state = find_portable(args.portable)
    offer = inspect_and_show(args.file, open_library(args.packs, state.folder), keyring)
    if not acceptable(offer, args.force_older):
        return 1
    if offer.relation == "same":
        return _kept(offer, "")
    if state.folder is None:
        print(f"{args.file}: not added: {state.problem or NOWHERE}", file=sys.stderr)
        return 1
    return _kept(offer, str(keep_in_folder(offer, state.folder / "packs", args.force_older)))


def _kept(offer: Offer, where: str) -> int:
    print(f"{offer.location}: already in the library, nothing to add" if offer.relation == "same" else f"kept in {where}")
    return 0


def _open_vault(args: argparse.Namespace) -> Vault:
    if args.code_file is None:
        raise PackError(Problem(str(args.vault), "--vault needs --code-file"))
    try:
        return open_vault(args.vault, args.code_file)
    except VaultError as exc:
        raise PackError(Problem(str(args.vault), str(exc))) from exc


def run_export(args: argparse.Namespace) -> int:
    """Write one pack (or --all) as single files into DIR, with a neutral name when disguise is on."""
    if args.all == (args.pack_id is not None):
        raise PackError(Problem("pack export", "give either a PACK_ID or --all (`safelib pack export guides-ckb DIR`)"))
    keyring = KeyRing.load(trusted_key_folders(args.portable))
    state = find_portable(args.portable)
    neutral = bool(Settings.load(state.folder)["disguise"])
    if args.vault is not None:
        vault = _open_vault(args)
        library = vault_library(vault, keyring)
        vault.lock()
    else:
        library = open_library(args.packs, state.folder)
    try:
        packs = library.packs if args.all else [pack for pack in library.packs if pack.id == args.pack_id]
        if not packs:
            known = ", ".join(pack.id for pack in library.packs) or "none"
            raise PackError(Problem(str(args.pack_id), f"no such pack in the library (installed: {known})"))
        for pack in packs:
            target = export_pack(pack, args.dir, neutral, keyring)
            print(f"{pack.id}: {pack.trust.describe()}, written to {target}")
    finally:
        library.close()
    return 0
