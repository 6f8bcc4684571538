"""Text from a pack reaches Qt widgets as text: a summary, a file name or a signer that looks like HTML stays text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from safelib.core.context import Context
from safelib.core.library import Library
from safelib.core.packs.signing import sign_pack
from safelib.core.search.engine import SearchEngine
from safelib.ui.models import GUIDE_ROLE
from tests.conftest import GUIDE
from tests.hardening.test_forgery import OTHER

# Rich text would read the file, block on a FIFO, or (on Windows) reach out to a share.
HOSTILE = "<img src='file:///etc/hostname'><img src='/dev/zero'><img src='//host/share/x.png'>"


def shown_as(tip: str) -> str:
    """What Qt shows for a tooltip: rich text rendered to its plain text."""
    document = QTextDocument()
    document.setHtml(tip)
    return document.toPlainText()


def test_tooltips_labels_and_dialog_rows_show_pack_text_as_text(make_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "packs" / "hostile-tips"
    (folder / "guides").mkdir(parents=True)
    (folder / "pack.toml").write_text(
        'format = 1\nid = "hostile-tips"\ntitle = "Tips"\nlanguage = "en"\nversion = "1"\npublisher = "x"\nlicense = "CC0-1.0"\n',
        "utf-8",
    )
    guide = GUIDE.format(title="Tips", category="security", summary=HOSTILE, body="Tips body.")
    (folder / "guides" / "tips.md").write_text(guide, "utf-8")
    sign_pack(folder, OTHER, HOSTILE)  # an unknown signer claiming an HTML name
    library = Library.load([tmp_path / "packs"])
    context = Context(library, SearchEngine(library), None)
    window = make_window(context)
    try:
        assert library.guide("tips") is not None and library.guide("tips").summary == HOSTILE  # type: ignore[union-attr]
        model = window.library_view.model()
        rows = [
            model.index(r, 0, model.index(c, 0))
            for c in range(model.rowCount())
            for r in range(model.rowCount(model.index(c, 0)))
        ]
        (row,) = [index for index in rows if index.data(GUIDE_ROLE) is not None]
        tip = row.data(Qt.ItemDataRole.ToolTipRole)
        assert "<img" not in tip and shown_as(tip) == HOSTILE
        assert window.reading_panel.open_guide_id("tips")
        assert window.reading_panel.trust_note.textFormat() == Qt.TextFormat.PlainText
        for label in (window.search_panel.results_status, window.status.index_status):
            assert label.textFormat() == Qt.TextFormat.PlainText
        dialog = window.open_packs()
        items = [dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())]
        tips = [item.toolTip(0) for item in items] + [
            item.child(c).toolTip(0) for item in items for c in range(item.childCount())
        ]
        assert tips and all("<img" not in tip for tip in tips)
        dialog.close()
    finally:
        context.close()
