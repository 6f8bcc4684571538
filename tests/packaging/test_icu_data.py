"""ICU's data cut to the shipped languages: the package format, the keep rule, and ICU's answers in the real bundle."""

from __future__ import annotations

import importlib.util
import json
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[2]
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="only Linux bundles carry ICU's data")


def load_icu_data() -> ModuleType:
    spec = importlib.util.spec_from_file_location("icu_data", REPO / "packaging" / "icu_data.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["icu_data"] = module
    spec.loader.exec_module(module)
    return module


icu_data = load_icu_data()
HEADER = struct.pack("<HBB", 32, 0xDA, 0x27) + b"\0" * 28


def qt_icu_folder() -> Path:
    """Where PySide6 keeps Qt's libraries, with the whole ICU data library."""
    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "lib"


def full_icu_data() -> Path:
    found = sorted(qt_icu_folder().glob("libicudata.so.*"))
    if not found:
        pytest.skip("this PySide6 carries no ICU data library")
    return found[0]


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("icudt73l/coll/ar.res", True),
        ("icudt73l/ckb.res", True),
        ("icudt73l/ar_IQ.res", True),
        ("icudt73l/curr/ckb_IR.res", True),
        ("icudt73l/zone/root.res", True),
        ("icudt73l/coll/ja.res", False),
        ("icudt73l/lang/zh_Hant_TW.res", False),
        ("icudt73l/es_419.res", False),
        ("icudt73l/pool.res", True),
        ("icudt73l/supplementalData.res", True),
        ("icudt73l/coll/ucadata.icu", True),
        ("icudt73l/brkitr/line.brk", True),
        ("icudt73l/uts46.nrm", True),
        ("icudt73l/ibm-1256_P110-1997.cnv", False),
        ("icudt73l/brkitr/cjdict.dict", False),
        ("icudt73l/translit/root.res", False),
        ("icudt73l/unames.icu", False),
        ("icudt73l/confusables.cfu", False),
    ],
)
def test_keep_rule(name: str, kept: bool) -> None:
    assert icu_data.wanted(name, {"root", "en", "ar", "ckb", "ku"}) is kept


names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_/.0123456789", min_size=1, max_size=40)
blocks = st.binary(max_size=64).map(lambda data: data + b"\0" * (-len(data) % 16))


@given(st.dictionaries(names, blocks, max_size=20))
def test_pack_and_parse_round_trip(items: dict[str, bytes]) -> None:
    package = icu_data.Package(HEADER, items)
    blob = icu_data.pack(package)
    assert icu_data.parse(blob) == package
    assert icu_data.pack(icu_data.parse(blob)) == blob


def test_parse_refuses_what_is_not_a_package() -> None:
    with pytest.raises(icu_data.IcuDataError, match="bad magic"):
        icu_data.parse(b"\x20\x00\x00\x00" + b"\0" * 60)


def test_read_symbol_refuses_what_is_not_a_library(tmp_path: Path) -> None:
    text = tmp_path / "libicudata.so.73"
    text.write_text("not a library")
    with pytest.raises(icu_data.IcuDataError, match="not a 64-bit little-endian ELF"):
        icu_data.read_symbol(text)


@linux_only
def test_the_real_package_round_trips_byte_for_byte() -> None:
    """The format is understood exactly: Qt's own 32 MB package parses and packs back to the same bytes."""
    symbol, blob = icu_data.read_symbol(full_icu_data())
    package = icu_data.parse(blob)
    assert symbol.startswith("icudt") and len(package.items) > 3000
    assert icu_data.pack(package) == blob


@linux_only
def test_compile_library_holds_the_package(tmp_path: Path) -> None:
    if shutil.which("cc") is None and shutil.which("gcc") is None:
        pytest.skip("no C compiler")
    blob = icu_data.pack(icu_data.Package(HEADER, {"icudt99l/root.res": b"x" * 16}))
    target = tmp_path / "libicudata.so.99"
    icu_data.compile_library("icudt99_dat", blob, target.name, target)
    assert icu_data.read_symbol(target) == ("icudt99_dat", blob)


def test_no_compiler_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(icu_data.shutil, "which", lambda _name: None)
    with pytest.raises(icu_data.IcuDataError, match=r"needs a C compiler .*apt-get install gcc"):
        icu_data.compile_library("icudt99_dat", HEADER, "libicudata.so.99", tmp_path / "out.so")


# Asks ICU, through its C interface, what it finds for each locale: 0 is found, -128 is "used a parent
# locale", -127 is "used root"; positive is an error. Run in a child process, because a process that
# has loaded Qt already holds an ICU by the same name.
PROBE = r"""
import ctypes, json, sys
folder, version = sys.argv[1], sys.argv[2]
uc = ctypes.CDLL(f"{folder}/libicuuc.so.{version}")
i18n = ctypes.CDLL(f"{folder}/libicui18n.so.{version}")

def status(function, *args):
    code = ctypes.c_int(0)
    function.restype = ctypes.c_void_p
    function(*args, ctypes.byref(code))
    return code.value

zone = "Asia/Baghdad".encode("utf-16-le") + b"\0\0"
text = "ئەم ڕێنماییە بۆ خوێنەرانە. هذا دليل للقراء".encode("utf-16-le")
found = {}
for locale in ["root", "en", "ar", "ckb", "ku", "ar_IQ", "ckb_IQ", "ja", "zh"]:
    tag = locale.encode()
    found[f"collation {locale}"] = status(getattr(i18n, f"ucol_open_{version}"), tag)
    found[f"locale data {locale}"] = status(getattr(uc, f"ures_open_{version}"), None, tag)
    found[f"line breaks {locale}"] = status(getattr(uc, f"ubrk_open_{version}"), 2, tag, text, len(text) // 2)
    found[f"time zones {locale}"] = status(getattr(i18n, f"ucal_open_{version}"), zone, -1, tag, 0)
found["converter UTF-8"] = status(getattr(uc, f"ucnv_open_{version}"), b"UTF-8")
found["converter windows-1256"] = status(getattr(uc, f"ucnv_open_{version}"), b"windows-1256")
print(json.dumps(found))
"""


def ask_icu(folder: Path) -> dict[str, int]:
    version = next(folder.glob("libicudata.so.*")).name.rsplit(".", 1)[-1]
    done = subprocess.run([sys.executable, "-c", PROBE, str(folder), version], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    answers: dict[str, int] = json.loads(done.stdout)
    return answers


@linux_only
@pytest.mark.slow
def test_bundle_icu_answers_as_before_for_the_shipped_languages(bundle: Path) -> None:
    """The cut keeps ICU's answers for English, Arabic, Sorani and Kurmanji; only other locales and legacy encodings change."""
    libraries = bundle / "_internal"
    assert (libraries / full_icu_data().name).stat().st_size < 8_000_000
    before, after = ask_icu(qt_icu_folder()), ask_icu(libraries)
    assert all(answer <= 0 for answer in before.values()), before
    shipped = [key for key in before if not key.endswith((" ja", " zh", " windows-1256"))]
    assert {key: after[key] for key in shipped} == {key: before[key] for key in shipped}
    assert before["collation ja"] == 0 and after["collation ja"] == -127  # the cut happened: Japanese falls back to root
    assert after["converter windows-1256"] > 0
