"""Write `.safelibpack` zips reproducibly: the same files always give the same bytes, so anyone can rebuild and compare."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

from safelib.core.packs.source import PackSource
from safelib.core.portable import write_atomic

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644  # a regular file, rw-r--r--


def reproducible_zip(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """Sorted entries with a fixed date, mode and system, no extra fields, deflate level 9."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = FILE_MODE << 16
            info.extra = b""
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buffer.getvalue()


def write_reproducible_zip(entries: Iterable[tuple[str, bytes]], target: Path) -> None:
    """Write `reproducible_zip(entries)` to `target` atomically."""
    write_atomic(target, reproducible_zip(entries))


def zip_source(source: PackSource) -> bytes:
    """Every file of an open pack (SIGNATURE included, so it still holds) as reproducible `.safelibpack` bytes."""
    return reproducible_zip((rel, source.read(rel, source.size(rel))) for rel in source.files())
