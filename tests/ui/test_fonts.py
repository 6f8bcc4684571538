"""The Arabic-script font is found in a frozen bundle's neutral `fonts/` folder, and in the package from a checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

from safelib.ui import fonts


def test_a_checkout_reads_the_fonts_from_the_package() -> None:
    assert fonts.font_folder().joinpath(fonts.FONT_FILES[0]).is_file()
    assert "safelib" in str(fonts.font_folder())


def test_a_bundle_reads_them_from_a_folder_that_does_not_name_the_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "fonts").mkdir()
    monkeypatch.setattr(fonts, "program_root", lambda: tmp_path)
    assert fonts.font_folder() == tmp_path / "fonts"
