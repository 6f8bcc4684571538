"""search-terms.toml: parsed into groups, every breach reported at its line, loaded with the pack, reported by status."""

from __future__ import annotations

from pathlib import Path

import pytest

from safelib.core.packs.loader import load_pack
from safelib.core.packs.terms import parse_search_terms, unmatched_groups
from tests.conftest import write_pack

GOOD = """format = 1

[[terms]]
words = ["سيطرة", "نقطة تفتيش", "checkpoint"]
note = "Iraqi Arabic"

[[terms]]
words = ["بريب", "PrEP"]
"""


def test_groups_are_parsed() -> None:
    groups, problems = parse_search_terms(GOOD.encode(), "search-terms.toml")
    assert problems == []
    assert groups == (("سيطرة", "نقطة تفتيش", "checkpoint"), ("بريب", "PrEP"))


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('format = 1\n\n[[terms]]\nwords = ["one"]\n', 3, "needs 2 to 16"),
        ('format = 1\n[[terms]]\nwords = ["a b c d e", "x"]\n', 2, "too long"),
        ('format = 1\n[[terms]]\nwords = ["VPN", "vpn"]\n', 2, "twice in this group"),
        ('format = 1\n[[terms]]\nwords = ["!!", "x"]\n', 2, "no word"),
        ('format = 1\n[[terms]]\nwords = ["a", "b"]\nsee = 1\n', 2, "unknown key 'see'"),
        ('format = 1\n[[terms]]\nwords = ["a", "b"]\n[[terms]]\nwords = ["c", "A"]\n', 4, "already in the group at line 2"),
        ('format = 2\n[[terms]]\nwords = ["a", "b"]\n', 1, "'format' must be 1"),
        ('format = 1\n[[terms]]\nwords = "a"\n', 2, "list of strings"),
        ("format = 1\n[[terms]\n", 2, "invalid TOML"),
    ],
)
def test_breaches_are_reported_at_their_line(text: str, line: int, message: str) -> None:
    groups, problems = parse_search_terms(text.encode(), "search-terms.toml")
    assert groups == ()
    assert any(p.line == line and message in p.message for p in problems), [p.format() for p in problems]


def test_the_loader_reads_the_list_and_reports_errors(tmp_path: Path) -> None:
    good = write_pack(tmp_path, "good", "ar", extra={"search-terms.toml": GOOD.encode()})
    result = load_pack(good)
    assert result.ok and result.pack is not None
    assert result.pack.search_terms[1] == ("بريب", "PrEP")
    bad = write_pack(tmp_path, "bad", "ar", extra={"search-terms.toml": b'format = 1\n[[terms]]\nwords = ["x"]\n'})
    problems = load_pack(bad).problems
    assert any(p.path.endswith("search-terms.toml") and p.line == 2 and p.severity == "error" for p in problems)


def test_unmatched_groups_are_those_no_guide_has() -> None:
    groups, _ = parse_search_terms(GOOD.encode(), "search-terms.toml")
    assert unmatched_groups(groups, ["عند نقطة التفتيش"], "ar") == [("بريب", "PrEP")]
    assert unmatched_groups(groups, ["PrEP and checkpoints"], "en") == []
