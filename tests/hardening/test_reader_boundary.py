"""The reading pane itself, given HTML the sanitizer would never let through, still loads nothing from outside a pack."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QUrl
from PySide6.QtGui import QImage, QPixmap, QTextDocument

from safelib.core.context import Context
from safelib.core.library import Library
from safelib.core.packs.limits import Limits
from safelib.core.search.engine import SearchEngine
from safelib.ui.pictures import decode_pictures
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
    reader = pack_window.reading_panel.reader
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
    refused = pack_window.reading_panel.reader.loadResource(IMAGE, QUrl(url))
    assert isinstance(refused, QImage) and refused.width() == 1 and refused.pixelColor(0, 0).alpha() == 0
    assert isinstance(pack_window.reading_panel.reader.loadResource(IMAGE, QUrl("pack:pics/media/dot.png")), QImage)


@pytest.mark.parametrize("url", ["guide:../../etc/passwd", "guide:/etc/passwd", "file:///etc/passwd", "http://evil.example/"])
def test_links_never_leave_the_library(pack_window, url: str) -> None:  # type: ignore[no-untyped-def]
    assert pack_window.reading_panel.open_guide_id("hello")
    pack_window.reading_panel.reader.follow(QUrl(url))
    assert pack_window.reading_panel.current_guide is not None and pack_window.reading_panel.current_guide.id == "hello"
    assert "dot" in pack_window.reading_panel.reader.toHtml()


def picture(width: int, height: int) -> bytes:
    """A real PNG of `width` × `height` opaque pixels."""
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(0xFF336699)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def test_one_page_decodes_no_more_pixels_than_its_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("safelib.ui.pictures.DEFAULT_LIMITS", Limits(max_guide_pixels=200))
    pictures = {f"media/p{i}.png": picture(10, 10) for i in range(3)}
    folder = write_pack(tmp_path, "many", guides={"pics": "Pictures."}, extra=pictures)
    library = Library.load([folder])
    try:
        pack = library.pack("many")
        decoded = decode_pictures(pack, tuple(pictures))
        assert sorted(decoded) == ["pack:many/media/p0.png", "pack:many/media/p1.png"]  # the third would pass the budget
        assert list(decode_pictures(pack, ("media/p2.png",))) == ["pack:many/media/p2.png"]  # the next page has its own
        assert decode_pictures(pack, ("media/nope.png", "pack.toml")) == {}  # only the pack's pictures
    finally:
        library.close()
