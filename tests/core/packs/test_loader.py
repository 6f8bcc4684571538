"""Loading packs: valid ones load, every kind of broken input is reported with file and line."""

from __future__ import annotations

import zipfile
from pathlib import Path

from safelib.core.library import Library
from safelib.core.packs.loader import load_pack
from tests.conftest import GUIDE, PackFactory, write_pack, zip_folder


def messages(result: object) -> str:
    return "\n".join(p.format() for p in result.problems)  # type: ignore[attr-defined]


def test_valid_folder_pack_loads(make_pack: PackFactory) -> None:
    result = load_pack(make_pack(guides={"one": "Body one.", "two": "Body [link](guide:one)."}))
    assert result.ok, messages(result)
    assert result.pack is not None
    assert sorted(result.pack.guides) == ["one", "two"]
    assert result.pack.guides["one"].body_line == 8


def test_zip_pack_loads_the_same_as_folder(make_pack: PackFactory, tmp_path: Path) -> None:
    folder = make_pack(guides={"one": "Body one."})
    result = load_pack(zip_folder(folder, tmp_path / "p.safelibpack"))
    assert result.ok, messages(result)
    assert result.pack is not None and result.pack.guides["one"].body.strip() == "Body one."


def test_missing_manifest(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = load_pack(tmp_path / "empty")
    assert result.pack is None
    assert "pack.toml is missing" in messages(result)


def test_manifest_toml_error_has_line(make_pack: PackFactory) -> None:
    folder = make_pack(manifest='format = 1\nid = "x"\ntitle = \n')
    result = load_pack(folder)
    assert result.pack is None
    assert result.problems[0].line == 3
    assert "invalid TOML" in result.problems[0].message


def test_manifest_wrong_types_and_values_each_reported(make_pack: PackFactory) -> None:
    folder = make_pack(
        manifest='format = 2\nid = "Bad Id"\ntitle = 5\nlanguage = "zz-not"\nversion = "1"\npublisher = "p"\nlicense = "x"\n'
    )
    result = load_pack(folder)
    text = messages(result)
    assert result.pack is None
    assert "pack.toml:1: error: 'format' 2 is not supported" in text
    assert "pack.toml:2: error: 'id' must be lower-case" in text
    assert "pack.toml:3: error: 'title' must be a string, not int" in text
    assert "pack.toml:4: error: 'language' is not usable" in text


def test_broken_guide_is_skipped_and_others_load(make_pack: PackFactory) -> None:
    bad = GUIDE.format(title="Bad", category="cooking", summary="x", body="text")
    folder = make_pack(guides={"good": "Fine.", "bad": bad})
    result = load_pack(folder)
    assert result.pack is not None and list(result.pack.guides) == ["good"]
    categories = "security, sexual-health, asylum, health, everyday"
    assert f"bad.md:3: error: 'category' must be one of {categories} (found 'cooking')" in messages(result)


def test_guide_front_matter_errors(make_pack: PackFactory) -> None:
    folder = make_pack(
        guides={
            "nofront": "+++ not really",
            "unclosed": "+++\ntitle = 'x'\n",
            "baddate": "+++\ntitle = 'x'\ncategory = 'asylum'\nsummary = 's'\nupdated = '2026-01-01'\n+++\nbody",
            "missing": "+++\ntitle = 'x'\n+++\nbody",
        }
    )
    text = messages(load_pack(folder))
    assert "nofront.md:1: error: guide must start with a '+++' line" in text
    assert "unclosed.md:1: error: front matter is never closed" in text
    assert "baddate.md:5: error: 'updated' must be a date such as 2026-11-01, not str" in text
    assert "missing.md:2: error: missing required key 'category'" in text


def test_encoding_problems(make_pack: PackFactory) -> None:
    folder = make_pack(guides={"fine": "ok"})
    (folder / "guides" / "latin1.md").write_bytes(b"+++\ntitle = 'caf\xe9'\n+++\n")
    (folder / "guides" / "utf16.md").write_bytes("+++\n".encode("utf-16"))
    (folder / "guides" / "nul.md").write_bytes(b"+++\ntitle = 'a'\n\x00+++\n")
    text = messages(load_pack(folder))
    assert "latin1.md:2: error: file is not valid UTF-8" in text
    assert "utf16.md:1: error: file is UTF-16" in text
    assert "nul.md:3: error: file contains a NUL character" in text


def test_bad_guide_file_name(make_pack: PackFactory) -> None:
    folder = make_pack(guides={"ok": "x"})
    (folder / "guides" / "Not_Valid.md").write_text("x", "utf-8")
    assert "guide file name 'Not_Valid' is not a valid id" in messages(load_pack(folder))


def test_spoofing_title_refused(make_pack: PackFactory) -> None:
    guide = GUIDE.format(title="Safe\u202egnp.exe", category="asylum", summary="s", body="b")
    assert "contains invisible or direction-changing characters" in messages(load_pack(make_pack(guides={"spoof": guide})))


def test_symlink_in_folder_is_not_followed(make_pack: PackFactory, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text(GUIDE.format(title="Secret", category="asylum", summary="s", body="SECRET"), "utf-8")
    folder = make_pack(guides={"ok": "x"})
    (folder / "guides" / "leak.md").symlink_to(secret)
    result = load_pack(folder)
    assert result.pack is not None and "leak" not in result.pack.guides
    assert "symbolic link: not followed" in messages(result)


def test_zip_with_escaping_entries(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, "zipped")
    archive = zip_folder(folder, tmp_path / "evil.safelibpack")
    with zipfile.ZipFile(archive, "a") as z:
        z.writestr("../escape.md", "x")
        z.writestr("/abs/guide.md", "x")
        z.writestr("guides/..\\win.md", "x")
    result = load_pack(archive)
    text = messages(result)
    assert text.count("unsafe entry") == 3
    assert result.pack is not None and list(result.pack.guides) == ["hello"]


def test_zip_bomb_refused_before_extraction(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, "bomb")
    archive = zip_folder(folder, tmp_path / "bomb.safelibpack")
    with zipfile.ZipFile(archive, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("media/huge.png", b"\0" * (50 * 1024 * 1024))
    result = load_pack(archive)
    assert result.pack is None
    assert "decompression bomb" in messages(result)


def test_not_a_zip(tmp_path: Path) -> None:
    fake = tmp_path / "fake.safelibpack"
    fake.write_bytes(b"not a zip at all")
    result = load_pack(fake)
    assert result.pack is None and "not a readable pack archive" in messages(result)


def test_too_many_files(make_pack: PackFactory) -> None:
    folder = make_pack(extra={f"media/{i}.png": b"x" for i in range(5_002)})
    result = load_pack(folder)
    assert result.pack is None and "the limit is 5,000" in messages(result)


def test_oversized_guide_reported(make_pack: PackFactory) -> None:
    folder = make_pack(guides={"ok": "x", "big": "x" * (1024 * 1024 + 10)})
    result = load_pack(folder)
    assert result.pack is not None and "big" not in result.pack.guides
    assert "the limit is 1,048,576" in messages(result)


def test_lint_warnings_have_lines(make_pack: PackFactory) -> None:
    body = "Intro.\n\n[x](https://example.org)\n\n![i](media/none.png)\n\n<b>raw</b>\n\n[y](guide:nowhere)"
    result = load_pack(make_pack(guides={"one": body}))
    assert result.ok  # warnings only
    text = messages(result)
    assert "one.md:11: warning: link 'https://example.org' is not a guide: link" in text
    assert "one.md:13: warning: image 'media/none.png'" in text
    assert "one.md:15: warning: raw HTML is shown as plain text" in text
    assert "one.md:17: warning: link to guide 'nowhere'" in text


def test_duplicate_pack_ids_keep_the_first(tmp_path: Path) -> None:
    write_pack(tmp_path / "a", "same-id")
    write_pack(tmp_path / "b", "same-id")
    library = Library.load([tmp_path / "a", tmp_path / "b"])
    assert len(library.packs) == 1
    assert any("already loaded" in p.message for p in library.problems)


def test_one_broken_pack_never_stops_the_others(tmp_path: Path) -> None:
    write_pack(tmp_path, "good")
    write_pack(tmp_path, "broken", manifest="this is not toml = = =")
    (tmp_path / "junk.safelibpack").write_bytes(b"junk")
    library = Library.load([tmp_path])
    assert [p.id for p in library.packs] == ["good"]
    assert len([p for p in library.problems if p.severity == "error"]) == 2


def test_zip_needing_an_unknown_zip_version_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    archive = zip_folder(write_pack(tmp_path, "versioned"), tmp_path / "v.safelibpack")
    data = bytearray(archive.read_bytes())
    central = data.rfind(b"PK\x01\x02")
    data[central + 6] = 64  # "version needed to extract" 6.4: zipfile refuses it when opening
    archive.write_bytes(bytes(data))
    result = load_pack(archive)
    assert result.pack is None and "not a readable pack archive" in messages(result)
