"""`safelib usb …`: build a ready-to-copy USB kit, and check a stick before handing it out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from safelib.cli.output import emit_json, exit_status, report_problems
from safelib.cli.vault import new_code
from safelib.core.packs.keys import DEVELOPMENT_KEY_NAME, KeyRing, load_public_key, trusted_key_folders
from safelib.core.portable import program_location
from safelib.core.problems import PackError, Problem
from safelib.core.usb.bundles import find_bundles
from safelib.core.usb.card import card_path
from safelib.core.usb.checksums import SUMS_FILE
from safelib.core.usb.kit import KitOptions, build_kit
from safelib.core.usb.vault_kit import VaultPlan
from safelib.core.usb.verify import describe, verify_kit
from safelib.core.vault.codes import generate_code

DEVELOPMENT_LINE = (
    f"Development kit: its programs trust {DEVELOPMENT_KEY_NAME}, the key a build made for itself, not a release key. "
    "For testing and training only: never hand it to readers."
)
DEVELOPMENT_WARNING = f"""
{"!" * 100}
WARNING: THIS IS A DEVELOPMENT KIT, NOT A RELEASE. Its packs are signed with {DEVELOPMENT_KEY_NAME},
the key packaging/build.py made on this machine because SAFELIB_SIGNING_KEY was not set. Use it to test
and to train trainers; never hand it to readers. A release kit comes from bundles built with the project's
key (docs/usb-kit.md, "Release kits").
{"!" * 100}"""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Declare `safelib usb` and its sub-commands."""
    usb = commands.add_parser("usb", help="build and check USB sticks for workshops")
    sub = usb.add_subparsers(dest="usb_command", metavar="USB_COMMAND", required=True)

    build = sub.add_parser("build", help="write a ready-to-copy kit into an empty folder")
    build.add_argument("target", type=Path, metavar="TARGET_DIR")
    build.add_argument("--lang", action="append", default=[], help="only packs and notes in these languages (repeatable)")
    build.add_argument(
        "--packs", dest="kit_packs", action="append", default=[], type=Path, metavar="PATH", help="add a pack folder or file"
    )
    build.add_argument("--disguise", metavar="NAME", help="a neutral name for the program, its window and its files")
    build.add_argument(
        "--bundle", action="append", default=[], type=Path, metavar="DIR", help="a built program (default: this one, or dist/)"
    )
    build.add_argument("--trust", action="append", default=[], type=Path, metavar="KEY.pub", help="a key the stick trusts")
    build.add_argument("--key", type=Path, metavar="KEY.key", help="sign packs no program on the stick verifies yet")
    build.add_argument(
        "--vault", action="store_true", help="packs, keys and settings in one encrypted file; the stick shows a calculator"
    )
    build.add_argument(
        "--code-file", type=Path, metavar="F",
        help="with --vault: the code (generated and written there if F does not exist; by default only on the code card)",
    )  # fmt: skip
    build.add_argument(
        "--duress-code-file", type=Path, metavar="F",
        help="with --vault: a second code that opens everyday guides and erases the library (generated if F does not exist)",
    )  # fmt: skip
    build.add_argument(
        "--decoy", action="append", default=[], type=Path, metavar="PACK",
        help="with --duress-code-file: the decoy packs (default: the everyday guides the program carries)",
    )  # fmt: skip

    verify = sub.add_parser("verify", help="check a stick: files as built, packs signed by keys you trust")
    verify.add_argument("target", type=Path, metavar="TARGET_DIR")
    verify.add_argument("--trust", action="append", default=[], type=Path, metavar="KEY.pub", help="also trust this key")
    verify.add_argument("--sums", type=Path, metavar="FILE", help=f"your own copy of the kit's {SUMS_FILE}")
    verify.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> int:
    """Run one `safelib usb` sub-command; problems print `PATH: error: …` and exit 1."""
    return exit_status(lambda: run_build(args) if args.usb_command == "build" else run_verify(args))


def vault_plan(args: argparse.Namespace) -> VaultPlan | None:
    """The vault part of `usb build`: codes read, or generated (onto the code card, or into the files named)."""
    if not args.vault:
        if args.code_file or args.duress_code_file or args.decoy:
            raise PackError(Problem("usb build", "--code-file, --duress-code-file and --decoy go with --vault"))
        return None
    if args.decoy and not args.duress_code_file:
        raise PackError(Problem("--decoy", "a decoy library needs a duress code to open it: add --duress-code-file F"))
    code = new_code(args.code_file) if args.code_file else generate_code()
    duress = new_code(args.duress_code_file) if args.duress_code_file else None
    return VaultPlan(code, card_path(args.target), duress, args.decoy)


def run_build(args: argparse.Namespace) -> int:
    """Build the kit and say what is on it and how to check it."""
    plan = vault_plan(args)
    options = KitOptions(
        target=args.target,
        bundles=find_bundles(args.bundle),
        languages=[tag for given in args.lang for tag in given.split(",") if tag],
        packs=args.kit_packs,
        disguise=args.disguise,
        trust=args.trust,
        key=args.key,
        vault=plan,
    )
    kit = build_kit(options, progress=lambda line: print(line, flush=True))
    print(f"{kit.root}: kit for {', '.join(launch.platform for launch in kit.programs)} ready to copy")
    print(f"  programs: {', '.join(f'{launch.folder}/{launch.program}' for launch in kit.programs)}")
    print(f"  packs:    {', '.join(f'{pack.file} ({pack.trust.describe()})' for pack in kit.packs)}")
    if kit.vault is not None:
        print(f"  vault:    {kit.vault} holds the packs, keys and settings; nothing on the stick says what it is for")
        if kit.decoy:
            print(f"  duress:   opens {', '.join(pack.pack_id for pack in kit.decoy)} and erases the library")
        print(f"  code card: {kit.card} (NOT on the stick: hand it over in person; the reader learns it and destroys it)")
    else:
        print(f"  notes:    {', '.join(kit.notes)}")
    print(f"  {kit.files} files listed in {SUMS_FILE}, {kit.size / 1e6:.1f} MB, fingerprint {kit.fingerprint}")
    print(f"Keep a copy of {kit.root / SUMS_FILE} (or write down the fingerprint) to check sticks later:")
    print(f"  safelib usb verify STICK --sums MY-COPY-OF-{SUMS_FILE}")
    if kit.development:
        print(DEVELOPMENT_WARNING, file=sys.stderr)
    return 0


def run_verify(args: argparse.Namespace) -> int:
    """Check a stick against the keys this program trusts and --trust; exit 0 only when all is well."""
    trusted = KeyRing.load(trusted_key_folders())
    for path in args.trust:
        trusted.add(load_public_key(path))
    report_problems(trusted.problems)
    running = program_location()
    if running is not None and running.is_relative_to(args.target.resolve()):
        print("safelib: warning: a changed program could lie about itself; check sticks with a copy you trust", file=sys.stderr)
    report = verify_kit(args.target, trusted, args.sums)
    development = any(key.name == DEVELOPMENT_KEY_NAME for key in report.keys)
    if args.json:
        emit_json(report.to_json() | {"development": development})
    else:
        print("\n".join(describe(report)))
        if development:
            print(DEVELOPMENT_LINE)
    return 0 if report.ok else 1
