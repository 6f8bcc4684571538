"""Vault writes run on the vault's own thread: panic never waits for the stick, a lock keeps the keys only as long as
its last write, codes are tried after it, and closing waits for it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from PySide6.QtCore import QTimer

from safelib.core.settings import SETTINGS_FILE, Settings
from safelib.core.vault import container
from safelib.core.vault.container import Vault
from safelib.core.vault.library import pack_bytes, pack_item
from safelib.ui.session import Session
from safelib.ui.vault_io import VaultIO
from safelib.ui.window import MainWindow
from tests.conftest import GUIDE, write_pack
from tests.core.vault.conftest import CHEAP, CODE, kill_during_saves

DURESS = "615029384756"


@dataclass
class SlowStick:
    """After `hold()`, every vault write waits for `release`, as a slow stick keeps a save running."""

    release: threading.Event = field(default_factory=threading.Event)
    started: threading.Event = field(default_factory=threading.Event)
    on_main_thread: list[bool] = field(default_factory=list)
    finished: int = 0

    def hold(self) -> None:
        """From now on, writes wait for `release` (and are counted from zero)."""
        self.release.clear()
        self.started.clear()
        self.on_main_thread.clear()
        self.finished = 0


@pytest.fixture
def slow(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowStick]:
    stick = SlowStick()
    real = container._write

    def write(path: Path, *parts: bytes) -> None:
        stick.on_main_thread.append(threading.current_thread() is threading.main_thread())
        stick.started.set()
        stick.release.wait(10)
        real(path, *parts)
        stick.finished += 1

    monkeypatch.setattr(container, "_write", write)
    stick.release.set()
    yield stick
    stick.release.set()


@pytest.fixture
def real_and_decoy(vault_stick, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """A vault holding one guide, with a duress code that opens an everyday pack."""
    guide = GUIDE.format(title="Hidden", category="security", summary="A test guide.", body="Secret words.")
    path: Path = vault_stick(write_pack(tmp_path / "packs", "real", guides={"hidden": guide}))
    vault = Vault.unlock(path, CODE, CHEAP)
    assert vault is not None
    vault.set_duress(DURESS, {pack_item("chores"): pack_bytes(write_pack(tmp_path / "packs", "chores"))})
    vault.lock()
    return path


def opened(qtbot, make_window, path: Path) -> tuple[MainWindow, Session, Vault, VaultIO]:  # type: ignore[no-untyped-def]
    """A vault window opened with CODE from the calculator, with nothing left to write."""
    window: MainWindow = make_window(session=Session(None, Settings(None), path, CHEAP))
    window.panic.start_locked()
    session = window.session
    assert session.io is not None
    with qtbot.waitSignal(session.unlocked, timeout=30_000):
        type_code(window, CODE)
    session.save_vault()  # what the unlock itself set (the language), so that only the test's saves follow
    qtbot.waitUntil(lambda: not session.io.busy, timeout=10_000)
    assert session.vault is not None
    return window, session, session.vault, session.io


def type_code(window: MainWindow, code: str) -> None:
    assert window.panic.decoy is not None
    for key in code + "=":
        window.panic.decoy.press(key)


def saving_dark_theme(qtbot, window: MainWindow, slow: SlowStick) -> None:  # type: ignore[no-untyped-def]
    """Change a setting and start its save; it stays running until the test releases the stick."""
    slow.hold()
    window.set_theme("dark")
    window.session.save_vault()
    qtbot.waitUntil(slow.started.is_set, timeout=10_000)


def test_panic_during_a_save_hides_at_once_and_the_keys_go_when_the_save_ends(qtbot, make_window, real_and_decoy, slow) -> None:  # type: ignore[no-untyped-def]
    window, session, vault, io = opened(qtbot, make_window, real_and_decoy)
    saving_dark_theme(qtbot, window, slow)
    with qtbot.waitSignal(window.panic.panicked, timeout=1_000):
        window.panic.trigger()
    assert not slow.release.is_set() and slow.finished == 0, "panic finished while the save was still running"
    assert not window.isVisible() and window.panic.decoy is not None and window.panic.decoy.isVisible()
    assert session.is_locked and window.settings["theme"] == "light"
    assert not vault.locked, "the keys stay until the settings are written"
    slow.release.set()
    qtbot.waitUntil(lambda: vault.locked, timeout=10_000)
    assert vault.items == {} and not io.busy and io.running is None
    assert slow.on_main_thread == [False]
    again = Vault.unlock(real_and_decoy, CODE, CHEAP)
    assert again is not None and b'"theme": "dark"' in again.items[SETTINGS_FILE]


def test_the_code_typed_while_the_last_save_runs_opens_after_it(qtbot, make_window, real_and_decoy, slow) -> None:  # type: ignore[no-untyped-def]
    window, session, vault, io = opened(qtbot, make_window, real_and_decoy)
    saving_dark_theme(qtbot, window, slow)
    window.panic.trigger()
    type_code(window, CODE)
    assert session.is_locked and io.busy and len(io.steps) == 2  # the keys dropped, then the code tried
    with qtbot.waitSignal(session.unlocked, timeout=30_000):
        slow.release.set()
    assert vault.locked and session.vault is not vault
    assert window.settings["theme"] == "dark"  # read from the file the save wrote


def test_a_duress_code_typed_while_the_real_library_saves_still_erases_it(qtbot, make_window, real_and_decoy, slow) -> None:  # type: ignore[no-untyped-def]
    window, session, _vault, io = opened(qtbot, make_window, real_and_decoy)
    assert [guide.id for guide in window.library.guides()] == ["hidden"]
    saving_dark_theme(qtbot, window, slow)
    window.panic.trigger()
    type_code(window, DURESS)
    # Queued behind the save, or (were codes tried beside it) already open on the file the save is about to replace.
    qtbot.waitUntil(lambda: len(io.steps) == 2 or not session.is_locked, timeout=10_000)
    slow.release.set()
    qtbot.waitUntil(lambda: not session.is_locked and not io.busy, timeout=30_000)
    assert {guide.pack_id for guide in window.library.guides()} == {"chores"}
    assert session.vault is not None and not [name for name in session.vault.items if "real" in name]
    assert window.settings["theme"] == "light"  # the decoy's own settings
    assert Vault.unlock(real_and_decoy, CODE, CHEAP) is None, "the real library's last save brought back its key slot"


def test_saves_asked_while_one_runs_are_one_save_of_the_latest_settings(qtbot, make_window, real_and_decoy, slow) -> None:  # type: ignore[no-untyped-def]
    window, session, _vault, io = opened(qtbot, make_window, real_and_decoy)
    saving_dark_theme(qtbot, window, slow)
    for _ in range(3):
        window.reading_panel.bigger_text()
        session.save_vault()
    assert len(io.steps) == 1
    slow.release.set()
    qtbot.waitUntil(lambda: not io.busy, timeout=10_000)
    assert slow.finished == 2
    again = Vault.unlock(real_and_decoy, CODE, CHEAP)
    assert again is not None and b'"font_size": 15' in again.items[SETTINGS_FILE]


def test_closing_waits_for_the_save_and_ends_the_thread(qtbot, make_window, real_and_decoy, slow) -> None:  # type: ignore[no-untyped-def]
    window, session, vault, io = opened(qtbot, make_window, real_and_decoy)
    slow.hold()
    window.reading_panel.bigger_text()  # pending, not yet given to the thread: closing writes it
    assert session.unsaved
    QTimer.singleShot(200, slow.release.set)  # the stick finishes a moment after closing began
    window.close()
    assert window.shutdown()
    assert slow.finished == 1 and not io.qthread.isRunning() and not io.busy
    session.close()
    assert vault.locked
    again = Vault.unlock(real_and_decoy, CODE, CHEAP)
    assert again is not None and b'"font_size": 13' in again.items[SETTINGS_FILE]


def test_the_duress_box_says_saving_and_the_window_goes_on(qtbot, make_window, vault_stick, tmp_path: Path, slow) -> None:  # type: ignore[no-untyped-def]
    window, _session, vault, _io = opened(qtbot, make_window, vault_stick(write_pack(tmp_path / "packs", "real")))
    slow.hold()
    dialog = window.open_settings()
    dialog.duress.code.setText(DURESS)
    dialog.duress.set_button.click()
    qtbot.waitUntil(slow.started.is_set, timeout=10_000)
    assert dialog.duress.status.text() == "Saving…" and not dialog.duress.set_button.isEnabled()
    window.reading_panel.bigger_text()  # the window still answers
    assert window.settings["font_size"] == 13 and not vault.has_duress
    slow.release.set()
    qtbot.waitUntil(lambda: dialog.duress.status.text() == "The duress code is set.", timeout=10_000)
    assert vault.has_duress and dialog.duress.remove_button.isEnabled()


SAVER = """
import os, sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from safelib.core.vault.container import Vault
from safelib.ui.vault_io import VaultIO
from tests.core.vault.conftest import CHEAP, CODE
app = QCoreApplication([])
vault = Vault.unlock(Path(sys.argv[1]), CODE, CHEAP)
io = VaultIO()

def save_next(error=None, first=False):
    if error is not None:
        raise SystemExit(str(error))
    version = int(vault.items["version"])
    if not first:
        print(version, flush=True)  # on the stick now
    vault.items["version"] = str(version + 1).encode()
    vault.items["body"] = os.urandom(3 * 1024 * 1024)
    io.write(vault, done=save_next)

save_next(first=True)
app.exec()
"""


@pytest.mark.slow
def test_kill_9_during_a_save_on_the_vault_thread_leaves_a_vault_that_opens(tmp_path: Path) -> None:
    path = tmp_path / "data"
    Vault.create(path, CODE, {"version": b"0"}, CHEAP)
    kill_during_saves(path, SAVER, runs=8, seed=11, env={"QT_QPA_PLATFORM": "offscreen"})
