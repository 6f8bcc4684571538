"""A guide opened from a search result shows the matched words marked and is scrolled to the first of them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from safelib.core.search.textnorm import fold_loose
from safelib.ui.window import MainWindow


def open_first_result(qtbot, window: MainWindow, query: str, language: str) -> None:  # type: ignore[no-untyped-def]
    window.search_panel.language_filter.setCurrentIndex(window.search_panel.language_filter.findData(language))
    with qtbot.waitSignal(window.search_panel.search_finished, timeout=10_000):
        window.search_panel.search_box.setFocus()
        window.search_panel.search_box.setText(query)  # QTest types ASCII only
    assert window.search_panel.results_model.rowCount() > 0
    qtbot.keyClick(window.search_panel.search_box, Qt.Key.Key_Return)
    assert window.reading_panel.current_guide is not None and window.reading_panel.current_guide.language == language


def marked_words(window: MainWindow) -> list[str]:
    return [cursor.selectedText() for cursor in marks(window)]


def marks(window: MainWindow) -> list[QTextCursor]:
    """Copies: a cursor read from an extra selection dies with that selection's Python wrapper."""
    return [QTextCursor(selection.cursor) for selection in window.reading_panel.reader.extraSelections()]


def first_body_mark_is_in_view(window: MainWindow) -> bool:
    body = [cursor for cursor in marks(window) if cursor.blockNumber() > 0]
    top = window.reading_panel.reader.cursorRect(body[0]).top()
    return 0 <= top < window.reading_panel.reader.viewport().height()


def test_an_english_result_opens_with_every_match_marked_and_in_view(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_first_result(qtbot, window, "hiv", "en")
    words = marked_words(window)
    assert len(words) > 3 and {fold_loose(word) for word in words} == {"hiv"}
    assert window.reading_panel.reader.toPlainText().lower().count("hiv") >= len(words)
    assert first_body_mark_is_in_view(window)
    assert not window.reading_panel.reader.textCursor().hasSelection()  # marks, not a selection a copy would take


def test_a_sorani_result_typed_on_an_arabic_keyboard_marks_the_sorani_words(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_first_result(qtbot, window, "پشكنين", "ckb")  # Arabic kaf and yeh; the guides write ک and ی
    words = marked_words(window)
    assert "پشکنین" in words and all(word.startswith("پشکنین") for word in words)
    assert first_body_mark_is_in_view(window)


def test_a_result_found_through_a_listed_synonym_marks_what_the_snippet_marked(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_first_result(qtbot, window, "پێپ", "ckb")  # the Sorani spelling of PEP: the guides write "PEP"
    assert "PEP" in marked_words(window)


def test_a_guide_opened_from_the_library_or_a_link_has_no_marks(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_first_result(qtbot, window, "hiv", "en")
    assert window.reading_panel.open_guide_id("prep")
    assert window.reading_panel.reader.extraSelections() == []
    assert window.reading_panel.reader.verticalScrollBar().value() == 0


def test_a_match_far_down_the_guide_is_scrolled_into_view(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_first_result(qtbot, window, "nucleic", "en")  # only in a table half-way down "HIV: the basics"
    assert marked_words(window) == ["Nucleic"]
    assert window.reading_panel.reader.verticalScrollBar().value() > 0
    assert first_body_mark_is_in_view(window)


def test_marks_come_back_after_a_new_theme_or_interface_language(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_first_result(qtbot, window, "prep", "en")
    words = marked_words(window)
    assert len(words) > 3
    window.set_theme("dark")  # the page is laid out again in the new colours
    assert marked_words(window) == words
    window.set_interface_language("ckb")  # the Sorani translation opens, the words searched for marked in it
    guide = window.reading_panel.current_guide
    assert guide is not None and guide.language == "ckb"
    assert "prep" in {fold_loose(word) for word in marked_words(window)}
    window.set_theme("light")
    window.set_interface_language("en")
    assert marked_words(window) == words
