"""What a guide costs to render and to show is counted before the work is done, and held to the limits."""

from __future__ import annotations

import pytest

from safelib.core.markdown_work import TooMuchWork, page_pieces, page_problem, page_weight
from safelib.core.packs.limits import Limits
from safelib.core.render import render_markdown

TABLE_ROW = "|cell|cell|cell|cell|cell|cell|\n"
TABLE = "|a|b|c|d|e|f|\n|-|-|-|-|-|-|\n"


def test_a_page_is_weighed_piece_by_piece() -> None:
    html = '<div dir="ltr"><h2><a name="s"></a>T</h2><table><tr><td>a</td><th>b</th></tr></table><p><em>x</em></p></div>'
    counts = {what: count for what, count, _ in page_pieces(html)}
    assert counts["table cells"] == 2
    assert counts["headings"] == 1
    assert counts["links"] == 1
    assert counts["emphasised words"] == 1
    assert counts["KiB of text"] == 1 and counts["KiB of it in tables"] == 1
    assert page_weight(html) == sum(count * weight for _, count, weight in page_pieces(html))
    assert page_weight(html.replace("<td>a</td>", "")) < page_weight(html)


def test_a_page_at_the_limit_passes_and_one_unit_more_is_refused_with_its_pieces() -> None:
    html = render_markdown(TABLE + TABLE_ROW * 3).html
    weight = page_weight(html)
    assert page_problem(html, Limits(max_page_weight=weight)) is None
    problem = page_problem(html, Limits(max_page_weight=weight - 1))
    assert problem is not None
    assert problem.startswith("too much to show at once: 24 table cells, ")
    assert f"weigh {weight:,}; the limit is {weight - 1:,}" in problem


@pytest.mark.parametrize(
    "body",
    [
        TABLE + TABLE_ROW * 70,  # 426 cells: well inside the old limit of 10,000, 1–3 s for Qt to build
        "a heading\n-\n" * 1_000,
        "- an item\n" * 1_000,
        ("*a* " * 300 + "\n\n") * 5,
        ("word " * 200 + "\n\n") * 200,
    ],
)
def test_a_guide_inside_the_markdown_bounds_but_too_heavy_to_show_is_refused(body: str) -> None:
    with pytest.raises(TooMuchWork, match=r"^g\.md: error: too much to show at once: "):
        render_markdown(body, where="g.md")
