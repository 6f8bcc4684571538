"""The data a loaded pack is made of: its manifest and its guides."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from safelib.core.packs.source import PackSource

CATEGORIES = ("security", "sexual-health", "asylum", "health", "everyday")
# The subjects of the library itself; "health" and "everyday" are for other libraries, such as the decoy.
LIBRARY_CATEGORIES = CATEGORIES[:3]
TRUST_STATES = ("verified", "unknown-signer", "unsigned", "tampered")
ID_PATTERN = r"[a-z0-9][a-z0-9-]{0,63}"


@dataclass(frozen=True)
class Manifest:
    """What `pack.toml` says about a pack."""

    id: str
    title: str
    language: str
    version: str
    publisher: str
    license: str
    description: str = ""
    source_pack: str | None = None
    changes: tuple[PackChange, ...] = ()


@dataclass(frozen=True)
class PackChange:
    """What one version of a pack changed, so readers with an older copy can see what was corrected."""

    version: str
    date: datetime.date
    summary: str
    added: tuple[str, ...] = ()
    corrected: tuple[str, ...] = ()
    withdrawn: tuple[str, ...] = ()


@dataclass(frozen=True)
class Guide:
    """One guide: its front matter and its Markdown body."""

    pack_id: str
    id: str
    language: str
    title: str
    category: str
    summary: str
    body: str
    updated: datetime.date
    path: str
    body_line: int
    tags: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    translation_of: str | None = None
    source_revision: str | None = None
    checked: datetime.date | None = None
    changes_often: bool = False

    @property
    def facts_checked(self) -> datetime.date:
        """The day the guide's facts were last checked against its sources (its update day if not said)."""
        return self.checked or self.updated

    @property
    def key(self) -> tuple[str, str]:
        """(pack id, guide id): unique among loaded guides."""
        return (self.pack_id, self.id)

    @property
    def original_id(self) -> str:
        """The id of the guide this one translates, or its own id."""
        return self.translation_of or self.id


@dataclass(frozen=True)
class Trust:
    """Whether a pack's signature holds: `state` is one of TRUST_STATES; `signer` and `reason` say who and why."""

    state: str = "unsigned"
    signer: str | None = None
    reason: str = "the pack has no SIGNATURE file"
    key_id: str | None = None

    @property
    def trustworthy(self) -> bool:
        """False only for tampered packs: their content must never be shown as genuine."""
        return self.state != "tampered"

    def describe(self) -> str:
        """One line for people: `verified (signed by X)`, `tampered: pack.toml was changed`, …"""
        if self.state == "verified":
            return f"verified (signed by {self.signer})"
        return f"{self.state.replace('-', ' ')}: {self.reason}"


@dataclass
class Pack:
    """A loaded pack; its source stays open so media can be read on demand."""

    manifest: Manifest
    source: PackSource
    guides: dict[str, Guide] = field(default_factory=dict)
    media: frozenset[str] = frozenset()
    trust: Trust = field(default_factory=Trust)
    # search-terms.toml: groups of words that mean the same to this pack's readers (see docs/search.md)
    search_terms: tuple[tuple[str, ...], ...] = ()

    @property
    def id(self) -> str:
        """The pack's id from its manifest."""
        return self.manifest.id
