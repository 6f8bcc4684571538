"""Settings and the portable folder: nothing written unless asked, atomic when written."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from safelib.core.portable import DATA_FOLDER, MARKER, find_portable, write_atomic
from safelib.core.settings import SETTINGS_FILE, Settings


def test_no_marker_means_no_folder(tmp_path: Path) -> None:
    assert find_portable(beside=tmp_path).folder is None
    assert list(tmp_path.iterdir()) == []


def test_marker_next_to_program_enables_data_folder(tmp_path: Path) -> None:
    (tmp_path / MARKER).write_text("portable")
    assert find_portable(beside=tmp_path).folder == tmp_path / DATA_FOLDER


def test_explicit_folder_is_created(tmp_path: Path) -> None:
    assert find_portable(tmp_path / "data").folder == tmp_path / "data"


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root can write anywhere")
def test_read_only_stick_remembers_nothing_and_says_why(tmp_path: Path) -> None:
    tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        state = find_portable(tmp_path / "data")
    finally:
        tmp_path.chmod(stat.S_IRWXU)
    assert state.folder is None and state.problem and "nothing will be remembered" in state.problem


def test_settings_are_not_written_without_consent(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path)
    settings.set("font_size", 16)
    assert not (tmp_path / SETTINGS_FILE).exists()


def test_settings_saved_and_loaded_when_remembering(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path)
    settings.set("remember", True)
    settings.set("language", "ckb")
    assert Settings.load(tmp_path)["language"] == "ckb"
    settings.set("remember", False)
    assert not (tmp_path / SETTINGS_FILE).exists()


def test_invalid_values_refused_and_corrupt_files_ignored(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path)
    with pytest.raises(ValueError):
        settings.set("theme", "neon")
    with pytest.raises(ValueError):
        settings.set("font_size", "12")
    (tmp_path / SETTINGS_FILE).write_text('{"theme": "neon", "font_size": 14, "language": 3')
    assert Settings.load(tmp_path)["theme"] == "light"
    (tmp_path / SETTINGS_FILE).write_text(json.dumps({"theme": "neon", "font_size": 14}))
    loaded = Settings.load(tmp_path)
    assert loaded["theme"] == "light" and loaded["font_size"] == 14


def test_memory_only_settings_never_touch_disk() -> None:
    settings = Settings.load(None)
    settings.set("remember", True)
    assert settings.save() is False


def test_atomic_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]
