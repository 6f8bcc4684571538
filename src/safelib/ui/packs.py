"""The packs dialog: every pack found, whether its signature holds and by whom, and what went wrong loading it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safelib.core.i18n import N_, _, format_number, ngettext
from safelib.core.library import Library
from safelib.core.packs.loader import LoadResult
from safelib.core.packs.model import Pack, Trust
from safelib.core.problems import Problem
from safelib.ui.bidi import isolate
from safelib.ui.plain import tooltip
from safelib.ui.session import Session

# What each trust state means for a reader, in words that say what to do about it.
TRUST_TEXTS = {
    "verified": N_("Verified: signed by {signer}"),
    "unknown-signer": N_("Signed with a key this program does not know: check where this pack came from"),
    "unsigned": N_("Not signed: anyone could have written or changed it"),
    "tampered": N_("Changed after it was signed: refused, its guides are not shown"),
}


def trust_text(trust: Trust) -> str:
    """One translated line saying how far a pack can be trusted."""
    return _(TRUST_TEXTS[trust.state]).format(signer=isolate(trust.signer or "?"))


def packs_with_problems(library: Library) -> int:
    """How many packs could not be used as they are: refused, tampered, or with errors."""
    return sum(1 for result in library.results if not result.ok or not result.trust.trustworthy)


def gone_text(problems: list[Problem]) -> str:
    """Said in place of a guide that a reload took away: the errors that keep it out (file and line) and what to do."""
    if not problems:
        return _("This guide is no longer in the library.")
    return _(
        "This guide cannot be shown: its file has an error.\n\n{problems}\n\n"
        "Correct the file at that line and save it: the guide comes back here by itself."
    ).format(problems="\n".join(isolate(problem.format()) for problem in problems))


PACK_ROLE = Qt.ItemDataRole.UserRole


class PacksDialog(QDialog):
    """One row per pack found, its problems underneath; the packs in use can be exported to pass them on."""

    export_requested = Signal(object)  # the packs to write, a list

    def __init__(self, session: Session, parent: QWidget | None = None, unnamed: Callable[[str], str] = str) -> None:
        super().__init__(parent)
        self.setObjectName("packs-dialog")
        self.session = session
        session.library_changed.connect(self.retranslate)
        self.unnamed = unnamed  # with disguise on, hides the program's name in titles, signers, paths and problems
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("packs")
        self.tree.setColumnCount(3)
        self.tree.setWordWrap(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.tree.header()
        header.setStretchLastSection(False)
        for column, mode in enumerate((QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # The whole text of the chosen row, wrapped anywhere (long paths have no spaces), to read, select and copy.
        self.details = QTextEdit()
        self.details.setObjectName("pack-details")
        self.details.setReadOnly(True)
        self.details.setUndoRedoEnabled(False)  # read-only text, shown with setPlainText: each paragraph aligns by its script
        self.details.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.export_one = QPushButton()
        self.export_one.setObjectName("export-pack")
        self.export_one.clicked.connect(lambda: self._export([self.selected_pack()]))
        self.export_all = QPushButton()
        self.export_all.setObjectName("export-all")
        self.export_all.clicked.connect(lambda: self._export(list(self.session.library.packs)))
        for button in (self.export_one, self.export_all):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.tree.currentItemChanged.connect(self._selection_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.tree, 2)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)
        self.resize(820, 480)
        self.retranslate()

    def retranslate(self) -> None:
        """Every string in the interface language."""
        self.setWindowTitle(_("Packs and signatures"))
        self.intro.setText(_("Every pack of guides found. Only trust guides from packs verified by a publisher you know."))
        self.tree.setHeaderLabels([_("Pack"), _("Guides"), _("Signature")])
        self.export_one.setText(_("Export this pack…"))
        self.export_one.setToolTip(_("Write the chosen pack as one signed file, to pass it on"))
        self.export_all.setText(_("Export every pack…"))
        self.export_all.setToolTip(_("Write every pack in use as signed files, to pass them on"))
        self.export_all.setEnabled(bool(self.session.library.packs))
        self.tree.clear()
        library = self.session.library
        rows = [self._row(result) for result in library.results]
        if library.key_problems:
            keys = QTreeWidgetItem([_("Trusted keys"), "", ""])
            for problem in library.key_problems:
                keys.addChild(QTreeWidgetItem([self.unnamed(problem.format())]))
            rows.append(keys)
        self.tree.addTopLevelItems(rows)
        for item in rows:
            for child in _children(item):
                child.setFirstColumnSpanned(True)  # a problem may use the whole width to wrap (only once in the tree)
        self.tree.expandAll()
        self.details.setAccessibleName(_("The chosen row in full, to select and copy"))
        self.details.setPlaceholderText(_("Choose a row to read it in full here; you can select and copy it."))
        self._selection_changed()

    def selected_pack(self) -> Pack | None:
        """The pack in use on the chosen row (a refused or replaced pack has none)."""
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        pack = item.data(0, PACK_ROLE) if item is not None else None
        return pack if any(pack is used for used in self.session.library.packs) else None

    def _selection_changed(self) -> None:
        self.export_one.setEnabled(self.selected_pack() is not None)
        current = self.tree.currentItem()
        self.details.setPlainText("\n".join(_texts(current)) if current is not None else "")

    def _export(self, packs: list[Pack | None]) -> None:
        chosen = [pack for pack in packs if pack is not None]
        if chosen:
            self.export_requested.emit(chosen)

    def _row(self, result: LoadResult) -> QTreeWidgetItem:
        pack = result.pack
        if pack is None:
            item = QTreeWidgetItem([self.unnamed(result.location.name), "", _("Could not be opened")])
        else:
            count = len(pack.guides)
            guides = ngettext("{count} guide", "{count} guides", count).format(count=format_number(count))
            item = QTreeWidgetItem(
                [
                    self.unnamed(f"{isolate(pack.manifest.title)} ({pack.manifest.language})"),
                    guides,
                    self.unnamed(trust_text(result.trust)),
                ]
            )
            item.setData(0, PACK_ROLE, pack)
            if result.trust.state == "tampered":
                item.addChild(QTreeWidgetItem([self.unnamed(result.trust.reason)]))
        item.setToolTip(0, tooltip(self.unnamed(str(result.location))))
        for problem in result.problems:
            child = QTreeWidgetItem([self.unnamed(problem.format())])
            child.setToolTip(0, tooltip(self.unnamed(problem.format())))
            item.addChild(child)
        return item


def _texts(item: QTreeWidgetItem) -> list[str]:
    """A row's texts (pack, guides, signature) and those of its problems, one per line: each line takes the direction of
    its own script."""
    texts = [text for text in (item.text(column) for column in range(item.columnCount())) if text]
    for child in _children(item):
        texts.extend(_texts(child))
    return texts


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [child for child in (item.child(row) for row in range(item.childCount())) if child is not None]
