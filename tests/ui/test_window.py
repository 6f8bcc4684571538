"""The real window driven with qtbot: library, search, reading, links, language and layout direction."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from safelib.core.render import render_guide
from safelib.core.settings import Settings
from safelib.ui.actions import ACTIONS
from safelib.ui.chooser import Chooser
from safelib.ui.dialogs import SettingsDialog
from safelib.ui.models import GUIDE_ROLE, SNIPPET_ROLE, LibraryModel, ResultsModel, TocModel
from safelib.ui.session import Session
from safelib.ui.window import MainWindow

CONTROLS = ("QLineEdit", "QComboBox", "QPushButton", "QToolButton", "QTreeView", "QListView")


def x_of(widget: QWidget, window: MainWindow) -> int:
    return widget.mapTo(window, QPoint(0, 0)).x()


def search(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.search_panel.search_finished, timeout=10_000):
        window.search_panel.search_box.setFocus()
        qtbot.keyClicks(window.search_panel.search_box, text)


def test_library_lists_every_category_and_the_guides_of_the_interface_language(window: MainWindow) -> None:
    model = window.library_model
    assert model.rowCount() == 3
    assert model.guide_count() == len(window.library.guides(lang="en"))
    first = model.index(0, 0, model.index(0, 0))
    assert model.data(first, GUIDE_ROLE).language == "en"


def test_first_run_shows_the_safety_page_and_marks_it_seen(window: MainWindow) -> None:
    assert "How to use this safely" in window.reading_panel.reader.toPlainText()
    assert "panic" in window.reading_panel.reader.toPlainText().lower()
    assert window.settings["first_run_done"] is True


def test_typing_shows_highlighted_results_and_enter_opens_the_first(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    search(qtbot, window, "hiv")
    assert window.search_panel.results_model.rowCount() > 0
    assert window.side.currentIndex() == 1
    assert "<b>" in window.search_panel.results_model.data(
        window.search_panel.results_model.index(0, 0), Qt.ItemDataRole.UserRole + 2
    )
    qtbot.keyClick(window.search_panel.search_box, Qt.Key.Key_Down)
    assert window.search_panel.results_view.currentIndex().row() == 1
    qtbot.keyClick(window.search_panel.search_box, Qt.Key.Key_Up)
    expected = window.search_panel.results_model.hits[0].guide
    qtbot.keyClick(window.search_panel.search_box, Qt.Key.Key_Return)
    assert window.reading_panel.current_guide == expected
    assert expected.title.split(":")[0] in window.reading_panel.reader.toPlainText()
    assert window.reading_panel.toc_model.rowCount() > 0


def test_switching_to_sorani_mirrors_the_layout_and_back(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.reading_panel.open_guide_id("pep-72-hours")
    assert x_of(window.side, window) < x_of(window.reading_panel.reader, window)
    window.set_interface_language("ckb")
    qtbot.waitUntil(lambda: x_of(window.side, window) > x_of(window.reading_panel.reader, window))
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.isRightToLeft()
    assert window.reading_panel.current_guide is not None and window.reading_panel.current_guide.language == "ckb"
    assert window.library_model.language == "ckb"
    assert window.menus.language_actions["ckb"].isChecked()
    window.set_interface_language("en")
    qtbot.waitUntil(lambda: x_of(window.side, window) < x_of(window.reading_panel.reader, window))
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.reading_panel.current_guide.language == "en"


def test_retranslate_reaches_every_control(window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from safelib.ui import menus, reading_panel, search_panel, status
    from safelib.ui import window as window_module

    for module in (window_module, search_panel, reading_panel, menus, status):
        monkeypatch.setattr(module, "_", lambda text: f"«{text}»")
    window.set_interface_language("ar")
    assert window.panic_button.text() == "«Hide now»"
    assert window.search_panel.search_box.placeholderText().startswith("«")
    assert window.menus.view_menu.title().startswith("«")
    for widget in window.findChildren(QWidget):
        if widget.isVisibleTo(window) and widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.isEnabled():
            parent_names = widget.accessibleName() or (widget.parentWidget() and widget.parentWidget().accessibleName())
            if widget.metaObject().className() in CONTROLS:
                assert parent_names, widget


def test_font_size_keys_change_the_reader_font(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    size = window.reading_panel.reader.font().pointSize()
    window.menus.commands["bigger"].trigger()
    assert window.reading_panel.reader.font().pointSize() == size + 1
    window.menus.commands["smaller"].trigger()
    window.menus.commands["smaller"].trigger()
    assert window.reading_panel.reader.font().pointSize() == size - 1
    assert window.settings["font_size"] == size - 1


def test_themes_change_the_palette(window: MainWindow) -> None:
    window.set_theme("high-contrast")
    assert QApplication.palette().color(QApplication.palette().ColorRole.Window).name() == "#000000"
    window.set_theme("light")
    assert window.settings["theme"] == "light"


def test_ctrl_k_focuses_the_search_box(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitActive(window):
        window.activateWindow()
    window.library_view.setFocus()
    window.menus.commands["find"].trigger()
    assert window.search_panel.search_box.hasFocus()


def test_disguise_gives_a_neutral_title(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(disguise=True, disguise_title="Notes")
    assert window.windowTitle() == "Notes"
    assert not window.windowIcon().isNull()


def test_item_models_pass_the_model_tester(qtmodeltester, shared_context) -> None:  # type: ignore[no-untyped-def]
    library = LibraryModel(Session(shared_context, Settings(None)), "ckb")
    qtmodeltester.check(library)
    results = ResultsModel()
    results.set_hits("hiv", shared_context.search.search("hiv").hits)
    qtmodeltester.check(results)
    toc = TocModel()
    guide = shared_context.library.guide("pep-72-hours", lang="ckb")
    toc.set_headings(render_guide(guide, shared_context.library.pack(guide.pack_id)).toc)
    assert toc.rowCount() > 3
    qtmodeltester.check(toc)


def test_settings_stay_in_memory_without_a_portable_folder(qtbot, window: MainWindow, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    dialog = window.open_settings()
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.remember.isVisible()  # no portable folder: "Remember my settings" is not offered
    assert not dialog.form.labelForField(dialog.remember).isVisible()
    dialog.pin.setText("1234")
    dialog.save()
    window.set_theme("dark")
    window.reading_panel.change_font_size(+2)
    assert window.settings["panic_pin"] == "1234" and window.settings["theme"] == "dark"
    assert list(tmp_path.iterdir()) == []


def test_the_status_bar_speaks_the_new_language_after_a_switch(window: MainWindow) -> None:
    assert window.status.index_status.text().startswith("Ready")
    window.set_interface_language("ckb")
    assert not window.status.index_status.text().startswith("Ready") and window.status.index_status.text()


def test_the_first_escape_empties_the_search_box_and_the_second_hides(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.search_panel.search_box.setFocus()
    qtbot.keyClicks(window.search_panel.search_box, "hiv")
    qtbot.keyClick(window.search_panel.search_box, Qt.Key.Key_Escape)
    assert window.search_panel.search_box.text() == "" and window.isVisible()
    qtbot.keyClick(window.search_panel.search_box, Qt.Key.Key_Escape)
    assert not window.isVisible() and window.panic.active


def menu_words(menu: QMenu) -> list[str]:
    menu.deleteLater()
    return [action.text().split("\t")[0] for action in menu.actions() if not action.isSeparator()]


def test_qt_words_speak_the_interface_language(window: MainWindow) -> None:
    """Qt's own words (dialog buttons, right-click menus of text) are not shipped; the window gives its catalogs'."""
    assert menu_words(window.search_panel.search_box.createStandardContextMenu())[0] == "&Undo"  # English keeps Qt's own
    window.set_interface_language("ckb")
    words = {
        "settings": {button.text() for button in window.open_settings().buttons.buttons()},
        "about": {button.text() for button in window.open_about().buttons.buttons()},
        "packs": {button.text() for button in window.open_packs().buttons.buttons()},
    }
    assert words == {
        "settings": {"باشە", "هەڵوەشاندنەوە"},
        "about": {"داخستن"},
        "packs": {"داخستن", "ناردنە دەرەوەی ئەم پاکێجە…", "ناردنە دەرەوەی هەموو پاکێجەکان…"},
    }
    window.reading_panel.open_guide_id("pep-72-hours")
    for menu in (
        window.search_panel.search_box.createStandardContextMenu(),
        window.reading_panel.reader.createStandardContextMenu(QPoint(5, 5)),
    ):
        texts = menu_words(menu)
        assert texts and not [text for text in texts if text.isascii()], texts


def press(qtbot, window: MainWindow, shortcut: str) -> None:  # type: ignore[no-untyped-def]
    """The shortcut as a user types it, to the focus widget, through Qt's shortcut map."""
    combination = QKeySequence(shortcut)[0]
    qtbot.keyClick(QApplication.focusWidget() or window, combination.key(), combination.keyboardModifiers())


def test_every_advertised_shortcut_does_what_the_menu_says(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitActive(window):
        window.activateWindow()
    advertised = {shortcut for spec in ACTIONS for shortcut in spec.shortcuts}
    assert advertised == {
        "Ctrl+F",
        "Ctrl+K",
        "Alt+Left",
        "Alt+Right",
        "Ctrl+L",
        "Ctrl+=",
        "Ctrl++",
        "Ctrl+-",
        "F1",
        "Ctrl+,",
        "Ctrl+O",
        "Ctrl+Q",
        "Ctrl+D",
    }
    window.reading_panel.open_guide_id("pep-72-hours")
    window.reading_panel.open_guide_id("prep")
    window.reading_panel.reader.setFocus()
    press(qtbot, window, "Ctrl+K")
    assert window.search_panel.search_box.hasFocus()
    press(qtbot, window, "Ctrl+F")  # outside the guide: search
    assert window.search_panel.search_box.hasFocus() and not window.reading_panel.find_bar.isVisible()
    window.reading_panel.reader.setFocus()
    press(qtbot, window, "Ctrl+F")  # in the guide: find in it
    assert window.reading_panel.find_bar.box.hasFocus()
    press(qtbot, window, "Escape")
    window.reading_panel.reader.setFocus()
    press(qtbot, window, "Ctrl+D")  # no vault: nothing can be kept, and the window says so
    assert "keeps none" in window.statusBar().currentMessage()
    press(qtbot, window, "Alt+Left")
    assert window.reading_panel.current_guide is not None and window.reading_panel.current_guide.id == "pep-72-hours"
    press(qtbot, window, "Alt+Right")
    assert window.reading_panel.current_guide.id == "prep"
    size = window.settings["font_size"]
    for shortcut, expected in (("Ctrl+=", size + 1), ("Ctrl++", size + 2), ("Ctrl+-", size + 1)):
        press(qtbot, window, shortcut)
        assert window.settings["font_size"] == expected, shortcut
    window.search_panel.search_box.setFocus()
    press(qtbot, window, "Ctrl+L")
    assert window.side.currentWidget() is window.library_view and window.library_view.hasFocus()
    press(qtbot, window, "F1")
    assert window.reading_panel.current_guide is None and "Esc" in window.reading_panel.reader.toPlainText()
    press(qtbot, window, "Ctrl+,")
    assert any(isinstance(dialog, SettingsDialog) for dialog in window.dialogs)
    window.activateWindow()
    window.library_view.setFocus()
    press(qtbot, window, "Ctrl+O")
    assert any(isinstance(dialog, Chooser) for dialog in window.dialogs)
    window.activateWindow()
    window.library_view.setFocus()
    press(qtbot, window, "Ctrl+Q")
    assert not window.isVisible()


def test_menus_show_shortcuts_left_to_right_in_right_to_left_languages(window: MainWindow) -> None:
    window.set_interface_language("ckb")
    text = window.menus.commands["settings"].text()
    assert text.endswith("\t\u2068Ctrl+,\u2069") and not text.startswith("Settings")


SCREENS = {"1024x600": QRect(0, 0, 1024, 600), "1366x768": QRect(0, 0, 1366, 768)}


@pytest.mark.parametrize("language", ["en", "ckb"])
@pytest.mark.parametrize("screen", SCREENS.values(), ids=SCREENS.keys())
def test_every_control_is_on_screen_on_small_laptops(qtbot, window: MainWindow, language: str, screen: QRect) -> None:  # type: ignore[no-untyped-def]
    window.set_interface_language(language)
    window.reading_panel.open_guide_id("pep-72-hours")  # the contents pane shows too
    window.fit_into(screen)
    qtbot.waitUntil(lambda: window.width() <= screen.width())
    assert screen.contains(window.frameGeometry())
    controls = [
        window.panic_button,
        window.reading_panel.back_button,
        window.reading_panel.forward_button,
        window.search_panel.search_box,
        window.search_panel.category_filter,
    ]
    controls += [
        window.search_panel.language_filter,
        window.library_view,
        window.reading_panel.reader,
        window.reading_panel.toc_view,
        window.reading_panel.read_in,
        window.statusBar(),
    ]
    inside = window.rect().adjusted(-1, -1, 1, 1)  # a mirrored splitter reports its far pane one pixel wide
    for widget in controls:
        where = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        assert widget.isVisible() and inside.contains(where), widget
        assert where.width() >= widget.minimumSizeHint().width() and where.height() >= widget.minimumSizeHint().height(), widget
    bar = window.menuBar()
    for menu in (window.menus.view_menu, window.menus.language_menu, window.menus.help_menu):
        assert bar.rect().contains(bar.actionGeometry(menu.menuAction())) and not bar.actionGeometry(menu.menuAction()).isEmpty()


def test_the_window_opens_inside_the_screen(window: MainWindow) -> None:
    screen = window.screen().availableGeometry()
    assert window.width() <= screen.width() and window.height() <= screen.height()


def test_results_name_the_language_instead_of_its_code(shared_context) -> None:  # type: ignore[no-untyped-def]
    results = ResultsModel()
    hits = [hit for hit in shared_context.search.search("hiv").hits if hit.guide.language == "ckb"]
    results.set_hits("hiv", hits)
    meta = results.data(results.index(0, 0), SNIPPET_ROLE)
    assert "کوردی" in meta and "· ckb" not in meta


def test_switching_the_interface_language_keeps_the_search_and_its_filter(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.search_panel.language_filter.setCurrentIndex(0)  # all languages
    search(qtbot, window, "hiv")
    count = window.search_panel.results_model.rowCount()
    window.set_interface_language("ckb")
    assert window.search_panel.language_filter.currentData() is None and window.search_panel.search_box.text() == "hiv"
    assert not window.search_panel.debounce.isActive() and window.search_panel.results_model.rowCount() == count
