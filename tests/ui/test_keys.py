"""Shortcuts read from the physical key: the same Ctrl+Shift+H under US, Arabic, Persian and Kurdish layouts."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence

from safelib.ui.keys import WINDOWS_VIRTUAL_KEYS, XKB_KEYCODES, is_layout_translated, matches

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
XKB_H, VK_H = 43, 0x48


def key_event(key: int, modifiers: Qt.KeyboardModifier, scan: int = 0, virtual: int = 0, text: str = "") -> QKeyEvent:
    return QKeyEvent(QEvent.Type.KeyPress, key, modifiers, scan, virtual, 0, text)


def test_the_tables_name_the_us_keys() -> None:
    assert XKB_KEYCODES[38] == Qt.Key.Key_A and XKB_KEYCODES[XKB_H] == Qt.Key.Key_H and XKB_KEYCODES[58] == Qt.Key.Key_M
    assert XKB_KEYCODES[10] == Qt.Key.Key_1 and XKB_KEYCODES[19] == Qt.Key.Key_0 and XKB_KEYCODES[59] == Qt.Key.Key_Comma
    assert WINDOWS_VIRTUAL_KEYS[VK_H] == Qt.Key.Key_H and WINDOWS_VIRTUAL_KEYS[0xBC] == Qt.Key.Key_Comma
    assert len({*XKB_KEYCODES.values()} & {Qt.Key(ord(c)) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"}) == 36


@pytest.mark.parametrize(
    "letter",
    ["H", "\u0623", "\u0622", "\u06be"],  # US; Arabic (Shift+H is أ); Persian (آ); Kurdish (ھ)
    ids=["us", "ara", "ir", "iq"],
)
def test_ctrl_shift_h_is_matched_by_its_key_on_x11_and_windows(letter: str) -> None:
    shortcut = QKeySequence("Ctrl+Shift+H")
    assert matches(key_event(ord(letter), CTRL_SHIFT, scan=XKB_H, text=letter), shortcut, "xcb")
    assert matches(key_event(ord(letter), CTRL_SHIFT, scan=XKB_H, text=letter), shortcut, "wayland")
    assert matches(key_event(ord(letter), CTRL_SHIFT, virtual=VK_H, text=letter), shortcut, "windows")


def test_native_codes_mean_nothing_where_the_platform_is_unknown() -> None:
    event = key_event(0x0623, CTRL_SHIFT, scan=XKB_H, virtual=VK_H)
    assert not matches(event, QKeySequence("Ctrl+Shift+H"), "offscreen")
    assert not is_layout_translated(event, "offscreen")
    assert is_layout_translated(event, "xcb")
    assert not is_layout_translated(key_event(Qt.Key.Key_H, CTRL_SHIFT, scan=XKB_H), "xcb")


def test_the_other_key_or_modifiers_do_not_match() -> None:
    assert not matches(key_event(ord("J"), CTRL_SHIFT, scan=44), QKeySequence("Ctrl+Shift+H"), "xcb")
    assert not matches(key_event(ord("H"), CTRL_SHIFT, scan=XKB_H), QKeySequence("Ctrl+H"), "xcb")
    assert not matches(key_event(ord("H"), Qt.KeyboardModifier.ControlModifier, scan=XKB_H), QKeySequence("Ctrl+Shift+H"), "xcb")
    assert not matches(key_event(ord("H"), CTRL_SHIFT), QKeySequence(), "xcb")


def test_ctrl_plus_is_typed_with_shift_and_ctrl_equals_without() -> None:
    assert matches(key_event(Qt.Key.Key_Plus, CTRL_SHIFT, scan=21), QKeySequence("Ctrl++"), "xcb")
    assert matches(key_event(Qt.Key.Key_Plus, CTRL_SHIFT), QKeySequence("Ctrl++"), "offscreen")
    assert matches(key_event(Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier, scan=21), QKeySequence("Ctrl+="), "xcb")
    assert matches(key_event(0x0698, Qt.KeyboardModifier.ControlModifier, scan=20), QKeySequence("Ctrl+-"), "xcb")


def test_keypad_keys_match_and_a_sequence_of_two_keys_never_does() -> None:
    keypad_minus = key_event(Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier, scan=82)
    assert matches(keypad_minus, QKeySequence("Ctrl+-"), "xcb")
    assert not matches(key_event(ord("H"), CTRL_SHIFT, scan=XKB_H), QKeySequence("Ctrl+Shift+H, Ctrl+Shift+H"), "xcb")
