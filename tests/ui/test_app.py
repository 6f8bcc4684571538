"""What the desktop is told about the program: a window class that never says "safelib", and no display name."""

from __future__ import annotations

from pathlib import Path

import pytest

from safelib.core.portable import program_name
from safelib.ui.app import window_class

COPIES = {
    None: "notes",
    Path("/stick/safelib"): "notes",
    Path("/stick/SafeLib.exe"): "notes",
    Path("/stick/Recipes.exe"): "Recipes",
}


@pytest.mark.parametrize(("location", "expected"), COPIES.items(), ids=[str(p) for p in COPIES])
def test_the_window_class_is_neutral_or_the_copys_own_name(location: Path | None, expected: str) -> None:
    assert window_class(program_name(location)) == expected
