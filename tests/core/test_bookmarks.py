"""Bookmarks and reading places: bounded, round-tripped exactly, and a broken item costs only itself."""

from __future__ import annotations

import datetime
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safelib.core.bookmarks import (
    BOOKMARKS_ITEM,
    MAX_BOOKMARKS,
    MAX_ITEM_BYTES,
    MAX_PLACES,
    MAX_TEXT,
    Bookmarks,
    GuideRef,
)

PEP = GuideRef("guides-en", "pep-72-hours", "en")
PREP = GuideRef("guides-ckb", "prep", "ckb")
DAY = datetime.date(2026, 12, 8)


def today() -> datetime.date:
    return DAY


def entry(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "pack": "guides-en",
        "guide": "pep-72-hours",
        "lang": "en",
        "title": "PEP",
        "section": "Where",
        "anchor": "section-3",
        "day": "2026-12-01",
    }
    return {**base, **changes}


def item(bookmarks: object = (), places: object = ()) -> bytes:
    return json.dumps({"format": 1, "bookmarks": list(bookmarks), "places": list(places)}).encode()  # type: ignore[call-overload]


def test_bookmarks_and_places_round_trip_with_the_day_only() -> None:
    marks = Bookmarks(today=today)
    edits: list[None] = []
    marks.changed = lambda: edits.append(None)
    assert marks.add(PEP, "PEP in 72 hours", "Where to ask for PEP", "section-3")
    assert marks.add(PREP, "PrEP\nfor you", "", "")
    marks.note_place(PEP, 0.42424242)
    marks.note_place(PREP, 7.0)  # clamped
    again = Bookmarks.from_bytes(marks.to_bytes())
    assert again.problems == []
    assert [(b.ref, b.title, b.section, b.anchor, b.day) for b in again.items] == [
        (PREP, "PrEP for you", "", "", "2026-12-08"),  # newest first; one line
        (PEP, "PEP in 72 hours", "Where to ask for PEP", "section-3", "2026-12-08"),
    ]
    assert again.place(PEP) == 0.4242 and again.place(PREP) == 1.0
    assert len(edits) == 2  # bookmarks tell the session; places wait for its next save
    assert not marks.pending  # the item written above took every change
    marks.note_place(PEP, 0.5)
    assert marks.pending and not Bookmarks.from_bytes(marks.to_bytes()).pending
    assert b"T" not in marks.to_bytes().split(b'"day"')[1][:14]  # no time of day is kept


def test_bookmarking_a_guide_again_moves_it_to_its_new_section_and_removing_forgets_it() -> None:
    marks = Bookmarks(today=today)
    marks.add(PEP, "PEP", "One", "section-1")
    marks.add(PREP, "PrEP")
    marks.add(PEP, "PEP", "Two", "section-2")
    assert [(b.ref, b.section) for b in marks.items] == [(PEP, "Two"), (PREP, "")]
    assert marks.remove(PEP) and not marks.remove(PEP)
    assert marks.bookmark(PEP) is None and marks.bookmark(PREP) is not None


def test_the_lists_are_bounded() -> None:
    marks = Bookmarks(today=today)
    refs = [GuideRef("p", f"g{number}", "en") for number in range(MAX_PLACES + 5)]
    for ref in refs[:MAX_BOOKMARKS]:
        assert marks.add(ref, "x" * (MAX_TEXT * 3))
    assert marks.full and not marks.add(refs[-1], "one too many")
    assert marks.add(refs[0], "the same guide again still moves")
    for ref in refs:
        marks.note_place(ref, 0.5)
    marks.note_place(refs[10], 0.6)  # read again: now the most recent
    assert len(marks.places) == MAX_PLACES and refs[0] not in marks.places and refs[10] in marks.places
    assert max(len(b.title) for b in marks.items) == MAX_TEXT
    assert len(marks.to_bytes()) < MAX_ITEM_BYTES // 2  # both lists at their limits fit well inside the item


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"\xff\xfe", "not readable JSON"),
        (b"[1, 2]", "not a JSON object"),
        (json.dumps({"format": 2}).encode(), "format 2 is not 1"),
        (b" " * (MAX_ITEM_BYTES + 1), "larger than 256 KiB"),
        (b"[" * 100_000 + b"]" * 100_000, "not readable JSON"),  # nested deeper than Python recurses
    ],
)
def test_a_broken_item_counts_as_empty_and_says_why(data: bytes, said: str) -> None:
    marks = Bookmarks.from_bytes(data)
    assert marks.items == [] and marks.places == {}
    assert len(marks.problems) == 1 and said in marks.problems[0] and BOOKMARKS_ITEM in marks.problems[0]


@pytest.mark.parametrize(
    ("broken", "said"),
    [
        (entry(pack="../etc"), "pack is not valid"),
        (entry(lang="en\n"), "lang is not valid"),
        (entry(anchor="javascript:x"), "anchor is not valid"),
        (entry(title="a\x1b[31m"), "control characters"),
        (entry(title="x" * (MAX_TEXT + 1)), "title is not valid"),
        (entry(day="2026-02-30"), "day is not a date"),
        (entry(extra=1), "expected exactly the fields"),
        ("a string", "expected exactly the fields"),
    ],
)
def test_a_broken_entry_is_left_out_and_the_others_kept(broken: object, said: str) -> None:
    good = entry(guide="prep")
    marks = Bookmarks.from_bytes(item([broken, good]))
    assert [b.ref.guide for b in marks.items] == ["prep"]
    assert len(marks.problems) == 1 and "bookmarks entry 1" in marks.problems[0] and said in marks.problems[0]


@pytest.mark.parametrize("fraction", [True, -0.1, 1.5, "0.5", None, float("nan")])
def test_a_place_must_be_a_fraction(fraction: object) -> None:
    place = {"pack": "p", "guide": "g", "lang": "en", "fraction": fraction, "day": "2026-12-01"}
    marks = Bookmarks.from_bytes(item(places=[place, {**place, "guide": "h", "fraction": 1}]))
    assert list(marks.places) == [GuideRef("p", "h", "en")] and "fraction" in marks.problems[0]


def test_repeated_and_surplus_entries_are_left_out() -> None:
    many = [entry(guide=f"g{number}") for number in range(MAX_BOOKMARKS + 3)]
    marks = Bookmarks.from_bytes(item([entry(), entry(section="again"), *many]))
    assert len(marks.items) == MAX_BOOKMARKS and marks.items[0].section == "Where"
    assert any("the same guide again" in problem for problem in marks.problems)
    assert any(f"more than {MAX_BOOKMARKS}" in problem for problem in marks.problems)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=8),
    max_leaves=30,
)
ENTRY = st.fixed_dictionaries({key: st.just(value) | JSON for key, value in entry().items()})


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000) | JSON.map(lambda value: json.dumps(value).encode()))
def test_any_bytes_give_a_usable_set_or_a_clear_problem(data: bytes) -> None:
    marks = Bookmarks.from_bytes(data)
    assert marks.items == [] and marks.places == {}  # nothing random is a valid item with entries
    assert all(problem.startswith(BOOKMARKS_ITEM) for problem in marks.problems)


@settings(max_examples=300, deadline=None)
@given(st.lists(ENTRY, max_size=6))
def test_hostile_entries_cost_only_themselves(entries: list[dict[str, object]]) -> None:
    marks = Bookmarks.from_bytes(item(entries))
    assert len(marks.items) + len(marks.problems) == len(entries)
    again = Bookmarks.from_bytes(marks.to_bytes())  # what was kept writes and reads back the same
    assert again.items == marks.items and again.problems == []
