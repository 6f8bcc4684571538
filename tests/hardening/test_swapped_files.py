"""A folder pack changed under the program after loading: a folder swapped for a link, a file for a FIFO."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from safelib.core.packs.source import DirectorySource
from safelib.core.problems import PackError
from tests.conftest import TINY_PNG, write_pack

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="links and FIFOs as on Linux and macOS")


def test_a_media_folder_swapped_for_a_link_is_not_followed(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, "swapped", extra={"media/dot.png": TINY_PNG})
    source = DirectorySource(folder)
    assert source.read("media/dot.png", 1024) == TINY_PNG
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "dot.png").write_bytes(b"a file outside the pack")
    shutil.rmtree(folder / "media")
    os.symlink(outside, folder / "media")
    with pytest.raises(PackError, match="cannot read file"):
        source.read("media/dot.png", 1024)


def test_a_file_swapped_for_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, "fifo", extra={"media/dot.png": TINY_PNG})
    source = DirectorySource(folder)
    (folder / "media" / "dot.png").unlink()
    os.mkfifo(folder / "media" / "dot.png")  # opening it for reading would wait for a writer forever
    with pytest.raises(PackError, match="not a regular file"):
        source.read("media/dot.png", 1024)


def test_a_pack_of_empty_folders_is_refused(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, "folders")
    for number in range(5_001):
        (folder / "media" / f"{number}").mkdir(parents=True)
    with pytest.raises(PackError, match="folders"):
        DirectorySource(folder)
