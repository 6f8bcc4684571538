"""The window's actions, declared once: name, words, shortcuts (each key once, so Qt never finds one ambiguous), menu."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence

from safelib.core.i18n import N_, _
from safelib.ui.bidi import isolate


@dataclass(frozen=True)
class ActionSpec:
    """One command: `slot` names the window method it calls, or a panel's ("reading_panel.go_back"); `menu` "" makes it
    a key with no menu entry."""

    name: str
    text: str
    shortcuts: tuple[str, ...]
    menu: str
    slot: str
    separated: bool = False  # a line above it in its menu


ACTIONS = (
    ActionSpec("find", N_("Search"), ("Ctrl+K",), "view", "search_panel.focus_search"),
    ActionSpec("find_key", N_("Find"), ("Ctrl+F",), "", "find_key"),  # in the guide when reading it, else Search
    ActionSpec("find_in_guide", N_("Find in this guide…"), (), "view", "reading_panel.find_in_guide"),
    ActionSpec("back", N_("Back"), ("Alt+Left",), "view", "reading_panel.go_back"),
    ActionSpec("forward", N_("Forward"), ("Alt+Right",), "view", "reading_panel.go_forward"),
    ActionSpec("library", N_("Go to the library"), ("Ctrl+L",), "view", "focus_library"),
    ActionSpec("bigger", N_("Bigger text"), ("Ctrl+=", "Ctrl++"), "view", "reading_panel.bigger_text", separated=True),
    ActionSpec("smaller", N_("Smaller text"), ("Ctrl+-",), "view", "reading_panel.smaller_text"),
    ActionSpec("checklist", N_("Copy this checklist"), (), "view", "copy_checklist", separated=True),
    ActionSpec("bookmark", N_("Bookmark this guide"), ("Ctrl+D",), "bookmarks", "bookmarks.bookmark_current"),
    ActionSpec("safety", N_("How to use this safely"), ("F1",), "help", "reading_panel.show_safety_page"),
    ActionSpec("settings", N_("Settings…"), ("Ctrl+,",), "help", "open_settings"),
    ActionSpec("add", N_("Add guides…"), ("Ctrl+O",), "help", "add_guides", separated=True),
    ActionSpec("packs", N_("Packs and signatures…"), (), "help", "open_packs"),
    ActionSpec("about", N_("About"), (), "help", "open_about"),
    ActionSpec("quit", N_("Quit"), ("Ctrl+Q",), "help", "close", separated=True),
)


def menu_text(spec: ActionSpec) -> str:
    """The translated words, then a tab and the first shortcut kept left-to-right, so "Ctrl+," is not mirrored in
    right-to-left menus (a tab in the text tells the menu to show this instead of its own rendering)."""
    if not spec.shortcuts:
        return _(spec.text)
    return _(spec.text) + "\t" + isolate(QKeySequence(spec.shortcuts[0]).toString(QKeySequence.SequenceFormat.NativeText))


def retranslate(actions: dict[str, QAction]) -> None:
    """Every action's words in the interface language."""
    for spec in ACTIONS:
        actions[spec.name].setText(menu_text(spec))
