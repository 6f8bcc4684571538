"""Show a received pack on the terminal and decide whether to keep it: one path for `pack add` and `vault add`."""

from __future__ import annotations

import sys
from pathlib import Path

from safelib.core.library import Library
from safelib.core.packs.keys import KeyRing
from safelib.core.receive import Offer, inspect_pack, keep_in_vault
from safelib.core.vault.container import Vault
from safelib.core.vault.library import vault_library

RELATIONS = {
    "new": "a new pack: you have no pack with this id",
    "newer": "a newer version of the version {installed} you have: it replaces it",
    "same": "the same version as the one you have ({installed})",
    "older": "an OLDER version than the version {installed} you have",
    "unordered": "a version that cannot be compared with the version {installed} you have",
    "hijack": "claims the id of a verified pack you have, signed by someone else",
}


def inspect_and_show(location: Path, library: Library, keyring: KeyRing) -> Offer:
    """Check a received pack against `library` (closed afterwards) and print what it is."""
    try:
        offer = inspect_pack(location, library, keyring)
    finally:
        library.close()
    print_offer(offer)
    return offer


def print_offer(offer: Offer) -> None:
    """What the pack is, its signature in plain words, how it stands to the installed one, and what changed."""
    manifest = offer.manifest
    if manifest is None:
        return
    print(f"{offer.location}: {manifest.title} ({manifest.language}), version {manifest.version}, {offer.guide_count} guides")
    print(f"  publisher: {manifest.publisher}")
    print(f"  signature: {offer.trust.describe()}")
    print(f"    {offer.explanation()}")
    installed = offer.installed.version if offer.installed else ""
    print(f"  pack id {manifest.id}: {RELATIONS[offer.relation].format(installed=installed)}")
    changes = offer.changes()
    if changes:
        print(f"  what changed since {installed}:")
    for change in changes:
        print(f"    {change.version} ({change.date.isoformat()}): {change.summary}")
        for label, ids in (("added", change.added), ("corrected", change.corrected), ("withdrawn", change.withdrawn)):
            for guide_id in ids:
                print(f"      {label}: {offer.title_of(guide_id)} ({guide_id})")


def acceptable(offer: Offer, insist: bool) -> bool:
    """True when the pack may be kept; otherwise say why on stderr (with the --force-older hint when it helps)."""
    reason = offer.refusal(insist)
    if reason is None:
        return True
    hint = "; if you are sure, add --force-older" if offer.needs_insisting else ""
    print(f"{offer.location}: not added: {reason}{hint}", file=sys.stderr)
    return False


def receive_into_vault(vault: Vault, location: Path, keyring: KeyRing, insist: bool) -> Offer | None:
    """Check a pack against the vault's library and put it in the vault's items (the caller saves); None when refused."""
    offer = inspect_and_show(location, vault_library(vault, keyring), keyring)
    if not acceptable(offer, insist):
        return None
    if offer.relation != "same":
        keep_in_vault(offer, vault.items, insist)
    return offer
