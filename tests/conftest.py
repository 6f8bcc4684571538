"""Shared test fixtures: packs made on the fly, and the bundled content folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.dont_write_bytecode = True
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"

MANIFEST = """format = 1
id = "{id}"
title = "Test pack {id}"
language = "{lang}"
version = "1"
publisher = "tests"
license = "CC0-1.0"
"""

GUIDE = """+++
title = "{title}"
category = "{category}"
summary = "{summary}"
updated = 2026-11-01
sources = ["Test source"]
+++

{body}
"""

PackFactory = Callable[..., Path]
# A real 1 × 1 grey PNG: `pack validate` checks that pictures are pictures.
TINY_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00:~\x9bU"
    b"\x00\x00\x00\nIDATx\x9cc`\x00\x00\x00\x02\x00\x01H\xaf\xa4q\x00\x00\x00\x00IEND\xaeB`\x82"
)


def write_pack(
    root: Path,
    pack_id: str = "test-pack",
    lang: str = "en",
    guides: dict[str, str] | None = None,
    manifest: str | None = None,
    extra: dict[str, bytes] | None = None,
) -> Path:
    """Write a pack folder; `guides` maps id to body (or to a whole file when it starts with '+++')."""
    folder = root / pack_id
    (folder / "guides").mkdir(parents=True, exist_ok=True)
    (folder / "pack.toml").write_text(manifest if manifest is not None else MANIFEST.format(id=pack_id, lang=lang), "utf-8")
    for guide_id, body in (guides or {"hello": "Hello **world**."}).items():
        text = (
            body
            if body.startswith("+++")
            else GUIDE.format(title=guide_id.title(), category="security", summary="A test guide.", body=body)
        )
        (folder / "guides" / f"{guide_id}.md").write_text(text, "utf-8")
    for rel, data in (extra or {}).items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return folder


def zip_folder(folder: Path, target: Path) -> Path:
    """Zip a pack folder into a `.safelibpack` file."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return target


@pytest.fixture
def make_pack(tmp_path: Path) -> PackFactory:
    """Build packs under a fresh temporary folder."""

    def factory(**kwargs: object) -> Path:
        return write_pack(tmp_path / "packs", **kwargs)  # type: ignore[arg-type]

    return factory


BUNDLE_ENV = "SAFELIB_BUNDLE"


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bundle named by SAFELIB_BUNDLE, or one built now with packaging/build.py."""
    given = os.environ.get(BUNDLE_ENV)
    if given:
        yield Path(given)
        return
    if shutil.which("pyinstaller", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("PyInstaller is not installed (pip install -e '.[packaging]')")
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, str(REPO / "packaging" / "build.py"), "--dist", str(dist)], check=True, cwd=REPO, timeout=900)
    yield dist / "safelib"


@pytest.fixture
def catalogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of translations/ that the test may add languages to, used as the program's catalog folder."""
    from safelib.core import i18n

    folder = tmp_path / "translations"
    shutil.copytree(REPO / "translations", folder)
    monkeypatch.setattr(i18n, "catalog_folder", lambda: folder)
    i18n.interface_languages.cache_clear()
    i18n.load_catalog.cache_clear()
    yield folder
    i18n.interface_languages.cache_clear()
    i18n.load_catalog.cache_clear()
