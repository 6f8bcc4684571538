"""Start the reading window: prepare the process, build the window, and run it, a screenshot or the smoke test."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication

from safelib.core.context import open_context
from safelib.core.portable import PROGRAM_NAME, find_portable, program_name
from safelib.core.settings import Settings
from safelib.core.vault.codes import normalise_code
from safelib.core.vault.location import find_vault
from safelib.ui.bootstrap import Scratch, install_message_handler, prepare_environment, set_application_attributes
from safelib.ui.fonts import load_bundled_fonts
from safelib.ui.session import Session
from safelib.ui.watch import PackWatcher
from safelib.ui.window import MainWindow

NEUTRAL_CLASS = "notes"
SMOKE_QUERY = "hiv"
SMOKE_LANGUAGE = "ckb"
WAIT_SECONDS = 60.0


def create_application() -> QApplication:
    """The QApplication with our style and fonts (call after `prepare_environment`)."""
    set_application_attributes()
    install_message_handler(_to_stderr if os.environ.get("SAFELIB_QT_LOG") else None)
    name = window_class(program_name())
    app = QApplication([name])  # X11 takes WM_CLASS's instance from argv[0] and its class from the application name
    app.setApplicationName(name)
    app.setDesktopFileName(name)  # Wayland's app id
    app.setStyle("Fusion")  # the same look everywhere, and no desktop theme plugin talking to dconf
    load_bundled_fonts()
    return app


def window_class(name: str) -> str:
    """What the desktop calls every window of ours (WM_CLASS, app id): a renamed copy's own name, else a neutral one.

    Every window shares it, the decoy calculator too, so it must never say "safelib". No display name is set
    either: Qt would append it to every window title ("Calculator — safelib").
    """
    return NEUTRAL_CLASS if name.lower() == PROGRAM_NAME else name


def _to_stderr(message: str) -> None:
    print(f"qt: {message}", file=sys.stderr)


def run(args: argparse.Namespace, started: float) -> int:
    """`safelib gui`: returns the process exit status."""
    state = find_portable(args.portable)
    scratch = prepare_environment(state.folder, accessibility=bool(getattr(args, "accessibility", False)))
    app = create_application()
    vault_path = getattr(args, "vault", None) or find_vault(state.folder)
    if vault_path is not None:  # the library and its settings stay inside the vault: nothing is read beside it
        session = Session(None, Settings(None), vault_path)
    else:
        session = Session(open_context(args.packs, state.folder), Settings.load(state.folder))
    window = MainWindow(session, args.lang)
    window.reading_panel.compare.action.setChecked(
        bool(getattr(args, "compare", False))
    )  # stays on for every guide that has a source
    status = 1  # what a failure before the end reports, even when a worker must be abandoned
    try:
        if session.vault_mode and not open_with_code_file(app, window, getattr(args, "code_file", None)):
            if args.smoke:
                status = smoke_locked()
            elif args.screenshot:
                status = screenshot_calculator(app, window, args.screenshot)
            else:
                status = app.exec()
        elif args.smoke:
            status = smoke(app, window, started)
        elif args.screenshot:
            status = screenshot(app, window, args.screenshot, args.open, args.search)
        else:
            window.show()
            if args.packs:
                watch_packs(window, args.packs)
            window.show_unwritable_notice(state)
            if args.open and not window.reading_panel.open_guide_id(args.open, window.library_model.language):
                print(f"safelib: no guide '{args.open}'", file=sys.stderr)
            if args.search:
                window.search_panel.search_box.setText(args.search)
            status = app.exec()
    finally:
        _shut_down(app, window, session, scratch, status)
    return status


def open_with_code_file(app: QApplication, window: MainWindow, code_file: Path | None) -> bool:
    """Show the calculator of a vault stick; with `--code-file` (screenshots, tests) open the vault with that code.

    True once the vault is open; False leaves the calculator waiting for its code.
    """
    window.panic.start_locked()
    if code_file is None:
        return False
    assert window.panic.decoy is not None
    try:
        code = normalise_code(code_file.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        print(f"safelib: cannot read {code_file}: {exc}", file=sys.stderr)
        return False
    for key in code:
        window.panic.decoy.press(key)
    window.panic.decoy.press("=")
    if not wait_signal(window.session.unlocked):
        print("safelib: could not open the vault", file=sys.stderr)
        return False
    return True


def screenshot_calculator(app: QApplication, window: MainWindow, path: Path) -> int:
    """Render the calculator of a locked vault stick to PNG."""
    decoy = window.panic.decoy
    assert decoy is not None
    wait_until(app, lambda: False, seconds=0.2)
    if not decoy.grab().save(str(path), "PNG"):
        print(f"safelib: cannot write {path}", file=sys.stderr)
        return 1
    print(path)
    return 0


def watch_packs(window: MainWindow, packs: list[Path]) -> PackWatcher:
    """Reload the library whenever files under the `--packs` folders change (a translator's preview)."""
    watcher = PackWatcher(packs, window)
    watcher.changed.connect(window.session.reload_library)
    return watcher


def _shut_down(app: QApplication, window: MainWindow, session: Session, scratch: Scratch, status: int) -> None:
    """Close the window, stop its threads (a running index build is cancelled), close packs, remove the RAM folder.

    Should a thread still not stop (one guide so large that indexing it outlasts the wait), the process ends
    at once with `status` rather than let Qt abort over a running thread.
    """
    window.close()
    stopped = window.shutdown()
    app.processEvents()
    if not stopped:
        scratch.remove()
        sys.stdout.flush()
        os._exit(status)
    session.close()
    scratch.remove()


def wait_until(app: QApplication, condition: Callable[[], bool], seconds: float = WAIT_SECONDS) -> bool:
    """Run the event loop until `condition()` holds; False on timeout."""
    deadline = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > deadline:
            return False
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        if not condition():
            time.sleep(0.002)
    return True


def wait_signal(signal: SignalInstance, seconds: float = WAIT_SECONDS) -> bool:
    """Run the event loop until `signal` is emitted; False on timeout."""
    loop = QEventLoop()
    fired: list[bool] = []

    def done(*_args: object) -> None:
        fired.append(True)
        loop.quit()

    signal.connect(done)
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    return bool(fired)


def screenshot(app: QApplication, window: MainWindow, path: Path, guide_id: str | None, query: str | None) -> int:
    """Build the window in the asked-for state, render it to PNG, and report where."""
    window.show()
    wait_until(app, lambda: not window.indexing)
    if guide_id and not window.reading_panel.open_guide_id(guide_id, window.library_model.language):
        print(f"safelib: no guide '{guide_id}'", file=sys.stderr)
        return 1
    if query:
        window.search_panel.search_box.setText(query)
        window.search_panel.debounce.stop()
        window.search_panel.run_search()
        if window.search_panel.last_results is None and not wait_signal(window.search_panel.search_finished):
            print("safelib: the search did not finish", file=sys.stderr)
            return 1
    wait_until(app, lambda: False, seconds=0.2)  # let layouts and delegates settle
    if not window.grab().save(str(path), "PNG"):
        print(f"safelib: cannot write {path}", file=sys.stderr)
        return 1
    print(path)
    return 0


def smoke_locked() -> int:
    """`--smoke` on a vault stick that no `--code-file` opened: report the failure at once, not wait at the calculator."""
    print(json.dumps({"ok": False, "failed": ["vault opened"]}), flush=True)
    return 1


def smoke(app: QApplication, window: MainWindow, started: float) -> int:
    """Start, search, open a guide, switch language, panic; print one JSON line of timings."""
    report: dict[str, Any] = {
        "startup_ms": None,
        "first_search_ms": None,
        "panic_ms": None,
        "ok": False,
        "title": window.windowTitle(),
    }
    failures: list[str] = []

    def check(name: str, passed: bool) -> bool:
        if not passed:
            failures.append(name)
        return passed

    window.show()
    if check(
        "window shown with the library", wait_until(app, lambda: window.isVisible() and window.library_model.guide_count() > 0)
    ):
        report["startup_ms"] = round((time.perf_counter() - started) * 1000, 1)
        report["library"] = window.library_model.language  # the language of the guides listed (a translator's --lang)
        if spawned := os.environ.get("SAFELIB_SPAWNED_AT"):  # set by the benchmark: from process start, wall clock
            report["since_spawn_ms"] = round((time.time() - float(spawned)) * 1000, 1)
    search_started = time.perf_counter()
    window.search_panel.search_box.setText(SMOKE_QUERY)
    window.search_panel.debounce.stop()
    window.search_panel.run_search()
    if check(
        "search results", wait_signal(window.search_panel.search_finished) and window.search_panel.results_model.rowCount() > 0
    ):
        report["first_search_ms"] = round((time.perf_counter() - search_started) * 1000, 1)
        report["results"] = window.search_panel.results_model.rowCount()
    if window.search_panel.results_model.rowCount():
        window.search_panel.choose(window.search_panel.results_model.index(0, 0))
    check(
        "guide opened", window.reading_panel.current_guide is not None and bool(window.reading_panel.reader.toPlainText().strip())
    )
    window.set_interface_language(SMOKE_LANGUAGE)
    app.processEvents()
    side_x = window.side.mapTo(window, window.side.rect().topLeft()).x()
    reader_x = window.reading_panel.reader.mapTo(window, window.reading_panel.reader.rect().topLeft()).x()
    check("right-to-left layout", app.layoutDirection().name == "RightToLeft" and side_x > reader_x)
    window.panic.trigger()
    report["panic_ms"] = round(window.panic.last_ms or 0.0, 3)
    hidden = not any(w.isVisible() for w in QApplication.topLevelWidgets() if w is not window.panic.decoy)
    wiped = (
        not window.reading_panel.reader.toPlainText()
        and not window.search_panel.search_box.text()
        and window.search_panel.results_model.rowCount() == 0
        and len(window.reading_panel.history) == 0
        and window.reading_panel.toc_model.rowCount() == 0
    )
    check("panic hid every window", hidden)
    check("panic wiped the content", wiped)
    if window.settings["panic_action"] == "decoy":
        check("decoy shown", window.panic.decoy is not None and window.panic.decoy.isVisible())
    report["ok"] = not failures
    if failures:
        report["failed"] = failures
    print(json.dumps(report, ensure_ascii=False), flush=True)
    return 0 if not failures else 1
