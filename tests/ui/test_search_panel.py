"""The search panel alone, on a session: typing, filters, suggestion, stale answers, choosing a result, a new library."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from safelib.core.context import open_context
from safelib.ui.models import MARK_ROLE, SNIPPET_ROLE
from safelib.ui.search_panel import SearchPanel


def search(qtbot, panel: SearchPanel, text: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.search_finished, timeout=10_000):
        panel.search_box.setFocus()
        qtbot.keyClicks(panel.search_box, text)


def test_typing_shows_highlighted_results_and_enter_chooses_the_current_one(qtbot, search_panel: SearchPanel) -> None:  # type: ignore[no-untyped-def]
    wanted: list[bool] = []
    search_panel.results_wanted.connect(wanted.append)
    search(qtbot, search_panel, "hiv")
    model = search_panel.results_model
    assert model.rowCount() > 1 and wanted == [True]
    assert "<b>" in model.data(model.index(0, 0), SNIPPET_ROLE)
    assert search_panel.results_status.text() == f"{model.rowCount()} guides found"
    qtbot.keyClick(search_panel.search_box, Qt.Key.Key_Down)
    assert search_panel.results_view.currentIndex().row() == 1
    chosen: list[tuple[object, str]] = []
    search_panel.result_chosen.connect(lambda key, words: chosen.append((key, words)))
    with qtbot.waitSignal(search_panel.entered):
        qtbot.keyClick(search_panel.search_box, Qt.Key.Key_Return)
    assert chosen == [(model.hits[1].guide.key, model.data(model.index(1, 0), MARK_ROLE))]
    assert "hiv" in chosen[0][1].lower().split()
    search_panel.search_box.clear()
    assert wanted == [True, False] and model.rowCount() == 0


def test_filters_limit_the_results(qtbot, search_panel: SearchPanel) -> None:  # type: ignore[no-untyped-def]
    search_panel.language_filter.setCurrentIndex(search_panel.language_filter.findData("ckb"))
    search_panel.category_filter.setCurrentIndex(search_panel.category_filter.findData("sexual-health"))
    search(qtbot, search_panel, "hiv")
    hits = search_panel.results_model.hits
    assert hits and all(h.guide.language == "ckb" and h.guide.category == "sexual-health" for h in hits)


def test_a_misspelling_offers_a_clickable_suggestion(qtbot, search_panel: SearchPanel) -> None:  # type: ignore[no-untyped-def]
    search(qtbot, search_panel, "condm")
    assert search_panel.suggestion_button.isVisible()
    with qtbot.waitSignal(search_panel.search_finished, timeout=10_000):
        qtbot.mouseClick(search_panel.suggestion_button, Qt.MouseButton.LeftButton)
    assert search_panel.search_box.text() == "condom"
    assert search_panel.results_model.rowCount() > 0


def test_stale_results_are_dropped(qtbot, search_panel: SearchPanel) -> None:  # type: ignore[no-untyped-def]
    search_panel.search_box.setText("prep")
    search_panel.debounce.stop()
    search_panel.run_search()
    old_serial = search_panel.serial
    search_panel.search_box.setText("hiv")
    search_panel.debounce.stop()
    with qtbot.waitSignal(search_panel.search_finished, timeout=10_000):
        search_panel.run_search()
    assert search_panel.results_model.query == "hiv"
    search_panel._show_results(old_serial, search_panel.session.search.search("prep"))  # the older answer arrives late
    assert search_panel.results_model.query == "hiv"


def test_a_new_library_is_indexed_and_the_search_asked_again(qtbot, search_panel: SearchPanel, make_pack, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    search_panel.language_filter.setCurrentIndex(search_panel.language_filter.findData("ckb"))
    search(qtbot, search_panel, "zebrafinch")
    assert search_panel.results_model.rowCount() == 0
    folder = make_pack(pack_id="birds", guides={"finches": "# Finches\n\nThe zebrafinch sings."})
    fresh = open_context([folder], bundled=False)
    old = search_panel.session.context
    search_panel.session.context = fresh
    with qtbot.waitSignals([search_panel.indexing_finished, search_panel.search_finished], timeout=30_000):
        search_panel.session.replace_library(fresh.library)
    assert [search_panel.language_filter.itemData(i) for i in range(search_panel.language_filter.count())] == [None, "en"]
    assert [hit.guide.id for hit in search_panel.results_model.hits] == ["finches"]  # the filter no longer hides it
    search_panel.session.context = old
    fresh.close()


def test_wipe_forgets_the_words_and_the_answers(qtbot, search_panel: SearchPanel) -> None:  # type: ignore[no-untyped-def]
    search(qtbot, search_panel, "hiv")
    search_panel.wipe()
    assert search_panel.search_box.text() == "" and not search_panel.search_box.isUndoAvailable()
    assert search_panel.results_model.rowCount() == 0 and search_panel.last_results is None
    assert search_panel.results_status.text() == "" and search_panel.suggestion_button.property("suggestion") is None
    assert search_panel.search_thread.worker.latest == search_panel.serial  # an answer still on its way is dropped
