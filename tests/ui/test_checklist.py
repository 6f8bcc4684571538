"""'Copy this checklist' copies a guide's checklist, or the list right-clicked, as plain text that panic clears."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from safelib.core.checklist import guide_checklist
from safelib.core.context import open_context
from safelib.ui.window import MainWindow
from tests.conftest import write_pack


def clipboard() -> str:
    return QApplication.clipboard().text()


def test_the_menu_action_copies_the_guides_checklist_and_panic_clears_it(window: MainWindow) -> None:
    assert window.reading_panel.open_guide_id("phone-checkpoints")
    assert window.copy_checklist()  # the cursor is on the title, in no list: the guide's checklist
    expected = guide_checklist(window.reading_panel.current_guide.body)  # type: ignore[union-attr]
    assert expected is not None and clipboard() == expected.text()
    assert clipboard().startswith('Quick checklist\n- Gallery and "recently deleted" folder cleaned')
    assert window.statusBar().currentMessage() == "Checklist copied."
    window.panic.trigger()
    assert clipboard() == "" and window.statusBar().currentMessage() == ""


def test_a_right_click_on_a_list_copies_that_list(window: MainWindow) -> None:
    assert window.reading_panel.open_guide_id("phone-checkpoints")
    cursor = window.reading_panel.reader.document().find("Remove dating apps.")
    assert not cursor.isNull()
    window.reading_panel.reader.setTextCursor(cursor)
    window.reading_panel.reader.ensureCursorVisible()
    menu = window.checklist_menu.menu_at(window.reading_panel.reader.cursorRect().center())
    action = menu.findChild(QAction, "copy-checklist")
    assert action is not None and action.isEnabled() and action.text() == "Copy this checklist"
    action.trigger()
    lines = clipboard().splitlines()
    assert (
        lines[0] == '1. Clean the gallery. Move private photos off the phone, or delete them. Empty the "recently '
        'deleted" or "trash" folder too, because deleted photos stay there for weeks.'
    )
    assert lines[1].startswith("2. Remove dating apps.") and len(lines) == 7
    menu.deleteLater()
    window.panic.trigger()
    assert clipboard() == ""


def test_a_guide_with_no_list_has_nothing_to_copy(make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    context = open_context([write_pack(tmp_path, "plain", guides={"prose": "Only a paragraph."})], bundled=False)
    window: MainWindow = make_window(context)
    assert window.reading_panel.open_guide_id("prose")
    QApplication.clipboard().setText("the reader's own text")
    assert not window.copy_checklist()
    assert clipboard() == "the reader's own text"
    assert window.statusBar().currentMessage() == "This guide has no checklist."
    menu = window.checklist_menu.menu_at(window.reading_panel.reader.cursorRect().center())
    action = menu.findChild(QAction, "copy-checklist")
    assert action is not None and not action.isEnabled()
    menu.deleteLater()
    context.close()
