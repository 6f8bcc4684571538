"""Signatures section: checking every bundled pack's Ed25519 signature, alone and as part of loading the library."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.corpus import CONTENT
from benchmarks.stats import summary
from safelib.core.library import Library
from safelib.core.packs.keys import KeyRing, generate_key_pair, load_private_key, load_public_key
from safelib.core.packs.signing import sign_pack, verify_pack


def signed_copy(root: Path) -> tuple[list[Path], KeyRing]:
    """The bundled packs signed with a throw-away key, as packaging/build.py signs them, and a ring trusting it."""
    shutil.rmtree(root, ignore_errors=True)
    (root / "key").mkdir(parents=True)
    private, public = generate_key_pair("safelib-benchmarks", root / "key")
    key = load_private_key(private)
    packs = []
    for folder in sorted(CONTENT.iterdir()):
        if (folder / "pack.toml").exists():
            target = root / "content" / folder.name
            shutil.copytree(folder, target, ignore=shutil.ignore_patterns(".safelib-source"))
            sign_pack(target, key, "safelib benchmarks")
            packs.append(target)
    ring = KeyRing()
    ring.add(load_public_key(public))
    return packs, ring


def run(root: Path, runs: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Milliseconds to verify all bundled packs, and to load the library (signatures checked at load)."""
    packs, ring = signed_copy(root)
    verify, load_signed = [], []
    for _ in range(runs):
        started = time.perf_counter()
        trusts = [verify_pack(pack, ring) for pack in packs]
        verify.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        Library.load([root / "content"], keyring=ring).close()
        load_signed.append((time.perf_counter() - started) * 1000)
    out: dict[str, Any] = {
        "packs": len(packs),
        "files": sum(1 for pack in packs for p in pack.rglob("*") if p.is_file()),
        "bytes": sum(p.stat().st_size for pack in packs for p in pack.rglob("*") if p.is_file()),
        "trust": sorted({t.state for t in trusts}),
        "verify_all_ms": summary(verify),
        "load_with_keyring_ms": summary(load_signed),
    }
    log(f"signatures: {len(packs)} packs verified in {out['verify_all_ms']['median']:.1f} ms")
    return out
