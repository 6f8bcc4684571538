"""A kit's file list: the SHA-256 of every file in `sha256sum` format, and the names FAT sticks cannot store."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from safelib.core.problems import PackError, Problem
from safelib.core.vault.location import VAULT_FILE

SUMS_FILE = "SHA256SUMS"
# What operating systems add to any stick they touch; never part of a kit, never read by the program.
OS_NOISE = frozenset(
    {
        ".DS_Store",
        ".Spotlight-V100",
        ".fseventsd",
        ".Trashes",
        ".TemporaryItems",
        ".metadata_never_index",
        "System Volume Information",
        "$RECYCLE.BIN",
        "Thumbs.db",
    }
)
# In the data folder only these are the kit's; the rest (settings, search index, scratch) the program writes later.
# A vault kit's vault file is listed too, though the program rewrites it when the reader saves: see verify.py.
DATA_CONTENT = ("packs", "keys", "defaults.json", VAULT_FILE)
_LINE = re.compile(r"^([0-9a-fA-F]{64}) [ *](.+)$")
_FAT_FORBIDDEN = re.compile(r'[<>:"|?*\\\x00-\x1f]')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$", re.IGNORECASE)
# Windows will not start a program whose full path is longer than 260 characters; leave room for "E:\".
MAX_PATH = 250


def is_noise(name: str) -> bool:
    """True for files the OS adds (`.DS_Store`, macOS `._name` shadows, Windows' `System Volume Information`)."""
    return name in OS_NOISE or name.startswith("._")


def is_covered(rel: str, data_folder: str) -> bool:
    """Whether a kit file is listed: everything except the list itself and what the program writes to its data folder."""
    parts = rel.split("/")
    if rel == SUMS_FILE:
        return False
    return parts[0] != data_folder or (len(parts) > 1 and parts[1] in DATA_CONTENT)


@dataclass
class Scan:
    """The files found under a kit's root (relative POSIX paths): the kit's, the program's, links, and OS files skipped."""

    files: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # in the data folder but not the kit's: settings, index, scratch
    links: list[str] = field(default_factory=list)
    noise: int = 0


def scan(root: Path, data_folder: str) -> Scan:
    """Every file under `root`, in sorted order, covered or written by the program; links apart and never followed."""
    found = Scan()
    for folder, dirs, files in os.walk(root):
        relative = Path(folder).relative_to(root).as_posix()
        prefix = "" if relative == "." else relative + "/"
        for name in list(dirs):
            if is_noise(name):
                found.noise += 1
                dirs.remove(name)
            elif Path(folder, name).is_symlink():
                found.links.append(prefix + name)
                dirs.remove(name)
        for name in files:
            rel = prefix + name
            if is_noise(name):
                found.noise += 1
            elif Path(folder, name).is_symlink():
                found.links.append(rel)
            elif is_covered(rel, data_folder):
                found.files.append(rel)
            elif rel != SUMS_FILE:
                found.written.append(rel)
        dirs.sort()
    found.files.sort()
    found.written.sort()
    return found


def sha256_of(path: Path) -> str:
    """The SHA-256 of one file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_sums(root: Path, files: list[str]) -> bytes:
    """Write SHA256SUMS (`<sha256>  <path>` per line, as `sha256sum -c` reads it) and return its bytes."""
    text = "".join(f"{sha256_of(root / rel)}  {rel}\n" for rel in files)
    data = text.encode("utf-8")
    (root / SUMS_FILE).write_bytes(data)
    return data


def parse_sums(data: bytes, where: str) -> dict[str, str]:
    """Path → SHA-256 from a SHA256SUMS file; a malformed line is a PackError naming it."""
    sums: dict[str, str] = {}
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackError(Problem(where, f"not a SHA256SUMS file (not UTF-8 text: {exc})")) from exc
    for number, line in enumerate(text.splitlines(), 1):
        match = _LINE.match(line)
        if not match or match.group(2) in sums:
            raise PackError(Problem(where, "not a line of `<sha256>  <path>`, or a path listed twice", line=number))
        sums[match.group(2)] = match.group(1).lower()
    return sums


def fingerprint(data: bytes) -> str:
    """A short name for a whole kit: the first 16 hex digits of the SHA-256 of its SHA256SUMS."""
    return hashlib.sha256(data).hexdigest()[:16]


def fat_problems(root: Path, found: Scan) -> list[Problem]:
    """Why the kit could not be copied to a FAT/exFAT stick or started from it on Windows; empty when it can."""
    problems = [Problem(str(root / rel), "a link: FAT and exFAT sticks cannot store links") for rel in found.links]
    seen: dict[str, str] = {}
    for rel in found.files:
        for part in rel.split("/"):
            if _FAT_FORBIDDEN.search(part) or part.endswith((" ", ".")) or _WINDOWS_RESERVED.match(part) or len(part) > 255:
                problems.append(Problem(str(root / rel), f"the name '{part}' cannot be stored on a FAT/exFAT stick"))
        if len(rel) > MAX_PATH:
            problems.append(Problem(str(root / rel), f"the path is {len(rel)} characters; Windows cannot open over {MAX_PATH}"))
        other = seen.setdefault(rel.casefold(), rel)
        if other != rel:
            problems.append(Problem(str(root / rel), f"differs from {other} only in upper/lower case: a stick stores just one"))
    return problems
