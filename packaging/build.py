"""Build the one-folder standalone bundle: signed packs, compiled catalogs, a prebuilt index, then PyInstaller."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from babel.core import get_global  # noqa: E402
from babel.messages.mofile import write_mo  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402
from icu_data import IcuDataError, cut  # noqa: E402  (packaging/, the script's own folder)

from safelib.core.library import Library  # noqa: E402
from safelib.core.locales import locale_for  # noqa: E402
from safelib.core.packs.keys import DEVELOPMENT_KEY_NAME, generate_key_pair, load_private_key  # noqa: E402
from safelib.core.packs.signing import sign_pack  # noqa: E402
from safelib.core.resources import FROZEN_DECOY  # noqa: E402
from safelib.core.search.engine import SearchEngine  # noqa: E402
from safelib.core.search.storage import IndexFolder  # noqa: E402

BUILD = ROOT / "build"
DATA = BUILD / "bundle-data"
KEY_ENV = "SAFELIB_SIGNING_KEY"


def compile_catalogs(target: Path) -> None:
    """Compile every interface catalog to the .mo files the bundle reads."""
    for source in sorted((ROOT / "translations").glob("*.po")):
        language = source.stem
        with source.open("rb") as handle:
            catalog = read_po(handle, locale=locale_for(language))
        folder = target / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        with (folder / "safelib.mo").open("wb") as handle:
            write_mo(handle, catalog)


def signing_key(keys: Path) -> tuple[Path, str]:
    """The release key from SAFELIB_SIGNING_KEY, or this checkout's development key (said loudly).

    The development key is made once per checkout (build/dev-key) and kept, so the Linux and the Windows
    builds of one checkout trust each other's packs, and two builds of one commit sign alike.
    """
    given = os.environ.get(KEY_ENV)
    if given:
        return Path(given), "safelib project"
    print(f"note: {KEY_ENV} is not set; signing with this checkout's development key ({DEVELOPMENT_KEY_NAME})", file=sys.stderr)
    scratch = BUILD / "dev-key"
    private, public = scratch / f"{DEVELOPMENT_KEY_NAME}.key", scratch / f"{DEVELOPMENT_KEY_NAME}.pub"
    if not (private.is_file() and public.is_file()):
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
        private, public = generate_key_pair(DEVELOPMENT_KEY_NAME, scratch)
    shutil.copy2(public, keys / public.name)
    return private, "safelib development build"


def prepare(data: Path) -> list[str]:
    """What the bundle carries besides code (signed packs, decoy packs, catalogs, index, keys); returns the packs' languages."""
    shutil.rmtree(data, ignore_errors=True)
    (data / "keys").mkdir(parents=True)
    for public in sorted((ROOT / "keys").glob("*.pub")):
        shutil.copy2(public, data / "keys" / public.name)
    compile_catalogs(data / "translations")
    key_path, signer = signing_key(data / "keys")
    private_key = load_private_key(key_path)
    for source, shipped in (("content", "content"), ("decoy", FROZEN_DECOY)):
        for pack in sorted((ROOT / source).iterdir()):
            if (pack / "pack.toml").exists():
                shutil.copytree(pack, data / shipped / pack.name, ignore=shutil.ignore_patterns(".safelib-source"))
                sign_pack(data / shipped / pack.name, private_key, signer)
    library = Library.load([data / "content"])
    engine = SearchEngine(library, IndexFolder(data / "index", writable=True))
    engine.prepare()
    engine.close()
    languages = library.languages()
    library.close()
    return languages


def kept_locales(content_languages: list[str]) -> list[str]:
    """The CLDR locales whose data the bundle keeps (Babel's, and ICU's on Linux): root and the locales (with their
    parents) of English and of the interface's and the packs' languages, chosen by the rule the program uses (`locale_for`).

    Babel carries 1,084 locale files (31 MB); any other language falls back to its base language, then English.
    """
    exceptions = get_global("parent_exceptions")
    kept = {"root"}
    for tag in ["en", *(po.stem for po in (ROOT / "translations").glob("*.po")), *content_languages]:
        identifier = str(locale_for(tag))
        while identifier != "root":
            kept.add(identifier)
            identifier = exceptions.get(identifier) or "_".join(identifier.split("_")[:-1]) or "root"
    return sorted(kept)


def remove_symlinks(folder: Path) -> int:
    """FAT and exFAT sticks cannot store links: move each linked library to where the link was.

    PyInstaller links Qt's libraries from `_internal/` into `PySide6/Qt/lib/`; the loader finds
    them in `_internal/` (the bundle's library path) once the originals have moved, so nothing is
    stored twice. A link to a folder becomes a copy.
    """
    replaced = 0
    for path in sorted(folder.rglob("*")):
        if not path.is_symlink():
            continue
        target = path.resolve()
        path.unlink()
        if target.is_dir():
            shutil.copytree(target, path)
        elif target.exists():
            shutil.move(target, path)
        replaced += 1
    return replaced


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of a folder."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def main(argv: list[str] | None = None) -> int:
    """Build dist/<name>/ and report its size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--name", default="safelib", help="executable and folder name (a neutral one for disguised sticks)")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--full-icu", action="store_true", help="Linux: ship ICU's data whole (+28 MB) instead of cutting it")
    args = parser.parse_args(argv)
    languages = prepare(DATA)
    locales = kept_locales(languages)
    os.environ["SAFELIB_EXE_NAME"] = args.name
    os.environ["SAFELIB_BABEL_LOCALES"] = ",".join(locales)
    # PyInstaller's cache of stripped libraries is per user by default: builds from other checkouts
    # running at the same time stripped the same files at once and left them unstripped or broken.
    os.environ.setdefault("PYINSTALLER_CONFIG_DIR", str(BUILD / "pyinstaller-config"))
    import PyInstaller.__main__

    PyInstaller.__main__.run(
        [
            str(ROOT / "packaging" / "safelib.spec"),
            "--noconfirm",
            "--clean",
            "--log-level=WARN",
            "--distpath",
            str(args.dist),
            "--workpath",
            str(BUILD / "pyinstaller"),
        ]
    )
    bundle = args.dist / args.name
    links = remove_symlinks(bundle)
    if sys.platform.startswith("linux") and not args.full_icu:
        for library in sorted(bundle.rglob("libicudata.so.*")):
            try:
                before, after = cut(library, locales)
            except IcuDataError as error:
                print(f"error: {error}; or build with --full-icu", file=sys.stderr)
                return 1
            print(f"cut {library.name} to the shipped languages: {before / 1e6:.1f} MB → {after / 1e6:.1f} MB")
    size, count = folder_size(bundle)
    print(f"built {bundle}: {size / 1e6:.1f} MB in {count} files ({links} symlinks removed for FAT sticks)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
