"""End-to-end: the real `safelib` command as a subprocess, as scripts and trainers will run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CONTENT, REPO, write_pack, zip_folder

pytestmark = pytest.mark.slow


def safelib(
    *args: str, env: dict[str, str] | None = None, cwd: Path = REPO, timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "SAFELIB_PACKS": "", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "safelib", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=full_env,
        timeout=timeout,
    )


def test_version() -> None:
    done = safelib("--version")
    assert done.returncode == 0 and done.stdout.startswith("safelib ")


def test_usage_errors_exit_2() -> None:
    assert safelib("search").returncode == 2
    assert safelib("frobnicate").returncode == 2
    assert safelib("search", "x", "--limit", "0").returncode == 2


def test_list_json_covers_every_language() -> None:
    done = safelib("list", "--json")
    assert done.returncode == 0, done.stderr
    guides = json.loads(done.stdout)
    assert {g["lang"] for g in guides} == {"en", "ar", "ckb", "kmr"}
    assert set(guides[0]) >= {"pack", "guide", "lang", "title", "category"}


def test_list_filters() -> None:
    guides = json.loads(safelib("list", "--lang", "ckb", "--category", "asylum", "--json").stdout)
    assert guides and all(g["lang"] == "ckb" and g["category"] == "asylum" for g in guides)


def test_search_json_contract() -> None:
    done = safelib("search", "PEP", "--json", "--limit", "3")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["query"] == "PEP" and "suggestion" in data
    assert 0 < len(data["results"]) <= 3
    first = data["results"][0]
    assert set(first) >= {"pack", "guide", "lang", "title", "category", "score", "snippet"}


def test_search_arabic_keyboard_finds_sorani_guides() -> None:
    arabic_keyboard = json.loads(safelib("search", "كوردستان", "--lang", "ckb", "--json").stdout)["results"]
    sorani_keyboard = json.loads(safelib("search", "کوردستان", "--lang", "ckb", "--json").stdout)["results"]
    assert arabic_keyboard and [r["guide"] for r in arabic_keyboard] == [r["guide"] for r in sorani_keyboard]


def test_show_text_and_html() -> None:
    text = safelib("show", "pep-72-hours")
    assert text.returncode == 0 and "72" in text.stdout
    html = safelib("show", "pep-72-hours", "--lang", "ckb", "--html")
    assert html.returncode == 0 and html.stdout.startswith('<div dir="rtl">')
    assert safelib("show", "no-such-guide").returncode == 1


def test_validate_bundled_content_passes() -> None:
    done = safelib("pack", "validate", *[str(p) for p in sorted(CONTENT.iterdir()) if p.is_dir()])
    assert done.returncode == 0, done.stderr + done.stdout


def test_validate_reports_path_line_error(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, "broken", guides={"bad": "+++\ntitle = 'x'\ncategory = 'nope'\n+++\n"})
    done = safelib("pack", "validate", str(folder))
    assert done.returncode == 1
    assert f"{folder}/guides/bad.md:3: error: 'category' must be one of" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("content", [b"", b"\x00" * 100, b"PK\x03\x04garbage", os.urandom(2048)])
def test_validate_never_tracebacks(tmp_path: Path, content: bytes) -> None:
    target = tmp_path / "odd.safelibpack"
    target.write_bytes(content)
    done = safelib("pack", "validate", str(target), str(tmp_path / "missing"))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "error:" in done.stderr


def test_packs_option_and_env_add_packs(tmp_path: Path) -> None:
    write_pack(tmp_path / "a", "extra-a", guides={"alpha": "zebrafinch text"})
    (tmp_path / "b").mkdir()
    archive = zip_folder(
        write_pack(tmp_path / "src", "extra-b", guides={"beta": "zebrafinch text"}), tmp_path / "b" / "b.safelibpack"
    )
    done = safelib("--packs", str(tmp_path / "a"), "search", "zebrafinch", "--json", env={"SAFELIB_PACKS": str(archive.parent)})
    assert {r["pack"] for r in json.loads(done.stdout)["results"]} == {"extra-a", "extra-b"}


def test_broken_pack_does_not_stop_the_library(tmp_path: Path) -> None:
    write_pack(tmp_path, "broken", manifest="not toml = =")
    done = safelib("--packs", str(tmp_path), "list", "--json")
    assert done.returncode == 0
    assert len(json.loads(done.stdout)) > 10
    assert "broken/pack.toml:1: error: invalid TOML" in done.stderr
