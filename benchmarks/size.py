"""Size section: the one-folder bundle on disk, and as the .zip and .tar.gz a trainer would copy or send."""

from __future__ import annotations

import tarfile
import tempfile
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

BIGGEST = 10


def _archives(bundle: Path) -> dict[str, int]:
    with tempfile.TemporaryDirectory(prefix="safelib-size-") as scratch:
        zipped, tarred = Path(scratch) / "bundle.zip", Path(scratch) / "bundle.tar.gz"
        with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(bundle.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(bundle.parent).as_posix())
        with tarfile.open(tarred, "w:gz") as archive:
            archive.add(bundle, bundle.name)
        return {"zip": zipped.stat().st_size, "tar_gz": tarred.stat().st_size}


def run(bundle: Path | None) -> dict[str, Any]:
    """Bytes and files of the bundle, its biggest files and folders, and its compressed sizes."""
    if bundle is None:
        return {"skipped": "no bundle: pass --bundle DIR or set SAFELIB_BUNDLE (packaging/build.py makes one)"}
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    sizes = {p: p.stat().st_size for p in files}
    groups: Counter[str] = Counter()
    for path, size in sizes.items():
        parts = path.relative_to(bundle).parts
        groups["/".join(parts[:2]) if len(parts) > 2 else parts[-1]] += size
    biggest = sorted(sizes.items(), key=lambda item: -item[1])[:BIGGEST]
    return {
        "bundle": str(bundle),
        "bytes": sum(sizes.values()),
        "files": len(files),
        "symlinks": sum(1 for p in bundle.rglob("*") if p.is_symlink()),
        "compressed_bytes": _archives(bundle),
        "biggest_files": [[str(p.relative_to(bundle)), size] for p, size in biggest],
        "biggest_groups": groups.most_common(BIGGEST),
    }
