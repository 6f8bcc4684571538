"""Parse `pack.toml` and guide front matter, reporting every problem with its file and line."""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from safelib.core import toml
from safelib.core.languages import parse_language
from safelib.core.packs.model import CATEGORIES, ID_PATTERN, Guide, Manifest, PackChange
from safelib.core.problems import PackError, Problem

ID_RE = re.compile(rf"^{ID_PATTERN}\Z")  # \Z: `$` would also match before a final newline
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")
# Characters that can make text look like something else: controls (C0 and C1), format characters
# (direction marks, overrides and isolates, the Arabic letter mark, zero-width space, BOM, tags), line
# and paragraph separators, private-use and surrogate code points.
_HIDDEN = {"Cc", "Cf", "Zl", "Zp", "Co", "Cs"}
# The zero-width non-joiner and joiner are part of Sorani and Persian spelling.
_SPELLING = {"\u200c", "\u200d"}


def without_hidden_characters(text: str) -> str:
    """`text` with the characters `hidden_characters` looks for removed (for headings in the contents list)."""
    return "".join(char for char in text if unicodedata.category(char) not in _HIDDEN or char in _SPELLING)


def hidden_characters(text: str, allowed: str = "") -> bool:
    """True when `text` holds an invisible or direction-changing character other than those `allowed`."""
    return any(unicodedata.category(char) in _HIDDEN and char not in _SPELLING and char not in allowed for char in text)


MAX_TITLE = 200
MAX_SUMMARY = 1000


def decode_text(data: bytes, where: str) -> str:
    """Decode UTF-8 (a leading BOM is tolerated), normalise line ends, refuse NUL bytes."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        raise PackError(Problem(where, "file is UTF-16; save it as UTF-8", line=1))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PackError(Problem(where, f"file is not valid UTF-8 (byte {exc.start})", line=line)) from exc
    if "\x00" in text:
        raise PackError(Problem(where, "file contains a NUL character", line=text[: text.index("\x00")].count("\n") + 1))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _load_toml(text: str, where: str, first_line: int) -> dict[str, Any]:
    try:
        return toml.loads(text)
    except toml.TomlError as exc:
        found = _TOML_LINE.search(str(exc))
        line = first_line + int(found.group(1)) - 1 if found else first_line
        message = _TOML_LINE.sub("", str(exc)).strip()
        raise PackError(Problem(where, f"invalid TOML: {message}{toml_hint(message)}", line=line)) from exc


_UNCLOSED = 'a text lost its closing double quote: end it with " on its line (or write """ around text of several lines)'
# What to do about each of tomllib's messages, for translators who have never seen TOML before.
_TOML_HINTS = (
    (
        "Invalid value",
        'put the text in double quotes, like title = "…" (numbers, true, false and dates such as 2026-11-01 have none)',
    ),
    ("Unterminated string", _UNCLOSED),
    ("Illegal character '\\n'", _UNCLOSED),
    ("Expected '=' after a key", 'each line is key = value: the "=" is missing, or a key with spaces needs quotes'),
    ("Unclosed array", 'a list is written ["one", "two"]: a comma between items and a ] at the end'),
    ("Cannot overwrite a value", "a key is written twice: keep one of them"),
    (
        "Expected newline or end of document",
        "something follows the value on this line: one key = value per line, "
        'and a text with a quote inside goes in double quotes ("it\'s")',
    ),
)


def toml_hint(message: str) -> str:
    """What a person should do about a TOML error, after a '; ' (empty when there is no advice)."""
    return next((f"; {hint}" for start, hint in _TOML_HINTS if message.startswith(start)), "")


class _Fields:
    """Typed access to a TOML table that records a located problem for every bad value."""

    def __init__(self, table: dict[str, Any], text: str, where: str, first_line: int) -> None:
        self.table = table
        self.lines = text.split("\n")
        self.where = where
        self.first_line = first_line
        self.problems: list[Problem] = []

    def line_of(self, key: str) -> int:
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number, line in enumerate(self.lines):
            if pattern.match(line):
                return self.first_line + number
        return self.first_line

    def error(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.where, message, line=self.line_of(key)))

    def get(self, key: str, kind: type, required: bool, check: Callable[[Any], str | None] | None = None) -> Any:
        if key not in self.table:
            if required:
                self.problems.append(Problem(self.where, f"missing required key '{key}'", line=self.first_line))
            return None
        value = self.table[key]
        if kind is datetime.date:
            good = isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
        else:
            good = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if not good:
            self.error(key, f"'{key}' must be {_KIND_NAMES.get(kind, kind.__name__)}, not {type(value).__name__}")
            return None
        reason = check(value) if check else None
        if reason:
            self.error(key, f"'{key}' {reason}")
            return None
        return value

    def text(self, key: str, required: bool = True, limit: int = MAX_SUMMARY) -> str | None:
        def check(value: str) -> str | None:
            if required and not value.strip():
                return "must not be empty"
            if len(value) > limit:
                return f"is longer than {limit} characters"
            return "contains invisible or direction-changing characters" if hidden_characters(value, "\n") else None

        return self.get(key, str, required, check)

    def strings(self, key: str) -> tuple[str, ...]:
        def check(value: list[Any]) -> str | None:
            if any(not isinstance(item, str) for item in value):
                return "must be a list of strings"
            hidden = any(hidden_characters(item) for item in value)
            return "contains invisible or direction-changing characters" if hidden else None

        value = self.get(key, list, False, check)
        return tuple(value) if value else ()

    def warn_unknown(self, known: set[str]) -> None:
        for key in sorted(set(self.table) - known):
            self.problems.append(
                Problem(self.where, f"unknown key '{key}' is ignored", line=self.line_of(key), severity="warning")
            )


_KIND_NAMES = {
    str: "a string",
    int: "a whole number",
    bool: "true or false",
    list: "a list",
    dict: "a table",
    datetime.date: "a date such as 2026-11-01",
}


def _check_id(value: str) -> str | None:
    return (
        None if ID_RE.match(value) else "must be lower-case letters, digits and '-' (at most 64), starting with a letter or digit"
    )


def _check_language(value: str) -> str | None:
    try:
        parse_language(value)
    except ValueError as exc:
        return f"is not usable: {exc}"
    return None


def _check_title(value: str) -> str | None:
    if not value.strip():
        return "must not be empty"
    if len(value) > MAX_TITLE:
        return f"is longer than {MAX_TITLE} characters"
    if hidden_characters(value):
        return "contains invisible or direction-changing characters"
    return None


def parse_manifest(data: bytes, where: str) -> tuple[Manifest | None, list[Problem]]:
    """Parse and validate `pack.toml`; the manifest is None when any error was found."""
    try:
        text = decode_text(data, where)
        table = _load_toml(text, where, 1)
    except PackError as exc:
        return None, [exc.problem]
    fields = _Fields(table, text, where, 1)
    if fields.get("format", int, True) not in (1, None):
        fields.error("format", f"'format' {table['format']} is not supported (this program reads format 1)")
    values = {
        "id": fields.get("id", str, True, _check_id),
        "title": fields.get("title", str, True, _check_title),
        "language": fields.get("language", str, True, _check_language),
        "version": fields.text("version", limit=64),
        "publisher": fields.text("publisher", limit=MAX_TITLE),
        "license": fields.text("license", limit=64),
        "description": fields.text("description", required=False) or "",
    }
    translation = fields.get("translation", dict, False)
    source_pack = None
    if translation is not None:
        sub = _Fields(translation, text, where, 1)
        source_pack = sub.get("source_pack", str, True, _check_id)
        sub.warn_unknown({"source_pack"})
        fields.problems.extend(sub.problems)
    changes = _parse_changes(fields, text, where)
    fields.warn_unknown(
        {"format", "id", "title", "language", "version", "publisher", "license", "description", "translation", "changes"}
    )
    if any(p.severity == "error" for p in fields.problems):
        return None, fields.problems
    return Manifest(source_pack=source_pack, changes=changes, **values), fields.problems


CHANGE_KEYS = {"version", "date", "summary", "added", "corrected", "withdrawn"}


def _parse_changes(fields: _Fields, text: str, where: str) -> tuple[PackChange, ...]:
    """The `[[changes]]` tables of `pack.toml`: what each version added, corrected and withdrew."""
    entries = fields.get(
        "changes", list, False, lambda v: None if all(isinstance(e, dict) for e in v) else "must be [[changes]] tables"
    )
    changes = []
    for entry in entries or ():
        sub = _Fields(entry, text, where, 1)
        version = sub.text("version", limit=64)
        date = sub.get("date", datetime.date, True)
        summary = sub.text("summary")
        lists = {key: sub.strings(key) for key in ("added", "corrected", "withdrawn")}
        for key, ids in lists.items():
            bad = [guide_id for guide_id in ids if not ID_RE.match(guide_id)]
            if bad:
                sub.error(key, f"'{key}' lists '{bad[0]}', which is not a guide id")
        sub.warn_unknown(CHANGE_KEYS)
        fields.problems.extend(sub.problems)
        if version is not None and date is not None and summary is not None:
            changes.append(PackChange(version, date, summary, lists["added"], lists["corrected"], lists["withdrawn"]))
    return tuple(changes)


def split_front_matter(text: str, where: str) -> tuple[str, str, int]:
    """Split a guide into (front matter, body, line number where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "+++":
        raise PackError(Problem(where, "guide must start with a '+++' line opening its TOML front matter", line=1))
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() == "+++":
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :]), number + 2
    raise PackError(Problem(where, "front matter is never closed by a '+++' line", line=1))


GUIDE_KEYS = {
    "title",
    "category",
    "summary",
    "tags",
    "updated",
    "checked",
    "changes_often",
    "sources",
    "translation_of",
    "source_revision",
}


def parse_guide(data: bytes, where: str, pack_id: str, guide_id: str, language: str) -> tuple[Guide | None, list[Problem]]:
    """Parse and validate one guide file; the guide is None when any error was found."""
    try:
        text = decode_text(data, where)
        front, body, body_line = split_front_matter(text, where)
        table = _load_toml(front, where, 2)
    except PackError as exc:
        return None, [exc.problem]
    fields = _Fields(table, front, where, 2)

    def check_category(value: str) -> str | None:
        return None if value in CATEGORIES else f"must be one of {', '.join(CATEGORIES)} (found '{value}')"

    values = {
        "title": fields.get("title", str, True, _check_title),
        "category": fields.get("category", str, True, check_category),
        "summary": fields.text("summary"),
        "updated": fields.get("updated", datetime.date, True),
        "checked": fields.get("checked", datetime.date, False),
        "changes_often": bool(fields.get("changes_often", bool, False)),
        "tags": fields.strings("tags"),
        "sources": fields.strings("sources"),
        "translation_of": fields.get("translation_of", str, False, _check_id),
        "source_revision": fields.text("source_revision", required=False, limit=128),
    }
    fields.warn_unknown(GUIDE_KEYS)
    if any(p.severity == "error" for p in fields.problems):
        return None, fields.problems
    guide = Guide(pack_id=pack_id, id=guide_id, language=language, body=body, path=where, body_line=body_line, **values)
    return guide, fields.problems


def toml_string(value: str) -> str:
    """`value` as a TOML basic string: JSON's escapes are TOML's, plus DEL, which TOML wants escaped too."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
