"""Bookmarks and the reading place: opt-in, kept only inside the vault, restored on opening, gone on lock and panic."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from safelib.core.bookmarks import BOOKMARKS_ITEM, GuideRef
from safelib.core.context import open_vault_context
from safelib.core.settings import Settings
from safelib.core.vault.container import Vault
from safelib.core.vault.library import pack_bytes, pack_item
from safelib.ui.session import Session
from safelib.ui.window import MainWindow
from tests.conftest import GUIDE, write_pack
from tests.core.vault.conftest import CHEAP, CODE
from tests.ui.test_panic import system_press

CTRL = Qt.KeyboardModifier.ControlModifier
SECTIONS = "\n\n".join(f"## Part {number}\n\n" + "A line of text to read. " * 60 for number in range(1, 9))


def long_guide(title: str) -> str:
    return GUIDE.format(title=title, category="security", summary="A long test guide.", body=SECTIONS)


@pytest.fixture
def stick(vault_stick, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    guides = {"first": long_guide("First guide"), "second": long_guide("Second guide")}
    return vault_stick(write_pack(tmp_path / "packs", "real", guides=guides))  # type: ignore[no-any-return]


def entries(menu: QMenu) -> list[str]:
    """The words of a menu's entries after it is opened (separators left out)."""
    menu.aboutToShow.emit()
    return [action.text() for action in menu.actions() if not action.isSeparator() and action.text()]


def open_at(window: MainWindow, guide_id: str, fraction: float) -> None:
    assert window.reading_panel.open_guide_id(guide_id)
    bar = window.reading_panel.reader.verticalScrollBar()
    assert bar.maximum() > 500, "the test guide must scroll"
    bar.setValue(round(fraction * bar.maximum()))


def fraction_shown(window: MainWindow) -> float:
    bar = window.reading_panel.reader.verticalScrollBar()
    return bar.value() / bar.maximum()


def open_vault(qtbot, window: MainWindow, path: Path) -> Vault:  # type: ignore[no-untyped-def]
    """Open the vault at `path` in the window, as a code typed in the calculator would (once what a lock or a save
    asked of the vault's thread is written)."""
    written(qtbot, window.session)
    vault = Vault.unlock(path, CODE, CHEAP)
    assert vault is not None
    window.panic.restore()
    window.session.open(open_vault_context(vault), vault)
    qtbot.waitUntil(lambda: not window.indexing, timeout=30_000)
    return vault


def written(qtbot, session: Session) -> None:  # type: ignore[no-untyped-def]
    """Wait until the vault's thread has written everything asked of it."""
    assert session.io is not None
    qtbot.waitUntil(lambda: not session.io.busy, timeout=10_000)


def reopen(qtbot, window: MainWindow, path: Path) -> Vault:  # type: ignore[no-untyped-def]
    """Panic (which locks), then open the vault again."""
    window.panic.trigger()
    return open_vault(qtbot, window, path)


def test_without_a_vault_there_is_no_bookmarks_menu_and_ctrl_d_says_nothing_is_kept(window: MainWindow) -> None:
    assert not window.bookmarks.menu.menuAction().isVisible()
    assert window.reading_panel.open_guide_id("prep")
    assert window.session.bookmarks is None
    window.reading_panel.reader.setFocus()
    window.menus.commands["bookmark"].trigger()
    assert "this copy keeps none" in window.statusBar().currentMessage()
    assert window.session.bookmarks is None
    assert window.dialogs == []


def test_bookmarks_are_off_until_the_reader_turns_them_on(unlocked_window, stick: Path) -> None:  # type: ignore[no-untyped-def]
    window, session, _vault = unlocked_window(stick)
    assert window.bookmarks.menu.menuAction().isVisible() and session.bookmarks is None
    assert entries(window.bookmarks.menu)[1:] == ["Bookmarks are off (see Settings)"]
    assert window.reading_panel.open_guide_id("first")
    assert not window.bookmarks.bookmark_current()
    assert "Remember bookmarks and where I stopped reading" in window.statusBar().currentMessage()
    dialog = window.open_settings()
    assert dialog.keep_bookmarks.isVisibleTo(dialog) and not dialog.keep_bookmarks.isChecked()
    assert "unticking it erases them" in dialog.remember_note.text()
    dialog.keep_bookmarks.setChecked(True)
    dialog.buttons.accepted.emit()
    assert session.bookmarks is not None and entries(window.bookmarks.menu)[1:] == ["No bookmarks yet"]


def test_the_settings_dialog_offers_bookmarks_only_for_a_vault(window: MainWindow) -> None:
    dialog = window.open_settings()
    assert not dialog.keep_bookmarks.isVisibleTo(dialog)


def test_ctrl_d_bookmarks_the_section_being_read_and_the_menu_opens_and_removes_it(qtbot, unlocked_window, stick: Path) -> None:  # type: ignore[no-untyped-def]
    window, session, vault = unlocked_window(stick)
    window.settings.set("keep_bookmarks", True)
    assert window.reading_panel.open_guide_id("first")
    window.reading_panel.reader.scrollToAnchor("section-5")
    window.reading_panel.reader.setFocus()
    qtbot.waitUntil(window.reading_panel.reader.hasFocus)
    with qtbot.waitSignal(session.bookmarks_changed):
        qtbot.keyClick(window.reading_panel.reader, Qt.Key.Key_D, CTRL)
    assert session.bookmarks is not None
    [mark] = session.bookmarks.items
    assert (mark.ref, mark.title, mark.section, mark.anchor) == (
        GuideRef("real", "first", "en"),
        "First guide",
        "Part 5",
        "section-5",
    )
    assert "Bookmarked: " in window.statusBar().currentMessage()
    assert session.save_timer.isActive()  # written into the vault a moment later, as settings are

    assert window.reading_panel.open_guide_id("second")
    assert entries(window.bookmarks.menu)
    [entry] = [a for a in window.bookmarks.menu.actions() if "First guide" in a.text()]
    assert "Part 5" in entry.text()
    entry.trigger()
    assert window.reading_panel.current_guide is not None and window.reading_panel.current_guide.id == "first"
    assert (
        window.reading_panel.reader.cursorForPosition(window.reading_panel.reader.rect().topLeft())
        .block()
        .text()
        .startswith("Part 5")
    )

    remove = window.bookmarks.remove_menu
    assert entries(window.bookmarks.menu)  # fills the Remove submenu too
    [removal] = [a for a in remove.actions() if "First guide" in a.text()]
    with qtbot.waitSignal(session.bookmarks_changed):
        removal.trigger()
    assert session.bookmarks.items == [] and entries(window.bookmarks.menu)[1:] == ["No bookmarks yet"]
    assert vault is session.vault


def test_ctrl_d_works_under_an_arabic_layout(qtbot, unlocked_window, stick: Path) -> None:  # type: ignore[no-untyped-def]
    window, session, _vault = unlocked_window(stick)
    window.panic_keys.platform = "xcb"
    window.settings.set("keep_bookmarks", True)
    assert window.reading_panel.open_guide_id("first")
    window.reading_panel.reader.setFocus()
    qtbot.waitUntil(window.reading_panel.reader.hasFocus)
    system_press(window, 0x064A, CTRL, "\u064a", scan=40)  # ي is on the D key
    assert session.bookmarks is not None and [b.ref.guide for b in session.bookmarks.items] == ["first"]


def test_a_guide_opens_where_the_reader_left_it_even_after_a_lock(qtbot, unlocked_window, stick: Path) -> None:  # type: ignore[no-untyped-def]
    window, session, _vault = unlocked_window(stick)
    window.settings.set("keep_bookmarks", True)
    open_at(window, "first", 0.6)
    open_at(window, "second", 0.3)
    assert window.reading_panel.open_guide_id("first")
    assert fraction_shown(window) == pytest.approx(0.6, abs=0.01)
    window.set_theme("dark")  # the same guide laid out again: the place noted is the one shown, not its top
    assert session.bookmarks is not None
    assert session.bookmarks.place(GuideRef("real", "first", "en")) == pytest.approx(fraction_shown(window), abs=0.001)
    assert fraction_shown(window) > 0.5
    open_at(window, "first", 0.6)

    reopen(qtbot, window, stick)  # panic wipes the page; the place noted before it is written as the vault locks
    assert session.bookmarks is not None
    assert window.reading_panel.open_guide_id("second")
    assert fraction_shown(window) == pytest.approx(0.3, abs=0.01)
    assert window.reading_panel.open_guide_id("first")
    assert fraction_shown(window) == pytest.approx(0.6, abs=0.01)


def test_bookmarks_live_only_in_the_vault_and_turning_them_off_erases_them(qtbot, unlocked_window, stick: Path) -> None:  # type: ignore[no-untyped-def]
    window, session, _vault = unlocked_window(stick)
    before = {path.name for path in stick.parent.iterdir()}
    window.settings.set("keep_bookmarks", True)
    assert window.reading_panel.open_guide_id("second") and window.bookmarks.bookmark_current()
    session.save_vault()
    written(qtbot, session)
    assert {path.name for path in stick.parent.iterdir()} == before == {"data.bin"}
    assert b"Second guide" not in stick.read_bytes()  # encrypted, like everything in the vault
    vault = reopen(qtbot, window, stick)
    assert BOOKMARKS_ITEM in vault.items and session.bookmarks is not None
    assert [b.title for b in session.bookmarks.items] == ["Second guide"]

    window.settings.set("keep_bookmarks", False)
    assert session.bookmarks is None and BOOKMARKS_ITEM not in vault.items
    vault = reopen(qtbot, window, stick)
    assert BOOKMARKS_ITEM not in vault.items and session.bookmarks is None
    window.settings.set("keep_bookmarks", True)
    assert session.bookmarks is not None and session.bookmarks.items == []


def test_a_broken_bookmarks_item_costs_only_itself(qtbot, make_window, vault_stick, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = vault_stick(write_pack(tmp_path / "packs", "real", guides={"first": long_guide("First guide")}))
    vault = Vault.unlock(path, CODE, CHEAP)
    assert vault is not None
    vault.items["settings.json"] = b'{"keep_bookmarks": true, "theme": "dark"}'
    vault.items[BOOKMARKS_ITEM] = b'{"format": 1, "bookmarks": [{"pack": "../x"}], "places": 7}'
    vault.save()
    vault.lock()
    window: MainWindow = make_window(session=Session(None, Settings(None), path, CHEAP))
    vault = open_vault(qtbot, window, path)
    session = window.session
    assert session.bookmarks is not None and session.bookmarks.items == []
    assert window.settings["theme"] == "dark" and [g.id for g in window.library.guides()] == ["first"]
    message = window.statusBar().currentMessage()
    assert "The bookmarks had 2 problems" in message and "bookmarks entry 1" in message
    assert pack_item("real") in vault.items and vault.items[pack_item("real")] == pack_bytes(tmp_path / "packs" / "real")


def test_a_lock_takes_the_bookmarks_out_of_the_menu(qtbot, unlocked_window, stick: Path) -> None:  # type: ignore[no-untyped-def]
    window, session, _vault = unlocked_window(stick)
    window.settings.set("keep_bookmarks", True)
    assert window.reading_panel.open_guide_id("first") and window.bookmarks.bookmark_current()
    assert any("First guide" in text for text in entries(window.bookmarks.menu))
    window.panic.trigger()  # test_session.py checks with weak references that nothing keeps them in memory
    assert session.bookmarks is None
    titles = [a.text() for a in window.findChildren(QAction)]
    assert not any("First guide" in text for text in titles)
    assert entries(window.bookmarks.menu)[1:] == []  # locked: not even a note


@pytest.mark.parametrize("language", ["en", "ckb"])
def test_the_bookmarks_menu_fits_a_small_laptop(qtbot, unlocked_window, stick: Path, language: str) -> None:  # type: ignore[no-untyped-def]
    window, _session, _vault = unlocked_window(stick)
    window.settings.set("keep_bookmarks", True)
    window.set_interface_language(language)
    assert window.reading_panel.open_guide_id("first") and window.bookmarks.bookmark_current()
    window.fit_into(QRect(0, 0, 1024, 600))
    qtbot.waitUntil(lambda: window.width() <= 1024)
    bar = window.menuBar()
    menus = window.menus
    for menu in (menus.view_menu, window.bookmarks.menu, menus.language_menu, menus.help_menu):
        assert bar.rect().contains(bar.actionGeometry(menu.menuAction())) and not bar.actionGeometry(menu.menuAction()).isEmpty()
    assert entries(window.bookmarks.menu)
    assert window.bookmarks.menu.sizeHint().width() < 1024


def test_a_right_to_left_title_keeps_its_direction_in_the_menu(unlocked_window, stick: Path) -> None:  # type: ignore[no-untyped-def]
    window, session, _vault = unlocked_window(stick)
    window.settings.set("keep_bookmarks", True)
    assert session.bookmarks is not None
    session.bookmarks.add(GuideRef("guides-ckb", "pep-72-hours", "ckb"), "PEP: دەرمانی فریاکەوتن & " + "ڕ" * 100, "ئەو")
    session.bookmarks.add(GuideRef("guides-en", "prep", "en"), "PrEP", "")
    ckb, en = entries(window.bookmarks.menu)[2:0:-1]
    assert ckb.startswith("\u2067PEP: ") and ckb.endswith("…\u2069") and "&&" in ckb  # right to left though it starts with PEP
    assert en == "\u2066PrEP\u2069"


def test_a_search_result_opens_at_its_match_not_where_the_reader_left_it(unlocked_window, stick: Path) -> None:  # type: ignore[no-untyped-def]
    window, _session, _vault = unlocked_window(stick)
    window.settings.set("keep_bookmarks", True)
    open_at(window, "first", 0.9)
    open_at(window, "second", 0.1)
    assert window.reading_panel.open_result(("real", "first"), "Part")
    assert fraction_shown(window) < 0.2  # the first "Part" after the title, not 0.9
