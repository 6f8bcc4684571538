"""How much work a Markdown text would cost to render, measured in one linear pass before any parser sees it.

Python-Markdown is fast for real guides and slow for some inputs well inside the size limit: its
inline pass is quadratic in the marks and links of one paragraph, its block pass grows with the
number of blocks, and tables are padded to the header's width. Each of these is counted here and
held to a limit (packs.limits), so whatever passes renders in bounded time.
"""

from __future__ import annotations

import re

from safelib.core.packs.limits import Limits

_BLOCK_SPLIT = re.compile(r"\n[ \t]*\n")
# A line that starts a block of its own even without a blank line before it: a heading, a list item,
# a quote, a setext underline, a fence, a table row.
_BLOCK_START = re.compile(r"^[ \t]{0,3}(?:#|[-*+][ \t]|\d{1,9}[.)][ \t]|>|[=-]+[ \t]*$|\||```|~~~)", re.MULTILINE)
_AFTER_BLANK = re.compile(r"\n[ \t]*\n(?=[ \t]*\S)")
_TABLE_RULE = re.compile(r"^[ \t|:-]*-[ \t|:-]*$")
INLINE_MARKS = "[]*_`<&|!\\"


def nesting_depth(body: str, beyond: int = 0) -> int:
    """The deepest nesting of quotes and lists (counting only prefixes longer than `beyond`: a shorter one is shallower)."""
    deepest = 0
    for prefix in re.finditer(rf"^[ \t>*+\-\d.)]{{{beyond + 1},}}", body, re.MULTILINE):
        text = prefix.group(0)
        indent = len(text.expandtabs(4)) - len(text.replace(" ", "").replace("\t", ""))
        depth = text.count(">") + text.count("*") + text.count("-") + text.count("+") + indent // 4
        deepest = max(deepest, depth)
    return deepest


def _table_cells(block: str) -> int:
    """Cells Python-Markdown would make of a table block: every row is padded to the header's width."""
    lines = block.strip("\n").split("\n", 2)
    if len(lines) < 2 or "|" not in lines[0] + lines[1] or not _TABLE_RULE.match(lines[1]):
        return 0
    return (lines[0].count("|") + 1) * (block.strip("\n").count("\n") + 1)


def _marks(text: str) -> int:
    return sum(text.count(mark) for mark in INLINE_MARKS)


def count_blocks(body: str) -> int:
    """Paragraphs, headings, list items, quotes, fences and table rows: an upper bound, in C-speed passes."""
    return 1 + len(_AFTER_BLANK.findall(body)) + len(_BLOCK_START.findall(body))


def work_problem(body: str, limits: Limits) -> str | None:
    """Why a text must not be rendered (which limit it breaks, in numbers), or None; cheapest checks first."""
    depth = nesting_depth(body, limits.max_markdown_nesting)
    if depth > limits.max_markdown_nesting:
        return f"lists or quotes nested {depth} levels deep; the limit is {limits.max_markdown_nesting}"
    blocks = _BLOCK_SPLIT.split(body)
    per_block = (
        ("inline marks in one paragraph", _marks, limits.max_inline_marks_per_block),
        ("links or pictures in one paragraph", _links, limits.max_links_per_block),
    )
    for what, count, limit in per_block:
        # A block shorter than the limit cannot break it; counting only the longer ones keeps this linear.
        found = max((count(block) for block in blocks if len(block) > limit), default=0)
        if found > limit:
            return _too_much(found, what, limit)
    overall = (
        ("inline marks in all", _marks(body), limits.max_inline_marks),
        ("links or pictures in all", _links(body), limits.max_links),
        ("paragraphs, headings and other blocks", count_blocks(body), limits.max_blocks),
        ("table cells", sum(_table_cells(block) for block in blocks if "|" in block), limits.max_table_cells),
    )
    for what, found, limit in overall:
        if found > limit:
            return _too_much(found, what, limit)
    return None


def _links(text: str) -> int:
    return text.count("]")


def _too_much(found: int, what: str, limit: int) -> str:
    return f"too much to render safely: {found:,} {what}; the limit is {limit:,}"
