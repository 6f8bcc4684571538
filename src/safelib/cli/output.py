"""Terminal output that survives any console encoding and never shows a traceback."""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Callable
from typing import Any, TextIO

from safelib.core.problems import PackError, Problem

# What a terminal would act on instead of showing: control characters (escape sequences start with
# ESC or C1 CSI), line and paragraph separators, direction overrides, marks and isolates, the BOM and
# tag characters. Zero-width (non-)joiners stay: Sorani and Persian words need them.
_ACTIVE = [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F, 0x2028, 0x2029]
_ACTIVE += [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF, *range(0xE0000, 0xE0080)]
_SHOWN_AS_CODE = {code: f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}" for code in _ACTIVE}


def printable(text: str) -> str:
    """`text` with every character a terminal would act on written as a visible `\\uXXXX` code."""
    return text.translate(_SHOWN_AS_CODE)


class PrintableStream(io.TextIOBase):
    """A text stream that writes through `printable`: no pack, key or file name can move the cursor or erase lines."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(printable(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.stream.encoding


def configure_streams() -> None:
    """Write UTF-8 whatever the console is (replacing what it cannot show), and never a control sequence."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
    if not isinstance(sys.stdout, PrintableStream):
        sys.stdout = PrintableStream(sys.stdout)
    if not isinstance(sys.stderr, PrintableStream):
        sys.stderr = PrintableStream(sys.stderr)


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
