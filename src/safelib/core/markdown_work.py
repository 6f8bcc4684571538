"""How much work a guide would cost to render and to show, measured in linear passes before the work is done.

Python-Markdown is fast for real guides and slow for some inputs well inside the size limit: its
inline pass is quadratic in the marks and links of one paragraph, its block pass grows with the
number of blocks, and tables are padded to the header's width. Each of these is counted here and
held to a limit (packs.limits), so whatever passes renders in bounded time. Then Qt builds the page
on the window's thread, in one piece, while the panic key waits: the rendered page's weight (what
that costs, piece by piece) is held to a limit too.
"""

from __future__ import annotations

import re

from safelib.core.i18n import N_
from safelib.core.packs.limits import Limits
from safelib.core.problems import PackError

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
    per_block = (  # links are marks too: the narrower count first, so the message names them
        ("links or pictures in one paragraph", _links, limits.max_links_per_block),
        ("inline marks in one paragraph", _marks, limits.max_inline_marks_per_block),
    )
    for what, count, limit in per_block:
        # A block shorter than the limit cannot break it; counting only the longer ones keeps this linear.
        found = max((count(block) for block in blocks if len(block) > limit), default=0)
        if found > limit:
            return _too_much(found, what, limit)
    overall = (
        ("links or pictures in all", _links(body), limits.max_links),
        ("inline marks in all", _marks(body), limits.max_inline_marks),
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


# What Qt's rich-text import and first layout cost the window's thread per piece of the rendered page, in units of
# about 20 µs (measured on 2 cores at load average 5; benchmarks/README.md, "How heavy a page may be"). Tables cost
# the most: Qt lays out each cell's text several times to size the columns, so their text weighs more. A KiB weighs
# as Arabic-script text does; Latin text costs about a quarter of that.
PAGE_PIECES = (
    ("table cells", re.compile(r"<t[dh][\s>]"), 10),
    ("headings", re.compile(r"<h[1-6][\s>]"), 5),
    ("list items", re.compile(r"<li[\s>]"), 5),
    ("code spans", re.compile(r"<code[\s>]"), 4),
    ("links", re.compile(r"<a[\s>]"), 3),
    ("emphasised words", re.compile(r"<(?:em|strong|span)[\s>]"), 3),
    ("other blocks", re.compile(r"<(?:p|blockquote|pre|div|tr|ul|ol|table|hr|br|img)[\s>/]"), 3),
)
KIB_WEIGHT = 20
TABLE_KIB_WEIGHT = 150  # on top of KIB_WEIGHT
_TABLE = re.compile(r"<table[\s>].*?</table>", re.DOTALL)  # Markdown tables do not nest
TOO_HEAVY_FOR_READERS = N_(
    "This guide is too long or too complicated to show without making the panic key wait. "
    "Ask whoever gave you this pack for a shorter version."
)


class TooMuchWork(PackError):
    """A guide refused because rendering or showing it would take too long; readers are told why in their language."""


def page_pieces(html: str) -> list[tuple[str, int, int]]:
    """(what, how many, weight of one) for each costly piece of a rendered page, its KiB and its tables' KiB last."""
    table_bytes = sum(len(table.encode()) for table in _TABLE.findall(html))
    return [(what, len(pattern.findall(html)), weight) for what, pattern, weight in PAGE_PIECES] + [
        ("KiB of text", _kib(len(html.encode())), KIB_WEIGHT),
        ("KiB of it in tables", _kib(table_bytes), TABLE_KIB_WEIGHT),
    ]


def _kib(size: int) -> int:
    return -(-size // 1024)


def page_weight(html: str) -> int:
    """What showing the rendered page costs the window's thread, in the units of PAGE_PIECES."""
    return sum(count * weight for _, count, weight in page_pieces(html))


def page_problem(html: str, limits: Limits) -> str | None:
    """Why a rendered page is too heavy to show while keeping the panic key instant (its pieces, in numbers), or None."""
    weight = page_weight(html)
    if weight <= limits.max_page_weight:
        return None
    pieces = ", ".join(f"{count:,} {what}" for what, count, _ in page_pieces(html) if count)
    return (
        f"too much to show at once: {pieces} weigh {weight:,}; the limit is {limits.max_page_weight:,} "
        "(split it into shorter guides)"
    )
