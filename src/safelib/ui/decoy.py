"""The harmless window shown after panic: a small working calculator; a secret sum or a vault's code brings the
library back."""

from __future__ import annotations

from decimal import Decimal, DivisionByZero, InvalidOperation

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QSizePolicy, QWidget

from safelib.core.i18n import _
from safelib.core.search.textnorm import ascii_digits
from safelib.core.vault.codes import MIN_DIGITS
from safelib.ui.compat import emit

NO_PIN_CODE = "000"  # with no PIN set, typing 0 0 0 = returns (documented on the safety page)
OPERATORS = {"+": lambda a, b: a + b, "−": lambda a, b: a - b, "×": lambda a, b: a * b, "÷": lambda a, b: a / b}
KEY_OPERATORS = {"+": "+", "-": "−", "*": "×", "/": "÷", "x": "×", "×": "×", "÷": "÷", "−": "−"}
DECIMAL_KEYS = (".", ",", "٫", "،")  # the Arabic decimal separator and comma too, as Arabic-script layouts type them
MAX_DIGITS = 16
BUTTONS = (("7", "8", "9", "÷"), ("4", "5", "6", "×"), ("1", "2", "3", "−"), ("0", ".", "=", "+"), ("C",))


class Calculator(QWidget):
    """A four-function calculator; `unlock` is emitted when the digits typed just before '=' equal the PIN.

    On a vault stick there is no PIN (`code` None): every '=' after a run of at least twelve digits also sends
    those digits out as `code_typed`, and the sum is computed as usual whether or not they open anything.
    """

    unlock = Signal()
    code_typed = Signal(str)

    def __init__(self, code: str | None = "") -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.code = None if code is None else ascii_digits(code) or NO_PIN_CODE
        self.setObjectName("decoy-calculator")
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # calculators keep their digit layout in every language
        self.display = QLineEdit("0")
        self.display.setReadOnly(True)
        self.display.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.display.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QGridLayout(self)
        layout.addWidget(self.display, 0, 0, 1, 4)
        self.buttons: dict[str, QPushButton] = {}
        for row, labels in enumerate(BUTTONS, start=1):
            for column, label in enumerate(labels):
                button = QPushButton(label)
                button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.clicked.connect(lambda _checked=False, key=label: self.press(key))
                layout.addWidget(button, row, column, 1, 4 if label == "C" else 1)
                self.buttons[label] = button
        self.resize(260, 300)
        self.reset()
        self.retranslate()

    def retranslate(self) -> None:
        """Title and accessible names in the interface language."""
        self.setWindowTitle(_("Calculator"))
        self.display.setAccessibleName(_("Result"))
        self.buttons["C"].setAccessibleName(_("Clear"))
        self.buttons["="].setAccessibleName(_("Equals"))

    def reset(self) -> None:
        """A fresh calculator showing 0."""
        self.total: Decimal | None = None
        self.pending: str | None = None
        self.entry = ""
        self.digits = ""
        self.display.setText("0")

    def press(self, key: str) -> None:
        """One button or key: a digit (ASCII, ٠–٩ or ۰–۹), the decimal point, an operator, '=' or 'C'."""
        key = ascii_digits(key)
        if key.isascii() and key.isdigit():
            if len(self.entry.replace(".", "")) < MAX_DIGITS:
                self.entry = self.entry + key if "." in self.entry else (self.entry + key).lstrip("0") or "0"
            self.digits = (self.digits + key)[-24:]
            self.display.setText(self.entry)
        elif key == ".":
            if "." not in self.entry:
                self.entry = (self.entry or "0") + "."
            self.digits = ""
            self.display.setText(self.entry)
        elif key == "C":
            self.reset()
        elif key in OPERATORS:
            self._apply()
            self.pending = key
            self.digits = ""
        elif key == "=":
            if self.digits == self.code and self.pending is None:
                self.reset()
                emit(self.unlock)
                return
            if self.code is None and len(self.digits) >= MIN_DIGITS:
                emit(self.code_typed, self.digits)
            self._apply()
            self.pending = None
            self.digits = ""

    def _apply(self) -> None:
        if not self.entry:
            return
        value = Decimal(self.entry)
        try:
            self.total = value if self.pending is None or self.total is None else OPERATORS[self.pending](self.total, value)
        except (DivisionByZero, InvalidOperation):
            self.reset()
            self.display.setText(_("Error"))
            return
        self.entry = ""
        self.display.setText(_format(self.total))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Typing works like the buttons: digits, + - * /, Enter or =, Backspace/Delete to clear."""
        text = ascii_digits(event.text())
        if text.isascii() and text.isdigit() and text:
            self.press(text)
        elif text in DECIMAL_KEYS:
            self.press(".")
        elif text in KEY_OPERATORS:
            self.press(KEY_OPERATORS[text])
        elif text == "=" or event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.press("=")
        elif event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete) or text.lower() == "c":
            self.press("C")
        else:
            super().keyPressEvent(event)


def _format(value: Decimal) -> str:
    text = f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:.10g}"
    return text if len(text) <= 16 else f"{value:.8e}"
