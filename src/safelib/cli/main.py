"""Parse the command line and run one command; usage errors exit 2, and no input ever shows a traceback."""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # as early as this module allows: `gui --smoke` measures start-up from here

import argparse  # noqa: E402 - after the timestamp on purpose
import sys  # noqa: E402

sys.dont_write_bytecode = True  # before the rest of the program is imported: no __pycache__ beside the source

from collections.abc import Sequence  # noqa: E402
from pathlib import Path  # noqa: E402

import safelib  # noqa: E402
from safelib.cli import keys, packs, reading, usb, vault  # noqa: E402
from safelib.cli.output import configure_streams, output_closed  # noqa: E402
from safelib.core.context import Context, open_context  # noqa: E402
from safelib.core.i18n import interface_languages, is_language  # noqa: E402
from safelib.core.packs.model import CATEGORIES  # noqa: E402
from safelib.core.portable import find_portable  # noqa: E402
from safelib.core.process import disable_core_dumps  # noqa: E402

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
    parser.add_argument(
        "--vault",
        metavar="FILE",
        type=Path,
        help="the library inside this vault (reading commands need --code-file; the window starts as a calculator)",
    )
    parser.add_argument("--code-file", metavar="F", type=Path, help="the vault's code ('-' reads it from input)")
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

    gui = commands.add_parser("gui", help="open the reading window (the default when no command is given)")
    gui.add_argument(
        "--lang",
        help="language of the window (en, ar, ckb, kmr) and of the guides it lists; a language with guides but no "
        "interface catalog (a translator's sdh) lists its guides, the window speaking the nearest language",
    )
    gui.add_argument("--open", metavar="GUIDE", help="open this guide (its id, e.g. pep-72-hours)")
    gui.add_argument("--search", metavar="QUERY", help="start with this search")
    gui.add_argument("--screenshot", metavar="FILE.png", type=Path, help="render the window in that state to a PNG and exit")
    gui.add_argument(
        "--compare", action="store_true", help="show a translated guide's source beside it (View → Compare with source)"
    )
    gui.add_argument("--smoke", action="store_true", help="start, search, open, switch language, panic; print timings as JSON")
    gui.add_argument(
        "--accessibility", action="store_true", help="allow screen readers (connects to the desktop's D-Bus session bus)"
    )
    packs.add_parser(commands)
    keys.add_parser(commands)
    usb.add_parser(commands)
    vault.add_parser(commands)
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit status."""
    sys.dont_write_bytecode = True
    disable_core_dumps()
    configure_streams()
    args = build_parser().parse_args(default_to_gui(sys.argv[1:] if argv is None else list(argv)))
    try:
        status = _dispatch(args)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        return output_closed()
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the promise is: a clear line, never a traceback
        print(f"safelib: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 3


GLOBAL_OPTIONS_WITH_VALUE = ("--packs", "--portable", "--vault", "--code-file")
COMMANDS = ("list", "search", "show", "pack", "keys", "usb", "vault", "gui")


def default_to_gui(argv: list[str]) -> list[str]:
    """Bare `safelib` (or `safelib --lang ckb …`) means `safelib gui …`; global options stay in front."""
    position = 0
    while position < len(argv):
        token = argv[position]
        if token in ("-h", "--help", "--version") or token in COMMANDS:
            return argv
        if token in GLOBAL_OPTIONS_WITH_VALUE:
            position += 2
        elif token.split("=", 1)[0] in GLOBAL_OPTIONS_WITH_VALUE:
            position += 1
        else:
            break
    return [*argv[:position], "gui", *argv[position:]]


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "gui":
        if args.lang is not None and args.lang not in interface_languages() and not is_language(args.lang):
            print(
                f"safelib: --lang {args.lang}: not a language tag Babel knows. Give an interface language "
                f"({', '.join(interface_languages())}) or the language of your pack's guides (its pack.toml "
                "`language`, e.g. sdh or kmr-x-badini)",
                file=sys.stderr,
            )
            return 2
        from safelib.ui.app import run  # Qt is loaded only for the window

        return run(args, STARTED)
    if args.command == "pack":
        return packs.run(args)
    if args.command == "keys":
        return keys.run(args)
    if args.command == "usb":
        return usb.run(args)
    if args.command == "vault":
        return vault.run(args)
    if args.command in LIBRARY_COMMANDS:
        context = _library_context(args)
        if context is None:
            return 1
        try:
            return LIBRARY_COMMANDS[args.command](args, context)
        finally:
            context.close()
    return 2


def _library_context(args: argparse.Namespace) -> Context | None:
    """The library a reading command reads: a vault's (only with its code), or the bundled and portable packs."""
    if args.vault is not None:
        return vault.vault_context(args.vault, args.code_file)
    state = find_portable(args.portable)
    if state.problem:
        print(f"safelib: {state.problem}", file=sys.stderr)
    return open_context(args.packs, state.folder)
