"""Panic from every state: every window hidden, everything wiped, then the decoy (and back) or quit."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from safelib.core.portable import PortableState
from safelib.ui.decoy import Calculator
from safelib.ui.window import MainWindow


def assert_hidden_and_wiped(window: MainWindow) -> None:
    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window.panic.decoy]
    assert visible == []
    assert window.reader.toPlainText() == ""
    assert window.search_box.text() == ""
    assert not window.search_box.isUndoAvailable()
    assert window.results_model.rowCount() == 0
    assert len(window.history) == 0
    assert window.toc_model.rowCount() == 0
    assert window.current_guide is None
    assert QApplication.clipboard().text() == ""
    assert window.panic.last_ms is not None


def read_and_copy(window: MainWindow) -> None:
    window.open_guide_id("pep-72-hours")
    window.open_guide_id("prep")
    window.reader.selectAll()
    window.reader.copy()
    assert QApplication.clipboard().text()


def test_panic_when_idle_shows_the_decoy(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    read_and_copy(window)
    window.panic.trigger()
    assert_hidden_and_wiped(window)
    assert window.panic.decoy is not None and window.panic.decoy.isVisible()
    assert window.panic.decoy.windowTitle() == "Calculator"


def test_panic_mid_search_with_text_typed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    read_and_copy(window)
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "hiv tes")  # the debounce timer is still running
    window.panic.trigger()
    assert_hidden_and_wiped(window)
    qtbot.wait(400)  # a late answer must not bring the results back
    assert window.results_model.rowCount() == 0


def test_panic_with_the_settings_dialog_open(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    read_and_copy(window)
    dialog = window.open_settings()
    qtbot.waitUntil(dialog.isVisible)
    window.panic.trigger()
    assert_hidden_and_wiped(window)
    assert not dialog.isVisible()


def test_panic_with_the_about_dialog_open_by_keys(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = window.open_about()
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    focus = QApplication.focusWidget() or dialog
    qtbot.keyClick(focus, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert_hidden_and_wiped(window)


def test_escape_twice_panics_but_once_does_not(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.search_box.setFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.isVisible()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert_hidden_and_wiped(window)


def test_panic_while_indexing(qtbot, make_window, blocked_context) -> None:  # type: ignore[no-untyped-def]
    context, release = blocked_context
    window = make_window(context, wait_index=False)
    assert window.indexing and window.library_model.guide_count() > 0
    window.open_guide_id("pep-72-hours")  # reading works while the index is built
    assert window.reader.toPlainText()
    window.search_box.setText("hiv")
    window.debounce.stop()
    window.run_search()
    window.panic.trigger()
    assert_hidden_and_wiped(window)
    with qtbot.waitSignal(window.indexing_finished, timeout=30_000):
        release.set()
    qtbot.wait(200)
    assert window.results_model.rowCount() == 0


def test_the_pin_returns_from_the_decoy_to_a_fresh_library(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(panic_pin="4711")
    read_and_copy(window)
    window.panic.trigger()
    decoy = window.panic.decoy
    assert isinstance(decoy, Calculator)
    qtbot.keyClicks(decoy, "12+30=")
    assert decoy.display.text() == "42" and not window.isVisible()
    qtbot.keyClicks(decoy, "0000=")  # not the PIN: still a calculator
    assert not window.isVisible()
    with qtbot.waitSignal(window.panic.restored):
        qtbot.keyClicks(decoy, "4711=")
    assert window.isVisible() and not decoy.isVisible()
    assert window.reader.toPlainText() == "" and len(window.history) == 0
    assert window.side.currentWidget() is window.library_view


def test_without_a_pin_000_equals_returns(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.panic.trigger()
    assert window.panic.decoy is not None
    for key in "000=":
        qtbot.mouseClick(window.panic.decoy.buttons[key], Qt.MouseButton.LeftButton)
    assert window.isVisible()


def test_quit_mode_quits(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = make_window(panic_action="quit")
    read_and_copy(window)
    quits: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(True))  # the test's own event loop must live on
    window.panic.trigger()
    assert quits == [True]
    assert_hidden_and_wiped(window)
    assert window.panic.decoy is None


def test_the_panic_button_is_always_there(window: MainWindow) -> None:
    assert window.panic_button.isVisible()
    assert window.panic_button.accessibleName()
    window.panic_button.click()
    assert not window.isVisible()


def test_the_calculator_calculates() -> None:
    calculator = Calculator("99")
    for key in "7×6":
        calculator.press(key)
    calculator.press("=")
    assert calculator.display.text() == "42"
    for key in "1÷0=":
        calculator.press(key)
    assert calculator.display.text() == "Error"
    calculator.deleteLater()


def test_the_panic_shortcut_can_be_changed_and_double_escape_switched_off(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.settings.set("panic_shortcut", "F12")
    window.settings.set("panic_double_escape", False)
    window.search_box.setFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.isVisible()
    qtbot.keyClick(window.search_box, Qt.Key.Key_F12)
    assert_hidden_and_wiped(window)


def test_the_unwritable_stick_notice_speaks_the_window_language_and_hides_on_panic(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.set_interface_language("ckb")
    window.show_unwritable_notice(PortableState(None, Path("/media/stick/safelib-data"), "Read-only file system"))
    notice = window.dialogs[-1]
    assert isinstance(notice, QMessageBox)
    qtbot.waitUntil(notice.isVisible)
    assert notice.text().startswith("ناتوانرێت لە \u2068/media/stick/safelib-data\u2069 بنووسرێت")
    window.panic.trigger()
    assert_hidden_and_wiped(window)
    assert not notice.isVisible()


def test_no_notice_when_the_folder_can_be_written(window: MainWindow) -> None:
    window.show_unwritable_notice(PortableState(None))
    assert window.dialogs == []
