"""Try a vault code typed on the calculator on a thread of its own: the key derivation takes about a second, and the
calculator keeps computing meanwhile. A code that opens nothing makes no sound and no sign."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from safelib.core.context import open_vault_context
from safelib.core.vault.codes import normalise_code
from safelib.core.vault.container import KdfCost, Vault
from safelib.ui.compat import emit
from safelib.ui.workers import WorkerThread


class UnlockWorker(QObject):
    """Opens the vault with one code; `opened` carries the vault and its library's context, failures nothing."""

    opened = Signal(object, object)

    @Slot(object, str, object)
    def attempt(self, path: Path, code: str, cost: KdfCost) -> None:
        """Unlock and load the library; a wrong code, a damaged or missing file all end the same silent way."""
        try:
            vault = Vault.unlock(path, code, cost)
        except Exception:  # noqa: BLE001 - whatever went wrong, the calculator shows nothing of it
            return
        if vault is None:
            return
        try:
            context = open_vault_context(vault)
        except Exception:  # noqa: BLE001 - the same: and the keys are dropped at once
            vault.lock()
            return
        emit(self.opened, vault, context)


class Unlocker(WorkerThread):
    """The unlock worker's thread; codes are tried in the order they were typed."""

    requested = Signal(object, str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        self.worker: UnlockWorker
        super().__init__(UnlockWorker(), "unlock", parent)
        self.requested.connect(self.worker.attempt)

    def attempt(self, path: Path, code: str, cost: KdfCost) -> None:
        """Queue one try of `code` (any of the three digit sets) on the vault at `path`."""
        emit(self.requested, path, normalise_code(code), cost)
