"""Cut the ICU data library that Qt links on Linux (32 MB) down to what the bundle's languages use.

PySide6's Linux wheels carry `libicudata.so.NN`: one symbol, `icudtNN_dat`, holding ICU's "common
data" package, a table of contents over some 3,900 items (locale data for every CLDR locale,
collation, legacy-encoding converters, word dictionaries, transliterators). Qt reaches ICU only for
locale-aware case changes, collation, time-zone names and legacy encodings; the program itself uses
none of them. The cut keeps every item that is not per-locale data, except the kinds listed below,
and keeps per-locale data only for the languages the bundle ships, with all their regional variants,
so anything Qt might still ask ICU in English, Arabic, Sorani or Kurmanji is answered as before,
and other locales fall back to ICU's root, as they would for a locale ICU does not know.

The package format is ICU's `ucmndata.h`: a data header, then at its end a table of contents (a
count, then name and data offsets relative to the table) over items aligned to 16 bytes. The new
package goes into a new shared library made by the C compiler from one `.incbin` line.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import tempfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

ALIGN = 16
ENTRY_SYMBOL = re.compile(r"icudt\d+_dat")
LOCALE_ID = re.compile(r"([a-z]{2,3})(_[A-Za-z0-9]+)*|root")
# Never needed: legacy-encoding tables (the program reads and writes UTF-8; UTF-8/16/32, ASCII and
# Latin-1 are built into ICU's code), CJK/Thai/Lao/Khmer/Burmese word dictionaries, transliterators,
# Unicode character names and spoofing tables.
DROPPED_SUFFIXES = (".cnv", ".dict", ".cfu")
DROPPED_FOLDERS = ("translit",)
DROPPED_FILES = ("unames.icu",)


class IcuDataError(Exception):
    """The library is not what this module understands, or the new one could not be made."""


@dataclass(frozen=True)
class Package:
    """An ICU common-data package: its header and its items (name → bytes, padding included), in table order."""

    header: bytes
    items: dict[str, bytes]


def read_symbol(library: Path) -> tuple[str, bytes]:
    """The name and bytes of the `icudtNN_dat` symbol in a 64-bit little-endian ELF shared library."""
    elf = library.read_bytes()
    if elf[:6] != b"\x7fELF\x02\x01":
        raise IcuDataError(f"{library}: not a 64-bit little-endian ELF library")
    (section_offset,) = struct.unpack_from("<Q", elf, 0x28)
    entry_size, count = struct.unpack_from("<HH", elf, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", elf, section_offset + i * entry_size) for i in range(count)]
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, sym_size in sections:
        if kind != 11:  # SHT_DYNSYM
            continue
        strings = sections[link][4]
        for start in range(offset, offset + size, sym_size):
            name_at, _symbol_info, _other, index, value, length = struct.unpack_from("<IBBHQQ", elf, start)
            name = elf[strings + name_at : elf.index(b"\0", strings + name_at)].decode("ascii")
            if ENTRY_SYMBOL.fullmatch(name):
                address, at = sections[index][3], sections[index][4]
                return name, elf[at + value - address : at + value - address + length]
    raise IcuDataError(f"{library}: no icudtNN_dat symbol")


def parse(blob: bytes) -> Package:
    """Split a common-data package into its header and items."""
    if len(blob) < 8 or blob[2:4] != b"\xda\x27":
        raise IcuDataError("not an ICU data package (bad magic)")
    (header_size,) = struct.unpack_from("<H", blob, 0)
    table = blob[header_size:]
    (count,) = struct.unpack_from("<I", table, 0)
    entries = [struct.unpack_from("<II", table, 4 + 8 * i) for i in range(count)]
    starts = [data for _name, data in entries]
    ends = starts[1:] + ([len(table)] if starts else [])
    items = {}
    for (name_at, data_at), end in zip(entries, ends, strict=True):
        if data_at % ALIGN or end < data_at:
            raise IcuDataError(f"item at {data_at} is not aligned to {ALIGN} bytes")
        items[table[name_at : table.index(b"\0", name_at)].decode("ascii")] = table[data_at:end]
    return Package(blob[:header_size], items)


def pack(package: Package) -> bytes:
    """The bytes of a package: header, table of contents, names, then the items at 16-byte boundaries."""
    names = b""
    name_offsets = []
    table_size = 4 + 8 * len(package.items)
    for name in package.items:
        name_offsets.append(table_size + len(names))
        names += name.encode("ascii") + b"\0"
    names += b"\xaa" * (-(table_size + len(names)) % ALIGN)  # ICU's own padding byte
    data = b""
    table = struct.pack("<I", len(package.items))
    for name_at, item in zip(name_offsets, package.items.values(), strict=True):
        table += struct.pack("<II", name_at, table_size + len(names) + len(data))
        data += item + b"\xaa" * (-len(item) % ALIGN)
    return package.header + table + names + data


def wanted(name: str, languages: Collection[str]) -> bool:
    """Whether an item (e.g. `icudt73l/coll/ar.res`) stays: not of a dropped kind, and per-locale data only for root
    and `languages` (base subtags such as `ar`), with all their regional variants (`ar_IQ`, `ckb_IR`)."""
    path = name.split("/", 1)[-1]
    folder, _, file = path.rpartition("/")
    stem, _, suffix = file.rpartition(".")
    if file.endswith(DROPPED_SUFFIXES) or folder in DROPPED_FOLDERS or file in DROPPED_FILES:
        return False
    locale = LOCALE_ID.fullmatch(stem)
    return suffix != "res" or locale is None or stem == "root" or locale.group(1) in languages


def compile_library(symbol: str, blob: bytes, soname: str, target: Path) -> None:
    """Make a shared library whose only symbol is `symbol`, holding `blob` (with the C compiler and assembler)."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        raise IcuDataError("cutting ICU's data needs a C compiler (Debian/Ubuntu: apt-get install gcc)")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "data.bin").write_bytes(blob)
        (folder / "data.S").write_text(
            f'.section .rodata\n.globl {symbol}\n.type {symbol}, @object\n.balign {ALIGN}\n{symbol}:\n.incbin "data.bin"\n'
            f'.size {symbol}, . - {symbol}\n.section .note.GNU-stack,"",@progbits\n'
        )
        command = [compiler, "-shared", "-nostdlib", f"-Wl,-soname,{soname}", "-o", "out.so", "data.S"]
        made = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
        if made.returncode != 0:
            raise IcuDataError(f"{' '.join(command)} failed: {made.stderr.strip()}")
        if read_symbol(folder / "out.so") != (symbol, blob):
            raise IcuDataError("the new ICU data library does not hold the package it was made from")
        shutil.move(folder / "out.so", target)


def cut(library: Path, locales: Collection[str]) -> tuple[int, int]:
    """Replace `library` (libicudata.so.NN) with one holding only the wanted items; returns (bytes before, after)."""
    before = library.stat().st_size
    symbol, blob = read_symbol(library)
    package = parse(blob)
    languages = {locale.split("_")[0] for locale in locales}
    kept = Package(package.header, {name: item for name, item in package.items.items() if wanted(name, languages)})
    compile_library(symbol, pack(kept), library.name, library)
    return before, library.stat().st_size
