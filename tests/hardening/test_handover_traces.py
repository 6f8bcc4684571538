"""Under strace, choosing a pack in the window's chooser, adding it and exporting it writes only to the portable folder
and the chosen export folder (with no portable folder: only the export folder), and opens no network socket; on a vault
stick, adding, exporting and bookmarking write only the vault file and the export folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from safelib.core.vault.container import Vault
from safelib.core.vault.library import pack_bytes, pack_item
from safelib.core.vault.location import VAULT_FILE
from tests.conftest import GUIDE, write_pack, zip_folder
from tests.core.vault.conftest import CHEAP, CODE
from tests.hardening.process import host_env, leftovers
from tests.hardening.strace import Traced, outside, parse, strace_command

pytestmark = pytest.mark.slow

# The real window, driven the way a reader does it: Add guides… → the chooser → the offer → Add; then Export.
SESSION = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QDialogButtonBox
from safelib.core.context import open_context
from safelib.core.settings import Settings
from safelib.ui.app import create_application, wait_signal
from safelib.ui.bootstrap import prepare_environment
from safelib.ui.receive import OfferDialog
from safelib.ui.session import Session
from safelib.ui.window import MainWindow

from safelib.core.vault.container import KdfCost

portable = Path(sys.argv[1]) if sys.argv[1] != "-" else None
received, out, code = Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
scratch = prepare_environment(portable)
app = create_application()
if code != "-":  # a vault stick: the calculator, then the code, as the reader types it
    vault_path = portable / "data.bin"
    window = MainWindow(Session(None, Settings(None), vault_path, KdfCost(memory_kib=8, iterations=1, lanes=1)))
    window.panic.start_locked()
    for key in code + "=":
        window.panic.decoy.press(key)
    assert window.session.vault is not None or wait_signal(window.session.unlocked), "not unlocked"
else:
    context = open_context(portable=portable, bundled=False)
    window = MainWindow(Session(context, Settings.load(portable)))
window.show()
chooser = window.add_guides()
assert chooser.show_folder(received.parent)
names = [chooser.entries.item(row).text() for row in range(chooser.entries.count())]
chooser.entries.setCurrentRow(names.index(received.name))
shown = []
window.handover.offered.connect(shown.append)
chooser.choose()
assert shown or wait_signal(window.handover.offered), "the pack was never shown"
offer = next(dialog for dialog in window.dialogs if isinstance(dialog, OfferDialog))
kept = []
window.handover.kept.connect(kept.append)
offer.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
assert kept or wait_signal(window.handover.kept), "not kept"
pack = window.library.pack("guides-gift")
assert pack is not None, "not added"
written = []
window.handover.exported.connect(written.append)
window.handover.export([pack], out)
assert written or wait_signal(window.handover.exported), "not exported"
assert len(written[0]) == 1, written
if code != "-":
    window.settings.set("keep_bookmarks", True)
    assert window.reading_panel.open_guide_id("long")
    window.reading_panel.reader.scrollToAnchor("section-3")
    assert window.bookmarks.bookmark_current(), window.statusBar().currentMessage()
    window.panic.trigger()  # locks: the reading place goes into the vault with the last save
window.close()
window.shutdown()
app.processEvents()
window.session.close()  # as the program ends: pending saves written, the library closed, a vault's keys dropped
scratch.remove()
print("ok")
"""


def traced_session(tmp_path: Path, data: str, code: str) -> tuple[Path, Traced]:
    """Run SESSION under strace on a received pack (`data` "-" for no portable folder, `code` "-" for no vault):
    the export folder and what the trace saw."""
    (tmp_path / "downloads").mkdir()
    received = zip_folder(write_pack(tmp_path / "src", "guides-gift"), tmp_path / "downloads" / "gift.safelibpack")
    out = tmp_path / "export"
    out.mkdir()
    env = host_env(tmp_path / "host")
    log = tmp_path / "trace" / "log"
    log.parent.mkdir()
    command = [sys.executable, "-c", SESSION, data, str(received), str(out), code]
    done = subprocess.run(
        strace_command(log, command), env=env, cwd=tmp_path / "host" / "home", capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-3000:]
    return out, parse(log, done.returncode)


@pytest.mark.parametrize("stick", [True, False], ids=["portable", "no-portable"])
def test_adding_and_exporting_in_the_window_writes_only_to_the_stick_and_the_export(tmp_path: Path, stick: bool) -> None:
    data = tmp_path / "stick" / "safelib-data"
    data.mkdir(parents=True)
    out, traced = traced_session(tmp_path, str(data) if stick else "-", "-")
    assert outside(traced, [data, out] if stick else [out]) == []
    assert traced.sockets == []
    kept = data / "packs" / "gift.safelibpack"
    assert (data / "packs" / "guides-gift.safelibpack").exists() == stick and not kept.exists()
    assert [path.name for path in out.iterdir()] == ["guides-gift.safelibpack"]
    assert any(path.startswith(str(out.resolve())) for _name, path in traced.writes)  # the trace does see writes
    assert leftovers(tmp_path / "host") == []


def test_adding_exporting_and_bookmarking_on_a_vault_stick_writes_only_the_vault_and_the_export(tmp_path: Path) -> None:
    data = tmp_path / "stick" / "Calculator-data"
    data.mkdir(parents=True)
    sections = "\n\n".join(f"## Part {number}\n\n" + "Words to read. " * 80 for number in range(1, 6))
    guide = GUIDE.format(title="A long guide", category="security", summary="Long.", body=sections)
    own = write_pack(tmp_path / "src", "guides-own", guides={"long": guide})
    Vault.create(data / VAULT_FILE, CODE, {pack_item("guides-own"): pack_bytes(own)}, CHEAP).lock()
    out, traced = traced_session(tmp_path, str(data), CODE)
    assert outside(traced, [data, out]) == []
    assert traced.sockets == []
    assert [path.name for path in data.iterdir()] == [VAULT_FILE]  # no pack, settings or bookmarks beside the vault
    assert [path.name for path in out.iterdir()] == ["guides-gift.safelibpack"]
    written = {path for _name, path in traced.writes}
    assert any(path.startswith(str(data.resolve())) for path in written)  # the trace does see the vault's writes
    assert leftovers(tmp_path / "host") == []
    vault = Vault.unlock(data / VAULT_FILE, CODE, CHEAP)
    assert vault is not None
    assert pack_item("guides-gift") in vault.items and b'"section":"Part 3"' in vault.items["bookmarks.json"]
    assert b"Part 3" not in (data / VAULT_FILE).read_bytes()
