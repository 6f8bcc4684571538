"""`safelib keys …`: make the key pair a publisher signs packs with."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from safelib.core.packs.keys import generate_key_pair, load_public_key
from safelib.core.problems import PackError


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Declare `safelib keys` and its sub-commands."""
    keys = commands.add_parser("keys", help="make signing keys for publishing packs")
    sub = keys.add_subparsers(dest="keys_command", metavar="KEYS_COMMAND", required=True)
    new = sub.add_parser("new", help="write NAME.key (private, mode 0600) and NAME.pub")
    new.add_argument("name", metavar="NAME", help="who signs, e.g. safelib-dev or rainbow-trainers")
    new.add_argument("--dir", type=Path, default=Path("."), help="where to write the two files (made if absent; default: here)")


def run(args: argparse.Namespace) -> int:
    """Run one `safelib keys` sub-command."""
    try:
        args.dir.mkdir(parents=True, exist_ok=True)
        private_path, public_path = generate_key_pair(args.name, args.dir)
        public = load_public_key(public_path)
    except PackError as exc:
        print(exc.problem.format(), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{args.dir}: error: cannot make the folder: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"{private_path}: private key: keep it offline, never share or commit it")
    print(f"{public_path}: public key {public.key_id}: give it to those who should trust your packs")
    return 0
