"""The window fixtures of tests/ui, shared here: the hardening tests drive the same real window."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.conftest import (  # noqa: F401 - fixtures are found by name
    OFFSCREEN_NOISE,
    make_window,
    settings,
    shared_context,
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))
