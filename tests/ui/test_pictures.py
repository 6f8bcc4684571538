"""A guide's pictures are read and decoded on the render thread: showing the page decodes nothing where panic runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import QBuffer, QIODevice, QThread, QUrl
from PySide6.QtGui import QImage, QTextDocument

from safelib.core.context import Context
from safelib.core.library import Library
from safelib.core.search.engine import SearchEngine
from safelib.ui.pictures import WIDEST, decode, decode_pictures
from tests.conftest import write_pack

IMAGE = QTextDocument.ResourceType.ImageResource.value


def picture(width: int, height: int) -> bytes:
    """A real PNG of `width` × `height` opaque pixels."""
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(0xFF336699)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


def test_a_guides_pictures_are_read_off_the_gui_thread(make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    folder = write_pack(tmp_path, "pics", guides={"hello": "![dot](media/dot.png)"}, extra={"media/dot.png": picture(4, 3)})
    library = Library.load([folder])
    context = Context(library, SearchEngine(library), None)
    window = make_window(context)
    source = library.pack("pics").source  # type: ignore[union-attr]
    read = source.read
    on_gui_thread: list[bool] = []

    def watched(rel: str, max_bytes: int) -> bytes:
        if rel.startswith("media/"):
            on_gui_thread.append(QThread.currentThread() is window.thread())
        return read(rel, max_bytes)

    monkeypatch.setattr(source, "read", watched)
    try:
        assert window.reading_panel.open_guide_id("hello")
        window.reading_panel.reader.document().size()  # lay out: the picture is asked for now
        assert on_gui_thread == [False]
        shown = window.reading_panel.reader.document().resource(IMAGE, QUrl("pack:pics/media/dot.png"))
        assert isinstance(shown, QImage) and (shown.width(), shown.height()) == (4, 3)
        window.panic.trigger()
        assert window.reading_panel.reader.loadResource(IMAGE, QUrl("pack:pics/media/dot.png")).width() == 1  # panic forgot it
        window.panic.restore()
    finally:
        context.close()


def test_a_picture_wider_than_any_reading_pane_is_decoded_at_that_width(tmp_path: Path) -> None:
    data = picture(WIDEST * 2, 30)
    folder = write_pack(tmp_path, "wide", guides={"w": "![wide](media/wide.png)"}, extra={"media/wide.png": data})
    library = Library.load([folder])
    try:
        pack = library.pack("wide")
        image = decode_pictures(pack, ("media/wide.png",))["pack:wide/media/wide.png"]
        assert (image.width(), image.height()) == (WIDEST, 15)
        assert (decode(picture(40, 30), 40, 30).width(), decode(data, WIDEST * 2, 30).width()) == (40, WIDEST)
    finally:
        library.close()


def test_a_picture_is_decoded_only_by_the_decoder_its_bytes_were_measured_for() -> None:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    QImage(2, 2, QImage.Format.Format_RGB32).save(buffer, "BMP")
    bmp = bytes(buffer.data().data())
    assert QImage.fromData(bmp).width() == 2  # Qt would decode it, but nothing measured it
    assert decode(bmp, 2, 2).isNull()
    assert decode(picture(2, 2), 2, 2).width() == 2
