"""The window's status bar: whether search is ready, a button when packs have problems, and passing messages."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar

from safelib.core.i18n import _, format_number, ngettext
from safelib.ui.models import LibraryModel
from safelib.ui.names import name_widgets
from safelib.ui.packs import packs_with_problems
from safelib.ui.plain import plain
from safelib.ui.search_panel import SearchPanel
from safelib.ui.session import Session


class StatusBar(QStatusBar):
    """Follows the search panel's indexing and the session's library; `packs_button` opens the packs dialog."""

    def __init__(self, session: Session, search: SearchPanel, library_model: LibraryModel) -> None:
        super().__init__()
        self.session = session
        self.search = search
        self.library_model = library_model
        self.index_status = plain(QLabel())
        self.index_progress = QProgressBar()
        self.index_progress.setMaximumWidth(220)
        self.index_progress.setTextVisible(False)
        self.addWidget(self.index_status, 1)
        self.packs_button = QPushButton()
        self.packs_button.setObjectName("packs-notice")
        self.packs_button.setFlat(True)
        self.addPermanentWidget(self.packs_button)
        self.addPermanentWidget(self.index_progress)
        self.setSizeGripEnabled(False)
        search.index_step.connect(self._index_step)
        search.indexing_started.connect(self.index_progress.show)
        search.indexing_started.connect(self.update_index_status)
        search.indexing_finished.connect(self.index_progress.hide)
        search.indexing_finished.connect(self.update_index_status)
        session.library_changed.connect(self.update_packs_notice)

    def _index_step(self, done: int, total: int) -> None:
        self.index_progress.setMaximum(max(1, total))
        self.index_progress.setValue(done)
        self.update_index_status()

    def update_index_status(self) -> None:
        """Preparing, ready or not available, in the interface language (also after a language switch)."""
        problem = self.search.index_problem
        if self.search.indexing:
            self.index_status.setText(_("Preparing search…"))
        elif problem is not None:
            self.index_status.setText(_("Search is not available: {problem}").format(problem=problem))
        else:
            count = self.library_model.guide_count()
            self.index_status.setText(
                ngettext("Ready: {count} guide", "Ready: {count} guides", count).format(count=format_number(count))
            )

    def update_packs_notice(self) -> None:
        """The button shows when a pack was refused or has errors."""
        count = packs_with_problems(self.session.library)
        self.packs_button.setText(
            ngettext("{count} pack has a problem", "{count} packs have problems", count).format(count=format_number(count))
        )
        self.packs_button.setVisible(count > 0)

    def retranslate(self) -> None:
        """Every string in the interface language."""
        named = {
            self.index_progress: (_("Preparing search"), ""),
            self.index_status: (_("Status"), ""),
            self.packs_button: (_("Packs and signatures"), _("Show every pack, its signature and its problems")),
        }
        name_widgets(named)
        self.update_packs_notice()
        self.update_index_status()
