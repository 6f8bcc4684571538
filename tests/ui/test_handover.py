"""Adding a received pack in the window (in-app chooser, drag and drop) and exporting packs to pass them on."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox

from safelib.core.context import Context, open_context
from safelib.core.library import Library
from safelib.core.packs.keys import KeyRing, generate_key_pair, load_private_key, trusted_key_folders
from safelib.core.packs.signing import sign_pack
from safelib.core.receive import inspect_pack
from safelib.core.vault.container import Vault
from safelib.ui import chooser as chooser_module
from safelib.ui.chooser import Chooser
from safelib.ui.receive import OfferDialog
from safelib.ui.window import MainWindow
from tests.conftest import write_pack, zip_folder
from tests.core.vault.conftest import CHEAP, CODE

MANIFEST = """format = 1
id = "guides-gift"
title = "Gift guides"
language = "ckb"
version = "{version}"
publisher = "Trainer Org"
license = "CC0-1.0"
{changes}"""
CHANGES = """
[[changes]]
version = "2026.12.0"
date = 2026-12-01
summary = "Safer advice about checkpoints."
corrected = ["one"]
withdrawn = ["old"]
"""


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    """A portable data folder that trusts the key `tmp_path/secret/Trainer.key`."""
    data = tmp_path / "stick" / "safelib-data"
    (data / "keys").mkdir(parents=True)
    (tmp_path / "secret").mkdir()
    _private, public = generate_key_pair("Trainer", tmp_path / "secret")
    shutil.copy(public, data / "keys")
    return data


def gift(tmp_path: Path, version: str, signed: bool = True, guides: tuple[str, ...] = ("one",), changes: str = "") -> Path:
    """guides-gift at `version` as a received `.safelibpack`, signed by the stick's trusted key unless `signed` is False."""
    folder = write_pack(
        tmp_path / "src" / f"{version}-{signed}",
        "guides-gift",
        manifest=MANIFEST.format(version=version, changes=changes),
        guides={name: f"Text of {name}." for name in guides},
    )
    received = tmp_path / "received"
    received.mkdir(exist_ok=True)
    target = zip_folder(folder, received / f"gift-{version}-{signed}.safelibpack")
    if signed:
        sign_pack(target, load_private_key(tmp_path / "secret" / "Trainer.key"), "Trainer Org")
    return target


def install(stick: Path, pack: Path) -> None:
    (stick / "packs").mkdir(exist_ok=True)
    shutil.copy(pack, stick / "packs" / "guides-gift.safelibpack")


def offered(qtbot, window: MainWindow, path: Path) -> OfferDialog:  # type: ignore[no-untyped-def]
    """Receive `path` and wait for the inspect thread to show what it is."""
    with qtbot.waitSignal(window.handover.offered, timeout=30_000) as shown:
        window.handover.receive(path)
    return shown.args[0]


def choose_in(qtbot, window: MainWindow, path: Path) -> OfferDialog:  # type: ignore[no-untyped-def]
    chooser = window.add_guides()
    assert chooser.show_folder(path.parent)
    names = [chooser.entries.item(row).text() for row in range(chooser.entries.count())]
    chooser.entries.setCurrentRow(names.index(path.name))
    with qtbot.waitSignal(window.handover.offered, timeout=30_000) as shown:
        chooser.choose()
    return shown.args[0]


def files_under(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


def test_a_pack_chosen_in_the_app_is_shown_then_kept_on_the_stick(qtbot, make_window, stick: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    received = gift(tmp_path, "2026.11.0")
    (received.parent / "letter.txt").write_text("not a pack", "utf-8")
    (received.parent / "photos").mkdir()
    context = open_context(portable=stick, bundled=False)
    window: MainWindow = make_window(context)
    chooser = window.add_guides()
    assert chooser.focusWidget() is chooser.path_box  # a path can be typed at once
    chooser.show_folder(received.parent)
    assert [chooser.entries.item(row).text() for row in range(chooser.entries.count())] == ["photos", received.name]
    assert not [widget for widget in QApplication.topLevelWidgets() if isinstance(widget, QFileDialog)]
    dialog = choose_in(qtbot, window, received)
    text = dialog.details.toPlainText()
    assert dialog.heading.text() == "Gift guides"
    for words in ("Language: کوردی", "1 guide", "Publisher: \u2068Trainer Org\u2069", "Verified: signed by \u2068Trainer\u2069"):
        assert words in text
    assert "New: there is no pack like it" in text and "in the portable folder" in text
    with qtbot.waitSignal(window.handover.kept, timeout=10_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert (stick / "packs" / "guides-gift.safelibpack").read_bytes() == received.read_bytes()
    assert window.library.pack("guides-gift") is not None and window.library_model.guide_count() == 1
    assert "Gift guides" in window.statusBar().currentMessage()
    context.close()
    again = open_context(portable=stick, bundled=False)  # started again from the stick: still there
    assert again.library.pack("guides-gift") is not None
    again.close()


def test_without_a_stick_a_pack_is_kept_for_this_session_only_and_nothing_is_written(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "secret").mkdir()
    generate_key_pair("Trainer", tmp_path / "secret")
    received = gift(tmp_path, "1", signed=False)
    before = files_under(tmp_path)
    context = open_context(portable=None, bundled=False)
    window: MainWindow = make_window(context)
    dialog = offered(qtbot, window, received)
    assert "Unsigned: nothing shows who made this pack" in dialog.details.toPlainText()
    assert "only until you close the program" in dialog.details.toPlainText()
    with qtbot.waitSignal(window.handover.kept, timeout=10_000) as kept:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert kept.args == [None]
    assert window.library.pack("guides-gift") is not None
    assert files_under(tmp_path) == before
    context.close()
    again = open_context(portable=None, bundled=False)  # started again: gone, as the dialog said
    assert again.library.pack("guides-gift") is None
    again.close()


def test_an_older_version_is_refused_until_the_reader_insists(qtbot, make_window, stick: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    install(stick, gift(tmp_path, "2026.12.0"))
    older = gift(tmp_path, "2026.11.0")
    context = open_context(portable=stick, bundled=False)
    window: MainWindow = make_window(context)
    dialog = offered(qtbot, window, older)

    add = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert "An OLDER version than the one you have" in dialog.details.toPlainText()
    assert "bring back advice that has since been corrected" in dialog.details.toPlainText()
    assert not add.isEnabled() and dialog.insist.isVisibleTo(dialog)
    dialog.insist.setChecked(True)
    assert add.isEnabled()
    with qtbot.waitSignal(window.handover.kept, timeout=10_000):
        add.click()
    assert (stick / "packs" / "guides-gift.safelibpack").read_bytes() == older.read_bytes()
    context.close()


def test_an_id_hijack_is_refused_and_cannot_be_insisted_on(qtbot, make_window, stick: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    install(stick, gift(tmp_path, "2026.12.0"))
    before = (stick / "packs" / "guides-gift.safelibpack").read_bytes()
    context = open_context(portable=stick, bundled=False)
    window: MainWindow = make_window(context)
    dialog = offered(qtbot, window, gift(tmp_path, "2027.1.0", signed=False))

    assert "it may be an attempt to replace trusted guides" in dialog.details.toPlainText()
    assert not dialog.insist.isVisibleTo(dialog)
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.keep_requested.emit(dialog.offer, True)  # even a forced request is refused by the core
    qtbot.waitUntil(lambda: any(isinstance(widget, QMessageBox) for widget in window.dialogs), timeout=30_000)
    box = next(widget for widget in window.dialogs if isinstance(widget, QMessageBox))
    assert box.text().startswith("The pack was not added:") and "cannot take that pack's place" in box.text()
    assert (stick / "packs" / "guides-gift.safelibpack").read_bytes() == before
    context.close()


def test_with_disguise_on_the_offer_does_not_name_the_program(qtbot, make_window, stick: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    context = open_context(portable=stick, bundled=False)
    window: MainWindow = make_window(context, disguise=True)
    manifest = MANIFEST.format(version="1", changes="").replace("Gift guides", "safelib guides")
    dialog = offered(qtbot, window, write_pack(tmp_path / "named", "guides-gift", manifest=manifest))
    assert dialog.offer.manifest is not None
    assert dialog.heading.text().endswith("guides") and "Unsigned" in dialog.details.toPlainText()
    assert "safelib" not in dialog.heading.text().casefold() and "safelib" not in dialog.details.toPlainText().casefold()
    context.close()


def test_an_update_lists_what_changed(qtbot, make_window, stick: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    install(stick, gift(tmp_path, "2026.11.0", guides=("one", "old")))
    context = open_context(portable=stick, bundled=False)
    window: MainWindow = make_window(context)
    dialog = offered(qtbot, window, gift(tmp_path, "2026.12.0", changes=CHANGES))

    text = dialog.details.toPlainText()
    assert "A newer version of a pack you have" in text
    assert "What changed since version \u20682026.11.0\u2069:" in text
    assert "Safer advice about checkpoints." in text and "Corrected: One" in text and "Withdrawn: Old" in text
    context.close()


def test_a_broken_file_says_why_and_keeps_nothing(qtbot, make_window, stick: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cut = tmp_path / "cut.safelibpack"
    whole = gift(tmp_path, "1").read_bytes()
    cut.write_bytes(whole[: len(whole) // 2])
    context = open_context(portable=stick, bundled=False)
    window: MainWindow = make_window(context)
    dialog = offered(qtbot, window, cut)
    assert "This file cannot be added" in dialog.details.toPlainText()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert not (stick / "packs").exists()
    context.close()


def test_a_pack_dropped_on_the_window_is_offered(qtbot, make_window, stick: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    received = gift(tmp_path, "1")
    context = open_context(portable=stick, bundled=False)
    window: MainWindow = make_window(context)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(received))])
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.handover.offered, timeout=30_000) as shown:
        window.dropEvent(drop)
    assert drop.isAccepted()
    dialog = shown.args[0]
    assert dialog.heading.text() == "Gift guides"
    window.panic.trigger()  # panic closes it with every other dialog
    assert not dialog.isVisible()
    context.close()


def test_a_folder_that_cannot_be_read_says_so(make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    context = open_context(portable=None, bundled=False)
    window: MainWindow = make_window(context)
    chooser = window.add_guides()
    assert not chooser.show_folder(tmp_path / "absent")
    assert chooser.message.text().startswith("Cannot open")
    context.close()


def exported_packs(qtbot, window: MainWindow, folder: Path, every: bool) -> list[Path]:  # type: ignore[no-untyped-def]
    dialog = window.open_packs()
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0))
    (dialog.export_all if every else dialog.export_one).click()
    chooser = next(widget for widget in window.dialogs if isinstance(widget, Chooser))
    assert chooser.show_folder(folder)
    with qtbot.waitSignal(window.handover.exported, timeout=10_000) as done:
        chooser.choose()
    assert any(isinstance(widget, QMessageBox) for widget in window.dialogs)
    return list(done.args[0])


def second_computer(stick: Path) -> Context:
    """Another copy of the program: an empty library that trusts the same key."""
    other = stick.parent.parent / "other" / "safelib-data"
    (other / "keys").mkdir(parents=True)
    for key in (stick / "keys").iterdir():
        shutil.copy(key, other / "keys")
    return open_context(portable=other, bundled=False)


def test_an_exported_pack_is_added_as_verified_on_another_copy(qtbot, make_window, stick: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    install(stick, gift(tmp_path, "2026.12.0"))
    context = open_context(portable=stick, bundled=False)
    window: MainWindow = make_window(context)
    out = tmp_path / "out"
    out.mkdir()
    written = exported_packs(qtbot, window, out, every=False)
    assert [path.name for path in written] == ["guides-gift.safelibpack"]
    other = second_computer(stick)
    offer = inspect_pack(written[0], other.library, other.keyring())
    assert (offer.trust.state, offer.relation, offer.refusal()) == ("verified", "new", None)
    other.close()
    context.close()


def test_with_disguise_on_exports_get_neutral_names(qtbot, make_window, stick: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    install(stick, gift(tmp_path, "2026.12.0"))
    context = open_context(portable=stick, bundled=False)
    window: MainWindow = make_window(context, disguise=True)
    out = tmp_path / "out"
    out.mkdir()
    written = exported_packs(qtbot, window, out, every=True)
    assert len(written) == 1 and written[0].name.startswith("notes-") and written[0].suffix == ".zip"
    keyring = KeyRing.load(trusted_key_folders(stick))
    assert inspect_pack(written[0], Library(), keyring).trust.state == "verified"
    context.close()


def test_a_file_that_cannot_be_read_says_why(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    link = tmp_path / "link.safelibpack"
    link.symlink_to(tmp_path / "elsewhere.safelibpack")
    context = open_context(portable=None, bundled=False)
    window: MainWindow = make_window(context)
    with qtbot.waitSignal(window.handover.answered, timeout=30_000):
        window.handover.receive(link)
    box = next(widget for widget in window.dialogs if isinstance(widget, QMessageBox))
    assert box.text().startswith("This file cannot be added:") and "symbolic link" in box.text()
    context.close()


def test_a_pack_still_being_checked_when_panic_strikes_is_never_shown(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    context = open_context(portable=None, bundled=False)
    window: MainWindow = make_window(context)
    with qtbot.waitSignal(window.handover.answered, timeout=30_000) as answer:
        window.handover.receive(gift(tmp_path, "1", signed=False))
        window.panic.trigger()  # before the answer is handled: it comes back to this thread after the panic
    assert answer.args == [None]
    assert not [dialog for dialog in window.dialogs if isinstance(dialog, OfferDialog)]
    assert window.statusBar().currentMessage() == ""
    context.close()


def test_a_pack_kept_while_panic_strikes_joins_the_library_silently(qtbot, make_window, stick: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    context = open_context(portable=stick, bundled=False)
    window: MainWindow = make_window(context)
    dialog = offered(qtbot, window, gift(tmp_path, "1"))
    with qtbot.waitSignal(window.handover.kept, timeout=30_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        window.panic.trigger()
    assert (stick / "packs" / "guides-gift.safelibpack").exists() and window.library.pack("guides-gift") is not None
    assert window.statusBar().currentMessage() == ""  # nothing names the pack after the panic
    context.close()


def test_a_place_named_like_html_is_shown_as_text(make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    odd = tmp_path / "<img src='file:odd'>"
    odd.mkdir()
    monkeypatch.setattr(chooser_module, "removable_places", lambda: [odd])
    context = open_context(portable=None, bundled=False)
    window: MainWindow = make_window(context)
    chooser = window.add_guides()
    assert chooser.places.item(0).text() == odd.name
    assert chooser.places.item(0).toolTip() == f"<p>{html.escape(str(odd))}</p>"  # escaped: never read as a picture
    context.close()


def test_inside_a_vault_a_pack_is_kept_in_the_vault_and_nothing_in_clear(
    qtbot, unlocked_window, vault_stick, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = vault_stick(write_pack(tmp_path / "packs", "real", guides={"hidden": "Secret words."}))
    window, _session, _vault = unlocked_window(path)
    stick_before = sorted(p.name for p in path.parent.iterdir())
    dialog = offered(qtbot, window, zip_folder(write_pack(tmp_path / "src", "guides-gift"), tmp_path / "gift.safelibpack"))
    assert "kept inside the vault" in dialog.details.toPlainText()
    with qtbot.waitSignal(window.handover.kept, timeout=30_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        assert window.statusBar().currentMessage() == "Saving…"  # written on the vault's thread
    assert window.statusBar().currentMessage().startswith("Added to the library:")
    assert window.library.pack("guides-gift") is not None and window.library.pack("real") is not None  # both libraries
    assert sorted(p.name for p in path.parent.iterdir()) == stick_before  # no packs/ folder beside the vault
    window.panic.trigger()
    again = Vault.unlock(path, CODE, CHEAP)
    assert again is not None and "packs/guides-gift.safelibpack" in again.items
    again.lock()
