"""`safelib pack …`: tools for translators and publishers."""

from __future__ import annotations

import argparse
from pathlib import Path

from safelib.cli.output import emit_json, report_problems
from safelib.core.library import find_pack_locations
from safelib.core.packs.loader import load_pack
from safelib.core.problems import PackError, Problem
from safelib.core.render import render_guide


def run_validate(args: argparse.Namespace) -> int:
    """Validate packs; exit 0 only when every pack has no error (warnings are printed too)."""
    failed = False
    summary = []
    for given in args.paths:
        locations = find_pack_locations(Path(given)) if Path(given).is_dir() else [Path(given)]
        for location in locations or [Path(given)]:
            result = load_pack(location)
            problems = list(result.problems)
            if result.pack is not None:
                for guide in result.pack.guides.values():
                    try:
                        render_guide(guide, result.pack)
                    except PackError as exc:
                        problems.append(exc.problem)
                result.pack.source.close()
            errors = [p for p in problems if p.severity == "error"]
            failed = failed or bool(errors) or result.pack is None
            summary.append((location, result.pack, problems))
    if args.json:
        emit_json(
            [
                {
                    "path": str(location),
                    "pack": pack.id if pack else None,
                    "guides": len(pack.guides) if pack else 0,
                    "valid": pack is not None and not any(p.severity == "error" for p in problems),
                    "problems": [_problem_json(p) for p in problems],
                }
                for location, pack, problems in summary
            ]
        )
    else:
        for location, pack, problems in summary:
            report_problems(problems, include_warnings=True)
            state = "valid" if pack is not None and not any(p.severity == "error" for p in problems) else "INVALID"
            count = f", {len(pack.guides)} guides" if pack else ""
            print(f"{location}: {state}{count}")
    return 1 if failed else 0


def _problem_json(problem: Problem) -> dict[str, object]:
    return {"path": problem.path, "line": problem.line, "severity": problem.severity, "message": problem.message}
