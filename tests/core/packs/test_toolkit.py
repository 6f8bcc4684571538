"""The translator's toolkit: revisions, scaffold, status, mark-current and reproducible builds."""

from __future__ import annotations

import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from safelib.core.packs.keys import KeyRing, PublicKey
from safelib.core.packs.loader import load_pack
from safelib.core.packs.model import Pack
from safelib.core.packs.revision import guide_revision
from safelib.core.packs.signing import sign_pack, verify_pack
from safelib.core.packs.toolkit import (
    PUBLISHER_PLACEHOLDER,
    build_pack,
    mark_current,
    new_translation,
    set_source_revision,
    translation_status,
)
from safelib.core.problems import PackError
from tests.conftest import GUIDE, TINY_PNG, write_pack

SOURCE_GUIDES = {
    "alpha": "The first paragraph of alpha is long enough to count.\n\nSecond paragraph, also long enough to count here.\n",
    "beta": "Beta talks about something else entirely, at length.\n\nSee [alpha](guide:alpha).\n",
    "gamma": "Gamma is the third guide and has its own long paragraph.\n",
}


def load(folder: Path) -> Pack:
    result = load_pack(folder)
    assert result.pack is not None, [p.format() for p in result.problems]
    return result.pack


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return write_pack(tmp_path / "src", "guides-en", "en", guides=SOURCE_GUIDES, extra={"media/pic.png": TINY_PNG})


@pytest.fixture
def scaffold(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / "work" / "guides-sdh"
    new_translation(load(source), "sdh", target)
    return target


def status_of(translation: Path, source: Path):  # type: ignore[no-untyped-def]
    return translation_status(load(translation), load(source))


def translate(folder: Path, guide_id: str, body: str, title: str = "ناونیشان", summary: str = "کورتە.") -> None:
    """Replace title, summary and body the way a translator would, keeping the rest of the front matter."""
    path = folder / "guides" / f"{guide_id}.md"
    lines = path.read_text("utf-8").split("\n")
    closing = lines.index("+++", 1)
    front = [
        f'title = "{title}"' if line.startswith("title =") else f'summary = "{summary}"' if line.startswith("summary =") else line
        for line in lines[1:closing]
    ]
    path.write_text("+++\n" + "\n".join(front) + "\n+++\n\n" + body + "\n", "utf-8")


# --- revisions -------------------------------------------------------------------------------------------------


def test_revision_is_16_hex_and_ignores_line_ends_and_copied_fields(source: Path, tmp_path: Path) -> None:
    guide = load(source).guides["alpha"]
    revision = guide_revision(guide)
    assert len(revision) == 16 and int(revision, 16) >= 0
    crlf = write_pack(tmp_path / "crlf", "guides-en", guides={"alpha": SOURCE_GUIDES["alpha"].replace("\n", "\r\n")})
    assert guide_revision(load(crlf).guides["alpha"]) == revision
    other = write_pack(
        tmp_path / "cat",
        "guides-en",
        guides={"alpha": GUIDE.format(title="Alpha", category="asylum", summary="A test guide.", body=SOURCE_GUIDES["alpha"])},
    )
    assert guide_revision(load(other).guides["alpha"]) == revision  # category is copied, not translated


@pytest.mark.parametrize(("old", "new"), [('title = "Alpha"', 'title = "Alpha 2"'), ("count.", "count!")])
def test_revision_changes_with_translatable_text(source: Path, old: str, new: str) -> None:
    path = source / "guides" / "alpha.md"
    before = guide_revision(load(source).guides["alpha"])
    path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")
    assert guide_revision(load(source).guides["alpha"]) != before


# --- scaffold --------------------------------------------------------------------------------------------------


def test_scaffold_is_a_valid_pack_with_prepared_guides(scaffold: Path, source: Path) -> None:
    result = load_pack(scaffold)
    assert result.ok, [p.format() for p in result.problems]
    pack = result.pack
    assert pack is not None
    assert (pack.id, pack.manifest.language, pack.manifest.source_pack) == ("guides-sdh", "sdh", "guides-en")
    assert pack.manifest.publisher == PUBLISHER_PLACEHOLDER
    assert sorted(pack.guides) == sorted(SOURCE_GUIDES)
    alpha, original = pack.guides["alpha"], load(source).guides["alpha"]
    assert alpha.translation_of == "alpha" and alpha.source_revision == guide_revision(original)
    assert (alpha.title, alpha.summary, alpha.category, alpha.updated, alpha.sources) == (
        original.title,
        original.summary,
        original.category,
        original.updated,
        original.sources,
    )
    assert alpha.body.strip() == original.body.strip()
    assert pack.media == frozenset({"media/pic.png"})
    assert not any(p.message.startswith("not part of the pack format") for p in result.problems)


def test_scaffold_refuses_a_non_empty_folder(source: Path, tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("mine", "utf-8")
    with pytest.raises(PackError, match="not empty"):
        new_translation(load(source), "sdh", target)
    assert (target / "notes.txt").read_text("utf-8") == "mine"


def test_scaffold_id_and_language_checks(source: Path, tmp_path: Path) -> None:
    new_translation(load(source), "kmr-x-test", tmp_path / "a")
    assert load(tmp_path / "a").id == "guides-kmr-x-test"
    new_translation(load(source), "ar", tmp_path / "b", pack_id="my-arabic")
    assert load(tmp_path / "b").id == "my-arabic"
    with pytest.raises(PackError, match="--lang"):
        new_translation(load(source), "not a language", tmp_path / "c")


# --- status and mark-current -----------------------------------------------------------------------------------


def test_scaffold_translate_mark_current_progress(scaffold: Path, source: Path) -> None:
    status = status_of(scaffold, source)
    assert status.percent == 0 and not status.complete
    assert all(g.untranslated and not g.stale for g in status.guides)
    assert any("placeholder" in note for note in status.manifest_notes)
    alpha = status.guides[0]
    assert "title is the source's" in alpha.untranslated and any("2 paragraphs" in r for r in alpha.untranslated)
    assert any("mostly Latin" in r for r in alpha.untranslated)  # sdh is written in Arabic script

    translate(scaffold, "alpha", "یەکەم بڕگە کە بە تەواوی وەرگێڕدراوە.\n\nدووەم بڕگە.")
    marked = mark_current(scaffold, load(scaffold), load(source))
    assert [m[0] for m in marked.marked] == ["alpha"]
    assert {s[0] for s in marked.skipped} == {"beta", "gamma"}

    status = status_of(scaffold, source)
    assert (status.done_count, status.percent) == (1, 33)
    assert status.guides[0].done


def test_stale_after_the_source_changes_says_what_changed(scaffold: Path, source: Path) -> None:
    translate(scaffold, "alpha", "یەکەم بڕگە کە بە تەواوی وەرگێڕدراوە.")
    mark_current(scaffold, load(scaffold), load(source), ["alpha"])
    path = source / "guides" / "alpha.md"
    text = path.read_text("utf-8").replace('title = "Alpha"', 'title = "Alpha, revised"')
    path.write_text(text.replace("Second paragraph", "A rewritten second paragraph") + "\nA new closing line.\n", "utf-8")

    [alpha, *_] = status_of(scaffold, source).guides
    assert not alpha.done
    assert any(r.startswith("title changed: 'Alpha' → 'Alpha, revised'") for r in alpha.stale)
    assert "body changed: 4 lines" in alpha.stale  # one rewritten line, two blank lines and a new one
    assert "summary changed" not in alpha.stale

    mark_current(scaffold, load(scaffold), load(source), ["alpha"])
    assert status_of(scaffold, source).guides[0].stale == []


def test_stale_without_a_snapshot_still_reports(scaffold: Path, source: Path) -> None:
    shutil.rmtree(scaffold / ".safelib-source")
    path = source / "guides" / "gamma.md"
    path.write_text(path.read_text("utf-8") + "\nMore.\n", "utf-8")
    gamma = status_of(scaffold, source).guides[2]
    assert gamma.stale and "no copy of that revision" in gamma.stale[0]


def test_missing_extra_and_broken_links(scaffold: Path, source: Path) -> None:
    (scaffold / "guides" / "gamma.md").unlink()
    translate(scaffold, "beta", "وتار.\n\nبڕوانە [ئەلفا](guide:alpha) و [هیچ](guide:nowhere).")
    (scaffold / "guides" / "local-only.md").write_text(
        GUIDE.format(title="تەنها لێرە", category="security", summary="کورتە.", body="وتار."), "utf-8"
    )
    status = status_of(scaffold, source)
    by_id = {g.id: g for g in status.guides}
    assert by_id["gamma"].missing
    assert [p.line for p in by_id["beta"].broken_links] == [14]
    assert "nowhere" in by_id["beta"].broken_links[0].message
    assert status.extra_guides == ["local-only"]


def test_latin_script_is_fine_for_latin_languages(source: Path, tmp_path: Path) -> None:
    target = tmp_path / "kmr"
    new_translation(load(source), "kmr", target)
    translate(target, "alpha", "Paragrafa yekem bi tevahî hatiye wergerandin.", title="Alfa", summary="Kurte.")
    assert status_of(target, source).guides[0].untranslated == []


def test_mark_current_rewrites_one_line_byte_for_byte() -> None:
    original = b'+++\r\ntitle = "x"\r\ntranslation_of = "a"\r\nsource_revision = "old"  \r\n+++\r\n\r\nBody\r\n'
    updated = set_source_revision(original, "0123456789abcdef", "g.md")
    assert updated == original.replace(b'source_revision = "old"  ', b'source_revision = "0123456789abcdef"')


def test_mark_current_adds_the_line_after_translation_of() -> None:
    original = '\ufeff+++\ntitle = "x"\ntranslation_of = "a"\nupdated = 2026-11-01\n+++\nBody ش\n'.encode()
    updated = set_source_revision(original, "0123456789abcdef", "g.md")
    assert updated == original.replace(b'translation_of = "a"\n', b'translation_of = "a"\nsource_revision = "0123456789abcdef"\n')
    plain = b'+++\ntitle = "x"\n+++\nBody\n'
    assert set_source_revision(plain, "f" * 16, "g.md") == b'+++\ntitle = "x"\nsource_revision = "ffffffffffffffff"\n+++\nBody\n'
    with pytest.raises(PackError, match="front matter"):
        set_source_revision(b"no front matter", "f" * 16, "g.md")


# --- build -----------------------------------------------------------------------------------------------------


def test_build_is_reproducible(scaffold: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "one.safelibpack", tmp_path / "two.safelibpack"
    build_pack(scaffold, first)
    future = time.time() + 86_400
    for path in scaffold.rglob("*"):
        os.utime(path, (future, future))
    (scaffold / "pack.toml").chmod(0o600)
    build_pack(scaffold, second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        infos = archive.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names) and not any(n.startswith(".safelib-source") for n in names)
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) and i.extra == b"" for i in infos)
    assert all(i.external_attr >> 16 == 0o100644 and i.compress_type == zipfile.ZIP_DEFLATED for i in infos)
    assert load_pack(first).ok


def test_build_refuses_an_invalid_pack(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, "broken", guides={"bad": "+++\ntitle = 'x'\ncategory = 'nope'\n+++\n"})
    with pytest.raises(PackError, match="category"):
        build_pack(folder, tmp_path / "out.safelibpack")
    assert not (tmp_path / "out.safelibpack").exists()
    with pytest.raises(PackError, match="outside the pack folder"):
        build_pack(folder, folder / "x.safelibpack")


def test_build_keeps_a_signature_that_still_covers_the_files(tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    ring = KeyRing()
    ring.add(PublicKey("Pub", key.public_key()))
    folder = write_pack(tmp_path, "plain-signed")
    sign_pack(folder, key, "Pub")
    build_pack(folder, tmp_path / "p.safelibpack", ring)
    assert verify_pack(tmp_path / "p.safelibpack", ring).state == "verified"


def test_build_drops_a_signature_over_the_translators_copies(scaffold: Path, tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    sign_pack(scaffold, key, "Pub")
    notes = build_pack(scaffold, tmp_path / "t.safelibpack")
    assert any("sign the built file instead" in p.message for p in notes)
    assert verify_pack(tmp_path / "t.safelibpack").state == "unsigned"


def test_status_counts_search_terms_and_names_groups_no_guide_matches(scaffold: Path, source: Path) -> None:
    translate(scaffold, "alpha", "Telefonên li bazgehê.")
    terms = 'format = 1\n[[terms]]\nwords = ["xala kontrolê", "bazgehê"]\n[[terms]]\nwords = ["prep", "parastin"]\n'
    (scaffold / "search-terms.toml").write_text(terms, "utf-8")
    status = status_of(scaffold, source)
    assert (status.search_term_groups, status.search_term_entries) == (2, 4)
    assert status.unmatched_search_terms == [("prep", "parastin")]
    assert status.to_json()["search_terms"]["unmatched"] == [["prep", "parastin"]]
