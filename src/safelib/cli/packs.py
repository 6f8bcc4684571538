"""`safelib pack …`: tools for translators and publishers, and `add` and `export` for readers who pass packs on."""

from __future__ import annotations

import argparse
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path

from safelib.cli import handover
from safelib.cli.output import emit_json, exit_status, report_problems
from safelib.core.library import Library, default_folders, find_pack_locations
from safelib.core.packs.keys import KeyRing, load_private_key, load_public_key, trusted_key_folders
from safelib.core.packs.loader import load_pack
from safelib.core.packs.model import Manifest, Pack
from safelib.core.packs.signing import sign_pack, verify_pack
from safelib.core.packs.toolkit import (
    build_pack,
    errors_of,
    mark_current,
    new_translation,
    translation_status,
    validate_pack,
)
from safelib.core.problems import PackError, Problem
from safelib.core.resources import bundled_content


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Declare `safelib pack` and its sub-commands."""
    pack = commands.add_parser("pack", help="add and export packs; tools for translators and publishers")
    sub = pack.add_subparsers(dest="pack_command", metavar="PACK_COMMAND", required=True)

    validate = sub.add_parser("validate", help="check packs; exit 1 if any has an error")
    validate.add_argument("paths", nargs="+", metavar="PATH")
    validate.add_argument("--json", action="store_true", help="print JSON")

    new = sub.add_parser("new", help="start a translation from a source pack")
    new.add_argument("--from", dest="source", required=True, metavar="SOURCE_PACK", help="a pack folder, file or installed id")
    new.add_argument("--lang", required=True, help="the translation's language tag, e.g. sdh or kmr-x-badini")
    new.add_argument("--id", dest="pack_id", help="the new pack's id (default: the source's id with the new language)")
    new.add_argument("dir", type=Path, metavar="DIR", help="an absent or empty folder to write the pack into")

    status = sub.add_parser("status", help="what is missing, stale or untranslated; exit 0 only when complete")
    status.add_argument("dir", type=Path, metavar="DIR")
    status.add_argument("--source", type=Path, metavar="PATH", help="the source pack (default: found by its id)")
    status.add_argument("--json", action="store_true", help="print JSON")

    mark = sub.add_parser("mark-current", help="record that translated guides match the source's current revision")
    mark.add_argument("dir", type=Path, metavar="DIR")
    mark.add_argument("guides", nargs="*", metavar="GUIDE", help="guide ids (default: every guide with no untranslated text)")
    mark.add_argument("--source", type=Path, metavar="PATH", help="the source pack (default: found by its id)")

    build = sub.add_parser("build", help="validate a pack folder and write a reproducible .safelibpack")
    build.add_argument("dir", type=Path, metavar="DIR")
    build.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.safelibpack")
    _allow_incomplete(build)

    sign = sub.add_parser("sign", help="sign a pack folder or .safelibpack with a private key")
    sign.add_argument("path", type=Path, metavar="PATH")
    sign.add_argument("--key", type=Path, required=True, metavar="KEY.key")
    sign.add_argument("--signer", help="the name written into SIGNATURE (default: the name in KEY.pub)")
    _allow_incomplete(sign)

    changes = sub.add_parser("changes", help="what each version of a pack added, corrected and withdrew")
    changes.add_argument("path", type=Path, metavar="PATH")
    changes.add_argument("--json", action="store_true", help="print JSON")

    verify = sub.add_parser("verify", help="check pack signatures; exit 0 only when every pack is verified")
    verify.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    verify.add_argument("--json", action="store_true", help="print JSON")
    handover.add_commands(sub)


def _allow_incomplete(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--allow-incomplete", action="store_true", help="go on (with a warning) when a translation has untranslated guides"
    )


def run(args: argparse.Namespace) -> int:
    """Run one `safelib pack` sub-command; input problems print `PATH:LINE: error: …` and exit 1."""
    commands: dict[str, Callable[[argparse.Namespace], int]] = {
        "validate": run_validate,
        "new": run_new,
        "status": run_status,
        "mark-current": run_mark_current,
        "build": run_build,
        "sign": run_sign,
        "verify": run_verify,
        "changes": run_changes,
        "add": handover.run_add,
        "export": handover.run_export,
    }
    return exit_status(lambda: commands[args.pack_command](args))


def _keyring(args: argparse.Namespace) -> KeyRing:
    ring = KeyRing.load(trusted_key_folders(args.portable))
    report_problems(ring.problems)
    return ring


def run_validate(args: argparse.Namespace) -> int:
    """Validate packs; exit 0 only when every pack has no error (warnings are printed too)."""
    failed = False
    summary = []
    keyring = _keyring(args)
    elsewhere = _installed_guide_ids(args)
    seen: dict[str, tuple[Path, Manifest]] = {}
    for given in args.paths:
        locations = find_pack_locations(Path(given)) if Path(given).is_dir() else [Path(given)]
        for location in locations or [Path(given)]:
            result = validate_pack(location, keyring, elsewhere)
            if result.pack is not None:
                result.pack.source.close()
                first, manifest = seen.setdefault(result.pack.id, (location, result.pack.manifest))
                if manifest != result.pack.manifest:  # the same pack as a folder and a file is no clash
                    result.problems.append(
                        Problem(
                            str(location / "pack.toml" if location.is_dir() else location),
                            f"pack id '{result.pack.id}' is also the id of {first}: a reader can have only one of them; "
                            "give one of them another id in pack.toml",
                        )
                    )
            failed = failed or bool(errors_of(result))
            summary.append((location, result.pack, result.problems, result.trust.state))
    if args.json:
        emit_json(
            [
                {
                    "path": str(location),
                    "pack": pack.id if pack else None,
                    "guides": len(pack.guides) if pack else 0,
                    "valid": pack is not None and not any(p.severity == "error" for p in problems),
                    "trust": trust if pack else None,
                    "problems": [_problem_json(p) for p in problems],
                }
                for location, pack, problems, trust in summary
            ]
        )
    else:
        for location, pack, problems, trust in summary:
            report_problems(problems, include_warnings=True)
            state = "valid" if pack is not None and not any(p.severity == "error" for p in problems) else "INVALID"
            count = f", {len(pack.guides)} guides, {trust.replace('-', ' ')}" if pack else ""
            print(f"{location}: {state}{count}")
    return 1 if failed else 0


def run_changes(args: argparse.Namespace) -> int:
    """Print a pack's `[[changes]]`, newest first, so a reader with an older copy sees what was corrected."""
    result = load_pack(args.path, keyring=_keyring(args))
    report_problems(result.problems)
    if result.pack is None:
        return 1
    result.pack.source.close()
    changes = sorted(result.pack.manifest.changes, key=lambda change: change.date, reverse=True)
    if args.json:
        emit_json([{**vars(change), "date": change.date.isoformat()} for change in changes])
        return 0
    titles = {guide.id: guide.title for guide in result.pack.guides.values()}
    for change in changes:
        print(f"{change.version} ({change.date.isoformat()}): {change.summary}")
        for label, ids in (("added", change.added), ("corrected", change.corrected), ("withdrawn", change.withdrawn)):
            for guide_id in ids:
                print(f"  {label}: {titles.get(guide_id, guide_id)} ({guide_id})")
    if not changes:
        print(f"{args.path}: this pack lists no changes")
    return 0


def _problem_json(problem: Problem) -> dict[str, object]:
    return {"path": problem.path, "line": problem.line, "severity": problem.severity, "message": problem.message}


def _installed(args: argparse.Namespace) -> Library:
    """The packs a reader would have: bundled, portable `packs/`, --packs and SAFELIB_PACKS."""
    return Library.load(default_folders(args.packs, bundled_content(), args.portable), keyring=_keyring(args))


def _installed_guide_ids(args: argparse.Namespace) -> set[str]:
    """The guide ids of every installed pack: a `guide:` link to one of them is not a typo."""
    library = _installed(args)
    try:
        return {guide_id for pack in library.packs for guide_id in pack.guides}
    finally:
        library.close()


def _find_source(args: argparse.Namespace, given: str | None, translation: Pack | None = None) -> tuple[Pack, Library | None]:
    """Resolve a source pack from a path, an installed id, or the translation's [translation] source_pack."""
    if given is not None and Path(given).exists():
        result = load_pack(Path(given), keyring=_keyring(args))
        if result.pack is None or errors_of(result):
            report_problems(result.problems)
            raise PackError(Problem(str(given), "the source pack has errors; fix them first (`safelib pack validate`)"))
        return result.pack, None
    wanted = given
    if wanted is None and translation is not None:
        wanted = translation.manifest.source_pack
        if wanted is None:
            raise PackError(
                Problem(translation.source.where("pack.toml"), "not a translation: no [translation] source_pack; give --source")
            )
    library = _installed(args)
    pack = library.pack(wanted or "")
    if pack is None:
        library.close()
        known = ", ".join(p.id for p in library.packs) or "none"
        raise PackError(
            Problem(str(wanted), f"no such pack folder, file or installed pack id (installed: {known}); add --packs DIR")
        )
    return pack, library


def run_new(args: argparse.Namespace) -> int:
    """Scaffold a translation pack from a source pack."""
    source, library = _find_source(args, args.source)
    try:
        written = new_translation(source, args.lang, args.dir, args.pack_id)
    finally:
        (library.close() if library else source.source.close())
    guides = sum(1 for path in written if path.parent == args.dir / "guides")
    print(f"{args.dir}: translation of {source.id} into {args.lang} started, {guides} guides to translate")
    print(f"next: fill in publisher and title in {args.dir / 'pack.toml'}, translate guides/*.md, then")
    print(f"      safelib pack status {args.dir}")
    return 0


def _load_translation(args: argparse.Namespace) -> tuple[Pack, Pack, Library | None]:
    result = load_pack(args.dir, keyring=_keyring(args))
    report_problems(result.problems)
    if result.pack is None:
        raise PackError(Problem(str(args.dir), "the translation pack cannot be loaded (errors above)"))
    try:
        source, library = _find_source(args, str(args.source) if args.source else None, result.pack)
    except PackError:
        result.pack.source.close()
        raise
    return result.pack, source, library


def run_status(args: argparse.Namespace) -> int:
    """Report a translation's progress against its source; exit 0 only when complete and fresh."""
    translation, source, library = _load_translation(args)
    try:
        status = translation_status(translation, source)
    finally:
        translation.source.close()
        (library.close() if library else source.source.close())
    if args.json:
        emit_json(status.to_json())
        return 0 if status.complete else 1
    print(
        f"{status.pack_id} ({status.language}) against {status.source_id}: "
        f"{status.done_count} of {len(status.guides)} guides done ({status.percent} %)"
    )
    for note in status.manifest_notes:
        print(f"  pack.toml      {note}")
    for guide in status.guides:
        if guide.missing:
            print(f"  missing        {guide.id}")
        for reason in guide.stale:
            print(f"  stale          {guide.id}: {reason}")
        for reason in guide.untranslated:
            print(f"  untranslated   {guide.id}: {reason}")
        for problem in guide.broken_links:
            print(f"  broken link    {problem.format()}")
    for extra in status.extra_guides:
        print(f"  not in source  {extra} (kept; readers see it only in this language)")
    print(f"  search terms   {status.search_term_groups} groups, {status.search_term_entries} words (search-terms.toml)")
    for group in status.unmatched_search_terms:
        print(f"  search terms   no guide has any of: {', '.join(group)}")
    if status.complete:
        print("complete and up to date")
    return 0 if status.complete else 1


def run_mark_current(args: argparse.Namespace) -> int:
    """Set source_revision to the source's current revision for the chosen guides."""
    translation, source, library = _load_translation(args)
    try:
        result = mark_current(args.dir, translation, source, args.guides or None)
    finally:
        translation.source.close()
        (library.close() if library else source.source.close())
    for guide_id, old, new in result.marked:
        print(f"marked   {guide_id}: {old or 'none'} → {new}" if old != new else f"current  {guide_id}: {new}")
    if args.guides:
        for guide_id, reason in result.skipped:
            print(f"skipped  {guide_id}: {reason}")
    elif result.skipped:  # one line, not a screenful: status says what is left in each
        skipped = [guide_id for guide_id, _reason in result.skipped]
        print(
            f"skipped  {len(skipped)} guides that still have untranslated text ({first_names(skipped)}): "
            f"see `safelib pack status {args.dir}`"
        )
    return 1 if args.guides and result.skipped else 0


def first_names(names: list[str], shown: int = 5) -> str:
    """`a, b, c, d, e and 36 more`: a long list of guide ids in one line."""
    return ", ".join(names[:shown]) + (f" and {len(names) - shown} more" if len(names) > shown else "")


def run_build(args: argparse.Namespace) -> int:
    """Validate and write a reproducible `.safelibpack`."""
    if not _complete_enough(args, args.dir):
        return 1
    notes = build_pack(args.dir, args.output, _keyring(args), _installed_guide_ids(args))
    report_problems(notes, include_warnings=True)
    print(f"{args.output}: built from {args.dir} ({args.output.stat().st_size:,} bytes)")
    return 0


def run_sign(args: argparse.Namespace) -> int:
    """Sign a pack folder or file after checking it is valid."""
    key = load_private_key(args.key)
    if os.name == "posix" and stat.S_IMODE(args.key.stat().st_mode) & 0o077:
        print(f"{args.key}: warning: the private key can be read by other users; chmod 600 it", file=sys.stderr)
    signer = args.signer or _signer_name(args.key)
    if not _complete_enough(args, args.path):
        return 1
    result = validate_pack(args.path, _keyring(args), _installed_guide_ids(args))
    if result.pack is not None:
        result.pack.source.close()
    errors = [p for p in errors_of(result) if not p.path.endswith("SIGNATURE")]
    if errors:
        report_problems(errors)
        print(f"{args.path}: not signed: fix the errors first", file=sys.stderr)
        return 1
    sign_pack(args.path, key, signer)
    print(f"{args.path}: signed by {signer}")
    return 0


def _complete_enough(args: argparse.Namespace, location: Path) -> bool:
    """False (after saying why) for a translation with untranslated guides, unless --allow-incomplete is given."""
    result = load_pack(location, keyring=_keyring(args))
    if result.pack is None or result.pack.manifest.source_pack is None:
        return True
    try:
        source, library = _find_source(args, None, result.pack)
    except PackError as exc:
        print(f"{location}: warning: cannot check that every guide is translated: {exc.problem.message}", file=sys.stderr)
        result.pack.source.close()
        return True
    try:
        status = translation_status(result.pack, source)
    finally:
        result.pack.source.close()
        (library.close() if library else source.source.close())
    untranslated = [guide.id for guide in status.guides if guide.untranslated]
    if not untranslated:
        return True
    named = first_names(untranslated)
    message = (
        f"{len(untranslated)} of {len(status.guides)} guides are not translated yet ({named}): readers would get "
        f"text in the source language. See `safelib pack status {location}`"
    )
    if args.allow_incomplete:
        print(f"{location}: WARNING: {message}; going on because of --allow-incomplete", file=sys.stderr)
        return True
    print(f"{location}: error: {message}, or add --allow-incomplete to go on anyway", file=sys.stderr)
    return False


def _signer_name(key_path: Path) -> str:
    public = key_path.with_suffix(".pub")
    if public.is_file():
        try:
            return load_public_key(public).name
        except PackError:
            pass
    return key_path.stem


TRUST_HINTS = {
    "unsigned": "to sign it: safelib pack sign {path} --key YOUR.key (make a key once with: safelib keys new NAME)",
    "unknown-signer": (
        "to trust this signer: copy their .pub file (never the .key) into the keys/ folder of the data folder, "
        "then: safelib --portable DATA-FOLDER pack verify {path}"
    ),
    "tampered": "do not use it or pass it on: ask whoever made it for a fresh copy",
}


def run_verify(args: argparse.Namespace) -> int:
    """Print each pack's trust state; exit 0 only when every pack is verified."""
    keyring = _keyring(args)
    rows = []
    for path in args.paths:
        try:
            trust = verify_pack(path, keyring)
            rows.append((path, trust.state, trust.signer, trust.key_id, trust.reason, trust.describe()))
        except PackError as exc:
            rows.append((path, "unreadable", None, None, exc.problem.message, f"unreadable: {exc.problem.message}"))
    if args.json:
        emit_json(
            [
                {"path": str(path), "state": state, "signer": signer, "key_id": key_id, "reason": reason}
                for path, state, signer, key_id, reason, _ in rows
            ]
        )
    else:
        for path, state, *_, line in rows:
            print(f"{path}: {line}")
            if state in TRUST_HINTS:
                print(f"  {TRUST_HINTS[state].format(path=path)}")
    return 0 if all(row[1] == "verified" for row in rows) else 1
