"""The reading pane: a guide it must not show says why, in the reader's language when the guide is too heavy."""

from __future__ import annotations

from pathlib import Path

from safelib.core.context import Context
from safelib.core.i18n import gettext_in
from safelib.core.library import Library
from safelib.core.markdown_work import TOO_HEAVY_FOR_READERS
from safelib.core.problems import PackError, Problem
from safelib.core.search.engine import SearchEngine
from safelib.ui.reader import ReaderView
from tests.conftest import write_pack

HEAVY_TABLE = "|a|b|c|d|e|f|\n|-|-|-|-|-|-|\n" + "|cell|cell|cell|cell|cell|cell|\n" * 70


def test_a_guide_too_heavy_to_show_is_refused_in_the_interface_language(make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_pack(tmp_path, "heavy", guides={"table": HEAVY_TABLE, "short": "Short."})
    library = Library.load([folder])
    context = Context(library, SearchEngine(library), None)
    window = make_window(context)
    try:
        window.set_interface_language("ckb")
        assert not window.reading_panel.open_guide_id("table")
        sorani = gettext_in("ckb", TOO_HEAVY_FOR_READERS)
        assert sorani != TOO_HEAVY_FOR_READERS
        text = window.reading_panel.reader.toPlainText()
        assert text.startswith(sorani)
        assert "table.md: error: too much to show at once: 426 table cells" in text  # the detail, for whoever helps
        assert window.reading_panel.open_guide_id("short") and "Short." in window.reading_panel.reader.toPlainText()
    finally:
        context.close()


def test_any_other_refusal_says_only_its_problem(qtbot) -> None:  # type: ignore[no-untyped-def]
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.show_refusal(PackError(Problem("g.md", "broken", line=3)))
    assert reader.toPlainText() == "This guide cannot be shown: g.md:3: error: broken"


def test_a_long_contents_list_is_laid_out_in_batches_so_panic_runs_between_them(make_window) -> None:  # type: ignore[no-untyped-def]
    contents = make_window().reading_panel.toc_view
    assert contents.layoutMode() == contents.LayoutMode.Batched  # all at once: 0.3–0.5 s for 340 headings
    assert contents.batchSize() <= 20
