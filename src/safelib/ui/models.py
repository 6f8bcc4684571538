"""Item models over the core's data: the library tree, search results, and a guide's table of contents."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QGuiApplication

from safelib.core.alphabet import sort_key
from safelib.core.i18n import N_, _, current_language
from safelib.core.languages import native_name
from safelib.core.library import Library, language_matches
from safelib.core.locales import is_rtl
from safelib.core.packs.model import CATEGORIES, LIBRARY_CATEGORIES, Guide
from safelib.core.render import Heading
from safelib.core.search.engine import Hit, Snippet
from safelib.core.search.matching import matched_words
from safelib.ui.bidi import isolate
from safelib.ui.compat import emit
from safelib.ui.fonts import font_for_script
from safelib.ui.plain import tooltip
from safelib.ui.session import Session

GUIDE_ROLE = Qt.ItemDataRole.UserRole + 1
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 2
CATEGORY_ROLE = Qt.ItemDataRole.UserRole + 3
ANCHOR_ROLE = Qt.ItemDataRole.UserRole + 4
MARK_ROLE = Qt.ItemDataRole.UserRole + 5  # the words to mark in the guide a result opens

CATEGORY_TITLES = {
    "security": N_("Security"),
    "sexual-health": N_("Sexual health"),
    "asylum": N_("Asylum"),
    "health": N_("Health"),
    "everyday": N_("Everyday life"),
}
AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def font_for(guide: Guide) -> QFont | None:
    """Arabic-script titles and snippets get the bundled Arabic font first, so every letter joins."""
    return font_for_script(QGuiApplication.font(), rtl=True) if is_rtl(guide.language) else None


def category_title(category: str) -> str:
    """A category's name in the interface language."""
    return _(CATEGORY_TITLES.get(category, category))


class LibraryModel(QAbstractItemModel):
    """Two levels: the categories, and under each the guides in the chosen language, then those it lacks, in another.

    A category row's internal id is 0; a guide row's internal id is its category's row + 1.
    """

    def __init__(self, session: Session, language: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.language = language
        self._groups: list[tuple[str, list[Guide]]] = []
        self._listed: tuple[str | None, str] | None = None  # (guide language, interface language) of what is listed
        self._fill()
        session.library_changed.connect(self.reload)

    @property
    def library(self) -> Library:
        """The session's library: the model keeps only the guides it lists, and refills them when it changes."""
        return self.session.library

    def _fill(self) -> None:
        self._listed = (self.language, current_language())
        guides = self.library.shelf(self.language, fallback=[current_language()]) if self.language else self.library.guides()
        by_title = sort_key(self.language or "en")

        def order(guide: Guide) -> tuple[bool, Any]:
            return (self.stand_in(guide), by_title(guide.title))  # guides not yet in the language come last

        groups = [(c, sorted((g for g in guides if g.category == c), key=order)) for c in CATEGORIES]
        # A vault's library lists only its own subjects: empty ones would hint at a library that is not shown.
        always = () if self.session.vault_mode else LIBRARY_CATEGORIES
        self._groups = [(c, members) for c, members in groups if members or c in always]

    def reload(self) -> None:
        """List the session's library again (reloaded, unlocked or locked away)."""
        self.beginResetModel()
        self._fill()
        self.endResetModel()

    def set_language(self, language: str | None) -> None:
        """Show the guides of another language (all guides when there are none in it); nothing to do when that is what
        is listed already for this interface language (whose guides stand in for missing ones)."""
        if (language, current_language()) == self._listed:
            return
        self.beginResetModel()
        self.language = language
        self._fill()
        self.endResetModel()

    def stand_in(self, guide: Guide) -> bool:
        """True for a guide listed in another language because the chosen one does not have it (yet)."""
        return self.language is not None and not language_matches(guide.language, self.language)

    def retranslate(self) -> None:
        """Category names changed language: tell the views."""
        if self._groups:
            emit(self.dataChanged, self.index(0, 0), self.index(len(self._groups) - 1, 0), [Qt.ItemDataRole.DisplayRole])

    def guide_count(self) -> int:
        """How many guides are listed."""
        return sum(len(guides) for _c, guides in self._groups)

    def index_of(self, guide: Guide) -> QModelIndex:
        """The index of a listed guide (invalid when it is not listed)."""
        for row, (_c, guides) in enumerate(self._groups):
            for child, listed in enumerate(guides):
                if listed.key == guide.key:
                    return self.index(child, 0, self.index(row, 0))
        return QModelIndex()

    def index(self, row: int, column: int, parent: AnyIndex = _ROOT) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != 0 or parent.column() != 0:
            return QModelIndex()
        group = parent.row()
        if group >= len(self._groups) or row >= len(self._groups[group][1]):
            return QModelIndex()
        return self.createIndex(row, 0, group + 1)

    def parent(self, child: AnyIndex = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.column() != 0 or parent.internalId() != 0:
            return 0
        return len(self._groups[parent.row()][1])

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 1

    def guide_at(self, index: AnyIndex) -> Guide | None:
        """The guide an index points to (None for a category row)."""
        if not index.isValid() or index.internalId() == 0:
            return None
        group = self._groups[index.internalId() - 1][1]
        return group[index.row()] if index.row() < len(group) else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        guide = self.guide_at(index)
        if guide is None:
            category = self._groups[index.row()][0]
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return category_title(category)
            if role == CATEGORY_ROLE:
                return category
            return None
        stand_in = self.stand_in(guide)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{guide.title} · {isolate(native_name(guide.language))}" if stand_in else guide.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(f"{self._stand_in_note(guide)} {guide.summary}" if stand_in else guide.summary)
        if role == Qt.ItemDataRole.FontRole:
            return font_for(guide)
        if role == GUIDE_ROLE:
            return guide
        if role == CATEGORY_ROLE:
            return guide.category
        return None

    def _stand_in_note(self, guide: Guide) -> str:
        assert self.language is not None
        return _("Not in {language} yet: shown in {other}.").format(
            language=isolate(native_name(self.language)), other=isolate(native_name(guide.language))
        )

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def snippet_html(snippet: Snippet) -> str:
    """The snippet as HTML: the guide's text escaped, the matched words in bold."""
    out, last = [], 0
    for start, end in snippet.spans:
        out += [html.escape(snippet.text[last:start]), "<b>", html.escape(snippet.text[start:end]), "</b>"]
        last = end
    out.append(html.escape(snippet.text[last:]))
    return "".join(out)


class ResultsModel(QAbstractListModel):
    """Search hits, best first; each row's rich text is its title and a highlighted snippet."""

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[Hit] = []
        self.query = ""

    def set_hits(self, query: str, hits: tuple[Hit, ...] | list[Hit]) -> None:
        """Replace the results with those of a newer query."""
        self.beginResetModel()
        self.query = query
        self.hits = list(hits)
        self.endResetModel()

    def clear(self) -> None:
        """No results (the search box was emptied, or panic)."""
        self.set_hits("", [])

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.guide.title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{hit.guide.title}. {hit.snippet.text}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(hit.guide.summary)
        if role == SNIPPET_ROLE:
            meta = html.escape(f"{category_title(hit.guide.category)} · {native_name(hit.guide.language)}")
            return f"<b>{html.escape(hit.guide.title)}</b><br><small>{meta}</small><br>{snippet_html(hit.snippet)}"
        if role == Qt.ItemDataRole.FontRole:
            return font_for(hit.guide)
        if role == GUIDE_ROLE:
            return hit.guide
        if role == MARK_ROLE:
            return matched_words(self.query, hit.snippet)
        return None


class TocModel(QAbstractListModel):
    """The headings of the guide being read; a row's anchor is where the reader scrolls to."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[Heading] = []

    def set_headings(self, headings: tuple[Heading, ...] | list[Heading]) -> None:
        """Show another guide's contents."""
        self.beginResetModel()
        self.headings = [h for h in headings if h.level <= 3]
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.headings)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.headings):
            return None
        heading = self.headings[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return ("    " * max(0, heading.level - 2)) + heading.text if role == Qt.ItemDataRole.DisplayRole else heading.text
        if role == ANCHOR_ROLE:
            return heading.anchor
        return None
