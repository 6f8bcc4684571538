"""The one owner of state: the loaded library and its search engine, the settings, and whether a vault is locked."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from safelib.core.bookmarks import BOOKMARKS_ITEM, Bookmarks
from safelib.core.context import Context
from safelib.core.i18n import current_language
from safelib.core.library import Library, language_matches
from safelib.core.search.engine import SearchEngine
from safelib.core.settings import SETTINGS_FILE, Settings
from safelib.core.vault.container import DEFAULT_COST, KdfCost, Vault
from safelib.ui.compat import emit
from safelib.ui.vault_io import Change, Done, VaultIO

SAVE_DELAY_MS = 1500  # settings changed in a burst (text size, language) are written to the vault once
Release = Callable[[Context], None]


class Session(QObject):
    """Views read the library through `library` and follow the signals; none keeps its own reference.

    Without a vault the session is open from the start. With one (`vault_path`) it starts locked, with an empty
    library; `open()` takes an unlocked vault's context and `lock()` drops it, its keys and its settings. Every read
    and write of the vault file runs on its own thread (`io`), so none of them holds up the window or panic.
    """

    library_changed = Signal(object)  # the library that was replaced (reloaded, unlocked or locked away)
    setting_changed = Signal(str, object)
    locked = Signal()
    unlocked = Signal()
    save_failed = Signal(str)  # the vault could not be written (a full or removed stick); the old one is intact
    bookmarks_changed = Signal()  # a bookmark added or removed, or the bookmarks kept, dropped or erased

    def __init__(
        self, context: Context | None, settings: Settings, vault_path: Path | None = None, cost: KdfCost = DEFAULT_COST
    ) -> None:
        super().__init__()
        self.context = context
        self.settings = settings
        self.vault_path = vault_path
        self.cost = cost  # Argon2id's cost: the format's, or a cheap one in tests
        self.vault: Vault | None = None
        self.unsaved = False  # the open vault's settings changed since they were last given to the vault's thread
        self.io = VaultIO(self) if vault_path is not None else None
        self.bookmarks: Bookmarks | None = None  # only while a vault is open and the reader chose to keep them
        self.empty = Library()
        self.release: Release = Context.close  # the window hands the old context to its search thread instead
        self.save_timer = QTimer(self)
        self.save_timer.setSingleShot(True)
        self.save_timer.setInterval(SAVE_DELAY_MS)
        self.save_timer.timeout.connect(self.save_vault)
        settings.listeners.append(self._setting_set)

    @property
    def library(self) -> Library:
        """The library shown now: empty while a vault is locked."""
        return self.context.library if self.context is not None else self.empty

    @property
    def search(self) -> SearchEngine | None:
        """The search engine of the library shown now (None while locked)."""
        return self.context.search if self.context is not None else None

    @property
    def vault_mode(self) -> bool:
        """True when the library lives in a vault: panic locks, settings are kept inside it."""
        return self.vault_path is not None

    @property
    def is_locked(self) -> bool:
        """True while there is no library to show (a vault not yet opened, or locked again)."""
        return self.context is None

    def guide_language(self) -> str | None:
        """The language guides default to: the interface language's, when the library has guides in it."""
        language = current_language()
        return next((tag for tag in self.library.languages() if language_matches(tag, language)), None)

    def replace_library(self, library: Library) -> None:
        """Show `library` instead of the current one (a translator's files changed); the old one goes to the listeners."""
        if self.context is None:
            library.close()
            return
        old = self.context.library
        self.context.library = library
        emit(self.library_changed, old)

    def reload_library(self) -> None:
        """Load the same folders again and show the result."""
        if self.context is not None:
            self.replace_library(self.context.load_library_again())

    def open(self, context: Context, vault: Vault) -> None:
        """Show an unlocked vault's library, with the settings the vault keeps (a library still open is locked first)."""
        self.lock()
        old = self.library
        self.context, self.vault, self.unsaved = context, vault, False
        # A vault that never saved settings keeps the language the program was started in.
        saved = vault.items.get(SETTINGS_FILE) or json.dumps({"language": self.settings["language"]}).encode("utf-8")
        self._tell(self.settings.replace(saved, self._store_in_vault))
        self._keep_bookmarks(self.settings["keep_bookmarks"])
        emit(self.library_changed, old)
        emit(self.unlocked)

    def lock(self) -> None:
        """Drop a vault's library and its indexes now; the settings go back to their defaults.

        Nothing here waits for the stick: the settings not yet written are written on the vault's thread, and the keys
        are dropped when that write ends (at once when there is nothing to write). Without a vault there is nothing to
        lock: the library stays (panic has wiped what was shown)."""
        context, vault = self.context, self.vault
        if context is None or not self.vault_mode:
            return
        self.save_vault()
        self.context, self.vault, self.bookmarks = None, None, None
        if vault is not None and self.io is not None:
            self.io.lock(vault)
            self._tell(self.settings.replace(None, None))
        emit(self.bookmarks_changed)
        emit(self.library_changed, context.library)
        emit(self.locked)
        self.release(context)

    def stop(self) -> bool:
        """The program ends: write what is pending, wait for the vault's thread to finish, end it; False when a write
        still runs after the wait (the vault as it was stays intact if the process ends now)."""
        self.save_vault()
        return self.io is None or self.io.stop()

    def close(self) -> None:
        """The program ends (its threads have stopped, `stop()` first): library closed, keys dropped."""
        self.stop()
        if self.context is not None:
            self.context.close()
        if self.vault is not None:
            self.vault.lock()
        self.context, self.vault, self.bookmarks = None, None, None

    def _store_in_vault(self, data: bytes) -> None:
        if self.vault is not None:
            self.vault.items[SETTINGS_FILE] = data
            self.unsaved = True
            self.save_timer.start()

    def save_vault(self) -> None:
        """Have the settings changed since the last write written into the vault on its thread (also done a moment
        after each change, and when it locks); `save_failed` says when that write fails."""
        self.save_timer.stop()
        if self.vault is not None and (self.unsaved or (self.bookmarks is not None and self.bookmarks.pending)):
            self.write()

    def write(self, change: Change = Vault.save, done: Done | None = None) -> None:
        """Write the open vault on its thread with every change made so far (`change`: its own way of writing, such as
        setting a duress code); `done` gets, here, None or what went wrong. A failed write is tried again at the next
        save or lock."""
        vault = self.vault
        if vault is None or self.io is None:
            return
        if self.bookmarks is not None and self.bookmarks.pending:  # places noted while reading go with every write
            vault.items[BOOKMARKS_ITEM] = self.bookmarks.to_bytes()
        self.save_timer.stop()
        self.unsaved = False

        def finished(error: Exception | None) -> None:
            if error is not None and self.vault is vault:
                self.unsaved = True
            if done is not None:
                done(error)
            elif error is not None:
                emit(self.save_failed, str(error))

        self.io.write(vault, change, finished)

    def _keep_bookmarks(self, keep: bool) -> None:
        """Read the vault's bookmarks when the reader keeps them; when not, erase any the vault still holds."""
        vault = self.vault
        if vault is None:
            return
        if not keep:
            self.bookmarks = None
            if vault.items.pop(BOOKMARKS_ITEM, None) is not None:
                self.unsaved = True
                self.save_timer.start()
        elif self.bookmarks is None:
            self.bookmarks = Bookmarks.from_bytes(vault.items.get(BOOKMARKS_ITEM))
            self.bookmarks.changed = self._bookmarks_edited
        emit(self.bookmarks_changed)

    def _bookmarks_edited(self) -> None:
        """A bookmark was added or removed: the views follow, and the vault is written a moment later."""
        emit(self.bookmarks_changed)
        self.save_timer.start()

    def _setting_set(self, key: str, value: Any) -> None:
        if key == "keep_bookmarks":
            self._keep_bookmarks(value)
        emit(self.setting_changed, key, value)

    def _tell(self, keys: list[str]) -> None:
        for key in keys:
            emit(self.setting_changed, key, self.settings[key])
