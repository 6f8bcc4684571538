"""Settings and the portable folder: nothing written unless asked, atomic when written."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from safelib.core.portable import DATA_FOLDER, MARKER, find_portable, write_atomic
from safelib.core.settings import SETTINGS_FILE, Settings

SRC = Path(__file__).resolve().parents[2] / "src"


def test_no_marker_means_no_folder(tmp_path: Path) -> None:
    assert find_portable(beside=tmp_path).folder is None
    assert list(tmp_path.iterdir()) == []


def test_marker_next_to_program_enables_data_folder(tmp_path: Path) -> None:
    (tmp_path / MARKER).write_text("portable")
    assert find_portable(beside=tmp_path).folder == tmp_path / DATA_FOLDER


def test_explicit_folder_is_created(tmp_path: Path) -> None:
    assert find_portable(tmp_path / "data").folder == tmp_path / "data"


def test_read_only_stick_remembers_nothing_and_says_why(tmp_path: Path) -> None:
    """A truly read-only file system (a private mount namespace), so it holds for root as well, as CI runs."""
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-rm", "true"], capture_output=True, check=False).returncode != 0:
        pytest.skip("cannot make a private mount namespace (unshare -rm) for a read-only stick")
    probe = (
        "from pathlib import Path; from safelib.core.portable import find_portable; "
        f"state = find_portable(Path({str(tmp_path / 'data')!r})); print(state.folder, '|', state.problem)"
    )
    script = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && exec "$2" -c "$3"'
    done = subprocess.run(
        [unshare, "-rm", "sh", "-ec", script, "sh", str(tmp_path), sys.executable, probe],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )
    assert done.returncode == 0, done.stderr
    folder, problem = (part.strip() for part in done.stdout.split("|", 1))
    assert folder == "None" and "nothing will be remembered" in problem
    assert not (tmp_path / "data").exists()


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


def test_a_store_takes_every_change_and_the_folder_gets_nothing(tmp_path: Path) -> None:
    stored: list[bytes] = []
    told: list[tuple[str, object]] = []
    settings = Settings(tmp_path, {"remember": True})
    settings.listeners.append(lambda key, value: told.append((key, value)))
    assert settings.replace(b'{"theme": "dark", "font_size": "huge"}', stored.append) == ["theme", "remember"]
    settings.set("font_size", 14)
    assert json.loads(stored[-1])["font_size"] == 14 and json.loads(stored[-1])["theme"] == "dark"
    assert told == [("font_size", 14)]
    assert list(tmp_path.iterdir()) == []
    assert settings.replace(None, None) == ["font_size", "theme"] and settings.store is None
