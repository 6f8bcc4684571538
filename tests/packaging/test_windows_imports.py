"""The Windows bundle's DLL imports: every DLL it takes from the system is known, and needs no newer Windows than stated."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

from safelib.core.usb.notes import TEXTS
from tests.conftest import REPO

STAND_INS = {"icuuc.dll", "bcryptprimitives.dll", "mscms.dll"}  # test-only, in the Wine prefix (packaging/windows/standins)


def load_imports() -> ModuleType:
    spec = importlib.util.spec_from_file_location("windows_imports", REPO / "packaging" / "windows" / "imports.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["windows_imports"] = module
    spec.loader.exec_module(module)
    return module


imports = load_imports()


@pytest.fixture(scope="module")
def windows_bundle() -> Path:
    """SAFELIB_WINDOWS_BUNDLE (make test-windows sets it: then it must exist), else dist/windows/safelib if built."""
    given = os.environ.get("SAFELIB_WINDOWS_BUNDLE")
    path = Path(given) if given else REPO / "dist" / "windows" / "safelib"
    if not (path / "safelib-cli.exe").is_file():
        if given:
            pytest.fail(f"no Windows bundle at {path}: run make dist-windows")
        pytest.skip("no Windows bundle (make dist-windows builds one under Wine)")
    if not given:
        pytest.importorskip("pefile")  # in requirements/app.txt; make test-windows always has it
    return path


def test_every_system_dll_is_known_and_within_the_stated_minimum(windows_bundle: Path) -> None:
    needed = imports.from_system(windows_bundle)
    unknown = sorted(dll for dll in needed if imports.release_of(dll) is None)
    assert unknown == [], f"add each to SYSTEM_DLLS in packaging/windows/imports.py with the first Windows that has it: {unknown}"
    found = imports.minimum(set(needed))
    assert imports.RELEASES.index(found) <= imports.RELEASES.index(imports.MINIMUM), f"the bundle now needs {found}"
    assert {"kernel32.dll", "icuuc.dll", "bcryptprimitives.dll"} <= set(needed)


def test_the_universal_c_runtime_and_the_stand_ins_come_from_windows_not_the_bundle(windows_bundle: Path) -> None:
    carried = {path.name.lower() for path in windows_bundle.rglob("*")}
    assert not carried & STAND_INS, "a Wine stand-in DLL slipped into the bundle"
    assert "ucrtbase.dll" not in carried and not [name for name in carried if name.startswith("api-ms-win-crt-")]
    assert any(dll.startswith("api-ms-win-crt-") for dll in imports.from_system(windows_bundle))
    assert {"vcruntime140.dll", "msvcp140.dll", "python311.dll"} <= carried


def test_minimum_is_the_newest_release_any_dll_needs() -> None:
    assert imports.minimum({"kernel32.dll", "api-ms-win-crt-heap-l1-1-0.dll"}) == "Windows 10"
    assert imports.minimum({"user32.dll", "icuuc.dll", "api-ms-win-core-synch-l1-2-0.dll"}) == "Windows 10 version 1703"
    assert imports.minimum(set()) == "Windows 7"
    assert imports.release_of("KERNEL32.dll") == "Windows 7" and imports.release_of("made-up.dll") is None


def test_the_minimum_is_stated_in_the_readme_security_and_every_note() -> None:
    stated = imports.MINIMUM.replace("Windows 10 version ", "")
    assert stated == "1809"
    for document in ("README.md", "SECURITY.md", "docs/windows.md"):
        assert imports.MINIMUM in (REPO / document).read_text("utf-8"), document
    for language, text in TEXTS.items():
        assert stated in text.windows and "64" in text.windows and "11" in text.windows, language
