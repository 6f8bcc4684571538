"""Find in the guide: Ctrl+F in the reader, matches compared as search compares them, next/previous, Esc, panic."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from safelib.core.search.textnorm import fold_loose
from safelib.ui.window import MainWindow
from tests.ui.test_panic import assert_hidden_and_wiped, system_press

CTRL = Qt.KeyboardModifier.ControlModifier


def current_word(window: MainWindow) -> str:
    current = window.reading_panel.reader.marks.current
    return current.selectedText() if current is not None else ""


def find(qtbot, window: MainWindow, words: str) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+F from the reader, then the words (set at once: QTest types ASCII only)."""
    window.reading_panel.reader.setFocus()
    qtbot.waitUntil(window.reading_panel.reader.hasFocus)
    qtbot.keyClick(window.reading_panel.reader, Qt.Key.Key_F, CTRL)
    assert window.reading_panel.find_bar.isVisible() and window.reading_panel.find_bar.box.hasFocus()
    window.reading_panel.find_bar.box.setText(words)


def test_ctrl_f_in_the_guide_marks_every_match_and_steps_through_them(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.reading_panel.open_guide_id("hiv-basics-testing")
    find(qtbot, window, "tests")
    bar = window.reading_panel.find_bar
    total = len(bar.matches)
    assert total > 3 and {fold_loose(cursor.selectedText())[:4] for cursor in bar.matches} == {"test"}  # test, tested…
    assert len(window.reading_panel.reader.extraSelections()) == total + 1  # every match, and the current one drawn over it
    assert bar.count.text() == f"1 of {total} matches"
    qtbot.keyClick(bar.box, Qt.Key.Key_Return)
    assert bar.current == 1 and bar.count.text() == f"2 of {total} matches"
    qtbot.keyClick(bar.box, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(bar.box, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.current == total - 1  # round the beginning to the last one
    bar.next_button.click()
    assert bar.current == 0
    last = bar.matches[-1]
    bar.step(-1)
    top = window.reading_panel.reader.cursorRect(last).top()
    assert 0 <= top < window.reading_panel.reader.viewport().height()  # the current match is scrolled into view
    bar.box.setText("zzqx")
    assert bar.matches == [] and bar.count.text() == "No matches" and window.reading_panel.reader.extraSelections() == []


def test_words_typed_together_are_found_together(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.reading_panel.open_guide_id("hiv-basics-testing")
    find(qtbot, window, "window period")
    found = [cursor.selectedText().lower() for cursor in window.reading_panel.find_bar.matches]
    assert found and set(found) == {"window period", "window periods"}


def test_esc_closes_the_bar_and_a_second_esc_still_panics(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.reading_panel.open_guide_id("hiv-basics-testing")
    find(qtbot, window, "hiv")
    qtbot.keyClick(window.reading_panel.find_bar.box, Qt.Key.Key_Escape)
    assert not window.reading_panel.find_bar.isVisible() and window.reading_panel.reader.extraSelections() == []
    assert window.reading_panel.reader.hasFocus() and window.isVisible()
    qtbot.keyClick(window.reading_panel.reader, Qt.Key.Key_Escape)
    assert_hidden_and_wiped(window)


def test_panic_forgets_the_words_looked_for(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.reading_panel.open_guide_id("hiv-basics-testing")
    find(qtbot, window, "window period")
    assert window.reading_panel.find_bar.matches
    window.panic.trigger()
    bar = window.reading_panel.find_bar
    assert bar.box.text() == "" and not bar.box.isUndoAvailable() and not bar.isVisible()
    assert bar.matches == [] and bar.count.text() == "" and window.reading_panel.reader.extraSelections() == []


def test_finds_in_a_right_to_left_guide_however_the_letters_were_typed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.set_interface_language("ckb")
    guide = window.library.guide("hiv-basics-testing", lang="ckb")
    assert guide is not None and window.reading_panel.open_guide(guide)
    find(qtbot, window, "پشكنين")  # Arabic kaf and yeh, as an Arabic keyboard types them
    words = [cursor.selectedText() for cursor in window.reading_panel.find_bar.matches]
    assert "پشکنین" in words and all(word.startswith("پشکنین") for word in words)
    assert current_word(window) == words[0]
    assert window.reading_panel.find_bar.count.text()


def test_ctrl_f_searches_outside_the_guide_and_ctrl_k_always_does(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.reading_panel.open_guide_id("prep")
    window.library_view.setFocus()
    qtbot.keyClick(window.library_view, Qt.Key.Key_F, CTRL)
    assert window.search_panel.search_box.hasFocus() and not window.reading_panel.find_bar.isVisible()
    window.reading_panel.reader.setFocus()
    qtbot.keyClick(window.reading_panel.reader, Qt.Key.Key_K, CTRL)
    assert window.search_panel.search_box.hasFocus() and not window.reading_panel.find_bar.isVisible()
    window.menus.commands["find_in_guide"].trigger()  # the View menu's entry, wherever the focus is
    assert window.reading_panel.find_bar.isVisible() and window.reading_panel.find_bar.box.hasFocus()


def test_ctrl_f_finds_in_the_guide_under_an_arabic_layout(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.panic_keys.platform = "xcb"
    assert window.reading_panel.open_guide_id("prep")
    window.reading_panel.reader.setFocus()
    qtbot.waitUntil(window.reading_panel.reader.hasFocus)
    system_press(window, 0x0628, CTRL, "\u0628", scan=41)  # ب is on the F key
    assert window.reading_panel.find_bar.isVisible() and window.reading_panel.find_bar.box.hasFocus()
    assert window.reading_panel.find_bar.box.text() == ""  # the press typed no letter
    assert QApplication.focusWidget() is window.reading_panel.find_bar.box


def test_a_new_page_is_searched_again_while_the_bar_is_open(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.reading_panel.open_guide_id("hiv-basics-testing")
    find(qtbot, window, "condom")
    before = len(window.reading_panel.find_bar.matches)
    assert window.reading_panel.open_guide_id("condoms-lubricant")
    assert window.reading_panel.find_bar.isVisible() and len(window.reading_panel.find_bar.matches) != before
    assert all(
        isinstance(cursor, QTextCursor) and cursor.document() is window.reading_panel.reader.document()
        for cursor in window.reading_panel.find_bar.matches
    )


def test_finding_replaces_the_marks_of_the_search_that_opened_the_guide(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.search_panel.search_finished, timeout=10_000):
        window.search_panel.search_box.setText("hiv")
    qtbot.keyClick(window.search_panel.search_box, Qt.Key.Key_Return)
    assert window.reading_panel.reader.marks.layers["search"]
    find(qtbot, window, "window period")
    marked = {QTextCursor(selection.cursor).selectedText().lower() for selection in window.reading_panel.reader.extraSelections()}
    assert marked == {"window period", "window periods"}
