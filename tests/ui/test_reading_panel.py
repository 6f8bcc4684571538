"""The reading panel alone, on a session: the safety page, guides, links, history, contents, text size, marks."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QIODevice, Qt, QUrl
from PySide6.QtGui import QImage, QTextCursor, QTextDocument

from safelib.core.context import open_context
from safelib.core.i18n import set_language
from safelib.ui.reading_panel import ReadingPanel

IMAGE = QTextDocument.ResourceType.ImageResource.value


def marked(panel: ReadingPanel) -> list[str]:
    return [QTextCursor(selection.cursor).selectedText() for selection in panel.reader.extraSelections()]


def test_the_first_start_shows_the_safety_page_once(reading_panel: ReadingPanel) -> None:
    reading_panel.show_start_page()
    assert "How to use this safely" in reading_panel.reader.toPlainText()
    assert reading_panel.settings["first_run_done"] is True and reading_panel.showing_safety
    reading_panel.reader.clear()
    reading_panel.show_start_page()
    assert reading_panel.reader.toPlainText() == ""


def test_guide_links_and_back_forward(reading_panel: ReadingPanel) -> None:
    opened: list[object] = []
    reading_panel.guide_opened.connect(opened.append)
    assert reading_panel.open_guide_id("pep-72-hours")
    reading_panel.reader.follow(QUrl("guide:shared-devices"))
    assert reading_panel.current_guide is not None and reading_panel.current_guide.id == "shared-devices"
    assert reading_panel.current_guide.language == "en"
    assert reading_panel.back_button.isEnabled() and not reading_panel.forward_button.isEnabled()
    reading_panel.go_back()
    assert reading_panel.current_guide.id == "pep-72-hours"
    assert reading_panel.forward_button.isEnabled()
    reading_panel.go_forward()
    assert reading_panel.current_guide.id == "shared-devices"
    assert [guide.id for guide in opened] == ["pep-72-hours", "shared-devices", "pep-72-hours", "shared-devices"]  # type: ignore[attr-defined]


def test_section_anchor_scrolls_and_other_links_do_nothing(qtbot, reading_panel: ReadingPanel) -> None:  # type: ignore[no-untyped-def]
    reading_panel.resize(700, 400)
    reading_panel.open_guide_id("pep-72-hours")
    last = reading_panel.toc_model.headings[-1].anchor
    bar = reading_panel.reader.verticalScrollBar()
    assert bar.value() == 0
    reading_panel.reader.follow(QUrl("#" + last))
    qtbot.waitUntil(lambda: bar.value() > 0)
    before = reading_panel.current_guide
    reading_panel.reader.follow(QUrl("https://example.org/"))
    assert reading_panel.current_guide == before


def test_read_in_other_languages(reading_panel: ReadingPanel) -> None:
    reading_panel.open_guide_id("pep-72-hours")
    text = reading_panel.read_in.text()
    for name in ("English", "العربية", "کوردی", "Kurdî"):
        assert name in text
    reading_panel._read_in_clicked("lang:ckb")
    assert reading_panel.current_guide is not None and reading_panel.current_guide.language == "ckb"
    first = reading_panel.reader.document().firstBlock()
    assert first.blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft


def test_reader_loads_only_pack_urls(reading_panel: ReadingPanel) -> None:
    for url in ("https://example.org/x.png", "file:///etc/passwd", "qrc:/x.png", "data:image/png;base64,AAAA", "pack:nope/x.png"):
        assert reading_panel.reader.loadResource(IMAGE, QUrl(url)).width() == 1  # a blank pixel, not None: see ReaderView


def test_reader_loads_a_pack_image(make_panel, make_pack) -> None:  # type: ignore[no-untyped-def]
    picture = QImage(4, 4, QImage.Format.Format_RGB32)
    picture.fill(Qt.GlobalColor.red)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    picture.save(buffer, "PNG")
    folder = make_pack(pack_id="pics", guides={"hello": "![a dot](media/dot.png)"}, extra={"media/dot.png": bytes(buffer.data())})
    context = open_context([folder], bundled=False)
    panel = make_panel(ReadingPanel, context)
    assert panel.open_guide_id("hello")
    loaded = panel.reader.loadResource(IMAGE, QUrl("pack:pics/media/dot.png"))
    assert loaded is not None and loaded.width() == 4
    assert panel.reader.loadResource(IMAGE, QUrl("pack:pics/../pack.toml")).width() == 1  # a blank pixel
    context.close()


def test_the_contents_pane_follows_the_text_size_and_script(reading_panel: ReadingPanel) -> None:
    set_language("ckb")
    reading_panel.open_guide_id("pep-72-hours")
    assert reading_panel.current_guide is not None and reading_panel.current_guide.language == "ckb"
    size = reading_panel.toc_view.font().pointSize()
    reading_panel.change_font_size(+3)
    assert reading_panel.toc_view.font().pointSize() == size + 3
    assert reading_panel.reader.font().pointSize() == reading_panel.settings["font_size"]
    assert reading_panel.toc_view.font().families()[0] == reading_panel.reader.font().families()[0] == "Noto Sans Arabic"


def test_a_result_opens_with_its_words_marked_and_they_stay_marked_when_shown_again(reading_panel: ReadingPanel) -> None:
    guide = reading_panel.library.guide("prep", lang="en")
    assert guide is not None and reading_panel.open_result(guide.key, "prep")
    words = marked(reading_panel)
    assert len(words) > 3 and {word.lower() for word in words} == {"prep"}
    reading_panel.show_again()  # a new theme lays the page out again
    assert marked(reading_panel) == words
    reading_panel.change_font_size(+2)
    assert marked(reading_panel) == words
    reading_panel.open_guide_id("pep-72-hours")
    reading_panel.go_back()  # the same guide, opened again from the history: no longer the search's
    assert reading_panel.current_guide == guide and marked(reading_panel) == []


def test_wipe_forgets_the_page_the_history_and_the_words(reading_panel: ReadingPanel) -> None:
    guide = reading_panel.library.guide("prep", lang="en")
    assert guide is not None and reading_panel.open_result(guide.key, "prep")
    reading_panel.open_guide_id("pep-72-hours")
    reading_panel.find_in_guide()
    reading_panel.find_bar.box.setText("hours")
    reading_panel.wipe()
    assert reading_panel.reader.toPlainText() == "" and reading_panel.reader.extraSelections() == []
    assert reading_panel.current_guide is None and reading_panel.search_words is None and len(reading_panel.history) == 0
    assert (
        reading_panel.toc_model.rowCount() == 0 and reading_panel.read_in.text() == "" and reading_panel.find_bar.box.text() == ""
    )
    assert not reading_panel.back_button.isEnabled() and not reading_panel.forward_button.isEnabled()
