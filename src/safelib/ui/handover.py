"""Packs from hand to hand in the window: add a received pack (chooser or drop), and export packs to pass them on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QMimeData, QObject, Signal, Slot
from PySide6.QtWidgets import QMessageBox

from safelib.core.export import export_pack
from safelib.core.i18n import _, format_number, ngettext
from safelib.core.packs.keys import KeyRing
from safelib.core.packs.model import Pack
from safelib.core.problems import PackError
from safelib.core.receive import Offer, inspect_pack, keep, keep_in_vault
from safelib.core.vault.container import Items, Vault
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


class JobWorker(QObject):
    """Runs the slow steps off the GUI thread, one at a time: reading and hashing a received pack (up to 200 MiB) and
    writing packs to a stick must not hold up the panic key."""

    done = Signal(int, str, object)  # the request's serial, its kind, and what the job returned or the error it raised

    @Slot(int, str, object)
    def run(self, serial: int, kind: str, job: Callable[[], object]) -> None:
        """Run one job; a PackError or OSError is the answer, not a crash."""
        try:
            result = job()
        except (PackError, OSError) as exc:
            result = exc
        emit(self.done, serial, kind, result)


class JobThread(WorkerThread):
    """The job worker's thread."""

    requested = Signal(int, str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        self.worker: JobWorker
        super().__init__(JobWorker(), "jobs", parent)
        self.requested.connect(self.worker.run)


class Handover(QObject):
    """The window's add and export flows; each step is a few calls into core.receive and core.export.

    Every answer from the job thread carries the serial of its request; panic moves the serial on, so what arrives
    afterwards is never shown (a kept pack still joins the library, silently).
    """

    answered = Signal(object)  # each pack checked, on this thread: an Offer, a PackError, or None when dropped
    offered = Signal(object)  # the OfferDialog shown for a checked pack
    kept = Signal(object)  # the file kept in the portable folder, or None (kept in the vault or for this session)
    exported = Signal(object)  # the files written

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.serial = 0
        self.jobs = JobThread(self)
        self.jobs.worker.done.connect(self._done)
        window.panic.panicked.connect(self._forget)

    def choose_pack(self) -> Chooser:
        """Open the in-app chooser; a chosen pack goes on to `receive`."""
        chooser = Chooser(PICK_PACK, self.window)
        chooser.chosen.connect(self.receive)
        self.window._open_dialog(chooser)
        return chooser

    def receive(self, location: Path) -> None:
        """Check a received pack on the job thread, then show what it is. Nothing is kept until the reader says so."""
        if self.window.session.is_locked:
            return
        library, keyring = self.window.library, self._keyring()
        self.window.statusBar().showMessage(_("Checking the pack…"))
        self._run("inspect", lambda: inspect_pack(location, library, keyring))

    def keep(self, offer: Offer, insist: bool) -> None:
        """Keep the pack: inside the vault, written on the vault's thread, else on the job thread in the portable folder
        or for this session; the library then shows it."""
        session = self.window.session
        context = session.context
        if context is None:
            return
        if session.vault is None:
            self._run("keep", lambda: (offer, keep(offer, context, insist)))
            return
        serial = self.serial  # panic moves it on: the outcome is then not shown
        self.window.statusBar().showMessage(_("Saving…"))

        def write(vault: Vault, items: Items) -> None:
            keep_in_vault(offer, items, insist)
            vault.save(items)

        session.write(write, lambda error: self._kept(error or (offer, None), serial == self.serial))

    def export(self, packs: list[Pack], folder: Path) -> None:
        """Write each pack as one signed file on the job thread (neutral names with disguise on), then say what was
        written."""
        neutral, keyring = bool(self.window.settings["disguise"]), self._keyring()
        self._run("export", lambda: (folder, [_export_one(pack, folder, neutral, keyring) for pack in packs]))

    def _keyring(self) -> KeyRing:
        """The keys the shown library trusts: with a vault, its own keys too."""
        context = self.window.session.context
        return context.keyring() if context is not None else KeyRing()

    def stop(self) -> bool:
        """End the job thread after the job it is doing; True when it has ended."""
        return self.jobs.stop()

    def _run(self, kind: str, job: Callable[[], object]) -> None:
        self.serial += 1
        emit(self.jobs.requested, self.serial, kind, job)

    def _forget(self) -> None:
        self.serial += 1

    def _done(self, serial: int, kind: str, result: object) -> None:
        current = serial == self.serial
        if kind == "inspect":
            self._checked(result if current else None)
        elif kind == "keep":
            self._kept(result, current)
        elif current:
            self._exported(result)

    def _checked(self, result: object) -> None:
        emit(self.answered, result)
        if result is None:
            return  # panic came first, or another pack was dropped since: this one is not shown
        self.window.statusBar().clearMessage()
        if not isinstance(result, Offer):
            self._tell(_("This file cannot be added: {problem}").format(problem=str(result)), QMessageBox.Icon.Warning)
            return
        dialog = OfferDialog(result, self._where(), self.window, self.window.unnamed)
        dialog.keep_requested.connect(self.keep)
        self.window._open_dialog(dialog)
        emit(self.offered, dialog)

    def _where(self) -> str:
        """Where a pack added now is kept: "vault", "folder" (the portable folder's packs/) or "session"."""
        session = self.window.session
        if session.vault is not None:
            return "vault"
        return "folder" if session.context is not None and session.context.portable is not None else "session"

    def _kept(self, result: object, current: bool) -> None:
        if not isinstance(result, tuple):
            if current:
                self._tell(_("The pack was not added: {problem}").format(problem=str(result)), QMessageBox.Icon.Warning)
            return
        offer, kept = cast("tuple[Offer, Path | None]", result)
        self.window.session.reload_library()
        if current:
            title = isolate(offer.manifest.title if offer.manifest is not None else offer.location.name)
            self.window.statusBar().showMessage(
                _("Added to the library until you close the program: {title}").format(title=title)
                if self._where() == "session"
                else _("Added to the library: {title}").format(title=title)
            )
        emit(self.kept, kept)

    def _exported(self, result: object) -> None:
        folder, outcomes = cast("tuple[Path, list[Path | str]]", result)
        written = [outcome for outcome in outcomes if isinstance(outcome, Path)]
        lines = [
            ngettext("{count} pack written to {folder}:", "{count} packs written to {folder}:", len(written)).format(
                count=format_number(len(written)), folder=isolate(str(folder))
            )
        ]
        lines.extend(f"  • {isolate(path.name)}" for path in written)
        failed = [outcome for outcome in outcomes if not isinstance(outcome, Path)]
        lines.extend(_("Not exported: {problem}").format(problem=problem) for problem in failed)
        self._tell("\n".join(lines), QMessageBox.Icon.Warning if failed else QMessageBox.Icon.Information)
        emit(self.exported, written)

    def choose_export(self, packs: list[Pack]) -> Chooser:
        """Open the in-app chooser for a folder; the packs are written there once it is chosen."""
        chooser = Chooser(PICK_FOLDER, self.window)
        chooser.chosen.connect(lambda folder: self.export(packs, folder))
        self.window._open_dialog(chooser)
        return chooser

    def _tell(self, text: str, icon: QMessageBox.Icon) -> None:
        box = plain(QMessageBox(icon, self.window.windowTitle(), self.window.unnamed(text), parent=self.window))
        box.setObjectName("handover-message")
        self.window._open_dialog(box)


def _export_one(pack: Pack, folder: Path, neutral: bool, keyring: KeyRing) -> Path | str:
    """The file written, or why it was not."""
    try:
        return export_pack(pack, folder, neutral, keyring)
    except (PackError, OSError) as exc:
        return str(exc)
