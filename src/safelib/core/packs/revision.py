"""Guide revisions: a short fingerprint of what a translator translates, so a translation can tell when it is stale."""

from __future__ import annotations

import hashlib

from safelib.core.packs.model import Guide

REVISION_LENGTH = 16


def _normalise(text: str) -> str:
    """Line ends as `\\n` and no surrounding blank lines: saving a file differently is not a new revision."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")


def guide_revision(guide: Guide) -> str:
    """The first 16 hex digits of SHA-256 over title, summary, tags and body, joined with NUL separators.

    Category, dates and sources are left out on purpose: they are copied, not translated, so changing
    them does not make a translation stale.
    """
    parts = [_normalise(guide.title), _normalise(guide.summary), "\n".join(guide.tags), _normalise(guide.body)]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:REVISION_LENGTH]
