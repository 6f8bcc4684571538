"""A read-only or full stick, a damaged index, no fonts, a pack pulled out while reading: the program carries on."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from safelib.core.context import Context
from safelib.core.library import Library
from safelib.core.search.engine import SearchEngine, default_engine
from safelib.core.search.storage import DONE, MemoryStorage
from tests.conftest import TINY_PNG, write_pack, zip_folder
from tests.hardening.process import host_env, leftovers, safelib_command

WORDS = ("alpha", "beta", "gamma", "delta", "safety", "phone", "border", "clinic", "river", "paper")


def big_pack(root: Path, guides: int = 300) -> Path:
    """A pack large enough that Whoosh spills sorted runs while indexing it (~1 MiB of distinct words)."""
    chance = random.Random(1)
    bodies = {f"g{i}": " ".join(f"{chance.choice(WORDS)}{chance.randint(0, 9999)}" for _ in range(800)) for i in range(guides)}
    return write_pack(root, "big-pack", guides=bodies)


def in_namespace(script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run a shell script as root of a private mount namespace (mounts vanish with it), or skip."""
    unshare = shutil.which("unshare")
    probe = subprocess.run([unshare or "unshare", "-rm", "true"], capture_output=True) if unshare else None
    if probe is None or probe.returncode != 0:
        pytest.skip("cannot make a private mount namespace (unshare -rm) to mount a read-only or tiny stick")
    return subprocess.run(
        [unshare, "-rm", "sh", "-ec", script], capture_output=True, text=True, env=host_env(tmp_path / "host"), timeout=300
    )  # fmt: skip


# --- the search index ---------------------------------------------------------------------------------------------

DAMAGE = {
    "segment-truncated": lambda f: f.suffix == ".seg" and f.write_bytes(f.read_bytes()[: f.stat().st_size // 2]),
    "segment-garbled": lambda f: f.suffix == ".seg" and f.write_bytes(b"\x80garbage" + os.urandom(f.stat().st_size)),
    "segment-empty": lambda f: f.suffix == ".seg" and f.write_bytes(b""),
    "toc-garbled": lambda f: f.suffix == ".toc" and f.write_bytes(os.urandom(64)),
    "only-done-left": lambda f: f.name != DONE and f.unlink(),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_index_is_rebuilt(damage: str, tmp_path: Path) -> None:
    pack = write_pack(tmp_path, "indexed", guides={"one": "Checkpoint phones and passwords.", "two": "Clinic hours."})
    portable = tmp_path / "data"
    library = Library.load([pack])
    engine = default_engine(library, portable, None)
    assert engine.search("checkpoint").hits
    engine.close()
    (built,) = (portable / "index").iterdir()
    for file in list(built.iterdir()):
        DAMAGE[damage](file)
    engine = default_engine(library, portable, None)
    try:
        assert [hit.guide.id for hit in engine.search("checkpoint").hits] == ["one"]
        assert engine.search("clinic").hits[0].snippet.text
    finally:
        engine.close()
        library.close()
    assert engine.cache is not None and engine.cache.existing(built.name) is not None  # rebuilt, and whole again


@pytest.mark.slow  # about 40 s: the pack must be big enough for Whoosh to spill sorted runs
def test_a_big_pack_is_indexed_in_memory(tmp_path: Path) -> None:
    """With no portable folder the index lives in memory, even when Whoosh spills sorted runs while building."""
    library = Library.load([big_pack(tmp_path)])
    engine = SearchEngine(library)
    try:
        hits = engine.search(library.packs[0].guides["g7"].body.split()[3]).hits
        assert hits and isinstance(engine._opened["big-pack"].index.storage, MemoryStorage)
    finally:
        engine.close()
        library.close()


# --- the stick ----------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_read_only_stick_runs_remembers_nothing_and_says_so_once(tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    source = tmp_path / "prepared"
    (source / "safelib-data").mkdir(parents=True)
    (source / "safelib-data" / "settings.json").write_text('{"remember": true, "font_size": 20}', "utf-8")
    command = " ".join(safelib_command("--portable", str(stick / "safelib-data"), "search", "checkpoint"))
    done = in_namespace(
        f"mount -t tmpfs tmpfs {stick}; cp -a {source}/. {stick}/; mount -o remount,ro {stick}; "
        f"cd {tmp_path / 'host' / 'home'}; {command}; echo READ-ONLY-OK; touch {stick}/x 2>/dev/null || echo REALLY-READ-ONLY",
        tmp_path,
    )
    assert "READ-ONLY-OK" in done.stdout and "REALLY-READ-ONLY" in done.stdout, done.stderr[-3000:]
    assert "pep-72-hours" in done.stdout or "checkpoint" in done.stdout.lower()
    assert done.stderr.count("nothing will be remembered") == 1, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert leftovers(tmp_path / "host") == []


@pytest.mark.slow
def test_a_full_stick_searches_from_memory_and_leaves_no_half_built_index(tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    packs = big_pack(tmp_path / "packs")
    command = " ".join(safelib_command("--portable", str(stick / "data"), "--packs", str(packs), "search", "alpha12", "--json"))
    done = in_namespace(
        f"mount -t tmpfs -o size=1m tmpfs {stick}; cd {tmp_path / 'host' / 'home'}; {command}; "
        f"echo LEFT:; find {stick} -mindepth 3; df -k {stick} | tail -1",
        tmp_path,
    )
    assert '"guide": "g' in done.stdout, done.stdout[-2000:] + done.stderr[-3000:]
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr[-3000:]
    assert done.stdout.split("LEFT:")[1].split("\n")[1].startswith("tmpfs"), done.stdout.split("LEFT:")[1]
    assert leftovers(tmp_path / "host") == []


def test_settings_on_a_full_stick_keep_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC at the write_atomic boundary: the save fails quietly, the old file stays whole, no temp file is left."""
    from safelib.core import portable, settings

    data = tmp_path / "data"
    data.mkdir()
    saved = settings.Settings(data, {"remember": True})
    saved.set("font_size", 14)
    before = (data / settings.SETTINGS_FILE).read_bytes()

    def full(handle_self: object, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    real_open = open

    def opening(path: object, mode: str = "r", *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        handle = real_open(path, mode, *args, **kwargs)  # type: ignore[call-overload]
        if "w" in mode:
            handle.write = full.__get__(handle)  # type: ignore[method-assign]
        return handle

    monkeypatch.setattr(portable, "open", opening, raising=False)
    assert saved.save() is False
    assert (data / settings.SETTINGS_FILE).read_bytes() == before
    assert sorted(p.name for p in data.iterdir()) == [settings.SETTINGS_FILE]


# --- fonts ------------------------------------------------------------------------------------------------------

FONT_CHECK = """
import sys
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from safelib.ui.app import create_application
from safelib.ui.bootstrap import prepare_environment
from safelib.ui.fonts import ARABIC_FAMILY
scratch = prepare_environment(None)
app = create_application()
metrics = QFontMetrics(QFont(ARABIC_FAMILY))
print("families", len(QFontDatabase.families()), ARABIC_FAMILY in QFontDatabase.families())
print("sorani", all(metrics.inFontUcs4(ord(letter)) for letter in "ڕڵێۆەکوردی"))
scratch.remove()
"""


@pytest.mark.slow
def test_without_any_system_font_the_program_starts_and_shows_arabic_script(tmp_path: Path) -> None:
    config = tmp_path / "fonts.conf"
    config.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig></fontconfig>', "utf-8")
    env = host_env(tmp_path / "host", FONTCONFIG_FILE=str(config), FONTCONFIG_PATH=str(tmp_path))
    check = subprocess.run([sys.executable, "-c", FONT_CHECK], env=env, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr[-3000:]
    assert "families" in check.stdout and " True" in check.stdout.splitlines()[0], check.stdout
    assert check.stdout.splitlines()[1] == "sorani True", check.stdout
    smoke = subprocess.run(safelib_command("gui", "--smoke"), env=env, capture_output=True, text=True, timeout=300)
    assert smoke.returncode == 0 and '"ok": true' in smoke.stdout, smoke.stdout + smoke.stderr[-3000:]
    assert leftovers(tmp_path / "host") == []


# --- a pack pulled out while the window shows it -----------------------------------------------------------------


@pytest.mark.parametrize("form", ["folder", "zip"])
def test_a_pack_removed_while_reading(form: str, make_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_pack(
        tmp_path / "stick",
        "removable",
        guides={"first": "First ![dot](media/dot.png)", "second": "Second guide, [first](guide:first)."},
        extra={"media/dot.png": TINY_PNG},
    )
    location = zip_folder(folder, tmp_path / "stick" / "removable.safelibpack") if form == "zip" else folder
    if form == "zip":
        shutil.rmtree(folder)
    library = Library.load([location])
    context = Context(library, SearchEngine(library), None)
    try:
        window = make_window(context)
        assert window.reading_panel.open_guide_id("first")
        if form == "zip":
            location.unlink()
        else:
            shutil.rmtree(location)
        window.reading_panel.reader.document().clear()
        assert window.reading_panel.open_guide_id("second") and "Second guide" in window.reading_panel.reader.toPlainText()
        assert "removed" in window.statusBar().currentMessage()
        window.reading_panel.reader.follow(QUrl("guide:first"))
        assert window.reading_panel.current_guide is not None and window.reading_panel.current_guide.id == "first"
        picture = window.reading_panel.reader.loadResource(
            QTextDocument.ResourceType.ImageResource.value, QUrl("pack:removable/media/dot.png")
        )
        assert form == "zip" or picture.width() == 1  # a folder's file is gone: the blank pixel; a zip stays open
        window.reading_panel.go_back()
        window.search_panel.search_box.setText("second")
        window.search_panel.debounce.stop()
        with qtbot.waitSignal(window.search_panel.search_finished, timeout=30_000):
            window.search_panel.run_search()
        assert window.search_panel.last_results is not None and window.search_panel.last_results.hits
    finally:
        context.close()
