"""The library answers a translator's questions: which guides a language's reader sees, and why a guide went away."""

from __future__ import annotations

from pathlib import Path

from safelib.core.library import Library
from tests.conftest import GUIDE, write_pack

TRANSLATION = """format = 1
id = "guides-sdh"
title = "Test"
language = "sdh"
version = "1"
publisher = "tests"
license = "CC0-1.0"

[translation]
source_pack = "guides-ar"
"""


def guide(title: str, body: str = "Text.") -> str:
    return GUIDE.format(title=title, category="security", summary="A test guide.", body=body)


def test_the_shelf_fills_an_unfinished_translation_from_its_source_language(tmp_path: Path) -> None:
    write_pack(tmp_path, "guides-en", "en", {"a": guide("A en"), "b": guide("B en"), "c": guide("C en")})
    write_pack(tmp_path, "guides-ar", "ar", {"a": guide("A ar"), "b": guide("B ar")})
    write_pack(tmp_path, "guides-sdh", "sdh", {"a": guide("A sdh")}, manifest=TRANSLATION)
    library = Library.load([tmp_path])
    shelf = {g.id: (g.title, g.language) for g in library.shelf("sdh", fallback=["kmr"])}
    # a is translated; b comes from the pack it was translated from (Arabic), c only exists in English
    assert shelf == {"a": ("A sdh", "sdh"), "b": ("B ar", "ar"), "c": ("C en", "en")}
    assert [g.language for g in library.shelf("en")] == ["en", "en", "en"]  # a complete language has no stand-ins
    assert library.source_of(library.guide("a", pack_id="guides-sdh")).title == "A ar"  # type: ignore[arg-type, union-attr]
    assert library.source_of(library.guide("a", pack_id="guides-en")) is None  # type: ignore[arg-type]
    assert [(g.id, g.language) for g in library.shelf("ar", fallback=["sdh"])] == [("a", "ar"), ("b", "ar"), ("c", "en")]


def test_the_fallback_language_comes_before_english(tmp_path: Path) -> None:
    write_pack(tmp_path, "guides-en", "en", {"a": guide("A en"), "b": guide("B en")})
    write_pack(tmp_path, "guides-ckb", "ckb", {"a": guide("A ckb"), "b": guide("B ckb")})
    write_pack(tmp_path, "guides-kmr", "kmr", {"a": guide("A kmr")})
    library = Library.load([tmp_path])
    assert [(g.id, g.language) for g in library.shelf("kmr", fallback=["ckb"])] == [("a", "kmr"), ("b", "ckb")]
    assert [(g.id, g.language) for g in library.shelf("kmr")] == [("a", "kmr"), ("b", "en")]


def test_why_a_guide_went_away_names_its_file_and_line(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, "draft", "en", {"a": guide("A"), "b": guide("B")})
    before = Library.load([folder])
    gone = before.pack("draft").guides["b"]  # type: ignore[union-attr]
    (folder / "guides" / "b.md").write_text("+++\ntitle = \n+++\nhalf-written", "utf-8")
    after = Library.load([folder])
    reasons = after.why_missing(gone)
    assert reasons and all(problem.path == gone.path for problem in reasons)
    assert reasons[0].line == 2 and reasons[0].severity == "error"
    (folder / "guides" / "b.md").unlink()
    assert Library.load([folder]).why_missing(gone) == []  # deleted: nothing to explain
    (folder / "pack.toml").write_text('format = 1\nid = "draft"\ntitle = [unclosed\n', "utf-8")
    broken = Library.load([folder]).why_missing(gone)
    assert [Path(problem.path).name for problem in broken] == ["pack.toml"]
    for library in (before, after):
        library.close()
