"""Messages a new translator meets, each saying what to do (issue #20's list)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from safelib.core.packs.parse import parse_manifest
from tests.cli.test_cli import REPO, safelib
from tests.conftest import MANIFEST, write_pack

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("line", "advice"),
    [
        ('title = ڕێنمایی"', "put the text in double quotes"),
        ('title = "ڕێنمایی', "closing double quote"),
        ("title = 'it's'", "one key = value per line"),
        ('added = ["a" "b"]', 'a list is written ["one", "two"]'),
    ],
)
def test_invalid_toml_says_what_to_do_with_file_and_line(line: str, advice: str) -> None:
    text = MANIFEST.format(id="p", lang="ckb").replace('title = "Test pack p"', line)
    manifest, problems = parse_manifest(text.encode("utf-8"), "p/pack.toml")
    assert manifest is None
    [problem] = problems
    assert problem.line == 3 or (problem.line == 1 and "end of document" in problem.message)
    assert "invalid TOML" in problem.message and advice in problem.message


def test_validate_prints_the_advice(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, "p", manifest=MANIFEST.format(id="p", lang="ckb").replace('"Test pack p"', "Test pack"))
    done = safelib("pack", "validate", str(folder))
    assert done.returncode == 1
    assert f"{folder}/pack.toml:3: error: invalid TOML: Invalid value (at line 3, column 9)" not in done.stderr
    assert "pack.toml:3: error: invalid TOML: Invalid value; put the text in double quotes" in done.stderr


def test_keys_new_makes_the_folder(tmp_path: Path) -> None:
    done = safelib("keys", "new", "trainer", "--dir", str(tmp_path / "keys" / "new"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "keys" / "new" / "trainer.pub").is_file()


def test_output_cut_short_by_head_ends_quietly() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "safelib", "list"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # what `| head -1` does after its line
    errors = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=120) in (0, 141)
    assert "Broken pipe" not in errors and "Traceback" not in errors and "Exception ignored" not in errors
