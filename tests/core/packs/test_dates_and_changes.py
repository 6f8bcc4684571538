"""When a guide's facts were checked, whether they change often, and what each pack version changed."""

from __future__ import annotations

import datetime

from safelib.core.packs.loader import load_pack
from safelib.core.packs.toolkit import validate_pack
from safelib.core.render import html_to_text, render_guide
from tests.conftest import MANIFEST, PackFactory

DATED = """+++
title = "Dated"
category = "asylum"
summary = "A guide whose facts were checked."
updated = 2026-11-21
checked = 2026-12-07
changes_often = true
sources = ["A source"]
+++

Body text.
"""

CHANGES = """
[[changes]]
version = "2"
date = 2026-12-07
summary = "Corrected advice."
added = ["new-guide"]
corrected = ["hello"]
withdrawn = ["gone"]
"""


def test_checked_date_and_changes_often_are_read_and_shown_first(make_pack: PackFactory) -> None:
    pack = load_pack(make_pack(guides={"dated": DATED})).pack
    assert pack is not None
    guide = pack.guides["dated"]
    assert guide.facts_checked == datetime.date(2026, 12, 7) and guide.changes_often
    lines = html_to_text(render_guide(guide, pack).html).split("\n")
    assert lines[1] == "Facts checked: December 7, 2026"
    assert "change often" in lines[2]
    assert lines[3] == "Body text."


def test_without_a_checked_date_the_update_day_is_shown_and_no_change_note(make_pack: PackFactory) -> None:
    pack = load_pack(make_pack(guides={"plain": "Body."})).pack
    assert pack is not None
    text = html_to_text(render_guide(pack.guides["plain"], pack).html)
    assert "Facts checked: November 1, 2026" in text and "change often" not in text


def test_the_dates_are_said_in_the_guide_language(make_pack: PackFactory) -> None:
    pack = load_pack(make_pack(pack_id="ckb-pack", lang="ckb", guides={"dated": DATED})).pack
    assert pack is not None
    text = html_to_text(render_guide(pack.guides["dated"], pack).html)
    assert "ڕێکەوتی پشکنینی زانیارییەکان" in text and "Facts checked" not in text


def test_bad_checked_values_are_located_errors(make_pack: PackFactory) -> None:
    broken = DATED.replace("checked = 2026-12-07", 'checked = "last week"').replace("changes_often = true", "changes_often = 1")
    result = load_pack(make_pack(guides={"dated": broken, "ok": "Fine."}))
    assert result.pack is not None and set(result.pack.guides) == {"ok"}
    messages = {(p.line, p.message) for p in result.problems}
    assert (6, "'checked' must be a date such as 2026-11-01, not str") in messages
    assert (7, "'changes_often' must be true or false, not int") in messages


def test_changes_are_read_and_ids_checked_against_the_pack(make_pack: PackFactory) -> None:
    manifest = MANIFEST.format(id="test-pack", lang="en") + CHANGES
    folder = make_pack(manifest=manifest, guides={"hello": "Hi.", "gone": "Still here."})
    result = validate_pack(folder)
    assert result.pack is not None
    (change,) = result.pack.manifest.changes
    assert (change.version, change.date, change.corrected) == ("2", datetime.date(2026, 12, 7), ("hello",))
    warnings = sorted(p.message for p in result.problems if p.severity == "warning")
    assert warnings == [
        "version 2: 'added' names 'new-guide', which is not a guide of this pack",
        "version 2: 'gone' is listed as withdrawn but is still in the pack",
    ]
    result.pack.source.close()


def test_a_broken_change_entry_is_a_located_error(make_pack: PackFactory) -> None:
    manifest = MANIFEST.format(id="test-pack", lang="en") + CHANGES.replace('corrected = ["hello"]', 'corrected = ["Not An Id"]')
    result = load_pack(make_pack(manifest=manifest))
    assert result.pack is None
    assert any(p.line == 14 and "'Not An Id', which is not a guide id" in p.message for p in result.problems)
