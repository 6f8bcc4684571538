"""TOML from packs, keys and signatures: every way it can be unreadable is one exception, TomlError."""

from __future__ import annotations

import sys
import tomllib
from typing import Any


class TomlError(ValueError):
    """TOML that cannot be read: bad syntax, nesting too deep for the parser, or an integer too long to convert."""


def loads(text: str) -> dict[str, Any]:
    """`tomllib.loads`, whose other failures (RecursionError, Python's integer-digit limit) become TomlError too."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TomlError(str(exc)) from exc
    except RecursionError as exc:
        raise TomlError("nested too deeply") from exc
    except ValueError as exc:  # "Exceeds the limit (4300 digits) for integer string conversion"
        raise TomlError(f"a number has more than {sys.get_int_max_str_digits():,} digits") from exc
