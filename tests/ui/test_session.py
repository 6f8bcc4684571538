"""The session owns the library: a swap reaches every view, and after a lock nothing else still holds the old one."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from safelib.core.context import open_context, open_vault_context
from safelib.core.settings import SETTINGS_FILE, Settings
from safelib.core.vault.container import Vault
from safelib.core.vault.library import pack_bytes, pack_item
from safelib.ui.session import Session
from safelib.ui.window import MainWindow
from tests.conftest import GUIDE, write_pack
from tests.core.vault.conftest import CHEAP, CODE


def guide_file(title: str, body: str, category: str = "security") -> str:
    return GUIDE.format(title=title, category=category, summary="A test guide.", body=body)


def test_a_swapped_library_reaches_every_view(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_pack(tmp_path, "draft", guides={"first": guide_file("First", "Alpha words.")})
    context = open_context([folder], bundled=False)
    window: MainWindow = make_window(context)
    dialog = window.open_packs()
    assert window.reading_panel.open_guide_id("first")
    old = window.library
    (folder / "guides" / "second.md").write_text(guide_file("Second", "Quokka words.", "health"), "utf-8")
    with qtbot.waitSignal(window.library_reloaded, timeout=10_000):
        window.session.reload_library()
    new = window.session.library
    assert new is not old and window.library is new and context.library is new
    assert window.library_model.guide_count() == 2
    assert [window.search_panel.category_filter.itemData(i) for i in range(window.search_panel.category_filter.count())] == [
        None,
        "security",
        "health",
    ]
    assert dialog.tree.topLevelItem(0).text(1) == "2 guides"
    qtbot.waitUntil(lambda: not window.indexing, timeout=30_000)
    assert window.search_panel.search_thread.worker.engine is context.search and context.search.library is new
    with qtbot.waitSignal(window.search_panel.search_finished, timeout=10_000):
        window.search_panel.search_box.setText("quokka")
        window.search_panel.debounce.stop()
        window.search_panel.run_search()
    assert [hit.guide.id for hit in window.search_panel.last_results.hits] == ["second"]
    context.close()


def test_after_a_lock_nothing_holds_the_old_library(qtbot, unlocked_window, vault_stick, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = vault_stick(write_pack(tmp_path / "packs", "real", guides={"hidden": guide_file("Hidden", "Secret words.")}))
    window, session, vault = unlocked_window(path)
    window.settings.set("keep_bookmarks", True)
    assert window.reading_panel.open_guide_id("hidden") and "Secret words" in window.reading_panel.reader.toPlainText()
    assert window.bookmarks.bookmark_current() and session.bookmarks is not None
    context_alive = session.context
    assert context_alive is not None
    held = [weakref.ref(item) for item in (context_alive, context_alive.library, context_alive.search)]
    held += [weakref.ref(pack) for pack in context_alive.library.packs]
    held += [weakref.ref(session.bookmarks), *(weakref.ref(mark) for mark in session.bookmarks.items)]
    del context_alive

    window.panic.trigger()
    assert session.is_locked
    qtbot.waitUntil(lambda: vault.locked, timeout=10_000)  # once the settings the unlock set are written
    assert vault.items == {}
    assert window.library_model.guide_count() == 0 and not window.reading_panel.reader.toPlainText()
    qtbot.waitUntil(lambda: window.search_panel.search_thread.worker.engine is None, timeout=10_000)
    gc.collect()
    assert [ref() for ref in held if ref() is not None] == []


def test_a_vaults_settings_live_in_it_and_go_when_it_locks(qtbot, vault_stick, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = vault_stick(write_pack(tmp_path / "packs", "real"))
    settings = Settings(None)
    session = Session(None, settings, path)
    vault = Vault.unlock(path, CODE, CHEAP)
    assert vault is not None
    session.open(open_vault_context(vault), vault)
    with qtbot.waitSignal(session.setting_changed) as changed:
        settings.set("theme", "dark")
    assert changed.args == ["theme", "dark"]
    session.lock()
    assert settings["theme"] == "light" and settings.store is None
    assert session.stop()  # waits for the write the lock asked for
    again = Vault.unlock(path, CODE, CHEAP)
    assert again is not None and b'"theme": "dark"' in again.items[SETTINGS_FILE]
    with qtbot.waitSignal(session.setting_changed) as changed:
        session.open(open_vault_context(again), again)
    assert changed.args == ["theme", "dark"] and settings["theme"] == "dark"
    session.close()


def test_reloading_a_vaults_library_reads_the_vault_again(qtbot, vault_stick, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = vault_stick(write_pack(tmp_path / "packs", "real", guides={"hidden": guide_file("Hidden", "Secret words.")}))
    session = Session(None, Settings(None), path)
    vault = Vault.unlock(path, CODE, CHEAP)
    assert vault is not None
    session.open(open_vault_context(vault), vault)
    vault.items[pack_item("later")] = pack_bytes(write_pack(tmp_path / "packs", "later"))
    with qtbot.waitSignal(session.library_changed):
        session.reload_library()
    assert sorted(pack.id for pack in session.library.packs) == ["later", "real"]
    session.close()
