"""USB kits from small fake bundles: the layout, the disguise, pack refusal and signing, and every way verify fails."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from safelib.core.packs.keys import KeyRing, generate_key_pair, load_private_key, load_public_key
from safelib.core.packs.signing import sign_pack
from safelib.core.portable import find_portable, program_name
from safelib.core.problems import PackError
from safelib.core.settings import SETTINGS_FILE, Settings
from safelib.core.usb.bundles import detect_bundle, find_bundles
from safelib.core.usb.checksums import SUMS_FILE, Scan, fat_problems, parse_sums
from safelib.core.usb.kit import KitOptions, build_kit, check_disguise
from safelib.core.usb.verify import describe, verify_kit
from tests.conftest import write_pack

ELF, PE = b"\x7fELF" + bytes(60), b"MZ" + bytes(62)


@pytest.fixture(scope="module")
def publisher(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The key pair the fake bundles' packs are signed with (the 'project key')."""
    return generate_key_pair("project", tmp_path_factory.mktemp("keys"))


def fake_bundle(root: Path, platform: str, publisher: tuple[Path, Path]) -> Path:
    """A one-folder bundle as PyInstaller lays it out: the program, `_internal/` with signed packs, index and keys."""
    folder = root / platform / "safelib"
    internal = folder / "_internal"
    if platform == "windows":
        (internal / "keys").mkdir(parents=True)
        (folder / "safelib.exe").write_bytes(PE)
        (folder / "safelib-cli.exe").write_bytes(PE)
    else:
        (internal / "keys").mkdir(parents=True)
        (folder / "safelib").write_bytes(ELF)
    (internal / "library.so").write_bytes(b"code")
    shutil.copyfile(publisher[1], internal / "keys" / "project.pub")
    for pack_id, lang in (("guides-en", "en"), ("guides-ckb", "ckb")):
        pack = write_pack(internal / "content", pack_id, lang, guides={"hello": f"Hello in {lang}."})
        sign_pack(pack, load_private_key(publisher[0]), "project")
        (internal / "index" / f"{pack_id}-0123456789abcdef0123").mkdir(parents=True)
    return folder


@pytest.fixture
def bundles(tmp_path: Path, publisher: tuple[Path, Path]) -> list[Path]:
    return [fake_bundle(tmp_path / "dist", platform, publisher) for platform in ("linux", "windows")]


def trusted(publisher: tuple[Path, Path]) -> KeyRing:
    ring = KeyRing()
    ring.add(load_public_key(publisher[1]))
    return ring


def kit(target: Path, bundles: list[Path], **kwargs: object) -> Path:
    build_kit(KitOptions(target=target, bundles=find_bundles(bundles), **kwargs))  # type: ignore[arg-type]
    return target


def test_detects_each_platform_by_its_executable(bundles: list[Path]) -> None:
    found = find_bundles(bundles)
    assert [(b.platform, b.program) for b in found] == [("windows", "safelib"), ("linux", "safelib")]


def test_refuses_two_bundles_for_one_platform_and_a_folder_that_is_no_bundle(bundles: list[Path], tmp_path: Path) -> None:
    with pytest.raises(PackError, match="a second linux bundle"):
        find_bundles([bundles[0], bundles[0]])
    with pytest.raises(PackError, match="not a program bundle"):
        detect_bundle(tmp_path)


def test_disguised_kit_layout_says_nothing_in_its_names(bundles: list[Path], tmp_path: Path) -> None:
    root = kit(tmp_path / "stick", bundles, disguise="Notes", languages=["en"])
    top = sorted(p.name for p in root.iterdir())
    assert top == ["Notes-data", "Notes-portable.txt", "README-en.txt", SUMS_FILE, "linux", "windows"]
    assert sorted(p.name for p in (root / "windows").iterdir()) == ["Notes-cli.exe", "Notes.exe", "_internal"]
    assert (root / "linux" / "Notes").read_bytes() == ELF
    assert [p.name for p in (root / "Notes-data" / "packs").iterdir()] == ["guides-en.safelibpack"]
    assert not (root / "linux" / "_internal" / "content").exists()
    assert [p.name for p in (root / "linux" / "_internal" / "index").iterdir()] == ["guides-en-0123456789abcdef0123"]
    note = (root / "README-en.txt").read_text("utf-8-sig")
    assert "safelib" not in note.lower() and "sexual" not in note and "«Notes.exe»" in note and "«Notes»" in note
    # What shows when the stick and a platform folder are opened (deeper down, the files do say what they are).
    assert not [p for p in [*root.glob("*"), *root.glob("*/*")] if "safelib" in p.name.lower()]


def test_disguise_turns_on_a_neutral_title_that_the_readers_settings_can_override(bundles: list[Path], tmp_path: Path) -> None:
    root = kit(tmp_path / "stick", bundles, disguise="Notes", languages=["ckb"])
    data = find_portable(beside=root / "linux", name="Notes").folder
    assert data == root / "Notes-data"
    settings = Settings.load(data)
    assert (settings["disguise"], settings["disguise_title"], settings["language"]) == (True, "Notes", "ckb")
    (data / SETTINGS_FILE).write_text(json.dumps({"disguise": False}), "utf-8")
    assert Settings.load(data)["disguise"] is False
    settings.set("font_size", 14)  # remembering is off: the saved file goes, the stick's defaults stay
    assert Settings.load(data)["disguise"] is True


def test_plain_kit_keeps_every_pack_and_names_the_program(bundles: list[Path], tmp_path: Path) -> None:
    root = kit(tmp_path / "stick", bundles)
    assert sorted(p.name for p in (root / "safelib-data" / "packs").iterdir()) == [
        "guides-ckb.safelibpack",
        "guides-en.safelibpack",
    ]
    assert {p.name for p in root.glob("START-HERE-*.txt")} == {"START-HERE-en.txt", "START-HERE-ckb.txt"}
    assert "safelib" in (root / "START-HERE-en.txt").read_text("utf-8-sig")
    assert not (root / "safelib-data" / "defaults.json").exists()
    assert find_portable(beside=root / "windows").folder == root / "safelib-data"


@pytest.mark.parametrize("name", ["../x", "CON", "Notes.exe", "a" * 41, "Notes-cli", " Notes", "Notes/x", ""])
def test_disguise_must_be_a_plain_file_name(name: str) -> None:
    with pytest.raises(PackError, match="a disguise is a plain name"):
        check_disguise(name)


def test_refuses_a_folder_that_is_not_empty_and_cleans_up_after_a_failure(bundles: list[Path], tmp_path: Path) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "holiday.jpg").write_bytes(b"")
    with pytest.raises(PackError, match="not an empty folder"):
        kit(busy, bundles)
    target = tmp_path / "stick"
    with pytest.raises(PackError, match="no pack in these languages"):
        kit(target, bundles, languages=["ar"])
    assert list(target.iterdir()) == []


def test_refuses_an_unsigned_pack_unless_a_key_signs_it(bundles: list[Path], tmp_path: Path) -> None:
    extra = write_pack(tmp_path / "mine", "community-sdh", "sdh")
    with pytest.raises(PackError, match=r"unsigned.*sign it with --key"):
        kit(tmp_path / "one", bundles, packs=[extra])
    private, public = generate_key_pair("trainer", tmp_path)
    root = kit(tmp_path / "two", bundles, packs=[extra], key=private)
    assert (root / "safelib-data" / "keys" / "trainer.pub").read_text("utf-8") == public.read_text("utf-8")
    assert not (extra / "SIGNATURE").exists(), "the trainer's own folder is left as it was"
    ring = KeyRing()
    ring.add(load_public_key(public))
    report = verify_kit(root, ring)
    assert [check.file for check in report.packs if check.ok] == ["safelib-data/packs/community-sdh.safelibpack"]
    only_sdh = kit(tmp_path / "three", bundles, packs=[extra], key=private, languages=["sdh"])
    assert [p.name for p in (only_sdh / "safelib-data" / "packs").iterdir()] == ["community-sdh.safelibpack"]
    assert [p.name for p in only_sdh.glob("*.txt") if p.name.startswith("START")] == ["START-HERE-en.txt"], "no Sdh note yet"


def test_a_verified_kit_then_every_kind_of_tampering(bundles: list[Path], tmp_path: Path, publisher: tuple[Path, Path]) -> None:
    root = kit(tmp_path / "stick", bundles, disguise="Notes")
    report = verify_kit(root, trusted(publisher))
    assert report.ok, describe(report)
    assert report.programs == ["windows/Notes", "linux/Notes"] and len(report.packs) == 2
    (root / "Notes-data" / SETTINGS_FILE).write_text('{"theme": "dark"}', "utf-8")  # a reader's harmless choice
    (root / "Notes-data" / "index").mkdir()
    (root / ".DS_Store").write_bytes(b"")
    report = verify_kit(root, trusted(publisher))
    assert report.ok and report.written == ["Notes-data/settings.json"], describe(report)

    pack = root / "Notes-data" / "packs" / "guides-en.safelibpack"
    data = bytearray(pack.read_bytes())
    data[40] ^= 1
    pack.write_bytes(bytes(data))
    (root / "linux" / "_internal" / "extra.so").write_bytes(b"")
    (root / "windows" / "Notes-cli.exe").unlink()
    report = verify_kit(root, trusted(publisher))
    assert not report.ok
    assert report.changed == ["Notes-data/packs/guides-en.safelibpack"]
    assert report.added == ["linux/_internal/extra.so"] and report.missing == ["windows/Notes-cli.exe"]
    text = "\n".join(describe(report))
    assert "FAIL  Notes-data/packs/guides-en.safelibpack: " in text
    assert "changed  Notes-data/packs/guides-en.safelibpack" in text and "added    linux/_internal/extra.so" in text
    assert "missing  windows/Notes-cli.exe" in text and "copy the kit again from a trusted source" in text


def test_every_file_the_program_may_write_is_accounted_for(
    bundles: list[Path], tmp_path: Path, publisher: tuple[Path, Path]
) -> None:
    root = kit(tmp_path / "stick", bundles, disguise="Notes")
    data = root / "Notes-data"
    (data / SETTINGS_FILE).write_text('{"disguise": false, "panic_double_escape": false, "remember": true}', "utf-8")
    (data / "index" / "guides-en-0123").mkdir(parents=True)
    (data / "index" / "guides-en-0123" / "GUIDES_1.toc").write_bytes(b"planted")
    (data / "runtime").mkdir()
    (data / "runtime" / "anything.dll").write_bytes(b"")
    report = verify_kit(root, trusted(publisher))
    assert not report.ok
    assert report.added == ["Notes-data/runtime/anything.dll"]
    assert report.written == ["Notes-data/settings.json", "Notes-data/index/guides-en-0123/GUIDES_1.toc"]
    text = "\n".join(describe(report))
    assert "disguise is False instead of True" in text and "panic_double_escape is False instead of True" in text
    assert "Notes-data/index: 1 files of a search index" in text and "Delete that folder" in text
    assert "Not checked:" in text


def test_two_packs_with_one_id_are_reported(bundles: list[Path], tmp_path: Path, publisher: tuple[Path, Path]) -> None:
    root = kit(tmp_path / "stick", bundles)
    packs = root / "safelib-data" / "packs"
    shutil.copyfile(packs / "guides-en.safelibpack", packs / "a-copy.safelibpack")
    report = verify_kit(root, trusted(publisher))
    assert any("pack id 'guides-en' is used by more than one pack" in problem for problem in report.problems)


def test_a_key_slipped_onto_the_stick_fails_even_with_a_rewritten_list(
    bundles: list[Path], tmp_path: Path, publisher: tuple[Path, Path]
) -> None:
    root = kit(tmp_path / "stick", bundles)
    mine = tmp_path / "my-copy-of-SHA256SUMS"
    shutil.copyfile(root / SUMS_FILE, mine)
    forger, forger_public = generate_key_pair("forger", tmp_path)
    shutil.copyfile(forger_public, root / "safelib-data" / "keys" / "forger.pub")
    pack = root / "safelib-data" / "packs" / "guides-en.safelibpack"
    sign_pack(pack, load_private_key(forger), "project")
    listed = (root / SUMS_FILE).read_text("utf-8").splitlines()
    rewritten = [line for line in listed if not line.endswith("guides-en.safelibpack")]
    (root / SUMS_FILE).write_text("\n".join(rewritten) + "\n", "utf-8")  # the forger hides the change from the list...
    report = verify_kit(root, trusted(publisher))
    assert [key.name for key in report.keys if not key.trusted] == ["forger"]
    assert "safelib-data/packs/guides-en.safelibpack" in report.added
    with_mine = verify_kit(root, trusted(publisher), reference=mine)  # ...but not from the trainer's own copy
    assert "safelib-data/packs/guides-en.safelibpack" in with_mine.changed
    assert any("not the same as your copy" in problem for problem in with_mine.problems)


def test_sums_file_reads_with_sha256sum(bundles: list[Path], tmp_path: Path) -> None:
    root = kit(tmp_path / "stick", bundles)
    sums = parse_sums((root / SUMS_FILE).read_bytes(), SUMS_FILE)
    assert "safelib-data/packs/guides-en.safelibpack" in sums and SUMS_FILE not in sums
    if shutil.which("sha256sum"):
        done = subprocess.run(["sha256sum", "--quiet", "-c", SUMS_FILE], cwd=root, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def test_bad_sums_line_is_reported_with_its_line() -> None:
    with pytest.raises(PackError) as caught:
        parse_sums(b"0" * 64 + b"  a\nnot a line\n", "SUMS")
    assert caught.value.problem.format() == "SUMS:2: error: not a line of `<sha256>  <path>`, or a path listed twice"


def test_names_a_fat_stick_cannot_store(tmp_path: Path) -> None:
    found = Scan(files=["a/b:c.txt", "Readme.txt", "README.txt", "aux.dll", "dot."], links=["lib/link.so"])
    messages = [problem.message for problem in fat_problems(tmp_path, found)]
    assert len(messages) == 5
    assert any("cannot store links" in m for m in messages) and any("only in upper/lower case" in m for m in messages)


def test_marker_is_found_beside_the_program_or_one_folder_up_never_further(tmp_path: Path) -> None:
    (tmp_path / "Notes-portable.txt").write_text("")
    assert find_portable(beside=tmp_path / "linux", name="Notes").folder == tmp_path / "Notes-data"
    assert find_portable(beside=tmp_path / "a" / "b", name="Notes").folder is None
    assert find_portable(beside=tmp_path / "linux", name="Other").folder is None


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("Notes.exe", "Notes"),
        ("Notes-cli.exe", "Notes"),
        ("Notes.app", "Notes"),
        ("safelib", "safelib"),
        ("My Notes", "My Notes"),
    ],
)
def test_program_name_ignores_suffixes_and_the_console_twin(path: str, name: str) -> None:
    assert program_name(Path("/stick/windows") / path) == name
