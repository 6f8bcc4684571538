"""The window's menu bar, built from the action table: View (with the colours), Bookmarks, Language and Help."""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from safelib.core.i18n import N_, _, interface_languages
from safelib.core.languages import native_name
from safelib.ui import actions
from safelib.ui.actions import ACTIONS
from safelib.ui.theme import THEMES

THEME_TITLES = {"light": N_("Light"), "dark": N_("Dark"), "high-contrast": N_("High contrast")}


class Menus:
    """`commands` by action name, each calling the window's (or a panel's) method its spec names; the colours (`theme`
    checked) and the interface languages as checkable entries that call `set_theme` and `set_language`; `bookmarks` is
    the Bookmarks menu its owner fills (ui/bookmarks.py), shown only on a vault stick."""

    def __init__(
        self,
        window: QMainWindow,
        theme: str,
        set_theme: Callable[[str], None],
        set_language: Callable[[str], None],
        bookmarks: QMenu,
    ) -> None:
        self.window = window
        self.set_language = set_language
        bar = window.menuBar()
        self.view_menu = QMenu(window)
        self.language_menu = QMenu(window)
        self.help_menu = QMenu(window)
        for menu in (self.view_menu, bookmarks, self.language_menu, self.help_menu):
            bar.addMenu(menu)
        menus = {"view": self.view_menu, "bookmarks": bookmarks, "help": self.help_menu}
        self.commands: dict[str, QAction] = {}
        for spec in ACTIONS:
            action = QAction(window)
            action.setShortcuts([QKeySequence(shortcut) for shortcut in spec.shortcuts])
            action.triggered.connect(attrgetter(spec.slot)(window))
            if spec.menu:  # an action without a menu is a key only
                if spec.separated:
                    menus[spec.menu].addSeparator()
                menus[spec.menu].addAction(action)
            window.addAction(action)  # shortcuts work while the menu bar is hidden behind a dialog
            self.commands[spec.name] = action
        self.theme_menu = self.view_menu.addMenu("")
        self.theme_group = QActionGroup(window)
        self.theme_actions: dict[str, QAction] = {}
        for name in THEMES:
            action = QAction(window, checkable=True)
            action.setChecked(name == theme)
            action.triggered.connect(lambda _checked=False, t=name: set_theme(t))
            self.theme_group.addAction(action)
            self.theme_menu.addAction(action)
            self.theme_actions[name] = action
        self.language_group = QActionGroup(window)
        self.language_actions: dict[str, QAction] = {}
        self.fill_languages()

    def fill_languages(self) -> None:
        """One entry per interface language: a vault kit brings its catalogs when it opens and takes them when it locks."""
        for action in self.language_actions.values():
            self.language_group.removeAction(action)
            self.language_menu.removeAction(action)
            action.deleteLater()
        self.language_actions.clear()
        for tag in interface_languages():
            action = QAction(native_name(tag), self.window, checkable=True)
            action.triggered.connect(lambda _checked=False, t=tag: self.set_language(t))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[tag] = action

    def retranslate(self) -> None:
        """Every menu and entry in the interface language."""
        self.view_menu.setTitle(_("&View"))
        self.language_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        self.theme_menu.setTitle(_("Colours"))
        for theme, action in self.theme_actions.items():
            action.setText(_(THEME_TITLES[theme]))
        actions.retranslate(self.commands)
