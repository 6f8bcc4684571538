"""The reading pane itself, given HTML the sanitizer would never let through, still loads nothing from outside a pack."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QPixmap, QTextDocument

from safelib.core.context import Context
from safelib.core.library import Library
from safelib.core.search.engine import SearchEngine
from tests.conftest import TINY_PNG, write_pack

IMAGE = QTextDocument.ResourceType.ImageResource.value


@pytest.fixture
def pack_window(make_window, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A window over one pack with a picture; a real picture also waits outside the pack."""
    folder = write_pack(tmp_path, "pics", guides={"hello": "![dot](media/dot.png)"}, extra={"media/dot.png": TINY_PNG})
    (tmp_path / "outside.png").write_bytes(TINY_PNG)
    library = Library.load([folder])
    context = Context(library, SearchEngine(library), None)
    yield make_window(context)
    context.close()


def test_local_files_and_data_urls_are_never_loaded(pack_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)  # QTextDocument resolves relative names against the working folder
    inline = "data:image/png;base64," + base64.b64encode(TINY_PNG).decode()
    reader = pack_window.reader
    for src in (str(tmp_path / "outside.png"), (tmp_path / "outside.png").as_uri(), "outside.png", inline):
        reader.setHtml(f'<p>x</p><img src="{src}">')
        reader.document().size()  # lay out: pictures are fetched now
        loaded = reader.document().resource(IMAGE, QUrl(src))
        assert isinstance(loaded, (QImage, QPixmap)) and loaded.size().width() == 1, src  # the blank pixel
        assert QImage(loaded.toImage() if isinstance(loaded, QPixmap) else loaded).pixelColor(0, 0).alpha() == 0, src


@pytest.mark.parametrize(
    "url",
    [
        "pack:pics/../outside.png",
        "pack:pics/media/../../outside.png",
        "pack:pics//etc/passwd",
        "pack:pics/pack.toml",
        "pack:pics/guides/hello.md",
        "pack:../pics/media/dot.png",
        "pack:nope/media/dot.png",
    ],
)
def test_pack_urls_reach_only_the_packs_pictures(pack_window, url: str) -> None:  # type: ignore[no-untyped-def]
    refused = pack_window.reader.loadResource(IMAGE, QUrl(url))
    assert isinstance(refused, QImage) and refused.width() == 1 and refused.pixelColor(0, 0).alpha() == 0
    assert isinstance(pack_window.reader.loadResource(IMAGE, QUrl("pack:pics/media/dot.png")), QImage)


@pytest.mark.parametrize("url", ["guide:../../etc/passwd", "guide:/etc/passwd", "file:///etc/passwd", "http://evil.example/"])
def test_links_never_leave_the_library(pack_window, url: str) -> None:  # type: ignore[no-untyped-def]
    assert pack_window.open_guide_id("hello")
    pack_window.reader.follow(QUrl(url))
    assert pack_window.current_guide is not None and pack_window.current_guide.id == "hello"
    assert "dot" in pack_window.reader.toHtml()
