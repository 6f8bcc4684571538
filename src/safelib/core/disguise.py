"""With disguise on, the program's name never shows: every "safelib" in a text becomes the disguise's name."""

from __future__ import annotations

import re

from safelib.core.portable import PROGRAM_NAME
from safelib.core.settings import Settings

_NAME = re.compile(re.escape(PROGRAM_NAME), re.IGNORECASE)


def masked(text: str, disguise: str | None) -> str:
    """`text` with the program's name (any case, also inside words such as safelib-data) replaced by `disguise`."""
    return _NAME.sub(disguise, text) if disguise else text


def disguise_name(settings: Settings) -> str | None:
    """The name to show instead of the program's, or None when disguise is off."""
    return settings["disguise_title"] if settings["disguise"] else None
