"""In-app dialogs (settings, about): never the operating system's, and never a file dialog."""

from __future__ import annotations

from shiboken6 import isValid

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

import safelib
from safelib.core.i18n import N_, _, ngettext
from safelib.core.resources import bundled_decoy
from safelib.core.search.textnorm import ascii_digits
from safelib.core.settings import AUTO_LOCK_MINUTES, PANIC_SHORTCUTS, validate
from safelib.core.vault.codes import code_problem, normalise_code
from safelib.core.vault.container import Vault
from safelib.core.vault.errors import CodeTaken, VaultFull
from safelib.core.vault.library import decoy_items
from safelib.ui.session import Session
from safelib.ui.vault_io import Change


class SettingsDialog(QDialog):
    """Panic action and PIN, disguise, and whether to remember settings on the stick; on a vault stick, the idle
    lock and the duress code instead of the PIN (the same dialog whichever library the code opened)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings-dialog")
        self.session = session
        self.settings = settings = session.settings
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
        self.auto_lock = QComboBox()
        for minutes in AUTO_LOCK_MINUTES:
            self.auto_lock.addItem("", minutes)
        self.auto_lock.setCurrentIndex(AUTO_LOCK_MINUTES.index(settings["auto_lock_minutes"]))
        self.keep_bookmarks = QCheckBox()
        self.keep_bookmarks.setObjectName("keep-bookmarks")
        self.keep_bookmarks.setChecked(settings["keep_bookmarks"])
        self.duress = DuressBox(session)
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
        self.form.setRowVisible(self.pin, not session.vault_mode)  # a vault opens with its code, not a PIN
        self.form.setRowVisible(self.auto_lock, session.vault_mode)
        self.form.setRowVisible(self.keep_bookmarks, session.vault_mode)  # never kept in clear, so only in a vault
        self.duress.setVisible(session.vault_mode)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.remember_note)
        layout.addWidget(self.duress)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def _fields(self) -> tuple[QWidget, ...]:
        return (
            self.panic_action,
            self.shortcut,
            self.double_escape,
            self.pin,
            self.disguise,
            self.disguise_title,
            self.remember,
            self.auto_lock,
            self.keep_bookmarks,
        )

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
            _("Lock after this many minutes without use"),
            _("Remember bookmarks and where I stopped reading"),
        )
        for label, field, text in zip(self.labels, self._fields(), texts, strict=True):
            label.setText(text)
            field.setAccessibleName(text)
        self.auto_lock.setItemText(0, _("Never"))
        for row in range(1, self.auto_lock.count()):
            minutes = self.auto_lock.itemData(row)
            self.auto_lock.setItemText(row, ngettext("{count} minute", "{count} minutes", minutes).format(count=minutes))
        if self.session.vault_mode:
            self.remember_note.setText(
                _("Settings are kept on the stick, locked with your code.")
                + " "
                + _(
                    "Bookmarks and the place you stopped in each guide are kept the same way, only if you tick that box; "
                    "unticking it erases them."
                )
            )
        elif self.settings.folder is not None:
            self.remember_note.setText(_("Settings are kept on the stick only if you tick this box."))
        else:
            self.remember_note.setText(_("This copy is not in portable mode: nothing is remembered after you close it."))
        self.duress.retranslate()
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
            "auto_lock_minutes": self.auto_lock.currentData(),
            "keep_bookmarks": self.keep_bookmarks.isChecked(),
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
            "auto_lock_minutes",
            "keep_bookmarks",
        ):
            self.settings.set(key, values[key])
        self.accept()


class DuressBox(QGroupBox):
    """Set or remove the duress code of the open vault, with a plain word on what it does and what it cannot."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duress")
        self.session = session
        self.saving = False  # a change is being written: the buttons wait for its outcome
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.code = QLineEdit()
        self.code.setObjectName("duress-code")
        self.code.setEchoMode(QLineEdit.EchoMode.Password)
        self.set_button = QPushButton()
        self.set_button.clicked.connect(self.set_code)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_code)
        self.status = QLabel()
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.code, 1)
        row.addWidget(self.set_button)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(row)
        layout.addWidget(self.status)

    def retranslate(self) -> None:
        """Every string in the interface language."""
        self.setTitle(_("Duress code"))
        self.explanation.setText(
            _(
                "A duress code is a second code for this stick. Typed in the calculator, it opens an everyday library "
                "instead of this one, and it ERASES this library from the stick for good. Use it only if someone forces "
                "you to open the stick. Flash memory can keep old copies of a stick's contents, so a specialist with the "
                "stick may still find traces of what was erased."
            )
        )
        self.code.setAccessibleName(_("New duress code"))
        self.code.setPlaceholderText(_("At least 12 digits"))
        self.set_button.setText(_("Set duress code"))
        self.remove_button.setText(_("Remove duress code"))
        self._update()

    def _update(self) -> None:
        vault = self.session.vault
        self.remove_button.setEnabled(vault is not None and vault.has_duress and not self.saving)
        self.set_button.setEnabled(vault is not None and not self.saving)

    def set_code(self) -> None:
        """Check the typed code, then write the everyday library and the duress code into the vault on its thread."""
        code = normalise_code(self.code.text())
        self.code.setText("")
        problem = code_problem(code)
        if self.session.vault is None or problem is not None:
            self.status.setText(_("This code cannot be used: {problem}").format(problem=problem or ""))
            return
        language = self.session.settings["language"]
        self._write(
            lambda vault, items: vault.set_duress(code, decoy_items(language, bundled_decoy()), items),
            N_("The duress code is set."),
        )

    def remove_code(self) -> None:
        """Forget the duress code: it opens nothing from now on."""
        self._write(Vault.remove_duress, N_("The duress code is removed."))

    def _write(self, change: Change, success: str) -> None:
        """Run `change` on the vault's thread; the window goes on, this box says "Saving…" and then how it went."""
        self.saving = True
        self.status.setText(_("Saving…"))
        self._update()
        self.session.write(change, lambda error: self._written(error, success))

    def _written(self, error: Exception | None, success: str) -> None:
        if not isValid(self):
            return  # the dialog was closed (panic) while the vault was written: the outcome is shown nowhere
        self.saving = False
        if error is None:
            self.status.setText(_(success))
        elif isinstance(error, VaultFull):
            self.status.setText(_("The everyday library does not fit on this stick. Nothing was changed."))
        elif isinstance(error, CodeTaken):
            self.status.setText(_("The duress code must differ from the code that opens this library."))
        else:
            self.status.setText(_("The stick could not be written ({problem}). Nothing was changed.").format(problem=error))
        self._update()


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
