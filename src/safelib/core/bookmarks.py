"""Bookmarks and where the reader stopped in each guide: one vault item, read back strictly, never kept in clear."""

from __future__ import annotations

import datetime
import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from safelib.core.packs.parse import ID_RE

BOOKMARKS_ITEM = "bookmarks.json"  # the vault item; only ever inside a vault
FORMAT = 1
MAX_BOOKMARKS = 100  # a list a reader can still look through in a menu
MAX_PLACES = 300  # the guides read longest ago are forgotten first
MAX_ITEM_BYTES = 256 * 1024  # well above the two lists at their limits; anything bigger is refused unread
MAX_TEXT = 200  # characters of a title or a section heading
_LANGUAGE = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,4}\Z")
_ANCHOR = re.compile(r"^(?:section-[1-9][0-9]{0,4})?\Z")
_BOOKMARK_KEYS = {"pack", "guide", "lang", "title", "section", "anchor", "day"}
_PLACE_KEYS = {"pack", "guide", "lang", "fraction", "day"}
Today = Callable[[], datetime.date]


class BookmarkProblem(ValueError):
    """One entry (or the whole item) that cannot be read: the message says which and why."""


@dataclass(frozen=True)
class GuideRef:
    """A guide as bookmarks name it: its pack, its id and its language."""

    pack: str
    guide: str
    language: str


@dataclass(frozen=True)
class Bookmark:
    """A guide the reader marked, at the section they were reading (`anchor` "" is its top), on `day` (no time of day)."""

    ref: GuideRef
    title: str
    section: str
    anchor: str
    day: str


@dataclass(frozen=True)
class Place:
    """How far down a guide the reader was when they last left it (0.0 top, 1.0 end)."""

    ref: GuideRef
    fraction: float
    day: str


class Bookmarks:
    """Bookmarks (newest first) and the last place in each guide (most recent last), bounded in number.

    Adding or removing a bookmark calls `changed` (the session saves soon after); a new place only changes memory and
    goes into the vault with the next save, so scrolling never writes to the stick.
    """

    def __init__(
        self,
        bookmarks: Iterable[Bookmark] = (),
        places: Iterable[Place] = (),
        problems: Iterable[str] = (),
        today: Today = datetime.date.today,
    ) -> None:
        self.items: list[Bookmark] = list(bookmarks)[:MAX_BOOKMARKS]
        self.places: dict[GuideRef, Place] = {place.ref: place for place in places}
        self.problems = list(problems)  # what could not be read when loading: said once, then forgotten
        self.today = today
        self.changed: Callable[[], None] = lambda: None
        self.pending = False  # changed since `to_bytes()`: the next save of the vault must take the item
        self._trim_places()

    def bookmark(self, ref: GuideRef) -> Bookmark | None:
        """The bookmark of this guide, if it has one."""
        return next((item for item in self.items if item.ref == ref), None)

    @property
    def full(self) -> bool:
        """True when no new guide can be bookmarked until one is removed."""
        return len(self.items) >= MAX_BOOKMARKS

    def add(self, ref: GuideRef, title: str, section: str = "", anchor: str = "") -> bool:
        """Bookmark a guide at a section (an existing bookmark of it moves there, to the top); False when full."""
        mark = Bookmark(ref, _clip(title), _clip(section), anchor if _ANCHOR.match(anchor) else "", self._day())
        rest = [item for item in self.items if item.ref != ref]
        if len(rest) >= MAX_BOOKMARKS:
            return False
        self.items = [mark, *rest]
        self.pending = True
        self.changed()
        return True

    def remove(self, ref: GuideRef) -> bool:
        """Forget a guide's bookmark; False when it had none."""
        rest = [item for item in self.items if item.ref != ref]
        if len(rest) == len(self.items):
            return False
        self.items = rest
        self.pending = True
        self.changed()
        return True

    def place(self, ref: GuideRef) -> float | None:
        """Where the reader left this guide, if they did."""
        found = self.places.get(ref)
        return found.fraction if found is not None else None

    def note_place(self, ref: GuideRef, fraction: float) -> None:
        """Remember how far down a guide the reader is now (clamped to 0–1)."""
        fraction = round(min(1.0, max(0.0, fraction)), 4) if math.isfinite(fraction) else 0.0
        self.places.pop(ref, None)
        self.places[ref] = Place(ref, fraction, self._day())
        self.pending = True
        self._trim_places()

    def to_bytes(self) -> bytes:
        """The item as the vault keeps it (nothing is pending after this)."""
        self.pending = False
        data = {
            "format": FORMAT,
            "bookmarks": [
                {**_ref_fields(b.ref), "title": b.title, "section": b.section, "anchor": b.anchor, "day": b.day}
                for b in self.items
            ],
            "places": [{**_ref_fields(p.ref), "fraction": p.fraction, "day": p.day} for p in self.places.values()],
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes | None, today: Today = datetime.date.today) -> Bookmarks:
        """Read an item back: a broken entry is left out and a broken item counts as empty, each with a problem said."""
        if data is None:
            return cls(today=today)
        try:
            document = _document(data)
        except BookmarkProblem as exc:
            return cls(problems=[str(exc)], today=today)
        problems: list[str] = []
        bookmarks = _entries(document, "bookmarks", _bookmark, MAX_BOOKMARKS, problems)
        places = _entries(document, "places", _place, MAX_PLACES, problems)
        return cls(bookmarks, places, problems, today)

    def _day(self) -> str:
        return self.today().isoformat()

    def _trim_places(self) -> None:
        while len(self.places) > MAX_PLACES:
            del self.places[next(iter(self.places))]


def _ref_fields(ref: GuideRef) -> dict[str, str]:
    return {"pack": ref.pack, "guide": ref.guide, "lang": ref.language}


def _clip(text: str) -> str:
    """A title or heading as kept: one line, at most MAX_TEXT characters."""
    return " ".join(text.split())[:MAX_TEXT]


def _document(data: bytes) -> dict[str, Any]:
    """The item's JSON object, checked for size and format before anything in it is read."""
    if len(data) > MAX_ITEM_BYTES:
        raise BookmarkProblem(f"{BOOKMARKS_ITEM}: larger than {MAX_ITEM_BYTES // 1024} KiB, so it was not read")
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise BookmarkProblem(f"{BOOKMARKS_ITEM}: not readable JSON ({exc})") from None
    if not isinstance(document, dict):
        raise BookmarkProblem(f"{BOOKMARKS_ITEM}: not a JSON object")
    if document.get("format") != FORMAT:
        raise BookmarkProblem(f"{BOOKMARKS_ITEM}: format {document.get('format')!r} is not {FORMAT} (a newer program?)")
    return document


def _entries(document: dict[str, Any], name: str, read: Callable[[Any], Any], limit: int, problems: list[str]) -> list[Any]:
    """The valid entries of one list, each guide once, at most `limit`; what is left out is said in `problems`."""
    raw = document.get(name, [])
    if not isinstance(raw, list):
        problems.append(f"{BOOKMARKS_ITEM}: {name} is not a list")
        return []
    found: dict[GuideRef, Any] = {}
    for number, entry in enumerate(raw, 1):
        try:
            value = read(entry)
        except BookmarkProblem as exc:
            problems.append(f"{BOOKMARKS_ITEM}: {name} entry {number}: {exc}")
            continue
        if value.ref in found:
            problems.append(f"{BOOKMARKS_ITEM}: {name} entry {number}: the same guide again")
        elif len(found) >= limit:
            problems.append(f"{BOOKMARKS_ITEM}: {name}: more than {limit}; the rest were left out")
            break
        else:
            found[value.ref] = value
    return list(found.values())


def _fields(entry: Any, keys: set[str]) -> dict[str, Any]:
    if not isinstance(entry, dict) or set(entry) != keys:
        raise BookmarkProblem(f"expected exactly the fields {', '.join(sorted(keys))}")
    return entry


def _text(entry: dict[str, Any], key: str, pattern: re.Pattern[str] | None = None, limit: int = MAX_TEXT) -> str:
    value = entry[key]
    if not isinstance(value, str) or len(value) > limit or (pattern is not None and not pattern.match(value)):
        raise BookmarkProblem(f"{key} is not valid")
    if any(ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 for char in value):
        raise BookmarkProblem(f"{key} holds control characters")
    return value


def _ref(entry: dict[str, Any]) -> GuideRef:
    return GuideRef(_text(entry, "pack", ID_RE, 64), _text(entry, "guide", ID_RE, 64), _text(entry, "lang", _LANGUAGE, 35))


def _day(entry: dict[str, Any]) -> str:
    value = _text(entry, "day", limit=10)
    try:
        if datetime.date.fromisoformat(value).isoformat() != value:
            raise ValueError(value)
    except ValueError:
        raise BookmarkProblem("day is not a date (YYYY-MM-DD)") from None
    return value


def _bookmark(entry: Any) -> Bookmark:
    fields = _fields(entry, _BOOKMARK_KEYS)
    return Bookmark(
        _ref(fields), _text(fields, "title"), _text(fields, "section"), _text(fields, "anchor", _ANCHOR, 16), _day(fields)
    )


def _place(entry: Any) -> Place:
    fields = _fields(entry, _PLACE_KEYS)
    fraction = fields["fraction"]
    if type(fraction) not in (int, float) or not 0 <= fraction <= 1:  # bool is an int, and NaN fails the comparison
        raise BookmarkProblem("fraction is not a number from 0 to 1")
    return Place(_ref(fields), float(fraction), _day(fields))
