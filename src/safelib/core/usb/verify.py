"""Check a stick: every file as listed in SHA256SUMS, every pack signed by a key you trust, no key you do not.

On a vault stick the packs and keys are inside the vault, which the program rewrites whenever the reader saves:
the vault must be there and have a vault's size, may differ from the list, and no pack may lie beside it in clear.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from safelib.core.library import find_pack_locations
from safelib.core.packs.keys import KeyRing
from safelib.core.packs.signing import pack_id_of, verify_pack, verify_source
from safelib.core.packs.source import open_source
from safelib.core.portable import INDEX_FOLDER, portable_names
from safelib.core.problems import PackError, Problem
from safelib.core.settings import SETTINGS_FILE, weakened
from safelib.core.usb.bundles import PLATFORMS, Bundle, detect_bundle
from safelib.core.usb.checksums import OS_NOISE, SUMS_FILE, fingerprint, parse_sums, scan, sha256_of
from safelib.core.usb.kit import KEYS_FOLDER, PACKS_FOLDER
from safelib.core.vault.container import SIZE_CLASSES
from safelib.core.vault.location import VAULT_FILE

MARKER_SUFFIX = portable_names("")[0]


@dataclass
class PackCheck:
    """One pack on the stick: its trust as you see it, and the programs on the stick that would not verify it."""

    file: str
    state: str
    detail: str
    distrusted_by: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Verified by a key you trust, and by every program on the stick."""
        return self.state == "verified" and not self.distrusted_by


@dataclass
class KeyCheck:
    """A public key some program on the stick trusts, and whether you trust it too."""

    file: str
    name: str
    key_id: str
    trusted: bool


@dataclass
class KitReport:
    """Everything `usb verify` found; `ok` only when nothing at all is wrong."""

    root: Path
    fingerprint: str = ""
    programs: list[str] = field(default_factory=list)
    listed: int = 0
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    ignored: int = 0
    packs: list[PackCheck] = field(default_factory=list)
    keys: list[KeyCheck] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # files the program wrote in its data folder, accounted for
    problems: list[str] = field(default_factory=list)
    vault: str | None = None  # a vault stick's vault file, relative to the root
    vault_changed: bool = False  # rewritten since the kit was built: a save, or a re-key

    @property
    def ok(self) -> bool:
        """True when the stick is exactly as built and all its packs and keys are ones you trust."""
        return (
            not (self.missing or self.changed or self.added or self.problems)
            and all(check.ok for check in self.packs)
            and all(key.trusted for key in self.keys)
        )

    def to_json(self) -> dict[str, Any]:
        """The report as plain data for `--json`."""
        return {
            "root": str(self.root),
            "ok": self.ok,
            "fingerprint": self.fingerprint,
            "programs": self.programs,
            "files": {"listed": self.listed, "missing": self.missing, "changed": self.changed, "added": self.added},
            "ignored_system_files": self.ignored,
            "written_by_program": self.written,
            "packs": [vars(check) | {"ok": check.ok} for check in self.packs],
            "keys": [vars(key) for key in self.keys],
            "vault": None if self.vault is None else {"file": self.vault, "changed_since_built": self.vault_changed},
            "problems": self.problems,
        }


def verify_kit(root: Path, trusted: KeyRing, reference: Path | None = None) -> KitReport:
    """Check the kit at `root` against its SHA256SUMS (or your own copy, `reference`) and the keys you trust."""
    if not root.is_dir():
        raise PackError(Problem(str(root), "no such folder: give the stick's top folder"))
    report = KitReport(root)
    sums_path = root / SUMS_FILE
    data = sums_path.read_bytes() if sums_path.is_file() else None
    if reference is not None:
        try:
            wanted = reference.read_bytes()
        except OSError as exc:
            raise PackError(Problem(str(reference), f"cannot read your copy of the list: {exc.strerror or exc}")) from exc
        if data != wanted:
            report.problems.append(f"{SUMS_FILE} on the stick is not the same as your copy {reference}")
        data, sums_path = wanted, reference
    if data is None:
        report.problems.append(f"no {SUMS_FILE}: this is not a kit made by `safelib usb build`, or its list was deleted")
    sums = parse_sums(data, str(sums_path)) if data is not None else {}
    report.fingerprint = fingerprint(data) if data is not None else ""
    data_folder = _data_folder(root, sums)
    vault = f"{data_folder}/{VAULT_FILE}"
    report.vault = vault if vault in sums or (root / vault).exists() else None
    written = _check_files(report, sums, data_folder)
    _check_written(report, data_folder, written)
    _check_vault(report)
    bundles = _bundles(report)
    _check_packs(report, bundles, root / data_folder, trusted)
    _check_keys(report, bundles, root / data_folder, trusted)
    return report


def _data_folder(root: Path, sums: dict[str, str]) -> str:
    """The data folder named by the top-level marker (`<name>-portable.txt` → `<name>-data`)."""
    markers = [rel for rel in sums if "/" not in rel and rel.endswith(MARKER_SUFFIX)]
    markers = markers or sorted(path.name for path in root.glob(f"*{MARKER_SUFFIX}"))
    if len(markers) != 1:
        raise PackError(Problem(str(root), f"not a USB kit: expected one *{MARKER_SUFFIX} file at the top, found {len(markers)}"))
    return portable_names(markers[0].removesuffix(MARKER_SUFFIX))[1]


def _check_files(report: KitReport, sums: dict[str, str], data_folder: str) -> list[str]:
    """Compare the listed files with the stick; return the files the program may have written since."""
    found = scan(report.root, data_folder)
    report.ignored = found.noise
    present = set(found.files)
    report.listed = len(sums)
    report.missing = sorted(rel for rel in sums if rel not in present)
    report.added = sorted(rel for rel in present if rel not in sums) + found.links
    report.changed = sorted(rel for rel in sums if rel in present and sha256_of(report.root / rel) != sums[rel])
    return found.written


def _check_vault(report: KitReport) -> None:
    """A vault may have changed since it was listed (the reader saved, or it was re-keyed); it must still look like one."""
    if report.vault is None:
        return
    if report.vault in report.changed:
        report.changed.remove(report.vault)
        report.vault_changed = True
    path = report.root / report.vault
    if path.is_file() and path.stat().st_size not in SIZE_CLASSES:
        report.problems.append(f"{report.vault}: {path.stat().st_size:,} bytes, not the size of a vault: cut short or replaced")


def _check_written(report: KitReport, data_folder: str, written: list[str]) -> None:
    """Account for data-folder files not in the list: saved settings are read, an index is flagged, the rest is added."""
    index = [rel for rel in written if rel.startswith(f"{data_folder}/{INDEX_FOLDER}/")]
    for rel in written:
        if rel == f"{data_folder}/{SETTINGS_FILE}":
            report.written.append(rel)
            changes = weakened(report.root / data_folder)
            report.problems += [f"{rel} (saved settings): {change}" for change in changes]
        elif rel not in index:
            report.added.append(rel)
    if index:
        report.written += index
        report.problems.append(
            f"{data_folder}/{INDEX_FOLDER}: {len(index)} files of a search index; they cannot be checked against the packs "
            "(they cannot make the program run code, but could hide results or show text no pack holds). "
            "Delete that folder before handing the stick out: the program builds it again"
        )


def _bundles(report: KitReport) -> list[Bundle]:
    """The program of each platform folder on the stick."""
    bundles = []
    for platform in PLATFORMS:
        folder = report.root / platform
        if not folder.is_dir():
            continue
        apps = sorted(folder.glob("*.app"))
        try:
            bundle = detect_bundle(apps[0] if len(apps) == 1 else folder)
        except PackError as exc:
            report.problems.append(f"{platform}: {exc.problem.message}")
            continue
        if bundle.platform != platform:
            report.problems.append(f"{platform}: holds a {bundle.platform} program")
        bundles.append(bundle)
        report.programs.append(f"{platform}/{bundle.root.name if bundle.is_app else bundle.program}")
    if not bundles:
        report.problems.append("no program for any platform (windows, macos, linux folders)")
    return bundles


def _check_packs(report: KitReport, bundles: list[Bundle], data: Path, trusted: KeyRing) -> None:
    rings = {bundle.platform: KeyRing.load([*bundle.keys_folders(), data / KEYS_FOLDER]) for bundle in bundles}
    locations = find_pack_locations(data / PACKS_FOLDER) if (data / PACKS_FOLDER).is_dir() else []
    locations += [location for bundle in bundles for location in bundle.pack_locations()]
    if report.vault is not None:
        report.problems += [
            f"{location.relative_to(report.root).as_posix()}: a pack in clear on a vault stick, where every pack is in "
            "the vault: anyone can read it"
            for location in locations
        ]
        return
    if not locations:
        report.problems.append(f"no packs in {data.name}/{PACKS_FOLDER}")
    signers: dict[str, dict[str | None, list[str]]] = {}
    for location in locations:
        rel = location.relative_to(report.root).as_posix()
        try:
            source = open_source(location)
            try:
                trust, pack_id = verify_source(source, trusted), pack_id_of(source)
            finally:
                source.close()
        except PackError as exc:
            report.packs.append(PackCheck(rel, "unreadable", exc.problem.message))
            continue
        check = PackCheck(rel, trust.state, trust.describe())
        check.distrusted_by = [name for name, ring in rings.items() if verify_pack(location, ring).state != "verified"]
        report.packs.append(check)
        signers.setdefault(pack_id, {}).setdefault(trust.key_id if trust.state == "verified" else None, []).append(rel)
    for pack_id, by_key in signers.items():
        if len(by_key) > 1 or any(len(files) > 1 for files in by_key.values()):
            files = ", ".join(file for group in by_key.values() for file in group)
            report.problems.append(f"pack id '{pack_id}' is used by more than one pack ({files}): a program shows only one")


def _check_keys(report: KitReport, bundles: list[Bundle], data: Path, trusted: KeyRing) -> None:
    for folder in [*(folder for bundle in bundles for folder in bundle.keys_folders()), data / KEYS_FOLDER]:
        ring = KeyRing.load([folder])
        report.problems += [f"{problem.path}: {problem.message}" for problem in ring.problems]
        for key in ring.keys.values():
            rel = Path(key.path).relative_to(report.root).as_posix()
            report.keys.append(KeyCheck(rel, key.name, key.key_id, trusted.get(key.key_id) is not None))


_SHOWN = 10
NOT_CHECKED = [
    "Not checked: whether the programs are genuine when the stick's own list was rewritten (compare it with your copy:",
    f"  --sums), what the operating system hides (files named like {', '.join(sorted(OS_NOISE)[:3])}…), and deleted data.",
]


def _describe_vault(report: KitReport) -> list[str]:
    state = (
        "changed since the kit was built: expected once it was opened (each opening refreshes its unused key slots), "
        "the reader saved settings or added a pack, or after `vault rekey`; its contents cannot be checked without its code"
        if report.vault_changed
        else "as built"
    )
    return [
        f"Vault: {report.vault}, {state}",
        f"  to check the packs inside: safelib vault verify {report.vault} --code-file CARD (only with the library's code: "
        "a duress code erases the library)",
    ]


def describe(report: KitReport) -> list[str]:
    """The report as short lines a trainer can read, ending with what to do."""
    lines = [f"Kit {report.root} (fingerprint {report.fingerprint or 'unknown'})"]
    lines.append(f"Programs: {', '.join(report.programs) or 'none'}")
    wrong = len(report.missing) + len(report.changed) + len(report.added)
    status = "all present and unchanged" if not wrong else f"{wrong} not as built"
    ignored = f" ({report.ignored} files the operating system adds were ignored)" if report.ignored else ""
    lines.append(f"Files: {report.listed} listed in {SUMS_FILE}, {status}{ignored}")
    if report.vault is not None:
        lines += _describe_vault(report)
    if report.written:
        lines.append(f"Files the program wrote since: {len(report.written)} (saved settings are checked; an index cannot be)")
    for label, paths in (("changed", report.changed), ("missing", report.missing), ("added", report.added)):
        lines += [f"  {label:8} {path}" for path in paths[:_SHOWN]]
        if len(paths) > _SHOWN:
            lines.append(f"  {label:8} … and {len(paths) - _SHOWN} more")
    lines.append("Packs:" if report.vault is None else "Packs: none in clear, as on every vault stick (they are in the vault)")
    for check in report.packs:
        distrust = f"; the {', '.join(check.distrusted_by)} program would not show it as verified" if check.distrusted_by else ""
        lines.append(f"  {'ok  ' if check.ok else 'FAIL'}  {check.file}: {check.detail}{distrust}")
    lines.append("Keys: none outside the vault" if report.vault and not report.keys else "Keys the programs on the stick trust:")
    for key in report.keys:
        note = "" if key.trusted else ": you do not trust this key; a pack signed with it could say anything"
        lines.append(f"  {'ok  ' if key.trusted else 'FAIL'}  {key.name} ({key.key_id}) in {key.file}{note}")
    lines += [f"Problem: {problem}" for problem in report.problems]
    lines += NOT_CHECKED
    if report.ok and report.vault is not None:
        lines.append("Result: OK. The stick is as it was built; its vault has a vault's size and no pack lies beside it.")
    elif report.ok:
        lines.append("Result: OK. The stick is as it was built, and every pack is signed by a key you trust.")
    else:
        lines.append("Result: NOT OK. Do not hand out this stick: copy the kit again from a trusted source.")
    return lines
