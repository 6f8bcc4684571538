"""Receive a pack from someone: check it like the library would, say what it is, and keep it only when that is safe."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from safelib.core.context import Context
from safelib.core.i18n import N_
from safelib.core.library import Library
from safelib.core.packs.keys import KeyRing
from safelib.core.packs.limits import DEFAULT_LIMITS, Limits
from safelib.core.packs.loader import LoadResult, load_pack
from safelib.core.packs.model import Manifest, PackChange, Trust
from safelib.core.packs.source import PACK_SUFFIX
from safelib.core.packs.versions import compare_versions, relation
from safelib.core.portable import write_atomic
from safelib.core.problems import PackError, Problem
from safelib.core.vault.library import pack_bytes, pack_item

# What each signature state means for a reader, and what to do ({signer} filled in). The CLI prints them in English;
# the window translates them (N_ marks them for the catalogs).
TRUST_EXPLANATIONS = {
    "verified": N_(
        "Verified: signed by {signer}, whose key this program trusts. The guides are exactly as the publisher made them."
    ),
    "unknown-signer": N_(
        "Unknown signer: signed with a key this program does not know, so nobody can tell who made it. "
        "Add it only if you trust the person who gave it to you; ask the publisher for their public key to check it."
    ),
    "unsigned": N_(
        "Unsigned: nothing shows who made this pack or whether someone changed it on the way. "
        "Add it only if you trust the person who gave it to you."
    ),
    "tampered": N_(
        "Tampered: the pack was changed after it was signed, so its advice may be false or dangerous. "
        "It is not added. Get a fresh copy from someone you trust."
    ),
}


@dataclass
class Offer:
    """A received pack, fully checked and held in memory but not kept yet: what a reader sees before adding it."""

    location: Path
    data: bytes
    result: LoadResult
    relation: str = "new"
    installed: Manifest | None = None
    installed_trust: Trust | None = None
    installed_location: str | None = None
    installed_titles: dict[str, str] = field(default_factory=dict)

    @property
    def manifest(self) -> Manifest | None:
        """The received pack's manifest, or None when it could not be read at all."""
        return self.result.pack.manifest if self.result.pack is not None else None

    @property
    def trust(self) -> Trust:
        """The received pack's signature state."""
        return self.result.trust

    @property
    def guide_count(self) -> int:
        """How many guides the received pack holds."""
        return len(self.result.pack.guides) if self.result.pack is not None else 0

    def explanation(self) -> str:
        """The signature state in plain words, with what to do (English; the window translates the template)."""
        return TRUST_EXPLANATIONS[self.trust.state].format(signer=self.trust.signer or "")

    def errors(self) -> list[Problem]:
        """The problems that stop the pack from being added at all."""
        errors = [problem for problem in self.result.problems if problem.severity == "error"]
        if self.result.pack is None and not errors:
            errors.append(Problem(str(self.location), "the pack could not be loaded"))
        return errors

    @property
    def needs_insisting(self) -> bool:
        """True for an older version, or one that cannot be ordered: added only when the reader insists."""
        return self.relation in ("older", "unordered")

    def refusal_kind(self, insist: bool = False) -> str | None:
        """Why the pack may not be kept, as one word (tampered, broken, hijack, older, unordered), or None when it may."""
        if not self.trust.trustworthy:
            return "tampered"
        if self.errors() or self.manifest is None:
            return "broken"
        if self.relation == "hijack" and self.installed is not None and self.installed_trust is not None:
            return "hijack"
        if not insist and self.installed is not None and self.relation in ("older", "unordered"):
            return self.relation
        return None

    def refusal(self, insist: bool = False) -> str | None:
        """Why the pack may not be kept, in English words, or None when it may (`insist` lets an older or unordered
        version through)."""
        kind = self.refusal_kind(insist)
        manifest, installed = self.manifest, self.installed
        if kind == "tampered":
            return f"{self.explanation()} ({self.trust.reason})"
        if kind == "broken" or manifest is None:
            return None if kind is None else f"the pack is broken and nothing was kept: {self.first_error()}"
        if kind == "hijack" and self.installed_trust is not None:
            return (
                f"the id '{manifest.id}' belongs to a verified pack signed by {self.installed_trust.signer}; this pack "
                f"is {self.trust.describe()}, so it cannot take that pack's place. It is refused: it may be an attempt "
                "to replace trusted guides"
            )
        if kind == "older" and installed is not None:
            return (
                f"this is version {manifest.version}, older than the version {installed.version} you have: an old "
                "version can bring back advice that has since been corrected or withdrawn"
            )
        if kind == "unordered" and installed is not None:
            return (
                f"its version '{manifest.version}' cannot be ordered against the version '{installed.version}' you have "
                "(versions are numbers with dots, such as 2026.12.0), so it may be older"
            )
        return None

    def first_error(self) -> str:
        """The first problem that stops the pack, as `FILE:LINE: message`, and how many more there are."""
        errors = self.errors()
        if not errors:
            return ""
        more = f" (and {len(errors) - 1} more errors)" if len(errors) > 1 else ""
        return f"{errors[0].format()}{more}"

    def changes(self) -> list[PackChange]:
        """The `[[changes]]` entries newer than the installed version (none for a new pack), newest first."""
        manifest, installed = self.manifest, self.installed
        if manifest is None or installed is None or self.relation in ("same", "older", "hijack"):
            return []
        found = [change for change in manifest.changes if compare_versions(change.version, installed.version) in (1, None)]
        return sorted(found, key=lambda change: change.date, reverse=True)

    def title_of(self, guide_id: str) -> str:
        """A guide's title from the received pack, else from the installed one (withdrawn guides), else its id."""
        if self.result.pack is not None and guide_id in self.result.pack.guides:
            return self.result.pack.guides[guide_id].title
        return self.installed_titles.get(guide_id, guide_id)


def received_bytes(location: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The pack at `location` as `.safelibpack` bytes, read once; a file larger than a pack may be is not read."""
    if location.is_symlink():
        raise PackError(Problem(str(location), "the pack is a symbolic link: not followed"))
    if location.is_dir():
        return pack_bytes(location)
    try:
        size = location.stat().st_size
    except OSError as exc:
        raise PackError(Problem(str(location), f"cannot read the pack: {exc.strerror or exc}")) from exc
    if size > limits.max_pack_bytes:
        raise PackError(Problem(str(location), f"the file is {size:,} bytes; a pack may be at most {limits.max_pack_bytes:,}"))
    try:
        with open(location, "rb") as handle:
            data = handle.read(limits.max_pack_bytes + 1)
    except OSError as exc:
        raise PackError(Problem(str(location), f"cannot read the pack: {exc.strerror or exc}")) from exc
    if len(data) > limits.max_pack_bytes:
        raise PackError(Problem(str(location), "the file grew beyond the size a pack may have while it was read"))
    return data


def inspect_pack(location: Path, installed: Library, keyring: KeyRing | None = None, limits: Limits = DEFAULT_LIMITS) -> Offer:
    """Read and check a received pack with the library's loader and limits, and relate it to the installed packs.

    Nothing is written. A location that cannot be read at all raises PackError.
    """
    data = received_bytes(location, limits)
    result = load_pack(location, limits, keyring, data)
    offer = Offer(location, data, result)
    if result.pack is None:
        return offer
    result.pack.source.close()
    current = installed.pack(result.pack.id)
    if current is not None:
        offer.installed = current.manifest
        offer.installed_trust = current.trust
        offer.installed_location = current.source.display
        offer.installed_titles = {guide.id: guide.title for guide in current.guides.values()}
        offer.relation = relation(result.pack.manifest, result.trust, current.manifest, current.trust)
    return offer


def keep_in_folder(offer: Offer, packs_folder: Path, insist: bool = False) -> Path:
    """Write the checked bytes atomically as `packs_folder/<id>.safelibpack`, replacing an older copy kept there."""
    manifest = _keepable(offer, insist)
    target = packs_folder / f"{manifest.id}{PACK_SUFFIX}"
    previous = Path(offer.installed_location) if offer.installed_location else None
    inside = previous is not None and previous.parent.resolve() == packs_folder.resolve()
    if inside and previous is not None and previous.is_dir():
        raise PackError(
            Problem(str(previous), "an unpacked copy of this pack is kept here; move it away first, then add the pack again")
        )
    packs_folder.mkdir(parents=True, exist_ok=True)
    write_atomic(target, offer.data)
    if inside and previous is not None and previous.name != target.name:
        os.unlink(previous)
    return target


def keep_in_vault(offer: Offer, items: dict[str, bytes], insist: bool = False) -> str:
    """Put the checked bytes in a vault's items under the pack's id (replacing its older version); the caller saves."""
    manifest = _keepable(offer, insist)
    name = pack_item(manifest.id)
    items[name] = offer.data
    return name


def _keepable(offer: Offer, insist: bool) -> Manifest:
    reason = offer.refusal(insist)
    if reason is not None or offer.manifest is None:
        raise PackError(Problem(str(offer.location), reason or "the pack could not be loaded"))
    return offer.manifest


def keep(offer: Offer, context: Context, insist: bool = False) -> Path | None:
    """Keep a checked pack where the session's library lives: the portable folder's `packs/` (returns the file), or, with
    no portable folder, in memory for this session only (returns None); either way the next reload shows it."""
    if context.portable is not None:
        return keep_in_folder(offer, context.portable / "packs", insist)
    _keepable(offer, insist)
    context.received = [kept for kept in context.received if kept[0] != offer.location] + [(offer.location, offer.data)]
    return None
