"""Order pack versions: dotted whole numbers (2026.12.0), compared part by part; anything else cannot be ordered."""

from __future__ import annotations

import re

from safelib.core.packs.model import Manifest, Trust

# How a received pack stands to the installed one with its id ("new" when there is none).
RELATIONS = ("new", "newer", "same", "older", "unordered", "hijack")

_DOTTED = re.compile(r"^\d{1,9}(?:\.\d{1,9}){0,7}$")


def version_key(version: str) -> tuple[int, ...] | None:
    """The parts of a dotted numeric version with trailing zeros dropped (`2026.12` == `2026.12.0`); None when not one."""
    text = version.strip()
    if not _DOTTED.match(text):
        return None
    parts = [int(part) for part in text.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def compare_versions(candidate: str, installed: str) -> int | None:
    """-1, 0 or 1 as `candidate` is older, the same as or newer than `installed`; None when they cannot be ordered.

    Two equal strings are the same version even when they are not numeric.
    """
    if candidate.strip() == installed.strip():
        return 0
    left, right = version_key(candidate), version_key(installed)
    if left is None or right is None:
        return None
    return (left > right) - (left < right)


def relation(manifest: Manifest, trust: Trust, installed: Manifest, installed_trust: Trust) -> str:
    """How a pack stands to the installed one with its id: the id of a verified pack belongs to its signer's key alone."""
    if installed_trust.state == "verified" and (trust.state != "verified" or trust.key_id != installed_trust.key_id):
        return "hijack"
    order = compare_versions(manifest.version, installed.version)
    return {None: "unordered", -1: "older", 0: "same", 1: "newer"}[order]
