"""Build a USB kit: each platform's program, the chosen signed packs (in clear, or in a vault), notes, marker, SHA256SUMS."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from safelib.core.i18n import catalog_language
from safelib.core.languages import parse_language
from safelib.core.library import find_pack_locations, language_matches
from safelib.core.packs.keys import DEVELOPMENT_KEY_NAME, KeyRing, PublicKey, load_private_key, load_public_key
from safelib.core.packs.model import Trust
from safelib.core.packs.signing import sign_pack, verify_pack
from safelib.core.packs.source import PACK_SUFFIX
from safelib.core.packs.toolkit import build_pack, errors_of, validate_pack
from safelib.core.portable import CLI_SUFFIX, PROGRAM_NAME, portable_names
from safelib.core.problems import PackError, Problem
from safelib.core.settings import DEFAULTS_FILE, SETTINGS_FILE, validate
from safelib.core.usb.bundles import Bundle, copy_bundle
from safelib.core.usb.checksums import fat_problems, fingerprint, is_noise, scan, write_sums
from safelib.core.usb.notes import TEXTS, Launch, note_file_name, note_language, render_note
from safelib.core.usb.vault_kit import (
    VAULT_NAME,
    VaultPlan,
    catalogs,
    check_plan,
    copy_bundle_keys,
    decoy_locations,
    library_items,
    write_card,
)
from safelib.core.vault.container import Vault
from safelib.core.vault.library import key_item
from safelib.core.vault.location import VAULT_FILE

# A disguise is a plain file name on every system: letters, digits, spaces, '_' and '-', at most 40.
NAME_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9 _-]{0,38}[A-Za-z0-9_])?\Z")
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])$", re.IGNORECASE)
PACKS_FOLDER = "packs"
KEYS_FOLDER = "keys"
Progress = Callable[[str], None]


@dataclass(frozen=True)
class KitOptions:
    """What the trainer asked for (`safelib usb build`)."""

    target: Path
    bundles: Sequence[Bundle]
    languages: Sequence[str] = ()
    packs: Sequence[Path] = ()
    disguise: str | None = None
    trust: Sequence[Path] = ()
    key: Path | None = None
    vault: VaultPlan | None = None


@dataclass
class KitPack:
    """A pack as written on the stick, and how every program on the stick sees it."""

    file: str
    pack_id: str
    language: str
    trust: Trust
    signed_here: bool = False


@dataclass
class Kit:
    """What was built: where, under which program name, with which programs, packs and notes."""

    root: Path
    name: str
    programs: list[Launch] = field(default_factory=list)
    packs: list[KitPack] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    decoy: list[KitPack] = field(default_factory=list)
    vault: str | None = None  # the vault file, relative to the kit's root
    card: Path | None = None
    files: int = 0
    size: int = 0
    fingerprint: str = ""

    @property
    def development(self) -> bool:
        """True when a pack is signed with a development build's key: a kit to test with, never to hand out."""
        return any(pack.trust.signer == DEVELOPMENT_KEY_NAME for pack in self.packs)


def check_disguise(name: str) -> str:
    """Refuse a disguise that is not a safe file name on Windows, macOS and Linux alike."""
    if not NAME_RE.match(name) or _RESERVED.match(name) or name.endswith(CLI_SUFFIX):
        raise PackError(
            Problem(name, "a disguise is a plain name: letters, digits, spaces, '_' and '-' (at most 40), e.g. Notes")
        )
    return name


def program_file(bundle: Bundle, name: str) -> str:
    """What the reader opens: `Notes.exe`, `Notes.app` or `Notes`."""
    return f"{name}.app" if bundle.is_app else f"{name}.exe" if bundle.platform == "windows" else name


def build_kit(options: KitOptions, progress: Progress = lambda _line: None) -> Kit:
    """Write the kit into an empty folder; on any error remove what was written and raise PackError."""
    name = check_disguise(options.disguise) if options.disguise else VAULT_NAME if options.vault else PROGRAM_NAME
    languages = [_check_language(tag) for tag in options.languages]
    target = options.target
    if target.exists() and (not target.is_dir() or any(not is_noise(child.name) for child in target.iterdir())):
        raise PackError(Problem(str(target), "not an empty folder: choose an empty folder or a freshly formatted stick"))
    if options.vault is not None:
        check_plan(options.vault)
    target.mkdir(parents=True, exist_ok=True)
    try:
        return _build(options, name, languages, progress)
    except BaseException:
        for child in target.iterdir():
            if child.is_dir() and not is_noise(child.name):
                shutil.rmtree(child)
            elif not is_noise(child.name):
                child.unlink()
        raise


def _check_language(tag: str) -> str:
    try:
        parse_language(tag)
    except ValueError as exc:
        raise PackError(Problem(tag, str(exc))) from exc
    return tag


def _build(options: KitOptions, name: str, languages: list[str], progress: Progress) -> Kit:
    target = options.target
    marker, data_name = portable_names(name)
    data = target / data_name
    kit = Kit(target, name)
    data.mkdir(parents=True)
    defaults = _defaults(name if options.disguise or options.vault else None, languages)
    if options.vault is None:
        kit.packs = _write_plain_library(options, languages, data, progress)
        if defaults:
            (data / DEFAULTS_FILE).write_text(json.dumps(defaults, indent=1) + "\n", "utf-8")
    else:
        kit.packs, kit.decoy = _write_vault(options, options.vault, languages, defaults, data / VAULT_FILE, progress)
        kit.vault = f"{data_name}/{VAULT_FILE}"
    for bundle in options.bundles:
        progress(f"copying the {bundle.platform} program from {bundle.root}")
        copy_bundle(bundle, target / bundle.platform, name, [pack.pack_id for pack in kit.packs], bare=options.vault is not None)
        kit.programs.append(Launch(bundle.platform, bundle.platform, program_file(bundle, name)))
    (target / marker).write_bytes(
        f"This file makes the program on this stick keep its settings in the folder {data_name}.\r\n"
        "Without it, the program remembers nothing.\r\n".encode()
    )
    for language in _note_languages(languages, kit.packs) if options.vault is None else []:
        note = note_file_name(language, bool(options.disguise))
        (target / note).write_bytes(render_note(language, kit.programs, None if options.disguise else PROGRAM_NAME))
        kit.notes.append(note)
    found = scan(target, data_name)
    problems = fat_problems(target, found)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise PackError(Problem(problems[0].path, problems[0].message + more))
    kit.fingerprint = fingerprint(write_sums(target, found.files))
    kit.files = len(found.files)
    kit.size = sum((target / rel).stat().st_size for rel in found.files)
    if options.vault is not None:
        write_card(options.vault, _note_languages(languages, kit.packs), kit.programs)
        kit.card = options.vault.card
    return kit


def _write_plain_library(options: KitOptions, languages: list[str], data: Path, progress: Progress) -> list[KitPack]:
    """The packs and keys as files in the data folder, each pack verified by every program on the stick."""
    (data / PACKS_FOLDER).mkdir()
    (data / KEYS_FOLDER).mkdir()
    signer = _write_keys(options, data / KEYS_FOLDER)
    rings = [KeyRing.load([*bundle.keys_folders(), data / KEYS_FOLDER]) for bundle in options.bundles]
    return _write_packs(_candidates(options, languages), languages, data / PACKS_FOLDER, rings, signer, progress)


def _write_vault(
    options: KitOptions, plan: VaultPlan, languages: list[str], defaults: dict[str, object], path: Path, progress: Progress
) -> tuple[list[KitPack], list[KitPack]]:
    """Everything that says what the stick is for, in one vault: packs, their indexes, keys, starting settings, catalogs.

    The programs on a vault stick carry no keys of their own (bundles.copy_bundle, `bare`): every bundle's keys
    go into the vault, so every program trusts the same keys. Packs are checked in a scratch folder on this
    computer, which holds them in clear already, and never on the stick.
    """
    with tempfile.TemporaryDirectory(prefix="kit-") as scratch:
        staging = Path(scratch)
        keys, real, decoy = staging / KEYS_FOLDER, staging / PACKS_FOLDER, staging / "other"
        for folder in (keys, real, decoy):
            folder.mkdir()
        copy_bundle_keys(options.bundles, keys)
        signer = _write_keys(options, keys)
        rings = [KeyRing.load([keys])]
        packs = _write_packs(_candidates(options, languages), languages, real, rings, signer, progress)
        shared = {key_item(key.name): key.read_bytes() for key in sorted(keys.glob("*.pub"))}
        # The starting settings are the item the program reads and saves a vault's settings in (ui/session.py).
        shared |= catalogs(options.bundles) | {SETTINGS_FILE: (json.dumps(defaults, indent=1) + "\n").encode()}
        real_items = shared | library_items({pack.pack_id: real / pack.file for pack in packs}, rings[0], progress)
        progress(f"writing the vault {path.name} (the code is derived once: a second or two)")
        vault = Vault.create(path, plan.code, real_items, plan.cost)
        try:
            decoys: list[KitPack] = []
            if plan.duress_code is not None:
                decoy_languages = [*languages, "en"] if languages else []
                candidates = [(location, bool(languages)) for location in decoy_locations(options.bundles, plan.decoy)]
                decoys = _write_packs(candidates, decoy_languages, decoy, rings, signer, progress)
                progress("putting the decoy library behind the duress code")
                files = {pack.pack_id: decoy / pack.file for pack in decoys}
                vault.set_duress(plan.duress_code, shared | library_items(files, rings[0], progress))
        finally:
            vault.lock()
    return packs, decoys


def _write_keys(options: KitOptions, keys: Path) -> tuple[PublicKey, Path] | None:
    """Copy the keys the trainer trusts into the kit; return the signing key (public half, key file) if one was given."""
    for path in options.trust:
        public = load_public_key(path)
        if path.suffix != ".pub" or (keys / path.name).exists():
            raise PackError(Problem(str(path), f"give each trusted key as a differently named .pub file ({public.name})"))
        shutil.copyfile(path, keys / path.name)
    if options.key is None:
        return None
    private = load_private_key(options.key)
    given = options.key.with_suffix(".pub")
    public = load_public_key(given) if given.is_file() else PublicKey(options.key.stem, private.public_key())
    if public.key_id != PublicKey(public.name, private.public_key()).key_id:
        raise PackError(Problem(str(given), f"this public key is not the other half of {options.key}"))
    (keys / f"{options.key.stem}.pub").write_text(public.to_toml(), "utf-8", newline="\n")
    return public, options.key


def _candidates(options: KitOptions, languages: list[str]) -> list[tuple[Path, bool]]:
    """(pack location, chosen by language) pairs: the first bundle's packs, then every --packs path."""
    bundled = next((found for bundle in options.bundles if (found := bundle.pack_locations())), [])
    given = [location for path in options.packs for location in (find_pack_locations(path) if path.is_dir() else [path])]
    if not bundled and not given:
        raise PackError(Problem(str(options.bundles[0].root), "the program carries no packs: pass --packs PATH"))
    return [(location, bool(languages)) for location in bundled] + [(location, False) for location in given]


def _write_packs(
    candidates: list[tuple[Path, bool]],
    languages: list[str],
    folder: Path,
    rings: list[KeyRing],
    signer: tuple[PublicKey, Path] | None,
    progress: Progress,
) -> list[KitPack]:
    """Write each chosen pack as one `.safelibpack` (nothing a computer adds can slip into it) verified by every ring."""
    written: list[KitPack] = []
    for location, filtered in candidates:
        result = validate_pack(location, rings[0])
        pack = result.pack
        if pack is not None:
            pack.source.close()
        errors = [p for p in errors_of(result) if not p.path.endswith("SIGNATURE")]
        if pack is None or errors:
            raise PackError(errors[0] if errors else Problem(str(location), "the pack could not be loaded"))
        if filtered and not any(language_matches(pack.manifest.language, tag) for tag in languages):
            continue
        if any(done.pack_id == pack.id for done in written):
            raise PackError(Problem(str(location), f"a second pack with the id '{pack.id}': give each pack once"))
        copy = folder / f"{pack.id}{PACK_SUFFIX}"
        if location.is_dir():
            build_pack(location, copy, rings[0])
        else:
            shutil.copyfile(location, copy)
        entry = KitPack(copy.name, pack.id, pack.manifest.language, _trust_everywhere(copy, rings))
        if entry.trust.state != "verified":
            if signer is None:
                raise PackError(
                    Problem(
                        str(location),
                        f"{entry.trust.describe()}: a stick carries only packs its programs verify; "
                        "sign it with --key KEY.key, or trust its signer with --trust KEY.pub",
                    )
                )
            sign_pack(copy, load_private_key(signer[1]), signer[0].name)
            entry.trust, entry.signed_here = _trust_everywhere(copy, rings), True
        progress(f"pack {pack.id} ({pack.manifest.language}): {entry.trust.describe()}")
        written.append(entry)
    if not written:
        raise PackError(Problem(",".join(languages), "no pack in these languages: check --lang, or add --packs PATH"))
    return written


def _trust_everywhere(pack: Path, rings: list[KeyRing]) -> Trust:
    """The pack's trust as the least trusting program on the stick sees it."""
    trusts = [verify_pack(pack, ring) for ring in rings]
    return next((trust for trust in trusts if trust.state != "verified"), trusts[0])


def _defaults(disguise: str | None, languages: list[str]) -> dict[str, object]:
    """The stick's starting settings: a disguise's title, and the interface in the first chosen language."""
    defaults: dict[str, object] = {}
    if disguise:
        defaults.update(disguise=True, disguise_title=disguise)
    interface = catalog_language(languages[0]) if languages else None  # the first chosen language, or its parent
    if interface:
        defaults["language"] = interface
    assert all(validate(key, value) for key, value in defaults.items())
    return defaults


def _note_languages(languages: list[str], packs: list[KitPack]) -> list[str]:
    """A note for each chosen language (without --lang, each pack's); English for a language that has none."""
    found = {note_language(tag) or "en" for tag in languages or [pack.language for pack in packs]}
    return [language for language in TEXTS if language in found]
