"""Packs from hand to hand in the window: add a received pack (chooser or drop), and export packs to pass them on."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, Signal, Slot
from PySide6.QtWidgets import QMessageBox

from safelib.core.export import export_pack
from safelib.core.i18n import _, format_number, ngettext
from safelib.core.library import Library
from safelib.core.packs.keys import KeyRing
from safelib.core.packs.model import Pack
from safelib.core.problems import PackError
from safelib.core.receive import Offer, inspect_pack, keep
from safelib.ui.bidi import isolate
from safelib.ui.chooser import PICK_FOLDER, PICK_PACK, Chooser
from safelib.ui.compat import emit
from safelib.ui.plain import plain
from safelib.ui.receive import OfferDialog
from safelib.ui.workers import WorkerThread

if TYPE_CHECKING:
    from safelib.ui.window import MainWindow


def dropped_location(mime: QMimeData) -> Path | None:
    """The first local file or folder among dropped URLs (a pack file or pack folder is checked later), else None."""
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile():
            return Path(url.toLocalFile())
    return None


class InspectWorker(QObject):
    """Reads and checks received packs off the GUI thread: up to 200 MiB read and hashed must not hold up panic."""

    done = Signal(int, object)  # the request's serial, and the Offer or the PackError

    @Slot(int, object, object, object)
    def inspect(self, serial: int, location: Path, installed: Library, keyring: KeyRing) -> None:
        """Check one pack against the installed library; nothing is written."""
        try:
            result: object = inspect_pack(location, installed, keyring)
        except PackError as exc:
            result = exc
        emit(self.done, serial, result)


class InspectThread(WorkerThread):
    """The inspect worker's thread."""

    requested = Signal(int, object, object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        self.worker: InspectWorker
        super().__init__(InspectWorker(), "safelib-inspect", parent)
        self.requested.connect(self.worker.inspect)


class Handover(QObject):
    """The window's add and export flows; each step is a few calls into core.receive and core.export."""

    answered = Signal(object)  # each answer of the inspect thread, on this thread: an Offer, a PackError, or None if dropped
    offered = Signal(object)  # the OfferDialog shown for a checked pack
    kept = Signal(object)  # the file kept, or None when kept for this session only
    exported = Signal(object)  # the files written

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.serial = 0
        self.inspector = InspectThread(self)
        self.inspector.worker.done.connect(self._checked)
        window.panic.panicked.connect(self._forget)

    def choose_pack(self) -> Chooser:
        """Open the in-app chooser; a chosen pack goes on to `receive`."""
        chooser = Chooser(PICK_PACK, self.window)
        chooser.chosen.connect(self.receive)
        self.window._open_dialog(chooser)
        return chooser

    def receive(self, location: Path) -> None:
        """Check a received pack on the inspect thread; `_checked` shows what it is. Nothing is kept until the reader
        says so."""
        self.serial += 1
        self.window.statusBar().showMessage(_("Checking the pack…"))
        emit(self.inspector.requested, self.serial, location, self.window.library, self.window.context.keyring())

    def _checked(self, serial: int, result: Offer | PackError) -> None:
        if serial != self.serial:
            emit(self.answered, None)
            return  # panic came first, or another pack was dropped since: this one is not shown
        self.window.statusBar().clearMessage()
        emit(self.answered, result)
        if isinstance(result, PackError):
            self._tell(_("This file cannot be added: {problem}").format(problem=str(result)), QMessageBox.Icon.Warning)
            return
        dialog = OfferDialog(result, self.window.context.portable is None, self.window, self.window.unnamed)
        dialog.keep_requested.connect(self.keep)
        self.window._open_dialog(dialog)
        emit(self.offered, dialog)

    def _forget(self) -> None:
        self.serial += 1

    def stop(self) -> bool:
        """End the inspect thread after the pack it is checking; True when it has ended."""
        return self.inspector.stop()

    def keep(self, offer: Offer, insist: bool) -> None:
        """Keep the pack (portable folder, else this session) and show the library with it."""
        context = self.window.context
        try:
            kept = keep(offer, context, insist)
        except (PackError, OSError) as exc:
            self._tell(_("The pack was not added: {problem}").format(problem=str(exc)), QMessageBox.Icon.Warning)
            return
        self.window.reload_library(context.load_library_again())
        title = isolate(offer.manifest.title if offer.manifest is not None else offer.location.name)
        self.window.statusBar().showMessage(
            _("Added to the library: {title}").format(title=title)
            if kept is not None
            else _("Added to the library until you close the program: {title}").format(title=title)
        )
        emit(self.kept, kept)

    def choose_export(self, packs: list[Pack]) -> Chooser:
        """Open the in-app chooser for a folder; the packs are written there once it is chosen."""
        chooser = Chooser(PICK_FOLDER, self.window)
        chooser.chosen.connect(lambda folder: self.export(packs, folder))
        self.window._open_dialog(chooser)
        return chooser

    def export(self, packs: list[Pack], folder: Path) -> list[Path]:
        """Write each pack as one signed file (neutral names with disguise on) and say what was written."""
        neutral = bool(self.window.settings["disguise"])
        keyring = self.window.context.keyring()
        written: list[Path] = []
        failed: list[str] = []
        for pack in packs:
            try:
                written.append(export_pack(pack, folder, neutral, keyring))
            except (PackError, OSError) as exc:
                failed.append(str(exc))
        lines = [
            ngettext("{count} pack written to {folder}:", "{count} packs written to {folder}:", len(written)).format(
                count=format_number(len(written)), folder=isolate(str(folder))
            )
        ]
        lines.extend(f"  • {isolate(path.name)}" for path in written)
        lines.extend(_("Not exported: {problem}").format(problem=problem) for problem in failed)
        self._tell("\n".join(lines), QMessageBox.Icon.Warning if failed else QMessageBox.Icon.Information)
        emit(self.exported, written)
        return written

    def _tell(self, text: str, icon: QMessageBox.Icon) -> None:
        box = plain(QMessageBox(icon, self.window.windowTitle(), self.window.unnamed(text), parent=self.window))
        box.setObjectName("handover-message")
        self.window._open_dialog(box)
