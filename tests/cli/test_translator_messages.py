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


def test_a_mistyped_guide_link_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, "p", guides={"hello": "See [PEP](guide:pep-72-hour).", "elsewhere": "[x](guide:prep)"})
    done = safelib("pack", "validate", str(folder))
    assert done.returncode == 1
    assert "hello.md:9: error: link to guide 'pep-72-hour', which is in no pack: did you mean 'guide:pep-72-hours'?" in (
        done.stderr
    )
    assert "elsewhere.md:9: warning: link to guide 'prep'" in done.stderr  # in an installed pack: it works there


def test_validate_reports_two_packs_with_the_same_id(tmp_path: Path) -> None:
    first = write_pack(tmp_path / "a", "same-id")
    second = write_pack(tmp_path / "b", "same-id", manifest=MANIFEST.format(id="same-id", lang="ar"))
    done = safelib("pack", "validate", str(first), str(second))
    assert done.returncode == 1
    assert f"{second}/pack.toml: error: pack id 'same-id' is also the id of {first}" in done.stderr


def test_build_and_sign_refuse_untranslated_guides_unless_allowed(tmp_path: Path) -> None:
    folder = tmp_path / "sdh"
    assert safelib("pack", "new", "--from", "guides-en", "--lang", "sdh", str(folder)).returncode == 0
    target = tmp_path / "sdh.safelibpack"
    refused = safelib("pack", "build", str(folder), "-o", str(target))
    assert refused.returncode == 1 and not target.exists()
    assert "guides are not translated yet" in refused.stderr and "--allow-incomplete" in refused.stderr
    assert safelib("keys", "new", "t", "--dir", str(tmp_path)).returncode == 0
    unsigned = safelib("pack", "sign", str(folder), "--key", str(tmp_path / "t.key"))
    assert unsigned.returncode == 1 and not (folder / "SIGNATURE").exists()
    built = safelib("pack", "build", str(folder), "-o", str(target), "--allow-incomplete")
    assert built.returncode == 0 and target.is_file() and "WARNING: " in built.stderr


def test_mark_current_sums_up_what_it_skipped_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "sdh"
    assert safelib("pack", "new", "--from", "guides-en", "--lang", "sdh", str(folder)).returncode == 0
    done = safelib("pack", "mark-current", str(folder))
    assert done.returncode == 0
    [line] = done.stdout.splitlines()  # not one line per guide
    assert line.startswith("skipped  ") and "guides that still have untranslated text" in line
    assert f"see `safelib pack status {folder}`" in line
    named = safelib("pack", "mark-current", str(folder), "prep")  # a named guide is the translator's word: marked
    assert named.returncode == 0 and named.stdout.startswith("current  prep: ")


def test_verify_says_what_to_do_for_each_state(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "packs", "p")
    unsigned = safelib("pack", "verify", str(folder))
    assert unsigned.returncode == 1
    assert f"  to sign it: safelib pack sign {folder} --key YOUR.key" in unsigned.stdout
    assert safelib("keys", "new", "t", "--dir", str(tmp_path)).returncode == 0
    assert safelib("pack", "sign", str(folder), "--key", str(tmp_path / "t.key")).returncode == 0
    unknown = safelib("pack", "verify", str(folder))
    assert "unknown signer" in unknown.stdout and "into the keys/ folder of the data folder" in unknown.stdout


def test_gui_lang_takes_a_content_language_and_explains_a_wrong_one() -> None:
    wrong = safelib("gui", "--lang", "xx-yy", "--smoke")
    assert wrong.returncode == 2
    assert "not a language tag Babel knows" in wrong.stderr and "the language of your pack's guides" in wrong.stderr
