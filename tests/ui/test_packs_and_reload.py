"""The window says how far each pack can be trusted, and follows a translator's edits in `--packs` folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem

from safelib.core.context import open_context
from safelib.core.packs.keys import generate_key_pair
from safelib.core.packs.signing import sign_pack
from safelib.ui.app import watch_packs
from safelib.ui.watch import watched_paths
from safelib.ui.window import MainWindow
from tests.conftest import GUIDE, write_pack


def guide_file(title: str, body: str) -> str:
    return GUIDE.format(title=title, category="security", summary="A test guide.", body=body)


def all_texts(item: QTreeWidgetItem) -> list[str]:
    texts = [item.text(column) for column in range(item.columnCount())]
    for row in range(item.childCount()):
        texts.extend(all_texts(item.child(row)))
    return texts


@pytest.fixture
def mixed_library(tmp_path: Path) -> Path:
    """A verified, an unsigned, a tampered and a broken pack; the portable folder trusts the signing key."""
    (tmp_path / "secret").mkdir()
    (tmp_path / "portable" / "keys").mkdir(parents=True)
    private, public = generate_key_pair("trainer", tmp_path / "secret")
    shutil.copy(public, tmp_path / "portable" / "keys")
    packs = tmp_path / "packs"
    verified = write_pack(packs, "good", guides={"good-guide": guide_file("Good guide", "Signed text.")})
    sign_pack(verified, _load(private), "Trainer Org")
    write_pack(packs, "plain", guides={"plain-guide": guide_file("Plain guide", "Unsigned text.")})
    tampered = write_pack(packs, "changed", guides={"changed-guide": guide_file("Changed guide", "Original.")})
    sign_pack(tampered, _load(private), "Trainer Org")
    (tampered / "guides" / "changed-guide.md").write_text(guide_file("Changed guide", "Altered."), "utf-8")
    write_pack(packs, "broken", manifest='format = 1\nid = "broken"\ntitle = [unclosed\n')
    return tmp_path


def _load(path: Path):  # type: ignore[no-untyped-def]
    from safelib.core.packs.keys import load_private_key

    return load_private_key(path)


def test_packs_dialog_shows_every_trust_state_and_problem(make_window, mixed_library: Path) -> None:  # type: ignore[no-untyped-def]
    context = open_context([mixed_library / "packs"], portable=mixed_library / "portable", bundled=False)
    window: MainWindow = make_window(context)
    assert window.status.packs_button.isVisible()
    assert window.status.packs_button.text() == "2 packs have problems"
    dialog = window.open_packs()
    rows = {
        dialog.tree.topLevelItem(i).toolTip(0).removesuffix("</p>").split("/")[-1]: dialog.tree.topLevelItem(i)
        for i in range(dialog.tree.topLevelItemCount())
    }
    assert set(rows) == {"good", "plain", "changed", "broken"}
    assert rows["good"].text(2) == "Verified: signed by \u2068trainer\u2069"  # the trusted key's name, not what the pack claims
    assert rows["plain"].text(2).startswith("Not signed")
    assert rows["changed"].text(2).startswith("Changed after it was signed")
    assert any("changed-guide.md" in text for text in all_texts(rows["changed"]))
    assert rows["broken"].text(2) == "Could not be opened"
    assert any(
        text.startswith(f"{mixed_library / 'packs' / 'broken' / 'pack.toml'}:") and ": error: " in text
        for text in all_texts(rows["broken"])
    )
    # The tampered pack's guide is not in the library at all.
    assert window.library.guide("changed-guide") is None
    context.close()


def test_a_guide_from_an_unsigned_pack_says_so_and_a_verified_one_does_not(make_window, mixed_library: Path) -> None:  # type: ignore[no-untyped-def]
    context = open_context([mixed_library / "packs"], portable=mixed_library / "portable", bundled=False)
    window: MainWindow = make_window(context)
    assert window.reading_panel.open_guide_id("plain-guide")
    assert window.reading_panel.trust_note.isVisible() and window.reading_panel.trust_note.text().startswith("Not signed")
    assert window.reading_panel.open_guide_id("good-guide")
    assert not window.reading_panel.trust_note.isVisible()
    window.reading_panel.open_guide_id("plain-guide")
    window.panic.trigger()
    assert not window.reading_panel.trust_note.text()
    context.close()


def test_saving_a_guide_reloads_it_in_place(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_pack(tmp_path, "draft", lang="ckb", guides={"draft-guide": guide_file("Draft", "یەکەم دەق")})
    context = open_context([folder], bundled=False)
    window: MainWindow = make_window(context)
    watch_packs(window, [folder])
    assert window.reading_panel.open_guide_id("draft-guide")
    assert "یەکەم" in window.reading_panel.reader.toPlainText()
    with qtbot.waitSignal(window.library_reloaded, timeout=10_000):
        (folder / "guides" / "draft-guide.md").write_text(guide_file("Draft", "دووەم دەق"), "utf-8")
    assert "دووەم" in window.reading_panel.reader.toPlainText() and "یەکەم" not in window.reading_panel.reader.toPlainText()
    qtbot.waitUntil(lambda: not window.indexing, timeout=30_000)
    with qtbot.waitSignal(window.search_panel.search_finished, timeout=10_000):
        window.search_panel.search_box.setText("دووەم")
        window.search_panel.debounce.stop()
        window.search_panel.run_search()
    assert [hit.guide.id for hit in window.search_panel.last_results.hits] == ["draft-guide"]
    context.close()


def test_a_new_guide_appears_and_a_removed_one_goes(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_pack(tmp_path, "draft", guides={"first": guide_file("First", "One.")})
    context = open_context([folder], bundled=False)
    window: MainWindow = make_window(context)
    watch_packs(window, [folder])
    assert window.reading_panel.open_guide_id("first")
    with qtbot.waitSignal(window.library_reloaded, timeout=10_000):
        (folder / "guides" / "second.md").write_text(guide_file("Second", "Two."), "utf-8")
    assert window.library_model.guide_count() == 2
    with qtbot.waitSignal(window.library_reloaded, timeout=10_000):
        (folder / "guides" / "first.md").unlink()
    assert window.library_model.guide_count() == 1
    assert window.reading_panel.current_guide is None
    assert window.reading_panel.reader.toPlainText() == "This guide is no longer in the library."
    context.close()


def test_a_broken_save_shows_the_problem_and_keeps_the_rest(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_pack(tmp_path, "draft", guides={"a": guide_file("A", "Alpha."), "b": guide_file("B", "Beta.")})
    context = open_context([folder], bundled=False)
    window: MainWindow = make_window(context)
    watch_packs(window, [folder])
    with qtbot.waitSignal(window.library_reloaded, timeout=10_000):
        (folder / "guides" / "b.md").write_text("+++\ntitle = \n+++\nhalf-written", "utf-8")
    assert window.library_model.guide_count() == 1
    assert window.status.packs_button.isVisible()
    context.close()


def test_watched_paths_are_bounded_and_skip_links(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, "many", guides={f"g{i}": "x" for i in range(30)})
    (folder / "link").symlink_to(tmp_path)
    paths = watched_paths([folder, tmp_path / "missing"], limit=10)
    assert len(paths) == 10 and paths[0] == str(folder)
    assert str(folder / "link") not in watched_paths([folder])


def test_a_source_checkouts_own_content_has_no_unsigned_note(window: MainWindow) -> None:
    assert window.library.pack("guides-en").trust.state == "unsigned"  # signed only by release builds
    assert window.reading_panel.open_guide_id("prep")
    assert not window.reading_panel.trust_note.isVisible()


def test_with_disguise_on_the_packs_dialog_never_names_the_program(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(disguise=True, disguise_title="Notes")
    dialog = window.open_packs()
    qtbot.waitUntil(dialog.isVisible)
    texts = [dialog.windowTitle(), dialog.intro.text()]
    items = [dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())]
    while items:
        item = items.pop()
        texts += [item.text(column) for column in range(3)] + [item.toolTip(column) for column in range(3)]
        items += [item.child(i) for i in range(item.childCount())]
    shown = "\n".join(texts)
    assert "Notes guides" in shown  # the bundled English pack is titled "safelib guides"
    assert "safelib" not in shown.lower()


def test_long_problems_wrap_in_view_and_can_be_selected_as_plain_text(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    deep = tmp_path.joinpath(*["a-rather-long-folder-name-without-spaces"] * 8)
    folder = write_pack(deep, "broken", guides={"bad": "+++\ntitle = oops\n+++\nText"})
    context = open_context([folder], bundled=False)
    window: MainWindow = make_window(context)
    dialog = window.open_packs()
    qtbot.waitExposed(dialog)
    tree = dialog.tree
    assert tree.header().length() <= tree.viewport().width() + 1  # every column stays in view
    problem = tree.topLevelItem(0).child(0)
    assert len(problem.text(0)) > 300
    tree.setCurrentItem(problem)
    assert dialog.details.toPlainText() == problem.text(0)
    assert dialog.details.isReadOnly()
    assert dialog.details.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert dialog.details.horizontalScrollBar().maximum() == 0  # wrapped, even a path with no spaces
    context.close()
