"""The relevance benchmark: its query-file checks (file:line messages) and its scores."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.relevance import QuerySetError, _rank, _scores, load_file

IDS = {"en": {"prep", "pep-72-hours"}}


def write(tmp_path: Path, text: str, name: str = "en.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_a_valid_file_loads(tmp_path: Path) -> None:
    path = write(tmp_path, 'language = "en"\n\n[[queries]]\ntext = "pill before sex"\nkind = "synonym"\nrelevant = ["prep"]\n')
    [judged] = load_file(path, IDS)
    assert (judged.text, judged.kind, judged.relevant) == ("pill before sex", "synonym", frozenset({"prep"}))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('kind = "guess"\nrelevant = ["prep"]', ":6: kind must be one of"),
        ('kind = "typo"\nrelevant = ["nope"]', ":6: no guide nope"),
        ('kind = "typo"\nrelevant = []', ":6: relevant must be"),
        ('kind = "typo"\nrelevant = ["prep"]\nscore = 1', ":6: unknown key"),
    ],
)
def test_errors_name_the_file_and_line(tmp_path: Path, body: str, message: str) -> None:
    ok = '[[queries]]\ntext = "a"\nkind = "typo"\nrelevant = ["prep"]\n'
    path = write(tmp_path, f'language = "en"\n{ok}[[queries]]\ntext = "b"\n{body}\n')
    with pytest.raises(QuerySetError, match=message):
        load_file(path, IDS)


def test_language_must_match_the_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, 'language = "ar"\n[[queries]]\ntext = "a"\nkind = "typo"\nrelevant = ["prep"]\n')
    with pytest.raises(QuerySetError, match=":1: language"):
        load_file(path, IDS)


def test_duplicate_query_is_an_error(tmp_path: Path) -> None:
    q = '[[queries]]\ntext = "a"\nkind = "typo"\nrelevant = ["prep"]\n'
    with pytest.raises(QuerySetError, match="twice"):
        load_file(write(tmp_path, f'language = "en"\n{q}{q}'), IDS)


def test_scores() -> None:
    assert _rank(["x", "prep"], frozenset({"prep"})) == 2
    ranks = [(1, False), (2, False), (None, True), (4, False)]
    scores = _scores(ranks)
    assert scores["success_at_1"] == 0.25
    assert scores["success_at_3"] == 0.5
    assert scores["mrr"] == pytest.approx((1 + 0.5 + 0.25) / 4)
    assert scores["zero_results"] == 0.25
