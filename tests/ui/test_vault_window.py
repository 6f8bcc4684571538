"""A vault stick starts as the calculator: its code opens the library, panic locks it, a duress code opens the decoy."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from safelib.core.settings import Settings
from safelib.core.vault import container
from safelib.core.vault.container import Vault
from safelib.core.vault.library import pack_bytes, pack_item
from safelib.ui.decoy import Calculator
from safelib.ui.session import Session
from safelib.ui.window import MainWindow
from tests.conftest import GUIDE, write_pack
from tests.core.vault.conftest import CHEAP, CODE, OTHER

DURESS = "615029384756"


def guide_file(title: str, body: str, category: str) -> str:
    return GUIDE.format(title=title, category=category, summary="A test guide.", body=body)


@pytest.fixture
def stick(vault_stick, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """A vault holding one security guide, with a duress code that opens one everyday guide."""
    real = write_pack(tmp_path / "packs", "real", guides={"hidden": guide_file("Hidden", "Secret words.", "security")})
    decoy = write_pack(tmp_path / "packs", "chores", guides={"soup": guide_file("Soup", "Lentil soup.", "everyday")})
    path: Path = vault_stick(real)
    vault = Vault.unlock(path, CODE, CHEAP)
    assert vault is not None
    vault.set_duress(DURESS, {pack_item("chores"): pack_bytes(decoy)})
    vault.lock()
    return path


@pytest.fixture
def locked(make_window, stick: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """The program as a vault stick starts it: the calculator, and a hidden window with no library."""
    window: MainWindow = make_window(session=Session(None, Settings(None), stick, CHEAP))
    window.panic.start_locked()
    return window


def calculator(window: MainWindow) -> Calculator:
    assert window.panic.decoy is not None
    return window.panic.decoy


def type_code(window: MainWindow, code: str) -> None:
    for key in code:
        calculator(window).press(key)
    calculator(window).press("=")


def opened_by(qtbot, window: MainWindow, code: str) -> list[Vault]:  # type: ignore[no-untyped-def]
    """Type `code`, then the real code; the vaults opened, in order, once the real code has opened its library."""
    opened: list[Vault] = []
    with qtbot.waitSignal(window.session.unlocked, timeout=30_000):
        assert window.session.io is not None
        window.session.io.opened.connect(lambda vault, _context: opened.append(vault))
        type_code(window, code)
        type_code(window, CODE)
    return opened


def test_a_vault_stick_shows_only_the_calculator(locked: MainWindow) -> None:
    visible = [widget for widget in QApplication.topLevelWidgets() if widget.isVisible()]
    assert visible == [calculator(locked)]
    assert calculator(locked).windowTitle() == "Calculator"
    assert locked.session.is_locked and locked.library.guides() == []


def test_a_wrong_code_only_computes_and_the_real_one_opens_the_library(qtbot, locked: MainWindow) -> None:  # type: ignore[no-untyped-def]
    type_code(locked, OTHER)
    assert calculator(locked).display.text() == OTHER  # the sum, as any calculator shows it
    assert not locked.isVisible()
    opened = opened_by(qtbot, locked, OTHER)
    assert len(opened) == 1, "only the real code opened anything"
    assert locked.isVisible() and not calculator(locked).isVisible()
    assert [guide.id for guide in locked.library.guides()] == ["hidden"]
    assert calculator(locked).display.text() == "0"


def test_the_code_in_arabic_indic_digits_typed_on_the_keyboard_opens(qtbot, locked: MainWindow) -> None:  # type: ignore[no-untyped-def]
    arabic = CODE.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    with qtbot.waitSignal(locked.session.unlocked, timeout=30_000):
        for digit in arabic:  # as the Kurdish layout's number row types them
            QApplication.sendEvent(
                calculator(locked), QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, digit)
            )
        qtbot.keyClick(calculator(locked), Qt.Key.Key_Return)
    assert locked.isVisible()


def test_panic_locks_and_only_the_code_opens_again(qtbot, locked: MainWindow) -> None:  # type: ignore[no-untyped-def]
    opened: list[Vault] = []
    with qtbot.waitSignal(locked.session.unlocked, timeout=30_000):
        assert locked.session.io is not None
        locked.session.io.opened.connect(lambda vault, _context: opened.append(vault))
        type_code(locked, CODE)
    assert locked.reading_panel.open_guide_id("hidden")
    vault = locked.session.vault
    assert vault is not None and locked.panic_button.text() == "Lock"
    locked.panic.trigger()
    assert locked.session.is_locked
    qtbot.waitUntil(lambda: vault.locked, timeout=10_000)
    assert vault.items == {}
    assert not locked.isVisible() and calculator(locked).isVisible()
    assert locked.library.guides() == [] and not locked.reading_panel.reader.toPlainText()
    with qtbot.waitSignal(locked.session.unlocked, timeout=30_000):
        type_code(locked, CODE)
    assert locked.isVisible() and [guide.id for guide in locked.library.guides()] == ["hidden"]


def test_the_duress_code_opens_the_decoy_and_the_real_code_no_longer_opens(qtbot, locked: MainWindow, stick: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(locked.session.unlocked, timeout=30_000):
        type_code(locked, DURESS)
    assert [guide.id for guide in locked.library.guides()] == ["soup"]
    categories = [locked.search_panel.category_filter.itemData(i) for i in range(locked.search_panel.category_filter.count())]
    assert categories == [None, "everyday"]
    assert [locked.library_model.index(row, 0).data() for row in range(locked.library_model.rowCount())] == ["Everyday life"]
    assert locked.panic_button.text() == "Lock"
    assert Vault.unlock(stick, CODE, CHEAP) is None


def test_settings_are_saved_inside_the_vault_and_not_beside_it(qtbot, locked: MainWindow, stick: Path) -> None:  # type: ignore[no-untyped-def]
    before = {path.name: path.stat().st_size for path in stick.parent.iterdir()}
    with qtbot.waitSignal(locked.session.unlocked, timeout=30_000):
        type_code(locked, CODE)
    locked.set_theme("dark")
    locked.reading_panel.bigger_text()
    locked.session.save_vault()  # what the timer does a moment later, and panic before it locks
    assert locked.session.io is not None
    qtbot.waitUntil(lambda: not locked.session.io.busy, timeout=10_000)  # written on the vault's thread
    assert {path.name: path.stat().st_size for path in stick.parent.iterdir()} == before == {"data.bin": before["data.bin"]}
    locked.panic.trigger()
    assert locked.settings["theme"] == "light" and locked.settings["font_size"] == 12
    with qtbot.waitSignal(locked.session.unlocked, timeout=30_000):
        type_code(locked, CODE)
    assert locked.settings["theme"] == "dark" and locked.settings["font_size"] == 13


def test_a_duress_code_set_in_settings_opens_the_everyday_library(qtbot, make_window, vault_stick, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = vault_stick(write_pack(tmp_path / "packs", "real", guides={"hidden": guide_file("Hidden", "Secret.", "security")}))
    window: MainWindow = make_window(session=Session(None, Settings(None), path, CHEAP))
    window.panic.start_locked()
    with qtbot.waitSignal(window.session.unlocked, timeout=30_000):
        type_code(window, CODE)
    dialog = window.open_settings()
    assert dialog.duress.isVisible() and not dialog.pin.isVisible() and dialog.auto_lock.isVisible()
    assert "ERASES this library" in dialog.duress.explanation.text()
    for weak, reason in (("1234", "at least 12 digits"), (CODE, "must differ")):
        dialog.duress.code.setText(weak)
        dialog.duress.set_button.click()
        qtbot.waitUntil(lambda reason=reason: reason in dialog.duress.status.text(), timeout=10_000)
    dialog.duress.code.setText("٦١٥٠٢٩٣٨٤٧٥٦")  # DURESS typed on an Arabic layout
    dialog.duress.set_button.click()
    assert dialog.duress.status.text() == "Saving…" and not dialog.duress.set_button.isEnabled()
    assert dialog.duress.code.text() == ""
    qtbot.waitUntil(lambda: dialog.duress.status.text() == "The duress code is set.", timeout=10_000)
    assert dialog.duress.remove_button.isEnabled() and dialog.duress.set_button.isEnabled()
    window.panic.trigger()
    with qtbot.waitSignal(window.session.unlocked, timeout=30_000):
        type_code(window, DURESS)
    assert {guide.pack_id for guide in window.library.guides()} == {"everyday-en"}
    assert Vault.unlock(path, CODE, CHEAP) is None


def test_the_idle_lock_locks_like_panic_and_input_restarts_it(qtbot, locked: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(locked.session.unlocked, timeout=30_000):
        type_code(locked, CODE)
    assert not locked.idle.timer.isActive()  # off by default
    locked.settings.set("auto_lock_minutes", 5)
    assert locked.idle.timer.isActive() and locked.idle.timer.interval() == 5 * 60_000
    full = locked.idle.timer.remainingTime()
    qtbot.waitUntil(lambda: locked.idle.timer.remainingTime() < full - 200)  # time passes without input
    qtbot.keyClick(locked.reading_panel.reader, Qt.Key.Key_Down)
    assert locked.idle.timer.remainingTime() > full - 100  # counted from the input again
    qtbot.waitUntil(lambda: locked.idle.timer.remainingTime() < full - 200)
    qtbot.mouseMove(locked.reading_panel.reader.viewport(), QPoint(30, 30))
    assert locked.idle.timer.remainingTime() > full - 100  # a move is input too
    vault = locked.session.vault
    assert vault is not None
    locked.idle.timer.timeout.emit()
    qtbot.waitUntil(lambda: vault.locked, timeout=10_000)
    assert locked.session.is_locked and not locked.isVisible() and calculator(locked).isVisible()
    assert not locked.idle.timer.isActive()


def test_a_vault_window_never_names_the_program(qtbot, locked: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(locked.session.unlocked, timeout=30_000):
        type_code(locked, CODE)
    dialog = locked.open_packs()
    assert locked.windowTitle() == "Notes"
    assert "safelib" not in " ".join([dialog.windowTitle(), dialog.tree.topLevelItem(0).toolTip(0)]).lower()


def test_a_full_stick_keeps_the_old_vault_and_says_so(qtbot, locked: MainWindow, stick: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(locked.session.unlocked, timeout=30_000):
        type_code(locked, CODE)
    before = stick.read_bytes()

    def full(path: Path, *parts: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(container, "_write", full)
    locked.set_theme("dark")
    with qtbot.waitSignal(locked.session.save_failed, timeout=10_000):
        locked.session.save_vault()
    assert "could not be saved on the stick" in locked.statusBar().currentMessage()
    assert stick.read_bytes() == before
