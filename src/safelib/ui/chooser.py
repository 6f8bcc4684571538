"""An in-app chooser for a pack to add or a folder to export into: the operating system's file dialog (and Qt's own,
which saves its state) records recent files and folders, so the window never opens one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from safelib.core.i18n import _
from safelib.core.places import Entry, folder_entries, home_folder, is_pack_file, removable_places
from safelib.ui.bidi import isolate
from safelib.ui.plain import plain, tooltip

PATH_ROLE = Qt.ItemDataRole.UserRole
PICK_PACK, PICK_FOLDER = "pack", "folder"


class Chooser(QDialog):
    """Places on the left (home, sticks, drives), the folder's sub-folders and packs on the right, a path box above.

    In PICK_PACK mode it emits `chosen` with a pack file or pack folder; in PICK_FOLDER mode with a folder.
    """

    chosen = Signal(object)

    def __init__(self, mode: str, parent: QWidget | None = None, start: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chooser")
        self.mode = mode
        self.folder: Path | None = None
        self.path_box = QLineEdit()
        self.path_box.setObjectName("chooser-path")
        self.path_box.returnPressed.connect(self._go_to_typed)
        self.up_button = QPushButton()
        self.up_button.clicked.connect(self._go_up)
        self.places = QListWidget()
        self.places.setObjectName("chooser-places")
        self.places.itemActivated.connect(lambda item: self.show_folder(item.data(PATH_ROLE)))
        self.places.itemClicked.connect(lambda item: self.show_folder(item.data(PATH_ROLE)))
        self.entries = QListWidget()
        self.entries.setObjectName("chooser-entries")
        self.entries.itemActivated.connect(self._entry_activated)
        self.message = plain(QLabel())
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.choose)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.up_button)
        top.addWidget(self.path_box, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(self.places)
        split.addWidget(self.entries)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(720, 440)
        self._fill_places()
        self.retranslate()
        first = start if start is not None else self.places.item(0).data(PATH_ROLE) if self.places.count() else None
        if first is not None:
            self.show_folder(first)
        self.path_box.setFocus()  # type or paste a path at once; the lists are a Tab away

    def retranslate(self) -> None:
        """Every string in the interface language."""
        picking_pack = self.mode == PICK_PACK
        self.setWindowTitle(_("Add guides") if picking_pack else _("Choose a folder to export into"))
        self.up_button.setText(_("Up"))
        self.up_button.setAccessibleName(_("The folder above"))
        self.path_box.setAccessibleName(_("Folder or pack file"))
        self.path_box.setPlaceholderText(_("Type a folder or a pack file and press Enter"))
        self.places.setAccessibleName(_("Places"))
        self.entries.setAccessibleName(_("Folders and packs") if picking_pack else _("Folders"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Open") if picking_pack else _("Export here"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        for row in range(self.places.count()):
            item = self.places.item(row)
            if item.data(PATH_ROLE) == home_folder():
                item.setText(_("Home folder"))

    def _fill_places(self) -> None:
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_DriveHDIcon)
        for place in removable_places():
            item = QListWidgetItem(icon, place.name or str(place))
            item.setData(PATH_ROLE, place)
            item.setToolTip(tooltip(str(place)))  # a folder named like HTML stays text
            self.places.addItem(item)

    def show_folder(self, folder: Path) -> bool:
        """List `folder`'s sub-folders (and, when choosing a pack, its packs); False with a message when it cannot be read."""
        try:
            entries = folder_entries(folder)
        except OSError as exc:
            self.message.setText(
                _("Cannot open {folder}: {reason}").format(folder=isolate(str(folder)), reason=exc.strerror or str(exc))
            )
            return False
        self.folder = folder
        self.path_box.setText(str(folder))
        self.message.clear()
        self.entries.clear()
        for entry in entries:
            if self.mode == PICK_FOLDER and entry.kind == "pack-file":
                continue
            self.entries.addItem(self._item(entry))
        self.up_button.setEnabled(folder.parent != folder)
        return True

    def _item(self, entry: Entry) -> QListWidgetItem:
        pixmap = QStyle.StandardPixmap.SP_FileIcon if entry.kind == "pack-file" else QStyle.StandardPixmap.SP_DirIcon
        item = QListWidgetItem(self.style().standardIcon(pixmap), entry.path.name)
        item.setData(PATH_ROLE, entry)
        return item

    def _go_up(self) -> None:
        if self.folder is not None:
            self.show_folder(self.folder.parent)

    def _go_to_typed(self) -> None:
        typed = Path(self.path_box.text().strip()).expanduser()
        if self.mode == PICK_PACK and _is_pack(typed):
            self._emit(typed)
        elif typed.is_dir():
            self.show_folder(typed)
        else:
            self.message.setText(_("There is no folder or pack file {path}.").format(path=isolate(str(typed))))

    def _entry_activated(self, item: QListWidgetItem) -> None:
        entry: Entry = item.data(PATH_ROLE)
        if self.mode == PICK_PACK and entry.is_pack:
            self._emit(entry.path)
        else:
            self.show_folder(entry.path)

    def choose(self) -> None:
        """OK: the selected pack (or folder), else what the path box names, else the folder shown."""
        item = self.entries.currentItem()
        entry: Entry | None = item.data(PATH_ROLE) if item is not None and item.isSelected() else None
        typed = Path(self.path_box.text().strip()).expanduser() if self.path_box.text().strip() else None
        if self.mode == PICK_FOLDER:
            target = entry.path if entry is not None else typed or self.folder
            if target is not None and target.is_dir():
                self._emit(target)
            else:
                self.message.setText(_("Choose a folder first."))
            return
        if entry is not None and entry.is_pack:
            self._emit(entry.path)
        elif typed is not None and _is_pack(typed):
            self._emit(typed)
        else:
            self.message.setText(_("Choose a pack: a .safelibpack file, or a folder that holds a pack.toml."))

    def _emit(self, path: Path) -> None:
        self.chosen.emit(path)
        self.accept()


def _is_pack(path: Path) -> bool:
    return (path.is_file() and is_pack_file(path.name)) or (path.is_dir() and (path / "pack.toml").is_file())
