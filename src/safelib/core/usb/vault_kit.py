"""What a vault kit adds to a kit: its codes and card, and the items (keys, catalogs, packs, indexes) its vault holds."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from safelib.core.library import Library, find_pack_locations
from safelib.core.packs.keys import KeyRing
from safelib.core.problems import PackError, Problem
from safelib.core.resources import FROZEN_DECOY, bundled_decoy
from safelib.core.usb.bundles import Bundle
from safelib.core.usb.card import render_card
from safelib.core.usb.notes import Launch
from safelib.core.vault.codes import code_problem
from safelib.core.vault.container import DEFAULT_COST, KdfCost
from safelib.core.vault.indexes import index_items
from safelib.core.vault.library import catalog_item, pack_item

VAULT_NAME = "Calculator"  # a vault kit's name unless --disguise gives another: its program starts as a calculator


@dataclass(frozen=True)
class VaultPlan:
    """A vault kit: its code and card, an optional duress code with its decoy packs, and Argon2id's cost (tests lower it)."""

    code: str
    card: Path
    duress_code: str | None = None
    decoy: Sequence[Path] = ()
    cost: KdfCost = DEFAULT_COST


def check_plan(plan: VaultPlan) -> None:
    """Refuse weak or equal codes, and a code card that would replace a file, before anything is written."""
    for label, code in (("the code", plan.code), ("the duress code", plan.duress_code)):
        problem = code_problem(code) if code is not None else None
        if problem:
            raise PackError(Problem(label, f"too weak: {problem}"))
    if plan.duress_code == plan.code:
        raise PackError(Problem("the duress code", "must differ from the code: one code cannot open two libraries"))
    if plan.card.exists():
        raise PackError(Problem(str(plan.card), "already exists: move the old code card away (a card is never replaced)"))


def write_card(plan: VaultPlan, languages: Sequence[str], launches: Sequence[Launch]) -> None:
    """Write the code card beside the kit, readable only by its owner; it is never on the stick."""
    descriptor = os.open(plan.card, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as card:
        card.write(render_card(plan.code, languages, launches))


def copy_bundle_keys(bundles: Sequence[Bundle], keys: Path) -> None:
    """Every key any bundle trusts, once; a different key under a name already taken gets its platform in front."""
    for bundle in bundles:
        for folder in bundle.keys_folders():
            for public in sorted(folder.glob("*.pub")):
                copy = keys / public.name
                if copy.exists() and copy.read_bytes() != public.read_bytes():
                    copy = keys / f"{bundle.platform}-{public.name}"
                shutil.copyfile(public, copy)


def catalogs(bundles: Sequence[Bundle]) -> dict[str, bytes]:
    """The interface catalogs of the first bundle that has any (their words say what the program is for)."""
    for bundle in bundles:
        for folder in bundle.data_folders():
            found = sorted((folder / "translations").glob("*/LC_MESSAGES/*.mo"))
            if found:
                return {catalog_item(path.parents[1].name): path.read_bytes() for path in found}
    return {}


def library_items(packs: dict[str, Path], ring: KeyRing, progress: Callable[[str], None]) -> dict[str, bytes]:
    """Packs (id → checked `.safelibpack` file) as vault items, with the search index of each, so the first search is quick."""
    progress(f"building the search indexes of {', '.join(packs)}")
    library = Library.load(sorted({path.parent for path in packs.values()}), keyring=ring)
    try:
        indexes = index_items(library)
    finally:
        library.close()
    return indexes | {pack_item(pack_id): path.read_bytes() for pack_id, path in packs.items()}


def decoy_locations(bundles: Sequence[Bundle], given: Sequence[Path]) -> list[Path]:
    """The decoy packs: those given (--decoy), else the first bundle's everyday guides, else this program's."""
    if given:
        return [location for path in given for location in (find_pack_locations(path) if path.is_dir() else [path])]
    folders = [folder / FROZEN_DECOY for bundle in bundles for folder in bundle.data_folders()]
    found = next((folder for folder in [*folders, bundled_decoy()] if folder is not None and folder.is_dir()), None)
    if found is None:
        raise PackError(Problem("--duress-code-file", "no decoy packs: this program carries none, give --decoy PACK"))
    return find_pack_locations(found)
