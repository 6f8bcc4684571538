"""The background threads end promptly: an index build is cancelled at its next guide when the program ends."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from safelib.core.portable import PROGRAM_NAME
from safelib.core.search.request import SearchRequest
from safelib.ui.handover import JobThread
from safelib.ui.vault_io import VaultIO
from safelib.ui.window import MainWindow


def test_ending_the_program_cancels_a_running_index_build(qtbot, make_window, blocked_context) -> None:  # type: ignore[no-untyped-def]
    context, release = blocked_context
    window: MainWindow = make_window(context, wait_index=False)
    assert window.indexing
    finished: list[bool] = []
    window.search_panel.indexing_finished.connect(lambda: finished.append(True))
    window.close()
    window.search_panel.search_thread.worker.cancelled = True  # what shutdown() does first
    release.set()  # the build starts its first guide now
    window.shutdown()
    assert (
        not window.search_panel.search_thread.qthread.isRunning() and not window.reading_panel.render_thread.qthread.isRunning()
    )
    assert context.search.pending() != []  # stopped part-way, not finished
    qtbot.wait(0)  # deliver anything the thread posted before it ended
    assert finished == []  # and never claimed to be ready


def test_the_window_asks_the_search_thread_with_one_typed_request(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    asked: list[object] = []
    window.search_panel.search_thread.requested.connect(lambda _serial, request: asked.append(request))
    window.search_panel.language_filter.setCurrentIndex(window.search_panel.language_filter.findData("ckb"))
    window.search_panel.category_filter.setCurrentIndex(window.search_panel.category_filter.findData("asylum"))
    with qtbot.waitSignal(window.search_panel.search_finished, timeout=10_000):
        window.search_panel.search_box.setText("پەنا")
    assert asked[-1] == SearchRequest("پەنا", lang="ckb", category="asylum", prefix=True)
    assert window.search_panel.results_model.hits and {hit.guide.language for hit in window.search_panel.results_model.hits} == {
        "ckb"
    }


def test_no_thread_of_the_window_is_named_for_the_program(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Thread names are readable by anyone on the machine (/proc/PID/task/*/comm, Task Manager's details)."""
    tasks = Path(f"/proc/{os.getpid()}/task")
    if not tasks.is_dir():
        pytest.skip("thread names are read from /proc")
    jobs, vault_io = JobThread(window), VaultIO(window)
    try:
        assert window.search_panel.search_thread.qthread.isRunning() and jobs.qthread.isRunning()
        assert vault_io.qthread.isRunning()
        names: set[str] = set()

        def named() -> bool:  # a new thread takes its name once it runs
            names.update((task / "comm").read_text().strip() for task in tasks.iterdir())
            return {"search", "render", "jobs", "io"} <= names

        qtbot.waitUntil(named, timeout=5_000)
        assert not [name for name in names if PROGRAM_NAME in name.lower()]
    finally:
        jobs.stop()
        vault_io.stop()
