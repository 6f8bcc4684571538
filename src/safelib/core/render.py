"""Markdown → sanitized HTML for Qt's rich-text widget: nothing remote, nothing executable, RTL-aware."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from html import escape as html_escape
from html.parser import HTMLParser

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

from safelib.core.i18n import N_, format_date, gettext_in
from safelib.core.locales import is_rtl
from safelib.core.markdown_work import TooMuchWork, page_problem, work_problem
from safelib.core.packs.limits import DEFAULT_LIMITS
from safelib.core.packs.model import Guide, Pack
from safelib.core.packs.parse import without_hidden_characters
from safelib.core.problems import PackError, Problem

LRI, PDI = "\u2066", "\u2069"
MEDIA_SCHEME = "pack"
SOURCES = N_("Sources")
FACTS_CHECKED = N_("Facts checked: {date}")
CHANGES_OFTEN = N_(
    "The laws, rules or apps this guide describes change often. Before you act on it, check with an organisation you trust."
)
GUIDE_SCHEME = "guide"
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th", "div", "ul", "ol", "table"}
CELLS = {"td", "th"}
CELL_SEPARATOR = " · "  # between a table row's cells in plain text; a middle dot is no word character
ALLOWED_TAGS = BLOCKS | {"br", "hr", "pre", "code", "em", "strong", "a", "img", "span", "thead", "tbody", "tr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "name"}, "img": {"src", "alt"}, "th": {"align"}, "td": {"align"}, "*": {"dir"}}
_WEB_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# A well-formed inline link or image; any other "[" makes Python-Markdown scan ahead, which is
# quadratic: 4,000 stray brackets in one paragraph took 2–9 s.
_INLINE_LINK = re.compile(r"!?\[[^\[\]\n]{0,1000}\]\([^()\s]{0,2000}\)")
_CODE_OR_LINK = re.compile(r"`+[^`\n]*`+|" + _INLINE_LINK.pattern)
STRAY_BRACKETS_PER_BLOCK = 32


@dataclass(frozen=True)
class Heading:
    """One entry of a guide's table of contents."""

    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class RenderedGuide:
    """A guide as safe HTML, with its table of contents and direction."""

    html: str
    toc: tuple[Heading, ...]
    direction: str
    pictures: tuple[str, ...] = ()  # the pack's media it shows, each once, in order


def defuse_brackets(body: str) -> str:
    """Escape stray `[` in blocks that have many, so hostile text cannot make rendering quadratic."""
    blocks = re.split(r"(\n[ \t]*\n)", body)
    for index, block in enumerate(blocks):
        outside = _CODE_OR_LINK.sub("", block)
        if outside.count("[") > STRAY_BRACKETS_PER_BLOCK:
            pieces = _CODE_OR_LINK.split(block)
            kept = _CODE_OR_LINK.findall(block)
            escaped = [piece.replace("\\[", "[").replace("[", "\\[") for piece in pieces]
            blocks[index] = "".join(e + (kept[i] if i < len(kept) else "") for i, e in enumerate(escaped))
    return "".join(blocks)


def media_url(pack_id: str, rel: str) -> str:
    """The URL by which the reader asks the core for a pack's image."""
    return f"{MEDIA_SCHEME}:{pack_id}/{rel}"


def parse_media_url(url: str) -> tuple[str, str] | None:
    """(pack id, path) from a URL made by `media_url`, or None for anything else."""
    if not url.startswith(MEDIA_SCHEME + ":"):
        return None
    pack_id, _, rel = url[len(MEDIA_SCHEME) + 1 :].partition("/")
    return (pack_id, rel) if pack_id and rel else None


class _SafeLinks(Treeprocessor):
    """Rewrite links and images so only in-pack targets remain; collect headings for the contents."""

    def __init__(self, md: markdown.Markdown, pack: Pack | None, rtl: bool) -> None:
        super().__init__(md)
        self.pack = pack
        self.rtl = rtl
        self.toc: list[Heading] = []
        self.pictures: dict[str, None] = {}

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, element in enumerate(list(parent)):
                if element.tag == "a":
                    self._link(element)
                elif element.tag == "img":
                    self._image(parent, index, element)
                elif element.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                    self._heading(element)
                elif element.tag == "code":
                    element.text = f"{LRI}{element.text or ''}{PDI}"
                    element.set("dir", "ltr")
                if element.tag in BLOCKS and self.rtl:
                    element.set("dir", "rtl")

    def _link(self, element: etree.Element) -> None:
        if element.get("name", "").startswith("section-") and "href" not in element.attrib:
            return
        href = (element.get("href") or "").strip()
        element.attrib.clear()
        if href.startswith(GUIDE_SCHEME + ":") or (href.startswith("#") and len(href) > 1):
            element.set("href", href)
            return
        element.tag = "span"
        label = "".join(element.itertext()).strip()
        if _WEB_ADDRESS.match(href) and href != label:
            element.tail = f" ({LRI}{href}{PDI})" + (element.tail or "")

    def _image(self, parent: etree.Element, index: int, element: etree.Element) -> None:
        src = (element.get("src") or "").strip()
        alt = element.get("alt") or ""
        if self.pack is not None and src in self.pack.media:
            element.attrib.clear()
            element.set("src", media_url(self.pack.id, src))
            self.pictures[src] = None
            element.set("alt", alt)
            return
        replacement = etree.Element("span")
        replacement.text = f"[{alt}]" if alt else ""
        replacement.tail = element.tail
        parent.remove(element)
        parent.insert(index, replacement)

    def _heading(self, element: etree.Element) -> None:
        anchor = f"section-{len(self.toc) + 1}"
        text = without_hidden_characters("".join(element.itertext())).strip()  # the contents list is not isolated
        self.toc.append(Heading(int(element.tag[1]), text, anchor))
        marker = etree.Element("a")
        marker.set("name", anchor)
        marker.tail = element.text
        element.text = None
        element.insert(0, marker)


def _markdown(pack: Pack | None, rtl: bool) -> tuple[markdown.Markdown, _SafeLinks]:
    md = markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code"], output_format="html")
    for name in ("html_block",):
        md.preprocessors.deregister(name, strict=False)
    for name in ("html", "autolink", "automail", "entity"):
        md.inlinePatterns.deregister(name, strict=False)
    links = _SafeLinks(md, pack, rtl)
    md.treeprocessors.register(links, "safelib-links", 1)
    return md, links


def render_markdown(
    body: str, *, pack: Pack | None = None, language: str = "en", where: str = "<text>", title: str | None = None
) -> RenderedGuide:
    """Render Markdown to sanitized HTML; PackError (with a located problem) when it cannot be rendered safely."""
    problem = work_problem(body, DEFAULT_LIMITS)
    if problem:
        raise TooMuchWork(Problem(where, problem))
    rtl = is_rtl(language)
    md, links = _markdown(pack, rtl)
    try:
        raw = md.convert(defuse_brackets(body))
    except RecursionError as exc:
        raise TooMuchWork(Problem(where, "text is nested too deeply to render")) from exc
    clean = sanitize(raw)
    direction = "rtl" if rtl else "ltr"
    heading = f'<h1 dir="{direction}">{html_escape(title)}</h1>\n' if title else ""
    html = f'<div dir="{direction}">{heading}{clean}</div>'
    problem = page_problem(html, DEFAULT_LIMITS)
    if problem:
        raise TooMuchWork(Problem(where, problem))
    return RenderedGuide(
        html=html,
        toc=tuple(links.toc),
        direction=direction,
        pictures=tuple(links.pictures),
    )


def sanitize(html: str) -> str:
    """The last line of defence: only our tags, our attributes, and guide:/pack: URLs survive."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={GUIDE_SCHEME, MEDIA_SCHEME},
        link_rel=None,
        strip_comments=True,
    )


def render_guide(guide: Guide, pack: Pack | None = None) -> RenderedGuide:
    """Render a guide: its title, when its facts were checked, its body and the sources its facts rest on.

    The added lines are in the guide's language, not the interface's: a Sorani guide says when its
    facts were checked in Sorani even when the menus are in English.
    """
    checked = gettext_in(guide.language, FACTS_CHECKED).format(date=format_date(guide.facts_checked, guide.language))
    notes = [checked, gettext_in(guide.language, CHANGES_OFTEN)] if guide.changes_often else [checked]
    body = "".join(f"*{_escape_markdown(note)}*\n\n" for note in notes) + guide.body
    if guide.sources:
        items = "\n".join(f"- {_escape_markdown(source)}" for source in guide.sources)
        body = f"{body}\n\n## {_escape_markdown(gettext_in(guide.language, SOURCES))}\n\n{items}\n"
    return render_markdown(body, pack=pack, language=guide.language, where=guide.path, title=guide.title)


def _escape_markdown(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]()#+!<>|])", r"\\\1", text)


class _TextExtractor(HTMLParser):
    """Blocks one a line; a table row's cells on its line, apart, so a snippet never reads "Cost Free Where"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.cells_in_row = 0
        self.in_cell = False

    def handle_data(self, data: str) -> None:
        if self.cells_in_row and not self.in_cell and not data.strip():
            return  # the markup's line break between two cells
        self.parts.append(data.replace(LRI, "").replace(PDI, ""))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "li", "tr"):
            self.parts.append("\n")
            self.cells_in_row = 0
        elif tag in CELLS:
            if self.cells_in_row:
                self.parts.append(CELL_SEPARATOR)
            self.cells_in_row += 1
            self.in_cell = True

    def handle_endtag(self, tag: str) -> None:
        if tag in CELLS:
            self.in_cell = False
        if (tag in BLOCKS and tag not in CELLS) or tag == "pre":
            self.parts.append("\n")


def html_to_text(html: str) -> str:
    """Plain text of rendered HTML, one block a line: what search indexes and snippets quote."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    text = "".join(extractor.parts)
    return re.sub(r"\n\s*\n+", "\n", text).strip()


def guide_text(guide: Guide) -> str:
    """The guide's body as plain text, or its Markdown source if it cannot be rendered."""
    try:
        return html_to_text(render_markdown(guide.body, language=guide.language, where=guide.path).html)
    except PackError:
        return guide.body
