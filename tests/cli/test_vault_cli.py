"""End-to-end: `safelib vault …` and `--vault` through the real command, as a trainer and an attacker would use them."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from safelib.core.vault.container import HEADER_BYTES
from tests.cli.test_cli import safelib
from tests.conftest import CONTENT, write_pack
from tests.hardening.process import host_env, safelib_command
from tests.hardening.strace import outside, parse, strace_command
from tests.hardening.test_bad_environments import in_namespace

pytestmark = pytest.mark.slow

CODE = "4829 1573 6048"
GUIDE_SENTENCE = b"PrEP means"


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A vault of the four bundled packs and the file holding its code."""
    folder = tmp_path_factory.mktemp("vault")
    (folder / "code.txt").write_text(CODE, "utf-8")
    done = safelib("vault", "create", str(folder / "data"), str(CONTENT), "--code-file", str(folder / "code.txt"))
    assert done.returncode == 0, done.stderr
    return folder / "data", folder / "code.txt"


def test_a_vault_searches_lists_and_shows_like_the_plain_library(vault: tuple[Path, Path]) -> None:
    path, code = vault
    found = json.loads(safelib("--vault", str(path), "--code-file", str(code), "search", "PEP 72", "--json").stdout)
    assert found["results"][0]["guide"] == "pep-72-hours"
    listed = json.loads(safelib("--vault", str(path), "--code-file", str(code), "list", "--lang", "ckb", "--json").stdout)
    assert len(listed) == len(list((CONTENT / "guides-ckb" / "guides").glob("*.md")))
    shown = safelib("--vault", str(path), "--code-file", str(code), "show", "prep", "--lang", "en")
    assert shown.returncode == 0 and "PrEP means" in shown.stdout


def test_the_file_holds_no_word_of_the_library(vault: tuple[Path, Path]) -> None:
    data = vault[0].read_bytes()
    assert data.count(b"\n") < len(data) / 200  # random bytes: one newline in 256, not text
    for word in (GUIDE_SENTENCE, b"safelib", b"guides-", "عێراق".encode(), b"pack.toml", b"PK\x03\x04"):
        assert word not in data


def test_a_wrong_code_and_a_file_that_is_no_vault_get_the_same_one_line(vault: tuple[Path, Path], tmp_path: Path) -> None:
    (tmp_path / "wrong.txt").write_text("739104628351", "utf-8")
    (tmp_path / "noise").write_bytes(os.urandom(4096))
    for target, code in ((vault[0], tmp_path / "wrong.txt"), (tmp_path / "noise", vault[1]), (tmp_path / "absent", vault[1])):
        done = safelib("--vault", str(target), "--code-file", str(code), "list")
        assert (done.returncode, done.stdout, done.stderr) == (1, "", "safelib: could not open the vault\n")


def test_codes_in_arabic_indic_digits_open_it(vault: tuple[Path, Path], tmp_path: Path) -> None:
    (tmp_path / "arabic.txt").write_text("٤٨٢٩ ١٥٧٣ ٦٠٤٨", "utf-8")
    done = safelib("--vault", str(vault[0]), "--code-file", str(tmp_path / "arabic.txt"), "list", "--lang", "en")
    assert done.returncode == 0, done.stderr


def test_a_generated_code_goes_to_a_card_only_its_owner_reads(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "packs", "small-pack")
    done = safelib("vault", "create", str(tmp_path / "data"), str(pack), "--code-file", str(tmp_path / "card.txt"))
    assert done.returncode == 0, done.stderr
    card = tmp_path / "card.txt"
    assert stat.S_IMODE(card.stat().st_mode) == 0o600
    digits = card.read_text("utf-8").split()
    assert len(digits) == 4 and all(len(group) == 4 and group.isdigit() for group in digits)
    again = safelib("vault", "create", str(tmp_path / "data"), str(pack), "--code-file", str(card))
    assert again.returncode == 1 and "already exists" in again.stderr


def test_change_code_rekey_and_weak_codes(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "packs", "small-pack")
    (tmp_path / "old.txt").write_text(CODE, "utf-8")
    assert safelib("vault", "create", str(tmp_path / "data"), str(pack), "--code-file", str(tmp_path / "old.txt")).returncode == 0
    (tmp_path / "weak.txt").write_text("1234", "utf-8")
    weak = safelib("vault", "change-code", str(tmp_path / "data"), "--code-file", str(tmp_path / "old.txt"),
                   "--new-code-file", str(tmp_path / "weak.txt"))  # fmt: skip
    assert weak.returncode == 1 and "at least 12 digits" in weak.stderr
    changed = safelib("vault", "change-code", str(tmp_path / "data"), "--code-file", str(tmp_path / "old.txt"),
                      "--new-code-file", str(tmp_path / "new.txt"))  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    assert safelib("--vault", str(tmp_path / "data"), "--code-file", str(tmp_path / "old.txt"), "list").returncode == 1
    assert safelib("--vault", str(tmp_path / "data"), "--code-file", str(tmp_path / "new.txt"), "list").returncode == 0
    (tmp_path / "copy").write_bytes((tmp_path / "data").read_bytes())
    rekeyed = safelib("vault", "rekey", str(tmp_path / "copy"), "--code-file", str(tmp_path / "new.txt"),
                      "--new-code-file", str(tmp_path / "copy.txt"))  # fmt: skip
    assert rekeyed.returncode == 0, rekeyed.stderr
    assert safelib("--vault", str(tmp_path / "copy"), "--code-file", str(tmp_path / "new.txt"), "list").returncode == 1
    assert safelib("--vault", str(tmp_path / "copy"), "--code-file", str(tmp_path / "copy.txt"), "list").returncode == 0


def test_adding_a_broken_pack_keeps_nothing(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "packs", "small-pack")
    (tmp_path / "code.txt").write_text(CODE, "utf-8")
    assert (
        safelib("vault", "create", str(tmp_path / "data"), str(pack), "--code-file", str(tmp_path / "code.txt")).returncode == 0
    )
    before = (tmp_path / "data").read_bytes()
    broken = write_pack(tmp_path / "packs", "broken-pack", manifest="id = ")
    done = safelib("vault", "add", str(tmp_path / "data"), str(broken), "--code-file", str(tmp_path / "code.txt"))
    assert done.returncode == 1 and "pack.toml" in done.stderr and "Traceback" not in done.stderr
    assert (tmp_path / "data").read_bytes()[HEADER_BYTES:] == before[HEADER_BYTES:], "only the key slots are refreshed"
    other = write_pack(tmp_path / "packs", "other-pack")
    added = safelib("vault", "add", str(tmp_path / "data"), str(other), "--code-file", str(tmp_path / "code.txt"))
    assert added.returncode == 0 and "Test pack other-pack (en), version 1, 1 guides" in added.stdout
    assert "signature: unsigned" in added.stdout
    listed = safelib("--vault", str(tmp_path / "data"), "--code-file", str(tmp_path / "code.txt"), "list", "--json")
    assert {g["pack"] for g in json.loads(listed.stdout)} == {"small-pack", "other-pack"}


def test_a_vault_session_writes_nothing_but_the_vault(vault: tuple[Path, Path], tmp_path: Path) -> None:
    log = tmp_path / "trace" / "log"
    log.parent.mkdir()
    command = safelib_command("--vault", str(vault[0]), "--code-file", str(vault[1]), "search", "lawyer", "--json")
    done = subprocess.run(
        strace_command(log, command), capture_output=True, text=True, env=host_env(tmp_path / "host"), timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    traced = parse(log, done.returncode)
    assert outside(traced, []) == [("openat", str(vault[0]))], "only the vault's own key slots are refreshed in place"
    assert traced.sockets == []


def test_a_full_stick_keeps_the_old_vault_and_says_so(tmp_path: Path) -> None:
    stick, packs = tmp_path / "stick", tmp_path / "packs"
    stick.mkdir()
    small = write_pack(packs, "small-pack")
    big = write_pack(packs, "big-pack", extra={"media/noise.png": os.urandom(3 * 1024 * 1024)})
    (tmp_path / "code.txt").write_text(CODE, "utf-8")
    vault = f"{stick}/data"
    create = " ".join(safelib_command("vault", "create", vault, str(small), "--code-file", str(tmp_path / "code.txt")))
    add = " ".join(safelib_command("vault", "add", vault, str(big), "--code-file", str(tmp_path / "code.txt")))
    listing = " ".join(safelib_command("--vault", vault, "--code-file", str(tmp_path / "code.txt"), "list", "--json"))
    script = f"mount -t tmpfs -o size=40m tmpfs {stick}; {create}; {add} || echo EXIT:$?; echo LIST:; {listing}; ls -a {stick}"
    done = in_namespace(script, tmp_path)
    assert "EXIT:1" in done.stdout, done.stdout + done.stderr
    assert "the stick is full" in done.stderr and "intact" in done.stderr, done.stderr
    listed = done.stdout.split("LIST:")[1]
    assert '"small-pack"' in listed and "big-pack" not in listed
    assert listed.split()[-3:] == [".", "..", "data"], "no half-written file is left on the stick"


def test_a_duress_code_opens_the_everyday_guides_and_erases_the_library(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "packs", "small-pack")
    (tmp_path / "code.txt").write_text(CODE, "utf-8")
    data, code, duress = str(tmp_path / "data"), str(tmp_path / "code.txt"), str(tmp_path / "duress.txt")
    assert safelib("vault", "create", data, str(pack), "--code-file", code).returncode == 0
    same = safelib("vault", "set-duress", data, "--code-file", code, "--duress-code-file", code)
    assert same.returncode == 1 and "must differ" in same.stderr
    done = safelib("vault", "set-duress", data, "--code-file", code, "--duress-code-file", duress)
    assert done.returncode == 0, done.stderr
    real = json.loads(safelib("--vault", data, "--code-file", code, "list", "--json").stdout)
    assert {g["pack"] for g in real} == {"small-pack"}
    decoy = json.loads(safelib("--vault", data, "--code-file", duress, "list", "--json").stdout)
    assert {g["pack"] for g in decoy} == {"everyday-en", "everyday-ar", "everyday-ckb", "everyday-kmr"}
    erased = safelib("--vault", data, "--code-file", code, "list")
    assert (erased.returncode, erased.stderr) == (1, "safelib: could not open the vault\n")
