"""In-app dialogs (settings, about): never the operating system's, and never a file dialog."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

import safelib
from safelib.core.i18n import _
from safelib.core.search.textnorm import ascii_digits
from safelib.core.settings import PANIC_SHORTCUTS, Settings, validate


class SettingsDialog(QDialog):
    """Panic action and PIN, disguise, and whether to remember settings on the stick."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings-dialog")
        self.settings = settings
        self.panic_action = QComboBox()
        self.panic_action.addItem("", "decoy")
        self.panic_action.addItem("", "quit")
        self.panic_action.setCurrentIndex(0 if settings["panic_action"] == "decoy" else 1)
        self.shortcut = QComboBox()
        for combination in PANIC_SHORTCUTS:
            self.shortcut.addItem(QKeySequence(combination).toString(QKeySequence.SequenceFormat.NativeText), combination)
        self.shortcut.setCurrentIndex(PANIC_SHORTCUTS.index(settings["panic_shortcut"]))
        self.double_escape = QCheckBox()
        self.double_escape.setChecked(settings["panic_double_escape"])
        self.pin = QLineEdit(settings["panic_pin"])
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        self.disguise = QCheckBox()
        self.disguise.setChecked(settings["disguise"])
        self.disguise_title = QLineEdit(settings["disguise_title"])
        self.disguise_title.setMaxLength(40)
        self.remember = QCheckBox()
        self.remember.setChecked(settings["remember"])
        self.remember_note = QLabel()
        self.remember_note.setWordWrap(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout()
        self.labels = [QLabel() for _i in range(len(self._fields()))]
        for label, field in zip(self.labels, self._fields(), strict=True):
            label.setBuddy(field)
            self.form.addRow(label, field)
        self.form.setRowVisible(self.remember, settings.folder is not None)  # no portable folder: nowhere to remember
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.remember_note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def _fields(self) -> tuple[QWidget, ...]:
        return (self.panic_action, self.shortcut, self.double_escape, self.pin, self.disguise, self.disguise_title, self.remember)

    def retranslate(self) -> None:
        """Every string in the interface language."""
        self.setWindowTitle(_("Settings"))
        self.panic_action.setItemText(0, _("Show a calculator"))
        self.panic_action.setItemText(1, _("Close the program"))
        texts = (
            _("When the panic key is pressed"),
            _("Panic shortcut"),
            _("Pressing Esc twice also hides the program"),
            _("PIN that returns from the calculator to the library"),
            _("Use a neutral window title and icon"),
            _("Neutral window title"),
            _("Remember my settings on this stick"),
        )
        for label, field, text in zip(self.labels, self._fields(), texts, strict=True):
            label.setText(text)
            field.setAccessibleName(text)
        self.remember_note.setText(
            _("Settings are kept on the stick only if you tick this box.")
            if self.settings.folder is not None
            else _("This copy is not in portable mode: nothing is remembered after you close it.")
        )
        self.buttons.setAccessibleName(_("Save or cancel"))

    def save(self) -> None:
        """Check every value first, then store them (written to the stick only if remembering)."""
        values = {
            "panic_action": self.panic_action.currentData(),
            "panic_shortcut": self.shortcut.currentData(),
            "panic_double_escape": self.double_escape.isChecked(),
            "panic_pin": ascii_digits(self.pin.text().strip()),
            "disguise": self.disguise.isChecked(),
            "disguise_title": self.disguise_title.text().strip() or "Notes",
            "remember": self.remember.isChecked(),
        }
        if not validate("panic_pin", values["panic_pin"]):
            self.error.setText(_("The PIN may contain only digits (at most 12)."))
            return
        for key in (
            "remember",
            "panic_action",
            "panic_shortcut",
            "panic_double_escape",
            "panic_pin",
            "disguise",
            "disguise_title",
        ):
            self.settings.set(key, values[key])
        self.accept()


class AboutDialog(QDialog):
    """Version and the promises the program keeps."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about-dialog")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        """Every string in the interface language."""
        self.setWindowTitle(_("About"))
        self.text.setText(
            _("Version {version}. Works without the internet and keeps no history.").format(version=safelib.__version__)
            + "\n"
            + _("Fonts: Noto Sans Arabic, SIL Open Font License 1.1.")
        )
        self.text.setAccessibleName(_("About this program"))
        self.buttons.setAccessibleName(_("Close"))
