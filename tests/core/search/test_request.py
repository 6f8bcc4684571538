"""A search request is one value that the window and the CLI both hand to the engine."""

from __future__ import annotations

import pytest

from safelib.core.library import Library
from safelib.core.search.engine import SearchEngine
from safelib.core.search.request import SearchRequest
from tests.conftest import GUIDE, write_pack


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    root = tmp_path_factory.mktemp("packs")
    guides = {
        f"phones-{n}": GUIDE.format(title=f"Phones {n}", category="security", summary="S.", body="Lock your phone.")
        for n in range(3)
    }
    guides["refugee"] = GUIDE.format(title="Refugees", category="asylum", summary="S.", body="A phone for a refugee.")
    write_pack(root, "en-pack", "en", guides)
    write_pack(root, "ar-pack", "ar", {"phones": GUIDE.format(title="هاتف", category="security", summary="S.", body="phone")})
    return SearchEngine(Library.load([root]))


def test_every_field_of_the_request_is_obeyed(engine: SearchEngine) -> None:
    assert len(engine.answer(SearchRequest("phone")).hits) == 5
    assert len(engine.answer(SearchRequest("phone", limit=2)).hits) == 2
    assert {h.guide.pack_id for h in engine.answer(SearchRequest("phone", lang="ar")).hits} == {"ar-pack"}
    assert [h.guide.id for h in engine.answer(SearchRequest("phone", category="asylum")).hits] == ["refugee"]
    assert engine.answer(SearchRequest("pho")).hits == ()
    assert len(engine.answer(SearchRequest("pho", lang="en", prefix=True)).hits) == 4


def test_a_request_for_no_guides_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        SearchRequest("phone", limit=0)
