"""The background threads end promptly: an index build is cancelled at its next guide when the program ends."""

from __future__ import annotations

from safelib.core.search.request import SearchRequest
from safelib.ui.window import MainWindow


def test_ending_the_program_cancels_a_running_index_build(qtbot, make_window, blocked_context) -> None:  # type: ignore[no-untyped-def]
    context, release = blocked_context
    window: MainWindow = make_window(context, wait_index=False)
    assert window.indexing
    finished: list[bool] = []
    window.indexing_finished.connect(lambda: finished.append(True))
    window.close()
    window.search_thread.worker.cancelled = True  # what shutdown() does first
    release.set()  # the build starts its first guide now
    window.shutdown()
    assert not window.search_thread.qthread.isRunning() and not window.render_thread.qthread.isRunning()
    assert context.search.pending() != []  # stopped part-way, not finished
    qtbot.wait(0)  # deliver anything the thread posted before it ended
    assert finished == []  # and never claimed to be ready


def test_the_window_asks_the_search_thread_with_one_typed_request(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    asked: list[object] = []
    window.search_thread.requested.connect(lambda _serial, request: asked.append(request))
    window.language_filter.setCurrentIndex(window.language_filter.findData("ckb"))
    window.category_filter.setCurrentIndex(window.category_filter.findData("asylum"))
    with qtbot.waitSignal(window.search_finished, timeout=10_000):
        window.search_box.setText("پەنا")
    assert asked[-1] == SearchRequest("پەنا", lang="ckb", category="asylum", prefix=True)
    assert window.results_model.hits and {hit.guide.language for hit in window.results_model.hits} == {"ckb"}
