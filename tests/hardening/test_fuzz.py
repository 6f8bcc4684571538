"""Generated input for the parsers the existing tests do not fuzz yet: front matter and manifests, whole packs
from mangled zips, and guides mixing Markdown with hostile HTML (tests/core/test_render.py and
tests/core/search/test_textnorm.py fuzz the rest). Only the program's own PackError/Problem may come out."""

from __future__ import annotations

import contextlib
import io
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safelib.core.packs.loader import load_pack
from safelib.core.packs.media import image_size
from safelib.core.packs.parse import parse_guide, parse_manifest
from safelib.core.problems import PackError, Problem
from safelib.core.render import render_markdown
from tests.conftest import GUIDE, MANIFEST, TINY_PNG
from tests.core.test_render import assert_safe

FRONT_PIECES = [
    "+++", "\n", "title", "category", "summary", "updated", "tags", "sources", " = ", '"', "'", "'''", '"""', "[", "]",
    "{", "}", ",", "2026-11-01", "1979-05-27T07:32:00Z", "security", "asylum", "\\u202e", "\\", "\x00", "\ufeff", "\r",
    "#", "=", "true", "1e400", "nan", "-", "[[x]]", "[a.b]", "\u202e", "\u200b", "ڕێنمایی",
]  # fmt: skip
HOSTILE_HTML = [
    "<script>", "</script>", "<iframe src=http://e/>", "<style>", "url(http://e/x)", " onerror=", " onload=a()",
    '<img src="http://e/i.png">', "<a href='javascript:x'>", "](", "![", "[", "]", ")", "(", "data:text/html,",
    "file:///etc/passwd", "javascript:", "http://e.example/", "//e.example", "&#106;", "&lt;", "<", ">", "`", "*", "_",
    "\n", "\n\n", "> ", "- ", "1. ", "    ", "|", "---", "<!--", "-->", "<svg onload=x>", "<base href=http://e/>",
    "[r]: http://e/", "[r]", "guide:x", "pack:p/media/a.png", "media/a.png", "pack:p/../../x", "\u202e", " ", "a",
]  # fmt: skip


def _problems_are_located(problems: list[Problem], where: str) -> None:
    for problem in problems:
        assert problem.path == where and problem.message and problem.format().startswith(where)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRONT_PIECES), max_size=60).map("".join) | st.binary(max_size=300))
def test_front_matter_parser_reports_problems_and_never_raises(text: str | bytes) -> None:
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    guide, problems = parse_guide(data, "g.md", "p", "g", "en")
    _problems_are_located(problems, "g.md")
    assert (guide is None) == any(p.severity == "error" for p in problems)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from([*FRONT_PIECES, "id", "format", "language", "ckb", "1", "[translation]", "source_pack"]), max_size=60
    )
    .map("".join)
    .map(lambda extra: (MANIFEST.format(id="p", lang="en") + extra).encode("utf-8", "surrogatepass"))
)
def test_manifest_parser_reports_problems_and_never_raises(data: bytes) -> None:
    manifest, problems = parse_manifest(data, "pack.toml")
    _problems_are_located(problems, "pack.toml")
    assert (manifest is None) == any(p.severity == "error" for p in problems)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(HOSTILE_HTML), max_size=80).map("".join))
def test_guides_mixing_markdown_and_html_render_clean(body: str) -> None:
    try:
        html = render_markdown(body).html
    except PackError:
        return
    assert_safe(html)


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("pack.toml", MANIFEST.format(id="fuzzed", lang="en"))
        z.writestr("guides/one.md", GUIDE.format(title="One", category="asylum", summary="s", body="Body ![p](media/p.png)"))
        z.writestr("media/p.png", TINY_PNG)
    return buffer.getvalue()


ZIP = _zip_bytes()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(ZIP) - 1), st.integers(0, 255)), min_size=1, max_size=8), st.integers(0, len(ZIP)))
def test_mangled_zips_load_or_are_refused_with_a_problem(flips: list[tuple[int, int]], keep: int) -> None:
    data = bytearray(ZIP)
    for offset, value in flips:
        data[offset] = value
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "fuzzed.safelibpack"
        archive.write_bytes(bytes(data[: max(keep, 22)]))
        result = load_pack(archive)  # anything but PackError/Problem escaping here is a bug
        if result.pack is None:  # refused: with a message that names the file
            assert result.problems and all(str(archive.name) in problem.format() for problem in result.problems)
        else:
            for rel in result.pack.source.files():
                with contextlib.suppress(PackError):
                    result.pack.source.read(rel, 1024 * 1024)
            result.pack.source.close()


@settings(max_examples=300, deadline=None)
@given(
    st.binary(max_size=64) | st.sampled_from([TINY_PNG, b"\xff\xd8\xff", b"RIFF\0\0\0\0WEBPVP8X"]).map(lambda b: b + b"\0" * 8)
)
def test_picture_sniffing_never_raises(data: bytes) -> None:
    size = image_size(data)
    assert size is None or (size[0] >= 0 and size[1] >= 0)
