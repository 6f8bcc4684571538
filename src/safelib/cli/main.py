"""Parse the command line and run one command; usage errors exit 2, and no input ever shows a traceback."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import safelib
from safelib.cli import keys, packs, reading
from safelib.cli.output import configure_streams
from safelib.core.context import open_context
from safelib.core.packs.model import CATEGORIES

LIBRARY_COMMANDS = {"list": reading.run_list, "search": reading.run_search, "show": reading.run_show}


def build_parser() -> argparse.ArgumentParser:
    """The whole command-line contract in one place (README and docs/cli.md describe it)."""
    parser = argparse.ArgumentParser(
        prog="safelib", description="An offline library of guides on security, sexual health and asylum."
    )
    parser.add_argument("--version", action="version", version=f"safelib {safelib.__version__}")
    parser.add_argument(
        "--packs", metavar="DIR", action="append", default=[], type=Path, help="also load packs from DIR (repeatable)"
    )
    parser.add_argument(
        "--portable", metavar="DIR", type=Path, help="keep indexes and settings in DIR (otherwise nothing is written)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    listing = commands.add_parser("list", help="list guides")
    listing.add_argument("--lang", help="only guides in this language (en, ar, ckb, kmr, …)")
    listing.add_argument("--category", choices=CATEGORIES)
    listing.add_argument("--json", action="store_true", help="print JSON")

    search = commands.add_parser("search", help="search every guide")
    search.add_argument("query")
    search.add_argument("--lang", help="only this language, or 'all' (the default)")
    search.add_argument("--category", choices=CATEGORIES)
    search.add_argument("--limit", type=_positive, default=10)
    search.add_argument("--json", action="store_true", help="print JSON")

    show = commands.add_parser("show", help="print one guide")
    show.add_argument("guide", help="the guide's id, e.g. pep-72-hours")
    show.add_argument("--pack", help="the pack to take it from")
    show.add_argument("--lang", help="the language to prefer")
    show.add_argument("--html", action="store_true", help="print the sanitized HTML the reader shows")

    packs.add_parser(commands)
    keys.add_parser(commands)
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit status."""
    sys.dont_write_bytecode = True
    configure_streams()
    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the promise is: a clear line, never a traceback
        print(f"safelib: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 3


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "pack":
        return packs.run(args)
    if args.command == "keys":
        return keys.run(args)
    if args.command in LIBRARY_COMMANDS:
        context = open_context(args.packs, args.portable)
        try:
            return LIBRARY_COMMANDS[args.command](args, context)
        finally:
            context.close()
    print("safelib: the reading window arrives with the Qt interface; use list, search or show for now", file=sys.stderr)
    return 2
