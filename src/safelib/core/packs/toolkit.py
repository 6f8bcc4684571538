"""The translator's and publisher's tools: scaffold a translation, report its status, mark guides current, build a file.

A translation folder keeps, next to its guides, a copy of each source guide as it was last translated
(`.safelib-source/guides/<id>.md`). The reader never reads it and `build` leaves it out; `status` uses it
to say *what* changed in the source (title, summary, how many body lines), which a revision hash alone
cannot tell.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from safelib.core.languages import parse_language
from safelib.core.packs.archive import write_reproducible_zip
from safelib.core.packs.keys import KeyRing
from safelib.core.packs.loader import WORKSPACE_FOLDER, LoadResult, load_pack
from safelib.core.packs.media import image_problem, image_size
from safelib.core.packs.model import Guide, Pack
from safelib.core.packs.parse import ID_RE, parse_guide, toml_string
from safelib.core.packs.revision import guide_revision
from safelib.core.packs.signing import SIGNATURE_FILE, parse_signature
from safelib.core.packs.source import PACK_SUFFIX
from safelib.core.packs.terms import unmatched_groups
from safelib.core.portable import write_atomic
from safelib.core.problems import PackError, Problem
from safelib.core.render import render_guide

PUBLISHER_PLACEHOLDER = "TODO: the person or organisation that stands behind this translation"
ARABIC_SCRIPT_LANGUAGES = {"ar", "ckb", "fa", "ur", "ps", "sd", "ug", "sdh", "lki", "bqi", "glk", "mzn", "arz", "apc", "acm"}
MIN_PARAGRAPH_CHARS = 25  # shorter paragraphs (a number, a name, a link) may rightly stay the same
_GUIDE_LINK = re.compile(r"\]\(\s*<?guide:([^)\s>#]*)")
_CODE_OR_URL = re.compile(r"`[^`\n]*`|\]\([^)]*\)|[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)
_SOURCE_REVISION = re.compile(r"^\s*source_revision\s*=")
_TRANSLATION_OF = re.compile(r"^\s*translation_of\s*=")


def snapshot_path(guide_id: str) -> str:
    """Where a translation folder keeps its copy of the source guide it last translated."""
    return f"{WORKSPACE_FOLDER}/guides/{guide_id}.md"


# --- validation ----------------------------------------------------------------------------------------------


def validate_pack(location: Path, keyring: KeyRing | None = None, elsewhere: Collection[str] | None = None) -> LoadResult:
    """Load a pack, render every guide and check every picture, so validation finds all the reader would stumble on.

    With `elsewhere` (the other packs' guide ids), a `guide:` link to an id in neither it nor the pack is an error.
    The caller closes `result.pack.source` when a pack was loaded.
    """
    result = load_pack(location, keyring=keyring, elsewhere=elsewhere)
    if result.pack is None:
        return result
    source = result.pack.source
    pixels: dict[str, int] = {}
    for rel in sorted(result.pack.media):
        try:
            data = source.read(rel, source.limits.max_image_bytes)
        except PackError as exc:
            result.problems.append(exc.problem)
            continue
        problem = image_problem(data, source.limits)
        if problem:
            result.problems.append(Problem(source.where(rel), f"{problem}: it will not be shown"))
        elif size := image_size(data):
            pixels[rel] = size[0] * size[1]
    for guide in result.pack.guides.values():
        try:
            rendered = render_guide(guide, result.pack)
        except PackError as exc:
            result.problems.append(exc.problem)
            continue
        total = sum(pixels.get(rel, 0) for rel in rendered.pictures)
        if total > source.limits.max_guide_pixels:
            result.problems.append(
                Problem(
                    guide.path,
                    f"its pictures decode to {total:,} pixels together; the limit is {source.limits.max_guide_pixels:,}: "
                    "the last ones will not be shown",
                )
            )
    result.problems.extend(change_problems(result.pack))
    return result


def change_problems(pack: Pack) -> list[Problem]:
    """Warn about `[[changes]]` lists that name guides the pack does not have (or still has, when withdrawn)."""
    where = pack.source.where("pack.toml")
    problems = []
    for change in pack.manifest.changes:
        for kind, ids in (("added", change.added), ("corrected", change.corrected)):
            problems += [
                Problem(
                    where,
                    f"version {change.version}: '{kind}' names '{guide_id}', which is not a guide of this pack",
                    severity="warning",
                )
                for guide_id in ids
                if guide_id not in pack.guides
            ]
        problems += [
            Problem(
                where,
                f"version {change.version}: '{guide_id}' is listed as withdrawn but is still in the pack",
                severity="warning",
            )
            for guide_id in change.withdrawn
            if guide_id in pack.guides
        ]
    return problems


def errors_of(result: LoadResult) -> list[Problem]:
    """The problems that make a pack unusable or invalid (warnings left out)."""
    errors = [p for p in result.problems if p.severity == "error"]
    if result.pack is None and not errors:
        errors.append(Problem(str(result.location), "the pack could not be loaded"))
    return errors


# --- scaffold ------------------------------------------------------------------------------------------------


def translation_pack_id(source: Pack, language: str) -> str:
    """`guides-en` translated into `sdh` becomes `guides-sdh`; a source id without its language gets `-<lang>`."""
    stem = source.id
    suffix = f"-{source.manifest.language.lower()}"
    if stem.endswith(suffix) and len(stem) > len(suffix):
        stem = stem[: -len(suffix)]
    return f"{stem}-{language.lower()}"[:64].rstrip("-")


def new_translation(source: Pack, language: str, target: Path, pack_id: str | None = None) -> list[Path]:
    """Write a translation pack scaffold into `target` (absent or empty); return the files written."""
    try:
        parse_language(language)
    except ValueError as exc:
        raise PackError(Problem(language, f"--lang: {exc}")) from exc
    pack_id = pack_id or translation_pack_id(source, language)
    if not ID_RE.match(pack_id):
        raise PackError(Problem(pack_id, "pack id must be lower-case letters, digits and '-' (at most 64); give one with --id"))
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise PackError(Problem(str(target), "exists and is not a folder"))
    if target.is_dir() and any(target.iterdir()):
        raise PackError(Problem(str(target), "folder is not empty: refusing to overwrite anything in it"))
    manifest = source.manifest
    files: dict[str, bytes] = {
        "pack.toml": (
            "format = 1\n"
            f'id = "{pack_id}"\n'
            f"title = {toml_string(manifest.title)}  # translate\n"
            f"language = {toml_string(language)}\n"
            f"version = {toml_string(manifest.version)}\n"
            f"publisher = {toml_string(PUBLISHER_PLACEHOLDER)}\n"
            f"license = {toml_string(manifest.license)}\n"
            + (f"description = {toml_string(manifest.description)}  # translate\n" if manifest.description else "")
            + f'\n[translation]\nsource_pack = "{source.id}"\n'
        ).encode("utf-8")
    }
    for guide in sorted(source.guides.values(), key=lambda g: g.id):
        files[f"guides/{guide.id}.md"] = _scaffold_guide(guide).encode("utf-8")
        files[snapshot_path(guide.id)] = source.source.read(f"guides/{guide.id}.md", source.source.limits.max_guide_bytes)
    for rel in sorted(source.media):
        files[rel] = source.source.read(rel, source.source.limits.max_image_bytes)
    written = []
    for rel, data in files.items():
        path = target.joinpath(*rel.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


def _scaffold_guide(guide: Guide) -> str:
    def strings(values: tuple[str, ...]) -> str:
        return "[" + ", ".join(toml_string(v) for v in values) + "]"

    front = [
        f"title = {toml_string(guide.title)}",
        f'category = "{guide.category}"',
        f"summary = {toml_string(guide.summary)}",
        f"tags = {strings(guide.tags)}",
        f"updated = {guide.updated.isoformat()}",
        f"sources = {strings(guide.sources)}",
        f'translation_of = "{guide.id}"',
        f'source_revision = "{guide_revision(guide)}"',
    ]
    body = guide.body if guide.body.endswith("\n") else guide.body + "\n"
    return "+++\n" + "\n".join(front) + "\n+++\n" + body


# --- status --------------------------------------------------------------------------------------------------


@dataclass
class GuideStatus:
    """How far one source guide is translated."""

    id: str
    path: str | None = None
    missing: bool = False
    stale: list[str] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    broken_links: list[Problem] = field(default_factory=list)

    @property
    def done(self) -> bool:
        """Present, up to date, translated and with working links."""
        return not (self.missing or self.stale or self.untranslated or self.broken_links)


@dataclass
class TranslationStatus:
    """A translation pack compared with its source pack."""

    pack_id: str
    language: str
    source_id: str
    guides: list[GuideStatus]
    manifest_notes: list[str] = field(default_factory=list)
    extra_guides: list[str] = field(default_factory=list)
    search_term_groups: int = 0
    search_term_entries: int = 0
    unmatched_search_terms: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def done_count(self) -> int:
        """Source guides whose translation is complete and fresh."""
        return sum(1 for g in self.guides if g.done)

    @property
    def percent(self) -> int:
        """Completion, rounded down so 99.6 % never shows as 100."""
        return 100 * self.done_count // len(self.guides) if self.guides else 100

    @property
    def complete(self) -> bool:
        """Every guide done and nothing left to fill in the manifest."""
        return self.done_count == len(self.guides) and not self.manifest_notes

    def to_json(self) -> dict[str, object]:
        """A stable JSON shape for scripts and CI."""
        return {
            "pack": self.pack_id,
            "language": self.language,
            "source_pack": self.source_id,
            "percent": self.percent,
            "done": self.done_count,
            "total": len(self.guides),
            "complete": self.complete,
            "manifest": self.manifest_notes,
            "extra_guides": self.extra_guides,
            "search_terms": {
                "groups": self.search_term_groups,
                "entries": self.search_term_entries,
                "unmatched": [list(group) for group in self.unmatched_search_terms],
            },
            "guides": [
                {
                    "guide": g.id,
                    "path": g.path,
                    "done": g.done,
                    "missing": g.missing,
                    "stale": g.stale,
                    "untranslated": g.untranslated,
                    "broken_links": [p.format() for p in g.broken_links],
                }
                for g in self.guides
            ],
        }


def translation_status(translation: Pack, source: Pack) -> TranslationStatus:
    """Compare every guide of `source` with its translation in `translation`."""
    by_original = {g.original_id: g for g in sorted(translation.guides.values(), key=lambda g: g.id)}
    status = TranslationStatus(translation.id, translation.manifest.language, source.id, [])
    arabic_script = parse_language(translation.manifest.language).primary in ARABIC_SCRIPT_LANGUAGES
    for original in sorted(source.guides.values(), key=lambda g: g.id):
        guide = by_original.get(original.id)
        entry = GuideStatus(original.id)
        status.guides.append(entry)
        if guide is None:
            entry.missing = True
            continue
        entry.path = guide.path
        entry.stale = _stale_reasons(guide, original, translation)
        entry.untranslated = _untranslated(guide, original, arabic_script)
        entry.broken_links = _broken_links(guide, translation, source)
    status.extra_guides = sorted(g.id for g in translation.guides.values() if g.original_id not in source.guides)
    status.manifest_notes = _manifest_notes(translation, source)
    status.search_term_groups = len(translation.search_terms)
    status.search_term_entries = sum(len(group) for group in translation.search_terms)
    texts = [part for g in translation.guides.values() for part in (g.title, g.summary, " ".join(g.tags), g.body)]
    status.unmatched_search_terms = unmatched_groups(translation.search_terms, texts, translation.manifest.language)
    return status


def _stale_reasons(guide: Guide, original: Guide, translation: Pack) -> list[str]:
    current = guide_revision(original)
    if guide.source_revision == current:
        return []
    if not guide.source_revision:
        return ["no source_revision recorded: run `safelib pack mark-current` once it matches the source"]
    before = _snapshot(translation, original.id)
    if before is None or guide_revision(before) != guide.source_revision:
        return [f"the source changed since revision {guide.source_revision} (no copy of that revision here to compare)"]
    reasons = []
    if before.title != original.title:
        reasons.append(f"title changed: {before.title!r} → {original.title!r}")
    if before.summary != original.summary:
        reasons.append("summary changed")
    if before.tags != original.tags:
        reasons.append("tags changed")
    changed = _changed_lines(before.body, original.body)
    if changed:
        reasons.append(f"body changed: {changed} line{'s' if changed != 1 else ''}")
    return reasons or ["the source changed"]


def _snapshot(translation: Pack, guide_id: str) -> Guide | None:
    rel = snapshot_path(guide_id)
    source = translation.source
    if rel not in source.files():
        return None
    try:
        data = source.read(rel, source.limits.max_guide_bytes)
    except PackError:
        return None
    guide, _ = parse_guide(data, source.where(rel), "snapshot", guide_id, "und")
    return guide


def _changed_lines(before: str, after: str) -> int:
    """Lines changed, added or removed between two bodies (a rewritten line counts once)."""
    matcher = difflib.SequenceMatcher(None, before.strip("\n").split("\n"), after.strip("\n").split("\n"), autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")


def _paragraphs(body: str, first_line: int) -> list[tuple[int, str]]:
    """(line number, whitespace-normalised text) of each blank-line-separated paragraph."""
    found: list[tuple[int, str]] = []
    current: list[str] = []
    start = first_line
    for offset, line in enumerate([*body.split("\n"), ""]):
        if line.strip():
            if not current:
                start = first_line + offset
            current.append(line.strip())
        elif current:
            found.append((start, " ".join(" ".join(current).split())))
            current = []
    return found


def _has_letters(text: str) -> bool:
    return any(c.isalpha() for c in text)


def _untranslated(guide: Guide, original: Guide, arabic_script: bool) -> list[str]:
    reasons = []
    if guide.title.strip() == original.title.strip() and _has_letters(guide.title):
        reasons.append("title is the source's")
    if guide.summary.strip() == original.summary.strip() and _has_letters(guide.summary):
        reasons.append("summary is the source's")
    source_paragraphs = {
        text for _, text in _paragraphs(original.body, 0) if len(_CODE_OR_URL.sub("", text)) >= MIN_PARAGRAPH_CHARS
    }
    same = [line for line, text in _paragraphs(guide.body, guide.body_line) if text in source_paragraphs]
    if same:
        count = len(same)
        reasons.append(f"{count} paragraph{'s are' if count != 1 else ' is'} the source's (line {', '.join(map(str, same[:5]))})")
    if arabic_script:
        latin, letters = _script_counts(guide.body)
        if letters and latin / letters > 0.5:
            reasons.append(f"body is mostly Latin script ({100 * latin // letters} % of letters)")
    return reasons


def _script_counts(text: str) -> tuple[int, int]:
    """(Latin letters, all letters), ignoring code, link targets and web addresses, which rightly stay Latin."""
    latin = letters = 0
    for char in _CODE_OR_URL.sub(" ", text):
        if char.isalpha():
            letters += 1
            if unicodedata.name(char, "").startswith("LATIN"):
                latin += 1
    return latin, letters


def _broken_links(guide: Guide, translation: Pack, source: Pack) -> list[Problem]:
    problems = []
    for offset, line in enumerate(guide.body.split("\n")):
        for target in _GUIDE_LINK.findall(line):
            if target not in translation.guides and target not in source.guides:
                problems.append(
                    Problem(
                        guide.path,
                        f"link to guide '{target}', which is in neither this pack nor {source.id}",
                        line=guide.body_line + offset,
                    )
                )
    return problems


def _manifest_notes(translation: Pack, source: Pack) -> list[str]:
    notes = []
    manifest, original = translation.manifest, source.manifest
    if manifest.publisher.strip().upper().startswith("TODO"):
        notes.append("publisher is still the placeholder: say who stands behind this translation")
    if manifest.title == original.title:
        notes.append("title is the source pack's: translate it")
    if original.description and manifest.description == original.description:
        notes.append("description is the source pack's: translate it")
    return notes


# --- mark current --------------------------------------------------------------------------------------------


@dataclass
class MarkResult:
    """What mark-current did: guides marked (id, old revision, new) and guides left alone with the reason."""

    marked: list[tuple[str, str | None, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def mark_current(folder: Path, translation: Pack, source: Pack, guide_ids: list[str] | None = None) -> MarkResult:
    """Record the source's current revision in each chosen guide (default: every guide with no untranslated text)."""
    if not folder.is_dir():
        raise PackError(Problem(str(folder), "mark-current changes files, so it needs a pack folder (not a built file)"))
    result = MarkResult()
    arabic_script = parse_language(translation.manifest.language).primary in ARABIC_SCRIPT_LANGUAGES
    wanted = guide_ids if guide_ids else sorted(translation.guides)
    for guide_id in wanted:
        guide = translation.guides.get(guide_id)
        if guide is None:
            result.skipped.append((guide_id, "no such guide in this pack (or it has errors: run `safelib pack validate`)"))
            continue
        original = source.guides.get(guide.original_id)
        if original is None:
            result.skipped.append((guide_id, f"{source.id} has no guide '{guide.original_id}'"))
            continue
        if not guide_ids:
            untranslated = _untranslated(guide, original, arabic_script)
            if untranslated:
                result.skipped.append((guide_id, "still has untranslated text: " + "; ".join(untranslated)))
                continue
        revision = guide_revision(original)
        path = folder / "guides" / f"{guide_id}.md"
        data = path.read_bytes()
        updated = set_source_revision(data, revision, str(path))
        if updated != data:
            write_atomic(path, updated)
        snapshot = folder.joinpath(*snapshot_path(original.id).split("/"))
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(snapshot, source.source.read(f"guides/{original.id}.md", source.source.limits.max_guide_bytes))
        result.marked.append((guide_id, guide.source_revision, revision))
    return result


def set_source_revision(data: bytes, revision: str, where: str) -> bytes:
    """Rewrite only the `source_revision` line of the front matter (or add it after `translation_of`); all else byte-for-byte."""
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8") if bom else data.decode("utf-8")
    lines = text.split("\n")  # a CR stays at the end of its line, so CRLF files keep their line ends
    if not lines or lines[0].rstrip("\r").strip() != "+++":
        raise PackError(Problem(where, "guide must start with a '+++' line opening its TOML front matter", line=1))
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r").strip() == "+++"), None)
    if closing is None:
        raise PackError(Problem(where, "front matter is never closed by a '+++' line", line=1))
    new_line = f'source_revision = "{revision}"'
    existing = next((i for i in range(1, closing) if _SOURCE_REVISION.match(lines[i])), None)
    if existing is not None:
        ending = "\r" if lines[existing].endswith("\r") else ""
        lines[existing] = new_line + ending
    else:
        anchor = next((i for i in range(1, closing) if _TRANSLATION_OF.match(lines[i])), closing - 1)
        ending = "\r" if lines[anchor].endswith("\r") or lines[0].endswith("\r") else ""
        lines.insert(anchor + 1, new_line + ending)
    rewritten = "\n".join(lines).encode("utf-8")
    return b"\xef\xbb\xbf" + rewritten if bom else rewritten


# --- build ---------------------------------------------------------------------------------------------------


def build_pack(
    folder: Path, target: Path, keyring: KeyRing | None = None, elsewhere: Collection[str] | None = None
) -> list[Problem]:
    """Validate a pack folder and write it as a reproducible `.safelibpack`; return warnings and notes.

    Raises PackError listing the first error when the pack is invalid (nothing is written then).
    """
    if target.suffix != PACK_SUFFIX:
        raise PackError(Problem(str(target), f"a built pack is a file named *{PACK_SUFFIX}"))
    if not folder.is_dir():
        raise PackError(Problem(str(folder), "build takes a pack folder"))
    if target.resolve().is_relative_to(folder.resolve()):
        raise PackError(Problem(str(target), "write the built file outside the pack folder"))
    result = validate_pack(folder, keyring, elsewhere)
    errors = errors_of(result)
    if result.pack is None or errors:
        if result.pack is not None:
            result.pack.source.close()
        raise PackError(
            errors[0]
            if len(errors) == 1
            else Problem(errors[0].path, f"{errors[0].message} (and {len(errors) - 1} more errors)", errors[0].line)
        )
    source = result.pack.source
    notes = [p for p in result.problems if p.severity == "warning"]
    try:
        included = [rel for rel in source.files() if PurePosixPath(rel).parts[0] != WORKSPACE_FOLDER]
        entries = [(rel, source.read(rel, source.size(rel))) for rel in included if rel != SIGNATURE_FILE]
        if SIGNATURE_FILE in included:
            signature = source.read(SIGNATURE_FILE, source.size(SIGNATURE_FILE))
            if _signature_covers(signature, [rel for rel, _ in entries]):
                entries.append((SIGNATURE_FILE, signature))
            else:
                notes.append(
                    Problem(
                        source.where(SIGNATURE_FILE),
                        "left out of the built file: it also signs the translator's .safelib-source/ copies; "
                        f"sign the built file instead (`safelib pack sign {target} --key …`)",
                        severity="warning",
                    )
                )
    finally:
        source.close()
    write_reproducible_zip(entries, target)
    return notes


def _signature_covers(signature: bytes, paths: list[str]) -> bool:
    try:
        signed = parse_signature(signature).manifest
    except ValueError:
        return False
    return set(signed) == set(paths)
