"""A guide's checklist as plain text, to copy into a note: task lists first, else a section that is only a list."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.+?)\s*#*\s*$")
_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+(?P<text>.*)$")
_TASK = re.compile(r"^\[[ xX]\]\s+")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?P<text>\S(?:.*?\S)?)\1")


@dataclass(frozen=True)
class Checklist:
    """A list of a guide, the heading it stands under, and whether it is a Markdown task list (`- [ ] …`)."""

    heading: str
    items: tuple[str, ...]
    tasks: bool = False

    def text(self) -> str:
        """The heading, then one `- item` line per entry, all as plain text."""
        lines = [self.heading] if self.heading else []
        return "\n".join(lines + [f"- {item}" for item in self.items])


def checklists(body: str) -> list[tuple[Checklist, bool]]:
    """Every list in a guide's Markdown, with True when it comes straight after its heading, no text between (a
    checklist's shape: "## Quick checklist" and the list)."""
    found: list[tuple[Checklist, bool]] = []
    items: list[str] = []
    heading, tasks, fenced, first_block = "", False, False, True

    def end_list() -> None:
        nonlocal tasks, first_block
        if items:
            found.append((Checklist(heading, tuple(items), tasks), first_block and bool(heading)))
        items.clear()
        tasks = False

    for line in body.splitlines():
        if _FENCE.match(line) or fenced:
            fenced = fenced != bool(_FENCE.match(line))
            end_list()
            first_block = False
        elif (match := _HEADING.match(line)) is not None:
            end_list()
            heading, first_block = plain_inline(match["text"]), True
        elif (match := _ITEM.match(line)) is not None:
            tasks = tasks or bool(_TASK.match(match["text"]))
            items.append(plain_inline(_TASK.sub("", match["text"])))
        elif line.strip() and items and line.startswith((" ", "\t")):
            items[-1] = f"{items[-1]} {plain_inline(line.strip())}"  # an item that goes on over several lines
        elif line.strip():
            end_list()
            first_block = False
    end_list()
    return found


def guide_checklist(body: str) -> Checklist | None:
    """The guide's checklist: its first task list, else the last list that comes straight after a heading (guides end
    with their checklist); None when there is no such list."""
    lists = checklists(body)
    tasks = [entry for entry, _first in lists if entry.tasks]
    headed = [entry for entry, first in lists if first]
    return tasks[0] if tasks else headed[-1] if headed else None


def plain_inline(text: str) -> str:
    """Markdown inline markup dropped: links keep their words, pictures go, emphasis and code marks go."""
    text = _LINK.sub(lambda match: match["text"], _IMAGE.sub("", text))
    previous = None
    while previous != text:
        previous, text = text, _EMPHASIS.sub(lambda match: match["text"], text)
    return text.strip()
