"""The Bookmarks menu and the reading place: kept by the session inside the vault, restored when a guide opens again."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, QPoint
from PySide6.QtGui import QAction, QTextBlock
from PySide6.QtWidgets import QMenu, QTextBrowser, QWidget

from safelib.core.bookmarks import Bookmark, GuideRef
from safelib.core.i18n import _, format_number, ngettext
from safelib.core.locales import is_rtl
from safelib.core.packs.model import Guide
from safelib.core.settings import OPTIONS_BY_KEY
from safelib.ui.bidi import isolate, isolate_as
from safelib.ui.highlight import SEARCH_LAYER
from safelib.ui.reader import ReaderView
from safelib.ui.session import Session

MENU_CHARACTERS = 70  # a bookmark's words in the menu; the menu must fit a 1024-pixel screen


def guide_ref(guide: Guide) -> GuideRef:
    """How bookmarks name a guide."""
    return GuideRef(guide.pack_id, guide.id, guide.language)


def _anchor_of(block: QTextBlock) -> str | None:
    """The section anchor (`section-N`) a block starts with, if it is a heading."""
    fragments = block.begin()
    while not fragments.atEnd():
        names = [name for name in fragments.fragment().charFormat().anchorNames() if name.startswith("section-")]
        if names:
            return names[0]
        fragments += 1
    return None


def section_at_top(reader: QTextBrowser) -> tuple[str, str]:
    """The heading and anchor of the section at the top of the reader's view; ("", "") above the first heading."""
    block = reader.cursorForPosition(QPoint(0, 0)).block()
    while block.isValid():
        anchor = _anchor_of(block)
        if anchor is not None:
            return block.text().strip(), anchor
        block = block.previous()
    return "", ""


def _menu_words(mark: Bookmark) -> str:
    """A bookmark as a menu entry: the guide's title and its section, shortened, each kept in its own direction."""
    words = mark.title if not mark.section else f"{mark.title} — {mark.section}"
    if len(words) > MENU_CHARACTERS:
        words = words[: MENU_CHARACTERS - 1] + "…"
    return isolate_as(words.replace("&", "&&"), is_rtl(mark.ref.language))  # "&" would underline the next letter


class BookmarksMenu(QObject):
    """Owns the Bookmarks menu (shown only on a vault stick) and follows how far the reader is in the open guide.

    The place is noted in memory as the reader scrolls (the session writes it into the vault with its next save), and
    only while the guide it belongs to is the one shown: opening another guide or panic stops it before the page goes.
    """

    def __init__(
        self,
        session: Session,
        reader: ReaderView,
        current: Callable[[], Guide | None],
        open_guide: Callable[[Guide], bool],
        say: Callable[[str], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.reader = reader
        self.current = current
        self.open_guide = open_guide
        self.say = say
        self.shown: GuideRef | None = None  # the guide whose place the scroll bar tells
        self.menu = QMenu(parent)
        self.menu.setObjectName("bookmarks-menu")
        self.menu.menuAction().setVisible(session.vault_mode)
        self.remove_menu = QMenu(self.menu)
        self.remove_menu.setObjectName("remove-bookmark-menu")
        self.entries: list[QAction] = []
        self.choices: dict[QAction, Callable[[], object]] = {}  # what each entry does; held here only, so panic drops it
        self.menu.triggered.connect(self._chosen)  # the Remove submenu's entries arrive here too
        self.menu.aboutToShow.connect(self.refresh)
        session.bookmarks_changed.connect(self.refresh)
        session.bookmarks_changed.connect(self._say_problems)
        reader.verticalScrollBar().valueChanged.connect(self._scrolled)

    # ----- the menu ---------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Rebuild the entries after the fixed actions: one per bookmark (opens it), and the same under "Remove"."""
        self._clear()
        self.remove_menu.setTitle(_("Remove a bookmark"))
        self._add(self.menu, None, None)
        bookmarks = self.session.bookmarks
        if bookmarks is None or not bookmarks.items:
            if not self.session.is_locked:
                note = _("No bookmarks yet") if bookmarks is not None else _("Bookmarks are off (see Settings)")
                self._add(self.menu, note, None).setEnabled(False)
            return
        for mark in bookmarks.items:
            self._add(self.menu, _menu_words(mark), partial(self.open_bookmark, mark))
            self._add(self.remove_menu, _menu_words(mark), partial(self.remove, mark.ref))
        self._add(self.menu, None, None)
        self.menu.addAction(self.remove_menu.menuAction())

    def _add(self, menu: QMenu, words: str | None, slot: Callable[[], object] | None) -> QAction:
        """An entry of `menu`, or a separator when `words` is None."""
        action = QAction(words or "", menu)
        action.setSeparator(words is None)
        if slot is not None:
            self.choices[action] = slot
        menu.addAction(action)
        self.entries.append(action)
        return action

    def _clear(self) -> None:
        """Take every entry out; their words go at once (panic), the objects when Qt is done with them (one may be the
        entry whose click got us here)."""
        for action in self.entries:
            self.menu.removeAction(action)
            self.remove_menu.removeAction(action)
            action.setText("")
            action.deleteLater()
        self.menu.removeAction(self.remove_menu.menuAction())
        self.entries, self.choices = [], {}

    def _chosen(self, action: QAction) -> None:
        slot = self.choices.get(action)
        if slot is not None:
            slot()

    def _say_problems(self) -> None:
        """Bookmarks that could not be read were left out: say so once, with the first reason."""
        bookmarks = self.session.bookmarks
        if bookmarks is not None and bookmarks.problems:
            self.say(
                ngettext(
                    "The bookmarks had {count} problem; what could not be read was left out ({problem}).",
                    "The bookmarks had {count} problems; what could not be read was left out ({problem}).",
                    len(bookmarks.problems),
                ).format(count=format_number(len(bookmarks.problems)), problem=isolate(bookmarks.problems[0]))
            )
            bookmarks.problems.clear()

    # ----- commands ---------------------------------------------------------------------------------------------

    def bookmark_current(self) -> bool:
        """Ctrl+D: bookmark the guide shown, at the section being read; say plainly why when nothing can be kept."""
        bookmarks, guide = self.session.bookmarks, self.current()
        if not self.session.vault_mode:
            self.say(_("Bookmarks are kept only in a library locked with a code (a vault); this copy keeps none."))
            return False
        if bookmarks is None:
            self.say(
                _("Bookmarks are off. To keep them, turn on “{setting}” in Settings.").format(
                    setting=_(OPTIONS_BY_KEY["keep_bookmarks"].title)
                )
            )
            return False
        if guide is None:
            self.say(_("Open a guide first, then bookmark it."))
            return False
        section, anchor = section_at_top(self.reader)
        if not bookmarks.add(guide_ref(guide), guide.title, section, anchor):
            self.say(_("You have as many bookmarks as can be kept. Remove one first (Bookmarks → Remove a bookmark)."))
            return False
        self.say(_("Bookmarked: {title}").format(title=isolate_as(guide.title, is_rtl(guide.language))))
        return True

    def open_bookmark(self, mark: Bookmark) -> bool:
        """Open a bookmarked guide at its section; a guide no longer in the library is said, and left for removing."""
        pack = self.session.library.pack(mark.ref.pack)
        guide = pack.guides.get(mark.ref.guide) if pack is not None else None
        if guide is None or guide.language != mark.ref.language:
            self.say(_("This guide is no longer in the library. You can remove its bookmark."))
            return False
        if not self.open_guide(guide):
            return False
        if mark.anchor:
            self.reader.scrollToAnchor(mark.anchor)
        return True

    def remove(self, ref: GuideRef) -> None:
        """Forget one bookmark."""
        if self.session.bookmarks is not None and self.session.bookmarks.remove(ref):
            self.say(_("Bookmark removed."))

    # ----- the reading place ------------------------------------------------------------------------------------

    def opened(self, guide: Guide) -> None:
        """A guide is shown: go back to where the reader left it, and follow its place from now on."""
        ref = guide_ref(guide)
        bookmarks = self.session.bookmarks
        fraction = bookmarks.place(ref) if bookmarks is not None else None
        bar = self.reader.verticalScrollBar()
        searched = bool(self.reader.marks.layers.get(SEARCH_LAYER))  # opened from a result: at its first match
        if fraction is not None and ref != self.shown and not searched:  # shown again (theme, reload): kept its place
            bar.setValue(round(fraction * bar.maximum()))
        self.shown = ref

    def _scrolled(self, value: int) -> None:
        bookmarks, guide = self.session.bookmarks, self.current()
        if bookmarks is None or guide is None or guide_ref(guide) != self.shown:
            return  # another page is being put in place, or nothing is kept
        maximum = self.reader.verticalScrollBar().maximum()
        bookmarks.note_place(self.shown, value / maximum if maximum else 0.0)

    def wipe(self) -> None:
        """Panic: stop following (the page is about to be cleared) and empty the menu of every title."""
        self.shown = None
        self._clear()

    def retranslate(self) -> None:
        """The menu's words in the interface language."""
        self.menu.setTitle(_("&Bookmarks"))
        self.refresh()
