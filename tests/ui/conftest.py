"""Fixtures for driving the real window: one prepared library shared by all tests, a fresh window per test."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from safelib.core.context import Context, open_context, open_vault_context
from safelib.core.i18n import set_language
from safelib.core.settings import Settings
from safelib.core.vault.container import Vault
from safelib.core.vault.library import pack_bytes, pack_item
from safelib.core.vault.location import VAULT_FILE
from safelib.ui.fonts import load_bundled_fonts
from safelib.ui.reading_panel import ReadingPanel
from safelib.ui.search_panel import SearchPanel
from safelib.ui.session import Session
from safelib.ui.window import MainWindow
from tests.core.vault.conftest import CHEAP, CODE

# The offscreen platform warns about window-manager calls it cannot do; they are not our bugs.
OFFSCREEN_NOISE = ("propagateSizeHints", r"does not support raise\(\)", "requestActivate", "does not support grabbing")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


@pytest.fixture(scope="session")
def shared_context() -> Iterator[Context]:
    """The bundled packs with every index built once (building takes seconds)."""
    context = open_context()
    context.search.prepare()
    yield context
    context.close()


@pytest.fixture
def settings() -> Settings:
    """Defaults, kept in memory only."""
    return Settings(None)


def _close(window: MainWindow) -> None:
    window.panic.active = False
    window.close()
    window.shutdown()
    if window.panic.decoy is not None:
        window.panic.decoy.close()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.clipboard().clear()
    set_language("en")
    # Destroy the C++ objects now, while Python is fully alive, not during interpreter shutdown.
    if window.panic.decoy is not None:
        window.panic.decoy.deleteLater()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def make_window(qtbot, shared_context: Context, settings: Settings) -> Iterator:  # type: ignore[no-untyped-def]
    """Build windows on demand (shown, indexing finished); all are closed and their threads stopped afterwards."""
    load_bundled_fonts()
    made: list[MainWindow] = []

    def factory(
        context: Context | None = None, wait_index: bool = True, session: Session | None = None, **values: object
    ) -> MainWindow:
        current = Settings(None, dict(values)) if values else settings
        window = MainWindow(session or Session(context or shared_context, current))
        made.append(window)
        if window.session.is_locked:
            return window  # a vault stick: the window stays hidden until the vault is opened
        with qtbot.waitExposed(window):
            window.show()
        if wait_index:
            qtbot.waitUntil(lambda: not window.indexing, timeout=30_000)
        return window

    yield factory
    for window in made:
        _close(window)


@pytest.fixture
def window(make_window) -> MainWindow:  # type: ignore[no-untyped-def]
    """A window over the bundled library, ready to search."""
    return make_window()


@pytest.fixture
def make_panel(qtbot, shared_context: Context, settings: Settings) -> Iterator:  # type: ignore[no-untyped-def]
    """Build a search or reading panel alone, shown, on a session over the bundled library (or `context`); each is
    wiped, its thread stopped and the interface language set back to English afterwards."""
    load_bundled_fonts()
    made: list[SearchPanel | ReadingPanel] = []

    def factory(kind: type[SearchPanel | ReadingPanel], context: Context | None = None) -> SearchPanel | ReadingPanel:
        panel = kind(Session(context or shared_context, settings))
        made.append(panel)
        panel.resize(800, 500)
        with qtbot.waitExposed(panel):
            panel.show()
        return panel

    yield factory
    for panel in made:
        panel.wipe()
        assert panel.shutdown()
        panel.close()
        panel.deleteLater()
    set_language("en")
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def search_panel(qtbot, make_panel) -> SearchPanel:  # type: ignore[no-untyped-def]
    """A search panel alone, its indexes prepared."""
    panel = make_panel(SearchPanel)
    qtbot.waitUntil(lambda: not panel.indexing, timeout=30_000)
    return panel  # type: ignore[no-any-return]


@pytest.fixture
def reading_panel(make_panel) -> ReadingPanel:  # type: ignore[no-untyped-def]
    """A reading panel alone."""
    return make_panel(ReadingPanel)  # type: ignore[no-any-return]


@pytest.fixture
def blocked_context(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[tuple[Context, threading.Event]]:
    """A context whose index build waits until the test releases it: 'indexing is running' on demand (built in
    memory even when `make index` left a prebuilt index in the checkout)."""
    monkeypatch.setattr("safelib.core.context.bundled_index", lambda: tmp_path / "no-prebuilt-index")
    context = open_context()
    release = threading.Event()
    original = context.search.prepare

    def slow_prepare(progress=None) -> None:  # type: ignore[no-untyped-def]
        if progress is not None:
            progress("guides-en", 0, 10)
        release.wait(30)
        original(progress)

    context.search.prepare = slow_prepare  # type: ignore[method-assign]
    yield context, release
    release.set()
    context.close()


@pytest.fixture
def vault_stick(tmp_path: Path) -> Callable[..., Path]:
    """Make `<stick>/data.bin`: a cheap vault holding the given pack folders, opened by CODE."""

    def make(*packs: Path) -> Path:
        stick = tmp_path / "stick-data"
        stick.mkdir(exist_ok=True)
        items = {pack_item(folder.name): pack_bytes(folder) for folder in packs}
        Vault.create(stick / VAULT_FILE, CODE, items, CHEAP).lock()
        return stick / VAULT_FILE

    return make


@pytest.fixture
def unlocked_window(qtbot, make_window) -> Callable[[Path], tuple[MainWindow, Session, Vault]]:  # type: ignore[no-untyped-def]
    """A window on the vault at `path`, opened with CODE as the calculator would, shown and indexed."""

    def make(path: Path) -> tuple[MainWindow, Session, Vault]:
        session = Session(None, Settings(None), path)
        window: MainWindow = make_window(session=session)
        vault = Vault.unlock(path, CODE, CHEAP)
        assert vault is not None
        session.open(open_vault_context(vault), vault)
        window.show()
        qtbot.waitUntil(lambda: not window.indexing, timeout=30_000)
        return window, session, vault

    return make
