"""End-to-end: a newcomer adds an interface language and a signed content pack with a made-up code, as the READMEs say.

Follows translations/README.md (pybabel init, translate, check) and docs/translating-content.md
(pack new, translate, build, keys new, pack sign), then opens the real window in that language.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from safelib.core import i18n
from safelib.core.context import open_context
from safelib.ui.window import MainWindow
from tests.cli.test_cli import safelib

pytestmark = pytest.mark.slow
CODE = "kmr-x-test"
MARK = "⟪test⟫ "


def add_interface_language(folder: Path) -> None:
    """Steps 1–2 of "Adding a new language": pybabel init, then translate every entry (here: mark each)."""
    pybabel = Path(sys.executable).parent / "pybabel"
    done = subprocess.run(
        [str(pybabel), "init", "-i", str(folder / "safelib.pot"), "-o", str(folder / f"{CODE}.po"), "-l", "kmr"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    path = folder / f"{CODE}.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            message.string = (MARK + message.id[0], MARK + message.id[1])
        else:
            message.string = MARK + message.id
    with path.open("wb") as handle:
        write_po(handle, catalog)


def make_signed_pack(tmp_path: Path) -> tuple[Path, Path]:
    """docs/translating-content.md: scaffold from the English pack, translate a guide, build, and sign."""
    work = tmp_path / "work"
    pack = work / f"guides-{CODE}"
    assert safelib("pack", "new", "--from", "guides-en", "--lang", CODE, str(pack)).returncode == 0
    manifest = (pack / "pack.toml").read_text("utf-8")
    publisher = manifest.split("publisher = ")[1].split("\n")[0]
    (pack / "pack.toml").write_text(manifest.replace(publisher, '"Test translators"'), "utf-8")
    guide = pack / "guides" / "phone-checkpoints.md"
    text = guide.read_text("utf-8")
    title = text.split('title = "')[1].split('"')[0]
    guide.write_text(text.replace(f'title = "{title}"', 'title = "Telefon li xala kontrolê (test)"'), "utf-8")
    built = tmp_path / "stick" / "safelib-data" / "packs" / f"guides-{CODE}.safelibpack"
    built.parent.mkdir(parents=True)
    done = safelib("pack", "build", str(pack), "-o", str(built), "--allow-incomplete")
    assert done.returncode == 0, done.stderr
    assert safelib("keys", "new", "test-translators", "--dir", str(tmp_path)).returncode == 0
    signed = safelib("pack", "sign", str(built), "--key", str(tmp_path / "test-translators.key"), "--allow-incomplete")
    assert signed.returncode == 0, signed.stderr
    portable = tmp_path / "stick" / "safelib-data"
    (portable / "keys").mkdir()
    shutil.copy(tmp_path / "test-translators.pub", portable / "keys")
    return built, portable


def test_a_newcomer_adds_a_language_and_a_signed_pack(make_window, catalogs: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_interface_language(catalogs)
    assert CODE in i18n.interface_languages()
    built, portable = make_signed_pack(tmp_path)

    context = open_context([built], portable=portable)
    window: MainWindow = make_window(context, language=CODE)
    window.set_interface_language(CODE)
    # The interface speaks the new language, and the menu names it apart from Kurmanji.
    assert window.panic_button.text() == MARK + "Hide now"
    assert window.menus.language_actions[CODE].text() == "Kurdî (test)" and window.menus.language_actions[CODE].isChecked()
    assert window.menus.language_actions["kmr"].text() == "Kurdî"
    # The library lists the new pack's guides; the translated one opens, verified, with nothing to warn about.
    titles = {
        window.library_model.guide_at(window.library_model.index(r, 0, window.library_model.index(c, 0))).title
        for c in range(window.library_model.rowCount())
        for r in range(window.library_model.rowCount(window.library_model.index(c, 0)))
    }
    assert "Telefon li xala kontrolê (test)" in titles
    assert window.reading_panel.open_guide_id("phone-checkpoints")
    assert window.reading_panel.current_guide is not None and window.reading_panel.current_guide.language == CODE
    assert not window.reading_panel.trust_note.isVisible()
    dialog = window.open_packs()
    states = [dialog.tree.topLevelItem(i).text(2) for i in range(dialog.tree.topLevelItemCount())]
    assert MARK + "Verified: signed by \u2068test-translators\u2069" in states
    context.close()
