"""The checkout's prebuilt index: built by `python -m safelib.core.search.prebuilt`, opened by a source run without building."""

from __future__ import annotations

from pathlib import Path

import pytest

from safelib.core.library import Library
from safelib.core.search import index as pack_index
from safelib.core.search import prebuilt
from safelib.core.search.engine import SearchEngine
from safelib.core.search.storage import IndexFolder
from tests.conftest import write_pack


def test_a_source_run_opens_the_prebuilt_index_instead_of_building_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    write_pack(content, "bundled", guides={"one": "Checkpoint phones and passwords."})
    monkeypatch.setattr(prebuilt, "bundled_content", lambda: content)
    monkeypatch.setattr(prebuilt, "bundled_index", lambda: tmp_path / "index")
    assert prebuilt.main() == 0

    def no_building(*_args: object) -> None:
        raise AssertionError("the index was built again")

    monkeypatch.setattr(pack_index, "build", no_building)
    library = Library.load([content])
    engine = SearchEngine(library, None, IndexFolder(tmp_path / "index", writable=False))
    assert [hit.guide.id for hit in engine.search("checkpoint").hits] == ["one"]
    engine.close()
    library.close()


def test_without_bundled_content_it_says_so(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(prebuilt, "bundled_content", lambda: None)
    assert prebuilt.main() == 1
    assert "no bundled content" in capsys.readouterr().err
