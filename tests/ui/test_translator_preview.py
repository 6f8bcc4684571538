"""A translator's preview in the real window: their language in the library, the source beside, broken saves explained."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from safelib.core.context import open_context
from safelib.ui.app import watch_packs
from safelib.ui.window import MainWindow
from tests.conftest import GUIDE, MANIFEST, write_pack


def guide(title: str, body: str) -> str:
    return GUIDE.format(title=title, category="security", summary="A test guide.", body=body)


@pytest.fixture
def packs(tmp_path: Path) -> Path:
    """An English pack of two guides and its unfinished Sorani translation (one guide), both watched like `--packs`."""
    folder = tmp_path / "packs"
    write_pack(folder, "guides-en", "en", {"a": guide("Alpha", "## One\n\nEnglish text."), "b": guide("Beta", "Only English.")})
    manifest = MANIFEST.format(id="guides-ckb", lang="ckb") + '\n[translation]\nsource_pack = "guides-en"\n'
    write_pack(folder, "guides-ckb", "ckb", {"a": guide("ئەلفا", "## یەک\n\nدەقی کوردی.")}, manifest=manifest)
    return folder


def titles(window: MainWindow) -> list[str]:
    model = window.library_model
    return [
        model.index(row, 0, model.index(group, 0)).data(Qt.ItemDataRole.DisplayRole)
        for group in range(model.rowCount())
        for row in range(model.rowCount(model.index(group, 0)))
    ]


def test_choosing_a_guide_language_fills_the_library_with_it(make_window, packs: Path) -> None:  # type: ignore[no-untyped-def]
    context = open_context([packs], bundled=False)
    window: MainWindow = make_window(context)
    assert titles(window) == ["Alpha", "Beta"]
    box = window.search_panel.language_filter
    box.setCurrentIndex(box.findData("ckb"))
    # the translated guide in Sorani, the untranslated one in English and saying so
    assert titles(window) == ["ئەلفا", "Beta · \u2068English\u2069"]
    stand_in = window.library_model.index(1, 0, window.library_model.index(0, 0))  # "Beta", under Security
    assert "Not in \u2068کوردی\u2069 yet: shown in \u2068English\u2069." in stand_in.data(Qt.ItemDataRole.ToolTipRole)
    assert window.reading_panel.open_guide_id("a", window.library_model.language)  # what `gui --lang ckb --open a` does
    assert window.reading_panel.current_guide.language == "ckb"  # type: ignore[union-attr]
    box.setCurrentIndex(0)  # "All languages": the library lists the interface language's guides again
    assert titles(window) == ["Alpha", "Beta"]
    context.close()


def test_compare_with_source_follows_saves_and_goes_on_panic(qtbot, make_window, packs: Path) -> None:  # type: ignore[no-untyped-def]
    context = open_context([packs], bundled=False)
    window: MainWindow = make_window(context)
    watch_packs(window, [packs])
    reading = window.reading_panel
    compare = window.reading_panel.compare
    assert reading.open_guide(window.library.guide("a", pack_id="guides-en"))  # type: ignore[arg-type]
    assert not compare.action.isVisible()  # English is the source: nothing to compare with
    assert reading.open_guide(window.library.guide("a", pack_id="guides-ckb"))  # type: ignore[arg-type]
    assert compare.action.isVisible() and compare.action in window.menus.view_menu.actions()
    compare.action.trigger()
    assert compare.isVisible() and "English text." in compare.view.toPlainText()
    assert compare.view.layoutDirection() == Qt.LayoutDirection.LeftToRight
    with qtbot.waitSignal(window.library_reloaded, timeout=10_000):
        (packs / "guides-en" / "guides" / "a.md").write_text(guide("Alpha", "## One\n\nChanged source."), "utf-8")
    assert "Changed source." in compare.view.toPlainText() and "دەقی کوردی" in reading.reader.toPlainText()
    compare.view.selectAll()
    compare.view.copy()  # copied from the source beside: panic clears it like text copied from the guide
    assert "Changed source." in QApplication.clipboard().text()
    window.panic.trigger()
    assert not compare.view.toPlainText() and not compare.isVisible()
    assert not QApplication.clipboard().text()
    context.close()


def test_a_broken_save_says_why_and_the_fixed_guide_comes_back(qtbot, make_window, packs: Path) -> None:  # type: ignore[no-untyped-def]
    context = open_context([packs], bundled=False)
    window: MainWindow = make_window(context)
    watch_packs(window, [packs])
    reading = window.reading_panel
    path = packs / "guides-ckb" / "guides" / "a.md"
    assert reading.open_guide(window.library.guide("a", pack_id="guides-ckb"))  # type: ignore[arg-type]
    with qtbot.waitSignal(window.library_reloaded, timeout=10_000):
        path.write_text('+++\ntitle = ئەلفا"\n+++\nhalf-written', "utf-8")
    shown = reading.reader.toPlainText()
    assert f"{path}:2: error: invalid TOML" in shown and "Correct the file at that line and save it" in shown
    with qtbot.waitSignal(window.library_reloaded, timeout=10_000):
        path.write_text(guide("ئەلفا", "## یەک\n\nدەقی نوێ."), "utf-8")
    assert reading.current_guide is not None and reading.current_guide.key == ("guides-ckb", "a")
    assert "دەقی نوێ" in reading.reader.toPlainText()
    context.close()
