"""Load one pack from its source: manifest, guides and media, every problem collected, nothing fatal to others."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from safelib.core.packs.keys import KeyRing
from safelib.core.packs.limits import DEFAULT_LIMITS, Limits
from safelib.core.packs.model import Guide, Pack, Trust
from safelib.core.packs.parse import ID_RE, parse_guide, parse_manifest
from safelib.core.packs.signing import verify_source
from safelib.core.packs.source import open_source
from safelib.core.packs.terms import MAX_TERMS_BYTES, TERMS_FILE, parse_search_terms
from safelib.core.problems import PackError, Problem

MEDIA_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
# The translator's copy of the source guides as last translated (see toolkit.py); never read by the reader.
WORKSPACE_FOLDER = ".safelib-source"
# No "[" inside the link text: with one allowed, a line of 500,000 "![" took minutes to scan (quadratic).
_LINK = re.compile(r"(!?)\[[^\[\]\n]*\]\(\s*<?([^)\s>]*)")
_RAW_HTML = re.compile(r"<(?:[A-Za-z][A-Za-z0-9-]*[\s/>]|!--|/[A-Za-z])")
_CODE_SPAN = re.compile(r"`+[^`\n]*`+")


@dataclass
class LoadResult:
    """A pack (None when it could not be used at all) and every problem found on the way."""

    location: Path
    pack: Pack | None
    problems: list[Problem] = field(default_factory=list)
    trust: Trust = field(default_factory=Trust)

    @property
    def ok(self) -> bool:
        """True when the pack loaded without a single error (warnings are allowed)."""
        return self.pack is not None and not any(p.severity == "error" for p in self.problems)


def load_pack(
    location: Path,
    limits: Limits = DEFAULT_LIMITS,
    keyring: KeyRing | None = None,
    data: bytes | None = None,
    elsewhere: Collection[str] | None = None,
) -> LoadResult:
    """Load the pack at `location` (or the `.safelibpack` bytes in `data`, named `location`) and check its signature.

    Broken guides are reported and skipped; the rest loads. With `elsewhere` (the guide ids of the other packs a
    reader has), a `guide:` link found nowhere is an error, as `pack validate` reports it; without, a warning.
    """
    try:
        source = open_source(location, limits, data)
    except PackError as exc:
        return LoadResult(location, None, [exc.problem])
    result = LoadResult(location, None, list(source.problems), verify_source(source, keyring))
    if result.trust.state == "tampered":
        result.problems.append(
            Problem(
                source.where("SIGNATURE"),
                f"the pack does not match its signature, so it is not shown as trustworthy: {result.trust.reason} "
                "(a publisher who changed it on purpose signs it again, or deletes SIGNATURE)",
            )
        )
    try:
        manifest_bytes = source.read("pack.toml", limits.max_manifest_bytes)
    except PackError as exc:
        message = (
            "pack.toml is missing: every pack needs a manifest" if "no such file" in exc.problem.message else exc.problem.message
        )
        result.problems.append(Problem(source.where("pack.toml"), message))
        source.close()
        return result
    manifest, problems = parse_manifest(manifest_bytes, source.where("pack.toml"))
    result.problems.extend(problems)
    if manifest is None:
        source.close()
        return result
    pack = Pack(manifest=manifest, source=source, trust=result.trust)
    media: set[str] = set()
    for rel in source.files():
        kind = _classify(rel)
        if kind == "guide":
            _load_guide(pack, rel, limits, result.problems)
        elif kind == "media":
            if source.size(rel) > limits.max_image_bytes:
                result.problems.append(
                    Problem(source.where(rel), f"image is {source.size(rel):,} bytes; the limit is {limits.max_image_bytes:,}")
                )
            else:
                media.add(rel)
        elif kind == "terms":
            _load_terms(pack, result.problems)
        elif kind == "ignored":
            result.problems.append(Problem(source.where(rel), "not part of the pack format: ignored", severity="warning"))
    pack.media = frozenset(media)
    _check_titles(pack, result.problems)
    for guide in pack.guides.values():
        result.problems.extend(lint_body(guide, pack, elsewhere))
    result.pack = pack
    return result


def _classify(rel: str) -> str:
    """Say what a file in a pack is for: manifest, signature, search terms, guide, media or ignored."""
    path = PurePosixPath(rel)
    if rel in ("pack.toml", "SIGNATURE"):
        return "meta"
    if rel == TERMS_FILE:
        return "terms"
    if path.parts[0] == WORKSPACE_FOLDER:
        return "workspace"
    if len(path.parts) == 2 and path.parts[0] == "guides" and path.suffix == ".md":
        return "guide"
    if path.parts[0] == "media" and path.suffix.lower() in MEDIA_SUFFIXES:
        return "media"
    return "ignored"


def _load_guide(pack: Pack, rel: str, limits: Limits, problems: list[Problem]) -> None:
    source = pack.source
    guide_id = PurePosixPath(rel).stem
    where = source.where(rel)
    if not ID_RE.match(guide_id):
        problems.append(Problem(where, f"guide file name '{guide_id}' is not a valid id (lower-case letters, digits and '-')"))
        return
    try:
        data = source.read(rel, limits.max_guide_bytes)
    except PackError as exc:
        problems.append(exc.problem)
        return
    guide, found = parse_guide(data, where, pack.id, guide_id, pack.manifest.language)
    problems.extend(found)
    if guide is not None:
        pack.guides[guide_id] = guide


def _load_terms(pack: Pack, problems: list[Problem]) -> None:
    """Read the pack's search-term list; a broken one is an error, like a broken guide."""
    try:
        data = pack.source.read(TERMS_FILE, MAX_TERMS_BYTES)
    except PackError as exc:
        problems.append(exc.problem)
        return
    pack.search_terms, found = parse_search_terms(data, pack.source.where(TERMS_FILE))
    problems.extend(found)


def _check_titles(pack: Pack, problems: list[Problem]) -> None:
    seen: dict[str, Guide] = {}
    for guide in sorted(pack.guides.values(), key=lambda g: g.id):
        earlier = seen.setdefault(guide.title.casefold(), guide)
        if earlier is not guide:
            problems.append(
                Problem(
                    guide.path,
                    f"title is the same as guide '{earlier.id}': readers cannot tell them apart",
                    line=2,
                    severity="warning",
                )
            )


def lint_body(guide: Guide, pack: Pack, elsewhere: Collection[str] | None = None) -> list[Problem]:
    """Warn about links, images and HTML in a guide body that the reader will not show as written.

    A link to a guide that is in neither `pack` nor `elsewhere` is an error (a mistyped id) when `elsewhere` is given.
    """
    problems: list[Problem] = []
    in_fence = False
    for offset, line in enumerate(guide.body.split("\n")):
        number = guide.body_line + offset
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence:
            continue
        plain = _CODE_SPAN.sub("", line)
        for bang, target in _LINK.findall(plain):
            message = _check_target(bool(bang), target, pack)
            if message and elsewhere is not None and _missing_guide(target, pack, elsewhere):
                problems.append(Problem(guide.path, _missing_guide_error(target, pack, elsewhere), line=number))
            elif message:
                problems.append(Problem(guide.path, message, line=number, severity="warning"))
        if _RAW_HTML.search(plain):
            problems.append(
                Problem(guide.path, "raw HTML is shown as plain text, never rendered", line=number, severity="warning")
            )
    return problems


def _missing_guide(target: str, pack: Pack, elsewhere: Collection[str]) -> bool:
    wanted = target.removeprefix("guide:").split("#")[0]
    # Only a well-formed id can be a typo; anything else (`guide:../x`) keeps its warning and is never followed.
    well_formed = bool(ID_RE.match(wanted))
    return target.startswith("guide:") and well_formed and wanted not in pack.guides and wanted not in elsewhere


def _missing_guide_error(target: str, pack: Pack, elsewhere: Collection[str]) -> str:
    wanted = target.removeprefix("guide:").split("#")[0]
    close = difflib.get_close_matches(wanted, sorted({*pack.guides, *elsewhere}), n=1)
    advice = f"did you mean 'guide:{close[0]}'?" if close else "check the id: it is the guide's file name without .md"
    return f"link to guide '{wanted}', which is in no pack: {advice}"


def _check_target(image: bool, target: str, pack: Pack) -> str | None:
    if image:
        if target not in pack.media:
            return f"image '{target}' is not a media/ file of this pack (.png .jpg .jpeg .webp): it will not be shown"
        return None
    if target.startswith("guide:"):
        wanted = target[len("guide:") :].split("#")[0]
        if wanted not in pack.guides:
            return f"link to guide '{wanted}', which is not in this pack: it works only if another installed pack has it"
        return None
    if target.startswith("#"):
        return None
    return f"link '{target}' is not a guide: link; it is shown as plain text, never opened"
