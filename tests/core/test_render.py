"""Rendering: Markdown in, sanitized HTML out, with nothing that loads or runs from outside a pack."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safelib.core.packs.loader import load_pack
from safelib.core.problems import PackError
from safelib.core.render import ALLOWED_TAGS, html_to_text, parse_media_url, render_guide, render_markdown, sanitize
from tests.conftest import PackFactory

SAFE_TAGS = ALLOWED_TAGS | {"div"}
SAFE_ATTRIBUTES = {"href", "name", "src", "alt", "align", "dir"}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def assert_safe(html: str) -> None:
    """Only allowed tags and attributes, and every URL inside a pack."""
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag in SAFE_TAGS, html
        for name, value in attrs:
            assert name in SAFE_ATTRIBUTES, html
            if name in ("href", "src"):
                assert (value or "").startswith(("guide:", "pack:", "#")), html


def test_raw_html_is_escaped_not_rendered() -> None:
    html = render_markdown('<script>alert(1)</script>\n\nText <img src="http://x/y.png" onerror="a()"> <iframe src="x">').html
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,hi", "file:///etc/passwd", "http://evil.example/", "//evil.example/x"]
)
def test_dangerous_links_become_plain_text(url: str) -> None:
    html = render_markdown(f"[click]({url})").html
    assert "href" not in html
    assert "click" in html


def test_web_address_shown_as_text_to_copy() -> None:
    html = render_markdown("See [UNHCR](https://www.unhcr.org/help).").html
    assert "href" not in html
    assert "https://www.unhcr.org/help" in html


def test_guide_links_and_anchors_survive() -> None:
    html = render_markdown("## Part\n\n[other](guide:pep-72-hours) and [up](#section-1)").html
    assert '<a href="guide:pep-72-hours">' in html
    assert '<a href="#section-1">' in html
    assert '<a name="section-1">' in html


def test_images_only_from_the_pack(make_pack: PackFactory) -> None:
    folder = make_pack(
        guides={"g": "![ok](media/a.png) ![remote](http://x/a.png) ![missing](media/b.png)"}, extra={"media/a.png": b"\x89PNG"}
    )
    result = load_pack(folder)
    assert result.pack is not None
    html = render_markdown(result.pack.guides["g"].body, pack=result.pack).html
    sources = re.findall(r'src="([^"]+)"', html)
    assert sources == ["pack:test-pack/media/a.png"]
    assert parse_media_url(sources[0]) == ("test-pack", "media/a.png")
    assert "[remote]" in html and "[missing]" in html


def test_rtl_guides_mark_direction_and_isolate_latin_code() -> None:
    rendered = render_markdown("## سڵاو\n\nدەقێک `https://example.org` لێرە.", language="ckb")
    assert rendered.direction == "rtl"
    assert rendered.html.startswith('<div dir="rtl">')
    assert '<p dir="rtl">' in rendered.html
    assert '<code dir="ltr">\u2066https://example.org\u2069</code>' in rendered.html


def test_ltr_guides_have_no_rtl_marks() -> None:
    assert "rtl" not in render_markdown("Hello", language="kmr").html


def test_table_of_contents() -> None:
    toc = render_markdown("## One\n\ntext\n\n### Two **bold**\n").toc
    assert [(h.level, h.text, h.anchor) for h in toc] == [(2, "One", "section-1"), (3, "Two bold", "section-2")]


def test_deep_nesting_refused_with_message() -> None:
    with pytest.raises(PackError, match=r"nested \d+ levels deep; the limit is 40"):
        render_markdown(">" * 100_000 + " deep", where="g.md")


def test_plain_text_of_html() -> None:
    assert html_to_text(render_markdown("# T\n\n- a\n- b\n\nPara *x*.").html) == "T\na\nb\nPara x."


def test_sanitizer_drops_styles_and_handlers() -> None:
    dirty = '<p style="background:url(http://x)" onclick="x()">a</p><style>p{}</style><a href="http://x">l</a>'
    assert_safe(sanitize(dirty))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*list("<>[]()!`*_#-> \n:/\"'=ajvscriptdhtfle.w"), "javascript:", "http://", "data:", "<script>", "](", "onerror="]
        ),
        max_size=120,
    ).map("".join)
)
def test_rendered_html_never_contains_anything_forbidden(body: str) -> None:
    try:
        html = render_markdown(body).html
    except PackError:
        return
    assert_safe(html)


def test_emphasis_renders() -> None:
    html = render_markdown("**bold** and _em_").html
    assert "<strong>bold</strong>" in html and "<em>em</em>" in html


def test_many_stray_brackets_are_shown_as_typed() -> None:
    html = render_markdown("[" * 100 + " and [a link](guide:x) and `a[0]`").html
    assert "[" * 100 in html
    assert '<a href="guide:x">a link</a>' in html
    assert "a[0]" in html


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000,
        "*a " * 50_000 + "b*" * 50_000,
        "|a" * 50_000 + "\n" + "|-" * 50_000,
        ("[x](guide:a) " * 1_900 + "\n\n") * 30,
    ],
)
def test_markup_that_would_take_minutes_is_refused_at_once(body: str) -> None:
    with pytest.raises(PackError, match="too much to render safely"):
        render_markdown(body, where="g.md")


def test_guide_title_is_shown_first_and_escaped(make_pack: PackFactory) -> None:
    result = load_pack(make_pack(guides={"g": "Body."}))
    assert result.pack is not None
    guide = result.pack.guides["g"]
    html = render_guide(guide, result.pack).html
    assert html.startswith(f'<div dir="ltr"><h1 dir="ltr">{guide.title}</h1>')
    assert "<h1" not in render_markdown("<h1>x</h1>", title="a <b> & c").html.split("</h1>", 1)[1]
    assert "a &lt;b&gt; &amp; c" in render_markdown("x", title="a <b> & c").html


def test_sources_close_the_guide_and_the_check_date_opens_it_in_its_own_language(make_pack: PackFactory) -> None:
    english = load_pack(make_pack(pack_id="en-pack", guides={"g": "Body."})).pack
    sorani = load_pack(make_pack(pack_id="ckb-pack", lang="ckb", guides={"g": "دەق."})).pack
    assert english is not None and sorani is not None
    text = html_to_text(render_guide(english.guides["g"], english).html)
    assert text.rstrip().endswith("Body.\nSources\nTest source")
    assert text.split("\n")[1] == "Facts checked: November 1, 2026"
    text = html_to_text(render_guide(sorani.guides["g"], sorani).html)
    assert "سەرچاوەکان" in text and "Sources" not in text
    assert "تشرینی دووەم" in text and "2026" in text


def test_contents_entries_drop_invisible_and_direction_changing_characters() -> None:
    toc = render_markdown("# Safe\u202egnp.exe\n\n## Zero\u200bwidth and \u0644\u200c\u0627\n").toc
    assert [heading.text for heading in toc] == ["Safegnp.exe", "Zerowidth and \u0644\u200c\u0627"]


def test_plain_text_keeps_a_table_rows_cells_apart() -> None:
    table = "| Cost | Where |\n|---|---|\n| Free | Clinic on **Main** St |\n\nAfter."
    assert html_to_text(render_markdown(table).html) == "Cost · Where\nFree · Clinic on Main St\nAfter."
    sorani = "| نرخ | لە کوێ |\n|---|---|\n| بەخۆڕایی | نەخۆشخانە |"
    assert html_to_text(render_markdown(sorani, language="ckb").html) == "نرخ · لە کوێ\nبەخۆڕایی · نەخۆشخانە"
