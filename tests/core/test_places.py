"""The in-app chooser's places: mounted drives, and only folders and packs inside a folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from safelib.core import places
from safelib.core.places import folder_entries, is_pack_file, removable_places


def test_a_folder_lists_folders_first_then_packs_and_nothing_else(tmp_path: Path) -> None:
    (tmp_path / "Photos").mkdir()
    (tmp_path / "guides-ar").mkdir()
    (tmp_path / "guides-ar" / "pack.toml").write_text("", "utf-8")
    (tmp_path / ".hidden").mkdir()
    for name in ("guides-ckb.safelibpack", "notes-1a2b3c4d.zip", "holiday.zip", "letter.txt", "B.SAFELIBPACK"):
        (tmp_path / name).write_bytes(b"")
    listed = [(entry.path.name, entry.kind) for entry in folder_entries(tmp_path)]
    assert listed == [
        ("guides-ar", "pack-folder"),
        ("Photos", "folder"),
        ("B.SAFELIBPACK", "pack-file"),
        ("guides-ckb.safelibpack", "pack-file"),
        ("notes-1a2b3c4d.zip", "pack-file"),
    ]


def test_only_the_neutral_export_name_counts_among_zip_files() -> None:
    assert is_pack_file("notes-0123abcd.zip") and not is_pack_file("notes-0123abcd.zip.txt")
    assert not is_pack_file("notes-xyz.zip") and not is_pack_file("photos.zip")


def test_an_unreadable_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        folder_entries(tmp_path / "absent")


def test_linux_places_are_home_then_mounted_sticks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    (home).mkdir()
    (tmp_path / "media" / "amal" / "STICK").mkdir(parents=True)
    (tmp_path / "mnt" / "usb").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    roots = (str(tmp_path / "media" / "{user}"), str(tmp_path / "run" / "{user}"), str(tmp_path / "media"), str(tmp_path / "mnt"))
    monkeypatch.setattr(places, "LINUX_MOUNT_ROOTS", roots)
    assert removable_places("linux", "amal") == [home, tmp_path / "media" / "amal" / "STICK", tmp_path / "mnt" / "usb"]
