"""After panic, nothing the program owns still holds what was read or searched: a walk over every Qt object and the
Python state they carry, looking for the words of the guides read and the query typed."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QAction, QTextCursor, QTextDocument
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QLineEdit, QTextEdit, QWidget

from safelib.core.context import Context
from safelib.core.library import Library
from safelib.core.search.engine import SearchEngine
from safelib.core.settings import Settings
from safelib.ui.models import LibraryModel
from safelib.ui.window import MainWindow
from tests.conftest import GUIDE, write_pack

QUERY = "countsx hiv"
READ = ("pep-72-hours", "prep")
ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole)
# The library, and the list of it, hold every guide; that is not "what was read".
SHARED = (Library, Context, SearchEngine, Settings, LibraryModel)


def model_texts(model: QAbstractItemModel, parent: QModelIndex = QModelIndex()) -> Iterator[str]:  # noqa: B008
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        for role in ROLES:
            if isinstance(value := model.data(index, role), str):
                yield value
        yield from model_texts(model, index)


def qt_texts(item: QObject) -> Iterator[str]:
    """Every string a Qt object shows or keeps."""
    if isinstance(item, QWidget):
        yield from (item.windowTitle(), item.toolTip(), item.accessibleName(), item.accessibleDescription(), item.statusTip())
    if isinstance(item, QLineEdit):
        yield item.text()
        yield str(item.isUndoAvailable() or item.isRedoAvailable())
    if isinstance(item, (QLabel, QAbstractButton, QAction)):  # actions: the menus' entries (bookmarks)
        yield item.text()
    if isinstance(item, QTextEdit):
        yield item.toHtml()
        yield from (QTextCursor(selection.cursor).selectedText() for selection in item.extraSelections())  # marked words
    if isinstance(item, QTextDocument):
        yield item.toHtml()
        yield str(item.isUndoAvailable())
    if isinstance(item, QComboBox):
        yield from (item.itemText(i) for i in range(item.count()))
    if isinstance(item, QAbstractItemModel) and not hasattr(item, "library"):
        yield from model_texts(item)
    for name in item.dynamicPropertyNames():
        try:
            yield str(item.property(bytes(name).decode()))
        except RuntimeError:  # Qt's own internal properties the binding cannot convert hold no text of ours
            continue


def python_texts(value: object, seen: set[int], depth: int = 0) -> Iterator[str]:
    """Strings reachable from `value` through attributes, containers and dataclasses, the shared library excepted."""
    if id(value) in seen or depth > 6 or isinstance(value, SHARED):
        return
    seen.add(id(value))
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from python_texts(item, seen, depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from python_texts(key, seen, depth + 1)
            yield from python_texts(item, seen, depth + 1)
    elif dataclasses.is_dataclass(value):  # guides, hits, headings: slotted, so vars() would not see them
        for field in dataclasses.fields(value):
            yield from python_texts(getattr(value, field.name), seen, depth + 1)
    elif hasattr(value, "__dict__") and type(value).__module__.startswith("safelib"):
        for attribute in vars(value).values():
            yield from python_texts(attribute, seen, depth + 1)


def everything_owned(window: MainWindow) -> Iterator[str]:
    objects: list[QObject] = [window, *window.findChildren(QObject), *QApplication.topLevelWidgets()]
    panels = [window.search_panel, window.reading_panel]  # each panel's own objects, and the workers of its threads
    objects += [*panels, window.panic, window.panic_keys]
    objects += [window.search_panel.search_thread.worker, window.reading_panel.render_thread.worker]
    if window.panic.decoy is not None:
        objects += [window.panic.decoy, *window.panic.decoy.findChildren(QObject)]
    # Each object is walked from here, at depth 0: reached again through another's attributes (the panic controller's
    # window, a panel's parent), it is not walked a second time, deeper, where the depth limit would cut its texts off.
    seen = {id(item) for item in objects}
    for item in objects:
        yield from qt_texts(item)
        if type(item).__module__.startswith("safelib") and not isinstance(item, SHARED):
            for attribute in vars(item).values():  # their values; attribute names are not text
                yield from python_texts(attribute, seen)


def test_after_panic_nothing_holds_what_was_read_or_searched(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    guides = [window.library.guide(guide_id, lang="en") for guide_id in READ]
    phrases = [QUERY, *READ]  # the ids are what the history keeps
    for guide in guides:
        assert guide is not None and window.reading_panel.open_guide(guide)
        phrases.append(window.reading_panel.reader.toPlainText().split("\n")[3][:40])  # a line of the body
    with qtbot.waitSignal(window.search_panel.search_finished, timeout=10_000):
        window.search_panel.search_box.setFocus()
        qtbot.keyClicks(window.search_panel.search_box, QUERY)
    window.reading_panel.reader.selectAll()
    window.reading_panel.reader.copy()
    before = "\n".join(everything_owned(window))
    assert all(phrase in before for phrase in phrases)  # the walk does see them while they are shown
    assert guides[0] is not None and guides[0].title in before and guides[0].body[:200] in before  # current_guide

    window.panic.trigger()
    after = "\n".join(everything_owned(window))
    for phrase in phrases:
        assert phrase not in after, after[max(0, after.find(phrase) - 300) : after.find(phrase) + 100]
    library_titles = {guide.title for guide in window.library.guides()}
    left = [title for title in library_titles if title in after]
    assert left == [], "guide titles outside the library list"
    assert "True" not in after.split("\n")  # no undo history anywhere


def test_after_panic_no_word_searched_or_looked_for_is_still_marked_or_kept(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.search_panel.search_finished, timeout=10_000):
        window.search_panel.search_box.setText("undetectable")
    qtbot.keyClick(window.search_panel.search_box, Qt.Key.Key_Return)  # opens the first result with its matches marked
    searched = len(window.reading_panel.reader.extraSelections())
    assert window.reading_panel.current_guide is not None and searched
    window.reading_panel.find_in_guide()
    window.reading_panel.find_bar.box.setText("viral load")
    assert len(window.reading_panel.reader.extraSelections()) > searched
    assert "viral load" in "\n".join(everything_owned(window)).lower()

    window.panic.trigger()
    assert window.reading_panel.reader.extraSelections() == []
    after = "\n".join(everything_owned(window)).lower()
    assert "undetectable" not in after and "viral" not in after


def test_after_panic_no_bookmark_or_title_is_left_in_a_vault_window(qtbot, unlocked_window, vault_stick, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    body = "Intro. " * 400 + "\n\n## Wombat exit\n\n" + "Text. " * 400
    guides = {
        "kept": GUIDE.format(title="Quokka shelter", category="security", summary="S.", body=body),
        "other": GUIDE.format(title="Numbat papers", category="asylum", summary="S.", body="Text."),
    }
    window, session, _vault = unlocked_window(vault_stick(write_pack(tmp_path / "packs", "real", guides=guides)))
    window.settings.set("keep_bookmarks", True)
    for guide_id in guides:
        assert window.reading_panel.open_guide_id(guide_id)
        window.reading_panel.reader.scrollToAnchor("section-1")
        assert window.bookmarks.bookmark_current()
    window.bookmarks.menu.aboutToShow.emit()  # the menu as the reader opens it, with every bookmark in it
    phrases = ["Quokka shelter", "Wombat exit", "Numbat papers"]
    before = "\n".join(everything_owned(window))
    assert all(phrase in before for phrase in phrases)

    window.panic.trigger()
    after = "\n".join(everything_owned(window))
    assert session.bookmarks is None
    for phrase in phrases:
        assert phrase not in after, after[max(0, after.find(phrase) - 300) : after.find(phrase) + 100]
