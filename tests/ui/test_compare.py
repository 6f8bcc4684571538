"""Compare with source: the source guide beside its translation, in its own direction, scrolled to the same heading."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter

from safelib.core.library import Library
from safelib.core.packs.model import Guide
from safelib.core.render import render_guide
from safelib.ui.compare import ComparePane, matching_position, section_tops
from safelib.ui.reader import ReaderView
from tests.conftest import GUIDE, MANIFEST, write_pack


def translation_manifest(pack_id: str, lang: str, source: str) -> str:
    return MANIFEST.format(id=pack_id, lang=lang) + f'\n[translation]\nsource_pack = "{source}"\n'


def body(word: str, paragraphs: int) -> str:
    """Four sections; the source's are longer than the translation's, so only a heading-by-heading scroll lines them up."""
    section = "\n\n".join(f"{word} {n} " * 30 for n in range(paragraphs))
    return "\n\n".join(f"## {word} heading {n}\n\n{section}" for n in range(1, 5))


@pytest.fixture
def library(tmp_path: Path) -> Library:
    guide = GUIDE.format(title="Guide", category="security", summary="A test guide.", body=body("source", 6))
    translated = GUIDE.format(title="ڕێنمایی", category="security", summary="ڕێنمایی.", body=body("وەرگێڕان", 2))
    write_pack(tmp_path, "guides-en", "en", {"guide": guide, "only-en": "Not translated."})
    write_pack(
        tmp_path, "guides-ckb", "ckb", {"guide": translated}, manifest=translation_manifest("guides-ckb", "ckb", "guides-en")
    )
    return Library.load([tmp_path])


def test_positions_pair_up_by_heading() -> None:
    tops, other = [100.0, 300.0], [500.0, 1500.0]
    assert matching_position(100.0, tops, 400.0, other, 2000.0) == 500.0  # at the first heading
    assert matching_position(200.0, tops, 400.0, other, 2000.0) == 1000.0  # half-way into the first section
    assert matching_position(50.0, tops, 400.0, other, 2000.0) == 250.0  # before any heading
    assert matching_position(400.0, tops, 400.0, other, 2000.0) == 2000.0  # the end
    assert matching_position(150.0, [100.0], 400.0, [], 1000.0) == 375.0  # no headings to pair: the whole text


def test_the_source_follows_the_translation_scrolled_and_in_its_direction(qtbot, library: Library) -> None:  # type: ignore[no-untyped-def]
    def render(guide: Guide):  # type: ignore[no-untyped-def]
        return render_guide(guide, library.pack(guide.pack_id))

    reader = ReaderView()
    pane = ComparePane(reader, render)
    holder = _side_by_side(qtbot, reader, pane)
    translation = library.guide("guide", pack_id="guides-ckb")
    assert translation is not None
    reader.show_guide(render(translation))
    pane.follow(library.source_of(translation))
    assert pane.action.isVisible() and not pane.isVisible()  # offered, not forced on the reader
    pane.action.setChecked(True)
    assert pane.isVisible() and "source heading 3" in pane.view.toPlainText()
    assert pane.title.text() == "Source: \u2068English\u2069" and "Guide" in pane.title.toolTip()
    assert pane.view.layoutDirection() == Qt.LayoutDirection.LeftToRight  # each pane its own direction

    second, source_second = section_tops(reader.document())[1], section_tops(pane.view.document())[1]
    reader.verticalScrollBar().setValue(round(second))
    assert abs(pane.view.verticalScrollBar().value() - source_second) <= 2
    assert source_second > second + 100  # the source's sections are longer: a plain proportional scroll would miss

    pane.action.setChecked(False)
    assert not pane.isVisible() and not pane.view.toPlainText()
    only_english = library.guide("only-en")
    pane.follow(library.source_of(only_english))  # type: ignore[arg-type]
    assert not pane.action.isVisible()  # nothing to compare with: no menu item
    pane.follow(library.source_of(translation))
    pane.action.setChecked(True)
    pane.wipe()  # panic
    assert not pane.view.toPlainText() and not pane.title.text() and not pane.isVisible()
    holder.close()
    library.close()


def test_a_right_to_left_source_reads_right_to_left(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_pack(tmp_path, "guides-ckb", "ckb", {"guide": "ڕێنمایی بۆ پاراستن."})
    write_pack(tmp_path, "guides-en", "en", {"guide": "A guide."}, manifest=translation_manifest("guides-en", "en", "guides-ckb"))
    library = Library.load([tmp_path])
    reader = ReaderView()
    pane = ComparePane(reader, lambda guide: render_guide(guide, library.pack(guide.pack_id)))
    holder = _side_by_side(qtbot, reader, pane)
    english = library.guide("guide", pack_id="guides-en")
    assert english is not None and library.source_of(english) is not None
    pane.follow(library.source_of(english))
    pane.action.setChecked(True)
    assert pane.view.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert "ڕێنمایی" in pane.view.toPlainText()
    holder.close()
    library.close()


def _side_by_side(qtbot, reader: ReaderView, pane: ComparePane):  # type: ignore[no-untyped-def]
    holder = QSplitter()
    holder.addWidget(reader)
    holder.addWidget(pane)
    holder.resize(900, 400)
    qtbot.addWidget(holder)
    with qtbot.waitExposed(holder):
        holder.show()
    return holder
