"""Terminal output that survives any console encoding and never shows a traceback."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import Any

from safelib.core.problems import PackError, Problem


def configure_streams() -> None:
    """Write UTF-8 whatever the console is, replacing what it cannot show instead of crashing."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def emit_json(data: Any) -> None:
    """Print one JSON document, keeping non-Latin text readable."""
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def report_problems(problems: list[Problem], include_warnings: bool = False) -> None:
    """Print problems to stderr, one `PATH:LINE: severity: message` line each."""
    for problem in problems:
        if include_warnings or problem.severity == "error":
            print(problem.format(), file=sys.stderr)


def exit_status(command: Callable[[], int]) -> int:
    """Run a command; a bad input or an unreadable file prints `PATH: error: …` and gives exit status 1."""
    try:
        return command()
    except BrokenPipeError:
        raise  # the reader of the output went away (`| head`): main() ends quietly
    except PackError as exc:
        print(exc.problem.format(), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{exc.filename or 'safelib'}: error: {exc.strerror or exc}", file=sys.stderr)
        return 1


# What a shell reports for a program whose output pipe closed (128 + SIGPIPE).
BROKEN_PIPE_STATUS = 141


def output_closed() -> int:
    """End quietly when whoever read the output stopped (`safelib … | head`): no traceback at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, (sys.__stdout__ or sys.stdout).fileno())
    os.close(devnull)
    return BROKEN_PIPE_STATUS
