"""Panic from every state: every window hidden, everything wiped, then the decoy (and back) or quit."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, QTimer, Slot
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QToolTip, QWidget

from safelib.core.portable import PortableState
from safelib.core.render import render_guide
from safelib.core.search.request import SearchRequest
from safelib.ui import workers
from safelib.ui.decoy import Calculator
from safelib.ui.window import MainWindow


def assert_hidden_and_wiped(window: MainWindow) -> None:
    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window.panic.decoy]
    assert visible == []
    assert window.reading_panel.reader.toPlainText() == ""
    assert window.search_panel.search_box.text() == ""
    assert not window.search_panel.search_box.isUndoAvailable()
    assert window.search_panel.results_model.rowCount() == 0
    assert len(window.reading_panel.history) == 0
    assert window.reading_panel.toc_model.rowCount() == 0
    assert window.reading_panel.current_guide is None
    assert QApplication.clipboard().text() == ""
    assert window.panic.last_ms is not None


def read_and_copy(window: MainWindow) -> None:
    window.reading_panel.open_guide_id("pep-72-hours")
    window.reading_panel.open_guide_id("prep")
    window.reading_panel.reader.selectAll()
    window.reading_panel.reader.copy()
    assert QApplication.clipboard().text()


def wait_for_the_search_thread(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Until the search thread has dealt with everything asked of it so far: a query sent now is answered last."""
    arrived = Arrivals()
    window.search_panel.search_thread.worker.found.connect(arrived.take)
    sentinel = window.search_panel.serial + 1_000_000  # newer than anything asked, and not one the window waits for
    window.search_panel.search_thread.search(sentinel, SearchRequest("hiv"))
    qtbot.waitUntil(lambda: sentinel in arrived.serials, timeout=30_000)
    window.search_panel.search_thread.worker.found.disconnect(arrived.take)


def test_panic_when_idle_shows_the_decoy(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    read_and_copy(window)
    window.panic.trigger()
    assert_hidden_and_wiped(window)
    assert window.panic.decoy is not None and window.panic.decoy.isVisible()
    assert window.panic.decoy.windowTitle() == "Calculator"


def test_panic_mid_search_with_text_typed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    read_and_copy(window)
    window.search_panel.search_box.setFocus()
    qtbot.keyClicks(window.search_panel.search_box, "hiv tes")  # the debounce timer is still running
    window.search_panel.debounce.stop()
    window.search_panel.run_search()  # and a query is on its way to the search thread
    window.panic.trigger()
    assert_hidden_and_wiped(window)
    wait_for_the_search_thread(qtbot, window)  # the late answer has come and gone
    assert window.search_panel.results_model.rowCount() == 0 and window.search_panel.search_box.text() == ""


def test_panic_with_the_settings_dialog_open(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    read_and_copy(window)
    dialog = window.open_settings()
    qtbot.waitUntil(dialog.isVisible)
    window.panic.trigger()
    assert_hidden_and_wiped(window)
    assert not dialog.isVisible()


def test_dialogs_leave_the_hide_now_button_clickable(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialogs = [window.open_settings(), window.open_packs(), window.open_about()]
    window.show_unwritable_notice(PortableState(None, Path("/media/stick/safelib-data"), "Read-only file system"))
    dialogs.append(window.dialogs[-1])
    qtbot.waitUntil(lambda: all(dialog.isVisible() for dialog in dialogs))
    assert [dialog.windowModality() for dialog in dialogs] == [Qt.WindowModality.NonModal] * 4
    assert QApplication.activeModalWidget() is None
    QTest.mouseClick(window.panic_button, Qt.MouseButton.LeftButton)
    assert_hidden_and_wiped(window)


def test_panic_with_the_about_dialog_open_by_keys(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = window.open_about()
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    focus = QApplication.focusWidget() or dialog
    qtbot.keyClick(focus, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert_hidden_and_wiped(window)


def test_escape_twice_panics_but_once_does_not(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.search_panel.search_box.setFocus()
    qtbot.keyClick(window.search_panel.search_box, Qt.Key.Key_Escape)
    assert window.isVisible()
    qtbot.keyClick(window.search_panel.search_box, Qt.Key.Key_Escape)
    assert_hidden_and_wiped(window)


def test_panic_while_indexing(qtbot, make_window, blocked_context) -> None:  # type: ignore[no-untyped-def]
    context, release = blocked_context
    window = make_window(context, wait_index=False)
    assert window.indexing and window.library_model.guide_count() > 0
    window.reading_panel.open_guide_id("pep-72-hours")  # reading works while the index is built
    assert window.reading_panel.reader.toPlainText()
    window.search_panel.search_box.setText("hiv")
    window.search_panel.debounce.stop()
    window.search_panel.run_search()
    window.panic.trigger()
    assert_hidden_and_wiped(window)
    with qtbot.waitSignal(window.search_panel.indexing_finished, timeout=30_000):
        release.set()
    wait_for_the_search_thread(qtbot, window)
    assert window.search_panel.results_model.rowCount() == 0


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
    assert window.reading_panel.reader.toPlainText() == "" and len(window.reading_panel.history) == 0
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
    window.search_panel.search_box.setFocus()
    qtbot.keyClick(
        window.search_panel.search_box, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.keyClick(window.search_panel.search_box, Qt.Key.Key_Escape)
    qtbot.keyClick(window.search_panel.search_box, Qt.Key.Key_Escape)
    assert window.isVisible()
    qtbot.keyClick(window.search_panel.search_box, Qt.Key.Key_F12)
    assert_hidden_and_wiped(window)


def test_panic_runs_without_the_filter_or_the_garbage_collector_and_both_come_back(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    during: list[tuple[bool, bool]] = []
    window.panic.panicked.connect(lambda _ms: during.append((window.panic_keys.installed, gc.isenabled())))
    assert gc.isenabled()
    press_panic(window)
    assert during == [(False, False)]
    assert window.panic_keys.installed and gc.isenabled()
    window.panic.restore()
    qtbot.waitUntil(window.isVisible)
    with qtbot.waitSignal(window.panic.panicked):
        press_panic(window)  # the filter is in the application again, not only marked so


def test_the_filter_comes_back_after_a_failure_while_paused(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuntimeError), window.panic_keys.paused():
        assert not window.panic_keys.installed
        press_panic(window)
        assert window.isVisible()  # nothing watches the keys while paused
        raise RuntimeError
    assert window.panic_keys.installed
    press_panic(window)
    assert_hidden_and_wiped(window)


def test_a_failing_wipe_still_clears_the_clipboard_and_shows_the_decoy(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    read_and_copy(window)

    def broken() -> None:
        raise RuntimeError("a bug in wiping")

    monkeypatch.setattr(window, "wipe", broken)
    with pytest.raises(RuntimeError, match="a bug in wiping"):
        window.panic.trigger()
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window.panic.decoy] == []
    assert QApplication.clipboard().text() == ""
    assert window.panic.decoy is not None and window.panic.decoy.isVisible()
    assert window.panic_keys.installed  # the keys are watched again: the decoy's sum can bring the window back


def test_the_filter_reports_every_kind_of_input_and_nothing_else(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    seen: list[bool] = []
    window.panic_keys.on_input = lambda: seen.append(True)
    window.reading_panel.trust_note.show()
    window.reading_panel.trust_note.hide()
    window.resize(window.width() - 10, window.height())
    QApplication.sendEvent(window.reading_panel.reader, QEvent(QEvent.Type.UpdateRequest))
    assert seen == []
    for deliver in (
        lambda: QTest.keyClick(window.reading_panel.reader, Qt.Key.Key_Down),
        lambda: QTest.mouseMove(window.reading_panel.reader.viewport(), QPoint(20, 20)),
        lambda: QTest.mouseClick(window.reading_panel.reader.viewport(), Qt.MouseButton.LeftButton),
        lambda: QApplication.sendEvent(window.reading_panel.reader.viewport(), wheel_event()),
    ):
        seen.clear()
        deliver()
        assert seen


def test_no_window_is_painted_between_the_panic_key_and_the_end_of_the_wipe(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.reading_panel.open_guide_id("pep-72-hours")
    window.search_panel.search_box.setText("hiv")
    qtbot.waitExposed(window)
    paints = PaintSpy(window)
    QApplication.instance().installEventFilter(paints)
    try:
        press_panic(window)
        qtbot.waitUntil(lambda: any(painted is window.panic.decoy for painted, _ in paints.seen))  # the decoy's first paint
    finally:
        QApplication.instance().removeEventFilter(paints)
    assert all(wiped for _, wiped in paints.seen)  # whatever was painted from the key press on, the wipe came first


class PaintSpy(QObject):
    """Every paint of any window's widgets, and whether the window was wiped when it happened."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window = window
        self.seen: list[tuple[QWidget, bool]] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            wiped = not self.window.reading_panel.reader.toPlainText() and not self.window.search_panel.search_box.text()
            self.seen.append((watched.window(), wiped))
        return False


def press_panic(window: MainWindow) -> None:
    window.search_panel.search_box.setFocus()
    QTest.keyClick(
        window.search_panel.search_box, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )


def wheel_event() -> QWheelEvent:
    here = QPointF(20, 20)
    no_buttons, no_modifiers = Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    return QWheelEvent(here, here, QPoint(), QPoint(0, 120), no_buttons, no_modifiers, Qt.ScrollPhase.NoScrollPhase, False)


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


CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def system_press(
    window: QWidget, key: int, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier, text: str = "", scan: int = 0
) -> None:
    """A key press and release as the window system delivers them: to the top window, which hands them on to the open
    popup, the keyboard grabber or the focus widget (not straight to a widget, as QTest.keyClick on a widget would)."""
    top = QApplication.activePopupWidget() or window.window()
    handle = top.windowHandle()
    assert handle is not None
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(handle, QKeyEvent(kind, key, modifiers, scan, 0, 0, text))


def open_view_menu(window: MainWindow) -> QWidget:
    window.menus.view_menu.popup(window.mapToGlobal(QPoint(40, 40)))
    return window.menus.view_menu


def open_context_menu(window: MainWindow) -> QWidget:
    window.reading_panel.open_guide_id("prep")
    menu = window.reading_panel.reader.createStandardContextMenu()
    assert isinstance(menu, QMenu)
    menu.setParent(window.reading_panel.reader, menu.windowFlags())
    menu.popup(window.reading_panel.reader.mapToGlobal(QPoint(60, 60)))
    return menu


def open_combobox_popup(window: MainWindow) -> QWidget:
    window.search_panel.category_filter.showPopup()
    popup = QApplication.activePopupWidget()
    assert popup is not None
    return popup


POPUPS: dict[str, Callable[[MainWindow], QWidget]] = {
    "menu": open_view_menu,
    "context menu": open_context_menu,
    "combobox popup": open_combobox_popup,
}


@pytest.mark.parametrize("open_popup", POPUPS.values(), ids=POPUPS.keys())
def test_the_panic_shortcut_fires_from_an_open_popup(qtbot, window: MainWindow, open_popup) -> None:  # type: ignore[no-untyped-def]
    read_and_copy(window)
    popup = open_popup(window)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is popup)
    system_press(window, Qt.Key.Key_H, CTRL_SHIFT, "H")
    assert_hidden_and_wiped(window)


@pytest.mark.parametrize("open_popup", POPUPS.values(), ids=POPUPS.keys())
def test_escape_twice_fires_from_an_open_popup(qtbot, window: MainWindow, open_popup) -> None:  # type: ignore[no-untyped-def]
    popup = open_popup(window)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is popup)
    system_press(window, Qt.Key.Key_Escape)
    assert window.isVisible() and not popup.isVisible()  # the first Esc closes the popup, and counts
    system_press(window, Qt.Key.Key_Escape)
    assert_hidden_and_wiped(window)


@pytest.mark.parametrize("open_popup", POPUPS.values(), ids=POPUPS.keys())
def test_a_click_on_hide_now_fires_while_a_popup_is_open(qtbot, window: MainWindow, open_popup) -> None:  # type: ignore[no-untyped-def]
    popup = open_popup(window)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is popup)
    button = window.panic_button
    centre = button.mapToGlobal(button.rect().center())
    assert not popup.geometry().contains(centre)
    QTest.mouseClick(popup, Qt.MouseButton.LeftButton, pos=popup.mapFromGlobal(centre))
    assert_hidden_and_wiped(window)


def test_a_click_inside_an_open_menu_does_not_panic(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    menu = open_view_menu(window)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is menu)
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert window.isVisible() and not window.panic.active


def test_the_panic_shortcut_fires_with_a_tooltip_shown_and_mid_typing(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.search_panel.search_box.setFocus()
    QTest.keyClicks(window.search_panel.search_box, "hiv te")
    QToolTip.showText(window.search_panel.search_box.mapToGlobal(QPoint(5, 5)), "a tip", window.search_panel.search_box)
    qtbot.waitUntil(QToolTip.isVisible)
    system_press(window, Qt.Key.Key_H, CTRL_SHIFT, "H")
    assert_hidden_and_wiped(window)
    assert not QToolTip.isVisible()


def test_the_panic_shortcut_fires_from_a_message_box_by_keys(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.show_unwritable_notice(PortableState(None, Path("/media/stick/safelib-data"), "Read-only file system"))
    notice = window.dialogs[-1]
    qtbot.waitUntil(notice.isVisible)
    notice.activateWindow()
    system_press(notice, Qt.Key.Key_H, CTRL_SHIFT, "H")
    assert_hidden_and_wiped(window)


LAYOUT_LETTERS = {"us": "H", "ara": "\u0623", "ir": "\u0622", "iq": "\u06be"}  # what Shift+H types in each


@pytest.mark.parametrize("letter", LAYOUT_LETTERS.values(), ids=LAYOUT_LETTERS.keys())
def test_the_panic_shortcut_fires_under_every_layout_on_x11(qtbot, window: MainWindow, letter: str) -> None:  # type: ignore[no-untyped-def]
    window.panic_keys.platform = "xcb"
    window.search_panel.search_box.setFocus()
    system_press(window, ord(letter), CTRL_SHIFT, letter, scan=43)  # 43: the XKB keycode of the H key
    assert_hidden_and_wiped(window)


def test_other_shortcuts_work_under_an_arabic_layout(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.panic_keys.platform = "xcb"
    window.reading_panel.reader.setFocus()
    qtbot.waitUntil(window.reading_panel.reader.hasFocus)
    system_press(window, 0x0646, Qt.KeyboardModifier.ControlModifier, "\u0646", scan=45)  # ن is on the K key
    assert window.search_panel.search_box.hasFocus()
    window.reading_panel.reader.setFocus()
    size = window.settings["font_size"]
    system_press(window, 0x0698, Qt.KeyboardModifier.ControlModifier, "\u0698", scan=20)  # the minus key
    assert window.settings["font_size"] == size - 1
    assert window.search_panel.search_box.text() == ""  # neither press typed its letter


def test_the_calculator_takes_arabic_indic_and_persian_digits_and_a_decimal_point() -> None:
    calculator = Calculator("\u0664\u0667\u0661\u0661")  # a PIN saved as ٤٧١١
    for key in "0.1+0.2=":
        calculator.press(key)
    assert calculator.display.text() == "0.3"
    for key in "\u0661\u0662\u00d7\u06f3=":  # ١٢ × ۳
        calculator.press(key)
    assert calculator.display.text() == "36"
    unlocked: list[bool] = []
    calculator.unlock.connect(lambda: unlocked.append(True))
    for key in "\u06f4\u06f7\u06f1\u06f1=":  # the PIN in Persian digits
        calculator.press(key)
    assert unlocked == [True]
    calculator.deleteLater()


def test_the_pin_typed_in_arabic_indic_digits_unlocks(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(panic_pin="4711")
    window.panic.trigger()
    decoy = window.panic.decoy
    assert isinstance(decoy, Calculator)

    def type_text(text: str) -> None:  # QTest.keyClicks knows only ASCII
        for character in text:
            system_press(decoy, ord(character.upper()), text=character)

    type_text("\u0661.\u0665\u066b\u0665")  # a second separator, typed as ٫, is ignored
    assert decoy.display.text() == "1.55"
    with qtbot.waitSignal(window.panic.restored):
        type_text("c\u0664\u0667\u0661\u0661=")
    assert window.isVisible()


def test_no_window_title_names_the_program_after_panic(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(disguise=True, disguise_title="Notes")
    dialog = window.open_settings()
    qtbot.waitUntil(dialog.isVisible)
    assert "safelib" not in (window.windowTitle() + dialog.windowTitle() + QApplication.applicationDisplayName()).lower()
    window.panic.trigger()
    decoy = window.panic.decoy
    assert decoy is not None and decoy.windowTitle() == "Calculator"
    handle = decoy.windowHandle()
    assert handle is not None and "safelib" not in handle.title().lower()


class Arrivals(QObject):
    """Counts pages from the render thread, on the GUI thread."""

    def __init__(self) -> None:
        super().__init__()
        self.serials: list[int] = []

    @Slot(int, object)
    def take(self, serial: int, _result: object) -> None:
        self.serials.append(serial)


@pytest.fixture
def slow_render(monkeypatch) -> Iterator[threading.Event]:  # type: ignore[no-untyped-def]
    """Rendering "prep" waits until the test releases it: a slow guide on demand."""
    release = threading.Event()

    def render(guide, pack):  # type: ignore[no-untyped-def]
        if guide.id == "prep":
            release.wait(30)
        return render_guide(guide, pack)

    monkeypatch.setattr(workers, "render_guide", render)
    yield release
    release.set()


def test_panic_fires_while_a_slow_guide_renders_and_its_page_is_dropped(qtbot, window: MainWindow, slow_render) -> None:  # type: ignore[no-untyped-def]
    window.reading_panel.open_guide_id("pep-72-hours")
    QTimer.singleShot(0, lambda: system_press(window, Qt.Key.Key_H, CTRL_SHIFT, "H"))  # runs while "prep" renders
    assert not window.reading_panel.open_guide_id("prep")
    assert_hidden_and_wiped(window)
    arrived = Arrivals()
    window.reading_panel.render_thread.worker.done.connect(arrived.take)  # queued to this thread, after the window's own slot
    slow_render.set()
    qtbot.waitUntil(lambda: arrived.serials != [], timeout=10_000)
    assert window.reading_panel.reader.toPlainText() == "" and window.reading_panel.current_guide is None


def test_a_guide_opened_while_another_renders_wins(qtbot, window: MainWindow, slow_render) -> None:  # type: ignore[no-untyped-def]
    opened: list[bool] = []

    def open_another() -> None:
        slow_render.set()  # "prep" finishes first, while the newer request waits its turn
        opened.append(window.reading_panel.open_guide_id("pep-72-hours"))

    QTimer.singleShot(0, open_another)
    assert not window.reading_panel.open_guide_id("prep")
    assert opened == [True]
    assert window.reading_panel.current_guide is not None and window.reading_panel.current_guide.id == "pep-72-hours"
    assert "72" in window.reading_panel.reader.toPlainText()
