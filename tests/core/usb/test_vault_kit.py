"""Vault kits from small fake bundles: everything revealing goes into data.bin, a code card beside the kit, duress, verify."""

from __future__ import annotations

import io
import json
import shutil
import stat
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from safelib.core import i18n
from safelib.core.context import open_vault_context
from safelib.core.locales import locale_for
from safelib.core.packs.keys import generate_key_pair, load_private_key
from safelib.core.packs.signing import sign_pack
from safelib.core.problems import PackError
from safelib.core.search import index as pack_index
from safelib.core.settings import SETTINGS_FILE
from safelib.core.usb.bundles import find_bundles
from safelib.core.usb.card import card_path
from safelib.core.usb.checksums import SUMS_FILE
from safelib.core.usb.kit import KitOptions, build_kit
from safelib.core.usb.vault_kit import VaultPlan
from safelib.core.usb.verify import describe, verify_kit
from safelib.core.vault.codes import normalise_code
from safelib.core.vault.container import COMPANION, SIZE_CLASSES, Vault
from safelib.core.vault.location import VAULT_FILE, find_vault
from tests.conftest import REPO, write_pack, zip_folder
from tests.core.usb.test_kit import fake_bundle, trusted
from tests.core.vault.conftest import CHEAP, CODE, OTHER
from tests.core.vault.test_container import chi_square, randomness_problems
from tests.packaging.revealing import scan_stick

DURESS = "615029384756"


def compiled_catalog(language: str) -> bytes:
    """The interface catalog as a build ships it: its words say what the program is for ("Sexual health")."""
    with (REPO / "translations" / f"{language}.po").open("rb") as handle:
        catalog = read_po(handle, locale=locale_for(language))
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def revealing_bundle(root: Path, platform: str, publisher: tuple[Path, Path]) -> Path:
    """A fake bundle with everything a real one carries that names the purpose: packs, index, keys, catalogs, decoy."""
    folder = fake_bundle(root, platform, publisher)
    internal = folder / "_internal"
    (internal / "keys" / "project.pub").rename(internal / "keys" / "safelib-project.pub")
    for language in ("ckb", "ar"):
        catalog = internal / "translations" / language / "LC_MESSAGES" / "safelib.mo"
        catalog.parent.mkdir(parents=True)
        catalog.write_bytes(compiled_catalog(language))
    for pack_id, lang in (("everyday-en", "en"), ("everyday-ckb", "ckb"), ("everyday-ar", "ar")):
        pack = write_pack(internal / "everyday", pack_id, lang, guides={"tea": f"Making tea in {lang}."})
        sign_pack(pack, load_private_key(publisher[0]), "project")
    (internal / "index" / "guides-en-0123456789abcdef0123" / "GUIDES.toc").write_bytes(b"asylum sexual health")
    return folder


@pytest.fixture(scope="module")
def publisher(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return generate_key_pair("project", tmp_path_factory.mktemp("keys"))


@pytest.fixture
def bundles(tmp_path: Path, publisher: tuple[Path, Path]) -> list[Path]:
    return [revealing_bundle(tmp_path / "dist", platform, publisher) for platform in ("linux", "windows")]


def vault_kit(target: Path, bundles: list[Path], duress: str | None = None, **kwargs: object) -> Path:
    plan = VaultPlan(CODE, card_path(target), duress, cost=CHEAP)
    build_kit(KitOptions(target=target, bundles=find_bundles(bundles), vault=plan, **kwargs))  # type: ignore[arg-type]
    return target


def items(path: Path, code: str) -> dict[str, bytes]:
    vault = Vault.unlock(path, code, CHEAP)
    assert vault is not None, f"{code} opens nothing"
    found = dict(vault.items)
    vault.lock()
    return found


def test_a_vault_kit_shows_a_calculator_and_one_file_of_random_bytes(bundles: list[Path], tmp_path: Path) -> None:
    root = vault_kit(tmp_path / "kit", bundles, languages=["ckb"])
    assert sorted(p.name for p in root.iterdir()) == ["Calculator-data", "Calculator-portable.txt", SUMS_FILE, "linux", "windows"]
    assert [p.name for p in (root / "Calculator-data").iterdir()] == [VAULT_FILE]
    assert find_vault(root / "Calculator-data") == root / "Calculator-data" / VAULT_FILE
    assert sorted(p.name for p in (root / "windows").iterdir()) == ["Calculator-cli.exe", "Calculator.exe", "_internal"]
    for platform in ("linux", "windows"):
        assert sorted(p.name for p in (root / platform / "_internal").iterdir()) == ["library.so"], "nothing revealing"
    inside = items(root / "Calculator-data" / VAULT_FILE, CODE)
    assert sorted(name for name in inside if not name.startswith("index/")) == [
        "keys/safelib-project.pub", "packs/guides-ckb.safelibpack", SETTINGS_FILE, "translations/ar.mo", "translations/ckb.mo"
    ]  # fmt: skip
    defaults = json.loads(inside[SETTINGS_FILE])
    assert defaults == {"disguise": True, "disguise_title": "Calculator", "language": "ckb"}
    assert inside["translations/ckb.mo"] == compiled_catalog("ckb")


def test_the_code_card_lies_beside_the_kit_and_opens_it(bundles: list[Path], tmp_path: Path) -> None:
    root = vault_kit(tmp_path / "kit", bundles, languages=["ckb"])
    card = tmp_path / "kit.code-card.txt"
    assert stat.S_IMODE(card.stat().st_mode) == 0o600
    text = card.read_text("utf-8-sig")
    assert normalise_code(text.splitlines()[0]) == CODE, "the first line is the code alone, for --code-file"
    assert "Type the code above on it, then =" in text and "ژمێرەرێکە" in text and "«Calculator.exe»" in text
    assert "ar" not in {line for line in text.splitlines()} and "الآلة" not in text, "only the kit's languages and English"
    assert not any(CODE[:4] in p.read_bytes().decode("latin-1") for p in root.rglob("*.txt")), "the code is not on the stick"
    with pytest.raises(PackError, match="move the old code card away"):
        build_kit(KitOptions(target=tmp_path / "other", bundles=find_bundles(bundles), vault=VaultPlan(CODE, card, cost=CHEAP)))
    assert not (tmp_path / "other").exists()


def test_refuses_weak_or_equal_codes_before_writing_anything(bundles: list[Path], tmp_path: Path) -> None:
    for code, duress, message in (("1234", None, "at least 12 digits"), (CODE, CODE, "must differ from the code")):
        plan = VaultPlan(code, tmp_path / "card", duress, cost=CHEAP)
        with pytest.raises(PackError, match=message):
            build_kit(KitOptions(target=tmp_path / "kit", bundles=find_bundles(bundles), vault=plan))
    assert not (tmp_path / "kit").exists() and not (tmp_path / "card").exists()


def test_the_duress_code_opens_the_everyday_guides_of_the_kit_languages_and_english(bundles: list[Path], tmp_path: Path) -> None:
    root = vault_kit(tmp_path / "kit", bundles, DURESS, languages=["ckb"])
    vault = root / "Calculator-data" / VAULT_FILE
    assert {name for name in items(vault, CODE) if name.startswith("packs/")} == {"packs/guides-ckb.safelibpack"}
    decoy = items(vault, DURESS)
    assert sorted(name for name in decoy if name.startswith("packs/")) == [
        "packs/everyday-ckb.safelibpack", "packs/everyday-en.safelibpack"
    ]  # fmt: skip
    assert "keys/safelib-project.pub" in decoy and json.loads(decoy[SETTINGS_FILE])["language"] == "ckb"
    assert any(name.startswith("index/everyday-en-") for name in decoy), "the decoy searches as fast as the library"
    assert COMPANION not in decoy
    assert Vault.unlock(vault, CODE, CHEAP) is None, "the duress code erased the library"


def test_a_vault_with_and_without_a_decoy_is_random_bytes_of_one_size(bundles: list[Path], tmp_path: Path) -> None:
    plain = (vault_kit(tmp_path / "one", bundles) / "Calculator-data" / VAULT_FILE).read_bytes()
    duress = (vault_kit(tmp_path / "two", bundles, DURESS) / "Calculator-data" / VAULT_FILE).read_bytes()
    assert len(plain) == len(duress) == SIZE_CLASSES[0]
    for data in (plain, duress):
        assert randomness_problems(data) == []
        assert chi_square(data) < 400  # the whole file: 255 degrees of freedom, random bytes stay well below


def test_nothing_on_the_stick_names_the_purpose_in_any_language(bundles: list[Path], tmp_path: Path) -> None:
    """The attacker's scan: every name and every byte of a vault kit with a decoy (no exceptions on a fake bundle)."""
    root = vault_kit(tmp_path / "kit", bundles, DURESS)
    assert scan_stick(root) == []
    assert scan_stick(bundles[0]), "the scan finds what the bundle itself carries"
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    zip_folder(write_pack(tmp_path / "packs", "everyday-en"), hidden / "holiday.jpg")
    assert {finding.word for finding in scan_stick(hidden)} == {"PK\x03\x04", "pack.toml"}, "a pack under any name"


def test_each_copied_stick_gets_its_own_code(bundles: list[Path], tmp_path: Path, publisher: tuple[Path, Path]) -> None:
    """The trainer's per-stick flow (docs/usb-kit.md): copy the kit, then re-key each stick's data.bin with its own code."""
    root = vault_kit(tmp_path / "kit", bundles)
    sticks = [tmp_path / "stick-1", tmp_path / "stick-2"]
    for stick, code in zip(sticks, (OTHER, DURESS), strict=True):
        shutil.copytree(root, stick)
        vault = Vault.unlock(stick / "Calculator-data" / VAULT_FILE, CODE, CHEAP)
        assert vault is not None
        vault.rekey(code)
        vault.lock()
    first, second = (stick / "Calculator-data" / VAULT_FILE for stick in sticks)
    assert Vault.unlock(first, CODE, CHEAP) is None and Vault.unlock(first, DURESS, CHEAP) is None
    assert Vault.unlock(second, CODE, CHEAP) is None and Vault.unlock(second, OTHER, CHEAP) is None
    assert "packs/guides-en.safelibpack" in items(first, OTHER) and "packs/guides-en.safelibpack" in items(second, DURESS)
    report = verify_kit(sticks[0], trusted(publisher), root / SUMS_FILE)
    assert report.ok and report.vault_changed, describe(report)
    assert "Vault: Calculator-data/data.bin, changed since the kit was built" in "\n".join(describe(report))


def test_verify_knows_a_vault_stick(bundles: list[Path], tmp_path: Path, publisher: tuple[Path, Path]) -> None:
    root = vault_kit(tmp_path / "kit", bundles)
    report = verify_kit(root, trusted(publisher))
    assert report.ok and report.vault == "Calculator-data/data.bin" and not report.vault_changed, describe(report)
    assert report.to_json()["vault"] == {"file": "Calculator-data/data.bin", "changed_since_built": False}
    assert "Packs: none in clear" in "\n".join(describe(report))

    clear = root / "Calculator-data" / "packs"
    clear.mkdir()
    write_pack(clear, "guides-en")
    vault = root / "Calculator-data" / VAULT_FILE
    whole = vault.read_bytes()
    vault.write_bytes(whole[: len(whole) // 2])
    report = verify_kit(root, trusted(publisher))
    assert not report.ok and report.vault_changed
    problems = "\n".join(report.problems)
    assert "a pack in clear on a vault stick" in problems and "not the size of a vault" in problems
    vault.unlink()
    assert verify_kit(root, trusted(publisher)).missing == ["Calculator-data/data.bin"]


def test_the_vault_carries_its_search_indexes_and_catalogs_and_they_open_from_memory(
    bundles: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault_kit(tmp_path / "kit", bundles, languages=["en"])
    monkeypatch.setattr(i18n, "catalog_folder", lambda: tmp_path / "no-catalogs-beside-the-program")
    i18n.interface_languages.cache_clear()
    vault = Vault.unlock(root / "Calculator-data" / VAULT_FILE, CODE, CHEAP)
    assert vault is not None
    assert any(name.startswith("index/guides-en-") for name in vault.items)
    context = open_vault_context(vault)
    vault.lock()

    def no_building(*args: object) -> None:
        raise AssertionError("an index was built: the vault's own should have opened")

    monkeypatch.setattr(pack_index, "build", no_building)
    try:
        assert [hit.guide.id for hit in context.search.search("hello").hits] == ["hello"]
        assert "ckb" in i18n.interface_languages(), "the program beside the vault carries no catalog"
        assert i18n.load_catalog("ckb").gettext("Sexual health") != "Sexual health"
    finally:
        context.close()
        i18n.use_catalogs({})  # what the window does when it locks
    assert "ckb" not in i18n.interface_languages()
    i18n.interface_languages.cache_clear()  # it was worked out with the folder this test replaced
