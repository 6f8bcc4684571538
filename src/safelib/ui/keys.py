"""Shortcuts that work under every keyboard layout: the key a press would be on a US keyboard, from its native code.

Under an Arabic, Persian or Kurdish layout, Ctrl+Shift+H reports an Arabic letter as its key. The physical key
is still known: X11 and Wayland report the XKB keycode (evdev code + 8) as the native scan code, Windows reports
a virtual-key code that its Arabic-script layouts keep in the US positions for letters, digits and punctuation.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence

K = Qt.Key

_LETTER_ROWS = ((24, "QWERTYUIOP"), (38, "ASDFGHJKL"), (52, "ZXCVBNM"))
_XKB_PUNCTUATION = {
    20: K.Key_Minus,
    21: K.Key_Equal,
    59: K.Key_Comma,
    60: K.Key_Period,
    61: K.Key_Slash,
    82: K.Key_Minus,
    86: K.Key_Plus,
}
_WINDOWS_PUNCTUATION = {
    0xBB: K.Key_Equal,
    0xBC: K.Key_Comma,
    0xBD: K.Key_Minus,
    0xBE: K.Key_Period,
    0xBF: K.Key_Slash,
    0x6B: K.Key_Plus,
    0x6D: K.Key_Minus,
}

XKB_KEYCODES: dict[int, Qt.Key] = {
    **{first + i: K(ord(letter)) for first, letters in _LETTER_ROWS for i, letter in enumerate(letters)},
    **{10 + i: K(ord(digit)) for i, digit in enumerate("1234567890")},
    **_XKB_PUNCTUATION,
}
WINDOWS_VIRTUAL_KEYS: dict[int, Qt.Key] = {
    **{ord(letter): K(ord(letter)) for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
    **{ord(digit): K(ord(digit)) for digit in "0123456789"},
    **_WINDOWS_PUNCTUATION,
}
_SHIFTED: dict[int, int] = {
    K.Key_Equal: K.Key_Plus,
    K.Key_Minus: K.Key_Underscore,
    K.Key_Comma: K.Key_Less,
    K.Key_Period: K.Key_Greater,
}
_SHIFTED_CHARACTERS = frozenset(_SHIFTED.values())
_MODIFIERS = Qt.KeyboardModifier.KeyboardModifierMask.value
_IGNORED_MODIFIERS = (Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.GroupSwitchModifier).value
_SHIFT = Qt.KeyboardModifier.ShiftModifier.value


def us_key(event: QKeyEvent, platform: str) -> Qt.Key | None:
    """The key at this physical position on a US keyboard, when the platform says which key it was."""
    if platform in ("xcb", "wayland"):
        return XKB_KEYCODES.get(event.nativeScanCode())
    if platform == "windows":
        return WINDOWS_VIRTUAL_KEYS.get(event.nativeVirtualKey())
    return None


def pressed_codes(event: QKeyEvent, platform: str) -> set[int]:
    """Every reading of a key press a shortcut may be written as, as modifiers-and-key codes
    (`QKeyCombination.toCombined()`): as reported, and as the US key in its place.

    Plain integers: the panic key is looked for in every key press, and Qt's enum and flag objects cost
    microseconds each in Python.
    """
    modifiers = event.keyCombination().toCombined() & _MODIFIERS & ~_IGNORED_MODIFIERS
    keys = {event.key()}
    if (physical := us_key(event, platform)) is not None:
        keys.add(physical.value)
    codes = {modifiers | key for key in keys}
    if modifiers & _SHIFT:  # Ctrl+Shift+= is how "Ctrl++" is typed: such shortcuts name the character, not Shift
        for key in keys:
            if (character := _SHIFTED.get(key, key if key in _SHIFTED_CHARACTERS else None)) is not None:
                codes.add(modifiers & ~_SHIFT | character)
    return codes


def matches(event: QKeyEvent, shortcut: QKeySequence, platform: str) -> bool:
    """Whether the press is `shortcut` (a single key combination), whatever the keyboard layout."""
    if shortcut.count() != 1:
        return False
    combination = shortcut[0]  # type: ignore[index]  # PySide's stubs leave out QKeySequence.__getitem__
    return combination.toCombined() in pressed_codes(event, platform)


def is_layout_translated(event: QKeyEvent, platform: str) -> bool:
    """The layout made a US-position key type a letter outside ASCII (Arabic, Persian, Kurdish letters and digits)."""
    return 0x7F < event.key() < 0x110000 and us_key(event, platform) is not None
