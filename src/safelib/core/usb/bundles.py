"""The frozen bundles a kit is made from: where they are, which platform each runs on, and copying one onto a stick."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from safelib.core.portable import CLI_SUFFIX, INDEX_FOLDER, PROGRAM_NAME, program_location, program_name
from safelib.core.problems import PackError, Problem
from safelib.core.resources import FROZEN_DECOY, program_root

PLATFORMS = ("windows", "macos", "linux")
# The first bytes of an executable say which system it is for.
_MAGIC = (
    (b"MZ", "windows"),
    (b"\x7fELF", "linux"),
    (b"\xcf\xfa\xed\xfe", "macos"),
    (b"\xce\xfa\xed\xfe", "macos"),
    (b"\xca\xfe\xba\xbe", "macos"),  # a universal (fat) binary
)
# Where PyInstaller puts the program's data: one-folder builds, then macOS .app bundles.
_DATA_FOLDERS = ("_internal", "Contents/Frameworks", "Contents/Resources")
BUNDLED_PACKS = "content"
BUNDLED_KEYS = "keys"
# What a vault kit leaves out of each program: packs and their index in clear, keys and catalogs whose names and
# words say what the program is for (they go into the vault), and the decoy library (behind the duress code, if any).
REVEALING = frozenset({BUNDLED_PACKS, INDEX_FOLDER, BUNDLED_KEYS, "translations", FROZEN_DECOY})


@dataclass(frozen=True)
class Bundle:
    """One platform's frozen program: a one-folder build or a macOS `.app`."""

    platform: str
    root: Path
    program: str

    @property
    def is_app(self) -> bool:
        """True for a macOS `.app` (copied whole, renamed as a whole)."""
        return self.root.suffix == ".app"

    def data_folders(self) -> list[Path]:
        """The folders holding the bundled packs, index and keys (a `.app` has two)."""
        return [self.root / rel for rel in _DATA_FOLDERS if (self.root / rel).is_dir()]

    def keys_folders(self) -> list[Path]:
        """The folders of public keys this program trusts out of the box."""
        return [folder / BUNDLED_KEYS for folder in self.data_folders() if (folder / BUNDLED_KEYS).is_dir()]

    def pack_locations(self) -> list[Path]:
        """The packs the bundle carries (the first data folder that has any)."""
        for folder in self.data_folders():
            packs = folder / BUNDLED_PACKS
            if packs.is_dir():
                return sorted(p for p in packs.iterdir() if (p / "pack.toml").is_file() or p.is_file())
        return []


def executable_platform(path: Path) -> str | None:
    """`windows`, `linux` or `macos` when `path` is an executable for that system, else None."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError:
        return None
    return next((platform for magic, platform in _MAGIC if head.startswith(magic)), None)


def detect_bundle(path: Path) -> Bundle:
    """Recognise a bundle folder or `.app`; a PackError says what is wrong with anything else."""
    if path.suffix == ".app" and (path / "Contents" / "MacOS").is_dir():
        return Bundle("macos", path, program_name(path))
    if not path.is_dir():
        raise PackError(Problem(str(path), "no such bundle folder (build one with `make dist`)"))
    programs = [child for child in sorted(path.iterdir()) if child.is_file() and executable_platform(child)]
    main = [child for child in programs if not child.name.removesuffix(".exe").endswith(CLI_SUFFIX)]
    if not (path / "_internal").is_dir() or not main:
        raise PackError(Problem(str(path), "not a program bundle (no executable beside an _internal folder): pass dist/safelib"))
    if len(main) > 1:
        named = [child for child in main if program_name(child) == path.name]
        if len(named) != 1:
            raise PackError(Problem(str(path), f"several programs here ({', '.join(c.name for c in main)}): cannot tell which"))
        main = named
    platform = executable_platform(main[0])
    assert platform is not None
    return Bundle(platform, path, program_name(main[0]))


def default_bundle() -> Path | None:
    """The running frozen program's own bundle, or the checkout's dist/safelib when it was built."""
    location = program_location()
    if location is not None:
        return location if location.suffix == ".app" else location.parent
    built = program_root() / "dist" / PROGRAM_NAME
    return built if built.is_dir() else None


def find_bundles(given: Sequence[Path]) -> list[Bundle]:
    """The bundles named by --bundle, else the default one; one per platform, in PLATFORMS order."""
    paths = list(given)
    if not paths:
        default = default_bundle()
        if default is None:
            where = program_root() / "dist" / PROGRAM_NAME
            raise PackError(Problem(str(where), "no program to put on the stick: run `make dist` first, or pass --bundle DIR"))
        paths = [default]
    bundles: dict[str, Bundle] = {}
    for path in paths:
        bundle = detect_bundle(path)
        if bundle.platform in bundles:
            other = bundles[bundle.platform].root
            raise PackError(Problem(str(path), f"a second {bundle.platform} bundle (the first is {other}): one per platform"))
        bundles[bundle.platform] = bundle
    return [bundles[platform] for platform in PLATFORMS if platform in bundles]


def copy_bundle(bundle: Bundle, target: Path, name: str, keep_packs: Iterable[str], bare: bool = False) -> Path:
    """Copy a bundle into `target` under the program name `name`, without its packs (the kit carries them once).

    Links are copied as the files they point to: FAT and exFAT sticks cannot store links. The bundled
    search index keeps only the packs in `keep_packs` (its folders are named `<pack id>-<hash>`). A `bare`
    copy (a vault kit's) leaves out everything REVEALING.
    """
    kept = set(keep_packs)
    data = {folder.relative_to(bundle.root) for folder in bundle.data_folders()}

    def skipped(folder: str, names: list[str]) -> set[str]:
        relative = Path(folder).relative_to(bundle.root)
        if relative in data:
            return set(REVEALING if bare else {BUNDLED_PACKS}) & set(names)
        if relative.parent in data and relative.name == INDEX_FOLDER:
            return {entry for entry in names if entry.rpartition("-")[0] not in kept}
        return set()

    destination = target / (f"{name}.app" if bundle.is_app else "")
    shutil.copytree(bundle.root, destination, symlinks=False, ignore=skipped, ignore_dangling_symlinks=True, dirs_exist_ok=True)
    programs = (
        [destination / "Contents" / "MacOS" / child.name for child in (bundle.root / "Contents" / "MacOS").iterdir()]
        if bundle.is_app
        else [destination / child.name for child in bundle.root.iterdir() if child.is_file() and executable_platform(child)]
    )
    for program in programs:
        if not bundle.is_app and program.name.startswith(bundle.program):
            program = program.rename(program.with_name(name + program.name[len(bundle.program) :]))
        if os.name == "posix":
            program.chmod(0o755)  # artifacts downloaded as zip files lose the executable bit
    return destination
