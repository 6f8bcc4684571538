"""The background threads end promptly: an index build is cancelled at its next guide when the program ends."""

from __future__ import annotations

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
