"""The search panel: box, filters, debounce, results with their suggestion and status, and the search thread."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLabel, QLineEdit, QListView, QPushButton, QVBoxLayout, QWidget

from safelib.core.context import Context
from safelib.core.i18n import _, format_number, ngettext
from safelib.core.languages import native_name
from safelib.core.library import Library
from safelib.core.packs.model import CATEGORIES
from safelib.core.search.engine import SearchResults
from safelib.core.search.request import SearchRequest
from safelib.ui.compat import emit
from safelib.ui.delegates import SnippetDelegate
from safelib.ui.models import GUIDE_ROLE, MARK_ROLE, ResultsModel, category_title
from safelib.ui.names import name_widgets
from safelib.ui.plain import plain
from safelib.ui.session import Session
from safelib.ui.workers import SearchThread

DEBOUNCE_MS = 150


class SearchPanel(QWidget):
    """The results page of the side pane; its box and filters are placed in the window's toolbar by the frame.

    Typing waits `DEBOUNCE_MS`, then sends a typed request to the search thread; answers to older requests are
    dropped. The panel follows the session: a reloaded, opened or locked library is indexed (or released) here.
    """

    result_chosen = Signal(object, str)  # a guide's key, and the words the search matched in it
    entered = Signal()  # a result was opened with Enter: the reader takes the keyboard
    results_wanted = Signal(bool)  # True when a search runs (show this page), False when the box is emptied
    search_finished = Signal()
    index_step = Signal(int, int)  # guides indexed, of how many
    indexing_started = Signal()
    indexing_finished = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.serial = 0
        self.indexing = True
        self.index_problem: str | None = None
        self.last_results: SearchResults | None = None
        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("search")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(260)
        self.search_box.installEventFilter(self)
        self.category_filter = QComboBox(self)
        self.language_filter = QComboBox(self)
        self._fill_filters()
        self.results_model = ResultsModel()
        self.results_view = QListView()
        self.results_view.setObjectName("results")
        self.results_view.setModel(self.results_model)
        self.results_view.setItemDelegate(SnippetDelegate(self.results_view))
        self.results_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.results_view.setWordWrap(True)
        self.results_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results_view.activated.connect(self.choose)
        self.results_view.clicked.connect(self.choose)
        self.results_status = plain(QLabel())
        self.results_status.setWordWrap(True)
        self.suggestion_button = QPushButton()
        self.suggestion_button.setObjectName("suggestion")
        self.suggestion_button.setFlat(True)
        self.suggestion_button.hide()
        self.suggestion_button.clicked.connect(self._use_suggestion)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)  # the status text must not touch the window edge
        layout.addWidget(self.results_status)
        layout.addWidget(self.suggestion_button)
        layout.addWidget(self.results_view, 1)
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.run_search)
        self.search_box.textChanged.connect(self._search_text_changed)
        self.category_filter.currentIndexChanged.connect(self._filters_changed)
        self.language_filter.currentIndexChanged.connect(self._filters_changed)
        self.search_thread = SearchThread(session.search, self)
        worker = self.search_thread.worker
        worker.progress.connect(self._index_progress)
        worker.prepared.connect(self._index_done)
        worker.prepare_failed.connect(self._index_failed)
        worker.found.connect(self._show_results)
        worker.failed.connect(self._search_failed)
        session.library_changed.connect(self._library_replaced)
        session.release = self._release
        emit(self.search_thread.start_prepare)

    @property
    def library(self) -> Library:
        """The session's library: the panel never keeps one of its own."""
        return self.session.library

    # ----- filters -------------------------------------------------------------------------------------------------

    def _fill_filters(self) -> None:
        """ "All subjects" and "All languages", then only the subjects and languages the library has guides in (a
        vault's library hints at no other); the choices made stay when they still exist."""
        present = {guide.category for guide in self.library.guides()}
        subjects = [(category_title(c), c) for c in CATEGORIES if c in present]
        _refill(self.category_filter, _("All subjects"), subjects)
        _refill(self.language_filter, _("All languages"), [(native_name(tag), tag) for tag in self.library.languages()])

    def follow_language(self, guides: str | None = None) -> None:
        """The interface language changed: guides default to it — or to `guides`, a translator's language that has guides
        but no interface words — unless the reader is looking at a search."""
        if not self.search_box.text().strip():  # never change the filter under a search the reader is looking at
            asked = self.language_filter.findData(guides) if guides else -1
            default = self.language_filter.findData(self.session.guide_language())
            self.language_filter.setCurrentIndex(asked if asked > 0 else max(0, default))

    def retranslate(self) -> None:
        """Every string in the interface language."""
        named = {
            self.search_box: (_("Search"), _("Search all guides (Ctrl+K)")),
            self.category_filter: (_("Category"), _("Only guides in this category")),
            self.language_filter: (_("Language of the guides"), _("Only guides in this language")),
            self.results_view: (_("Search results"), ""),
            self.suggestion_button: (_("Did you mean"), ""),
            self.results_status: (_("Search status"), ""),
        }
        name_widgets(named)
        self.search_box.setPlaceholderText(_("Search all guides…"))
        self.category_filter.setItemText(0, _("All subjects"))
        for row in range(1, self.category_filter.count()):
            self.category_filter.setItemText(row, category_title(self.category_filter.itemData(row)))
        self.language_filter.setItemText(0, _("All languages"))
        self._update_results_status()

    # ----- searching -----------------------------------------------------------------------------------------------

    def focus_search(self) -> None:
        """Ctrl+K: put the cursor in the search box, text selected."""
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _search_text_changed(self, text: str) -> None:
        if not text.strip():
            self.debounce.stop()
            self.serial += 1
            self.results_model.clear()
            self.last_results = None
            self.suggestion_button.hide()
            emit(self.results_wanted, False)
            return
        self.debounce.start()

    def _filters_changed(self) -> None:
        if self.search_box.text().strip():
            self.debounce.start()

    def run_search(self) -> None:
        """Send the current query to the search thread; results arrive in `_show_results`."""
        text = self.search_box.text().strip()
        if not text:
            return
        self.serial += 1
        self.search_thread.search(self.serial, self.search_request(text))
        self.results_status.setText(_("Waiting for the search to be ready…") if self.indexing else _("Searching…"))
        emit(self.results_wanted, True)

    def search_request(self, text: str) -> SearchRequest:
        """The query as typed so far, with the chosen filters."""
        return SearchRequest(text, self.language_filter.currentData(), self.category_filter.currentData(), prefix=True)

    def _show_results(self, serial: int, results: SearchResults) -> None:
        if serial != self.serial:
            return  # an older query: the reader has typed on since
        self.last_results = results
        self.results_model.set_hits(results.query, results.hits)
        if results.hits:
            self.results_view.setCurrentIndex(self.results_model.index(0, 0))
        if results.suggestion:
            self.suggestion_button.setText(_("Did you mean: {suggestion}?").format(suggestion=results.suggestion))
            self.suggestion_button.setProperty("suggestion", results.suggestion)
            self.suggestion_button.show()
        else:
            self.suggestion_button.hide()
        self._update_results_status()
        emit(self.search_finished)

    def _search_failed(self, serial: int, message: str) -> None:
        if serial == self.serial:
            self.results_model.clear()
            self.results_status.setText(_("Search failed: {problem}").format(problem=message))
            emit(self.search_finished)

    def _update_results_status(self) -> None:
        if self.last_results is None:
            self.results_status.clear()
            return
        count = len(self.last_results.hits)
        self.results_status.setText(
            _("No guide matches.")
            if count == 0
            else ngettext("{count} guide found", "{count} guides found", count).format(count=format_number(count))
        )

    def _use_suggestion(self) -> None:
        suggestion = self.suggestion_button.property("suggestion")
        if suggestion:
            self.search_box.setText(suggestion)
            self.search_box.setFocus()

    def choose(self, index: QModelIndex | QPersistentModelIndex) -> None:
        """Open the result at `index`: its guide's key and the words it matched go to whoever reads."""
        guide = index.data(GUIDE_ROLE)
        if guide is not None:
            emit(self.result_chosen, guide.key, index.data(MARK_ROLE))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down in the search box move through the results; Enter opens the chosen one; Esc empties it."""
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            rows = self.results_model.rowCount()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and rows:
                row = self.results_view.currentIndex().row()
                row = min(rows - 1, row + 1) if key == Qt.Key.Key_Down else max(0, row - 1)
                self.results_view.setCurrentIndex(self.results_model.index(row, 0))
                return True
            if key == Qt.Key.Key_Escape and self.search_box.text():
                self.search_box.clear()  # the first Esc empties the box; a second within 0.6 s is panic
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.debounce.isActive():
                    self.debounce.stop()
                    self.run_search()
                    return True
                current = self.results_view.currentIndex()
                if current.isValid():
                    self.choose(current)
                    emit(self.entered)
                return True
        return super().eventFilter(watched, event)

    # ----- indexing ------------------------------------------------------------------------------------------------

    def _index_progress(self, _pack_id: str, done: int, total: int) -> None:
        emit(self.index_step, done, total)

    def _index_done(self) -> None:
        self.indexing = False
        self.index_problem = None
        if self.isVisibleTo(self.window()) and self.last_results is None:
            self.results_status.setText(_("Searching…"))
        emit(self.indexing_finished)

    def _index_failed(self, message: str) -> None:
        self.indexing = False
        self.index_problem = message
        emit(self.indexing_finished)

    def _library_replaced(self, old: Library) -> None:
        """Another library is shown: the filters list what it has, and the search thread indexes it and closes the old
        one once it no longer reads it (a locked library is handed over by `_release` instead)."""
        self._fill_filters()
        if self.session.is_locked:
            self.wipe()
            return
        self.indexing = True
        emit(self.indexing_started)
        emit(self.search_thread.start_switch, self.session.search, self.library, old)
        self.run_search()

    def _release(self, context: Context) -> None:
        """A locked library's context: closed by the search thread after its current task (a build stops early)."""
        self.search_thread.worker.abandoned = True
        emit(self.search_thread.start_switch, None, self.session.empty, context)

    # ----- panic and the end ---------------------------------------------------------------------------------------

    def wipe(self) -> None:
        """Forget the words typed and the results found: no text, no undo history, no late answer."""
        self.debounce.stop()
        self.serial += 1
        self.search_thread.worker.latest = self.serial
        self.search_box.blockSignals(True)
        self.search_box.setText("")  # setText, unlike clear(), also empties the undo history
        self.search_box.blockSignals(False)
        self.results_model.clear()
        self.last_results = None
        self.results_status.clear()
        self.suggestion_button.hide()
        self.suggestion_button.setProperty("suggestion", None)

    def shutdown(self) -> bool:
        """Stop the search thread (a running index build is cancelled at its next guide); False when it did not end."""
        return self.search_thread.stop()


def _refill(box: QComboBox, everything: str, entries: list[tuple[str, str]]) -> None:
    """`everything` (no filter), then `entries` as (text, data), keeping the entry chosen when it is still there."""
    chosen = box.currentData()
    box.blockSignals(True)
    box.clear()
    box.addItem(everything, None)
    for text, data in entries:
        box.addItem(text, data)
    box.setCurrentIndex(max(0, box.findData(chosen)))
    box.blockSignals(False)
