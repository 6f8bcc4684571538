"""End-to-end: every `safelib` command of docs/translating-content.md, in its order, as a new translator runs them.

The commands are read from the document itself, so a change to the walk that the program does not
follow (or a command added without a check here) fails this test. Between the commands the test does
what the translator does in an editor: fill in the manifest and translate every guide.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli.test_cli import safelib
from tests.conftest import REPO

pytestmark = pytest.mark.slow
DOC = REPO / "docs" / "translating-content.md"
WORD = "ڕێنمایی"  # the translator's own word: what the walk searches for in place of "…"
_LINK_TARGET = re.compile(r"(\]\([^)]*\))")


def doc_commands() -> list[str]:
    """The `safelib …` lines of the document's shell blocks, without their comments."""
    blocks = re.findall(r"```sh\n(.*?)```", DOC.read_text("utf-8"), re.DOTALL)
    lines = (line.split("  #")[0].strip() for block in blocks for line in block.splitlines())
    return [line for line in lines if line.startswith("safelib ")]


def run(folder: Path, command: str) -> subprocess.CompletedProcess[str]:
    """A documented command, run in the translator's folder; `gui` runs its smoke test instead of waiting for a person."""
    args = [WORD if arg == "…" else arg for arg in shlex.split(command)[1:]]
    if "gui" in args:
        args.append("--smoke")
    return safelib(*args, env={"PYTHONPATH": str(REPO / "src")}, cwd=folder, timeout=300)


def translate_everything(pack: Path) -> None:
    """What the translator does in an editor: the manifest's placeholders, then every guide into Arabic-script text."""
    manifest = (pack / "pack.toml").read_text("utf-8")
    manifest = re.sub(r'^publisher = ".*"$', 'publisher = "Test translators"', manifest, flags=re.MULTILINE)
    manifest = re.sub(r'^title = ".*"  # translate$', f'title = "{WORD}"', manifest, flags=re.MULTILINE)
    manifest = re.sub(r'^description = ".*"  # translate$', f'description = "{WORD} بۆ پاراستن"', manifest, flags=re.MULTILINE)
    (pack / "pack.toml").write_text(manifest, "utf-8")
    for number, path in enumerate(sorted((pack / "guides").glob("*.md")), start=1):
        _, front, body = path.read_text("utf-8").split("+++\n", 2)
        front = re.sub(r'^title = ".*"$', f'title = "{WORD} {number}"', front, flags=re.MULTILINE)
        front = re.sub(r'^summary = ".*"$', f'summary = "کورتەی {WORD} {number}"', front, flags=re.MULTILINE)
        # every word becomes a Sorani one; link targets (guide:…, media/…) stay as they are
        parts = _LINK_TARGET.split(body)
        body = "".join(part if _LINK_TARGET.fullmatch(part) else re.sub(r"[A-Za-z]+", "وشە", part) for part in parts)
        path.write_text(f"+++\n{front}+++\n{body}", "utf-8")


@dataclass(frozen=True)
class Step:
    """One documented command: the exit status the document promises, and what else it says the command does."""

    command: str
    status: int = 0
    check: Callable[[subprocess.CompletedProcess[str], Path], object] = lambda done, folder: True
    before: Callable[[Path], object] = lambda folder: None


def _scaffolded(done: subprocess.CompletedProcess[str], folder: Path) -> bool:
    pack = folder / "guides-sdh"
    sources = list((pack / ".safelib-source" / "guides").glob("*.md"))
    return "translation of guides-en into sdh started" in done.stdout and (pack / "pack.toml").is_file() and len(sources) > 30


def _smoke_ok(done: subprocess.CompletedProcess[str], folder: Path) -> bool:
    report = json.loads(done.stdout.splitlines()[-1])
    return bool(report["ok"]) and report["library"] == "sdh"


def _stick(folder: Path) -> None:
    """The trainer's `mkdir -p` and `cp` between the last two commands."""
    keys = folder / "STICK" / "safelib-data" / "keys"
    keys.mkdir(parents=True)
    (keys / "sdh-translators.pub").write_bytes((folder / "sdh-translators.pub").read_bytes())


STEPS = [
    Step("safelib pack new --from guides-en --lang sdh guides-sdh", check=_scaffolded),
    Step("safelib pack validate guides-sdh", check=lambda done, _f: "guides-sdh: valid" in done.stdout),
    Step(
        "safelib pack status guides-sdh",
        before=lambda folder: translate_everything(folder / "guides-sdh"),
        check=lambda done, _f: "guides done (100 %)" in done.stdout,
    ),
    Step("safelib pack mark-current guides-sdh pep-72-hours", check=lambda done, _f: "pep-72-hours" in done.stdout),
    Step("safelib pack mark-current guides-sdh", check=lambda done, _f: "skipped" not in done.stdout),
    Step("safelib --packs guides-sdh list --lang sdh", check=lambda done, _f: done.stdout.count("\nguides-sdh ") > 30),
    Step("safelib --packs guides-sdh show pep-72-hours --lang sdh", check=lambda done, _f: WORD in done.stdout),
    Step('safelib --packs guides-sdh search "…" --lang sdh', check=lambda done, _f: "guides-sdh/" in done.stdout),
    Step("safelib --packs guides-sdh gui --lang sdh", check=_smoke_ok),
    Step(
        "safelib pack build guides-sdh -o guides-sdh.safelibpack",
        check=lambda _d, folder: (folder / "guides-sdh.safelibpack").is_file(),
    ),
    Step("safelib keys new sdh-translators", check=lambda _d, folder: (folder / "sdh-translators.key").is_file()),
    Step("safelib pack sign guides-sdh.safelibpack --key sdh-translators.key"),
    Step("safelib pack verify guides-sdh.safelibpack", status=1, check=lambda done, _f: "unknown signer" in done.stdout),
    Step(
        "safelib --portable STICK/safelib-data pack verify guides-sdh.safelibpack",
        before=_stick,
        check=lambda done, _f: "verified (signed by sdh-translators" in done.stdout,
    ),
]


def test_the_walk_covers_every_documented_command() -> None:
    assert [step.command for step in STEPS] == doc_commands()


def test_the_translators_walk_works_as_written(tmp_path: Path) -> None:
    for step in STEPS:
        step.before(tmp_path)
        done = run(tmp_path, step.command)
        assert done.returncode == step.status, f"{step.command}\n{done.stdout}\n{done.stderr}"
        assert step.check(done, tmp_path), f"{step.command}\n{done.stdout}\n{done.stderr}"
        assert "Traceback" not in done.stderr, step.command
