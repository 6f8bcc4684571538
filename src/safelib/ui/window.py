"""The reading window: library, search and reader side by side; every action is a few calls into the core."""

from __future__ import annotations

import html

from PySide6.QtCore import (
    QEvent,
    QEventLoop,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from safelib.core.context import Context
from safelib.core.disguise import disguise_name, masked
from safelib.core.i18n import N_, _, catalog_language, format_number, interface_languages, ngettext, set_language, use_catalogs
from safelib.core.languages import native_name, parse_language
from safelib.core.library import Library, language_matches
from safelib.core.locales import is_rtl
from safelib.core.packs.model import CATEGORIES, Guide, Pack
from safelib.core.portable import PortableState
from safelib.core.problems import PackError
from safelib.core.render import RenderedGuide
from safelib.core.resources import is_checkout_content
from safelib.core.search.engine import SearchResults
from safelib.core.search.request import SearchRequest
from safelib.ui import actions
from safelib.ui.actions import ACTIONS
from safelib.ui.bidi import isolate
from safelib.ui.checklist import ChecklistMenu, checklist_text, copy_plain
from safelib.ui.chooser import Chooser
from safelib.ui.compare import ComparePane
from safelib.ui.compat import emit, emit_drops_a_reference_to_true
from safelib.ui.delegates import SnippetDelegate
from safelib.ui.dialogs import AboutDialog, SettingsDialog
from safelib.ui.find import FindBar
from safelib.ui.fonts import font_for_script
from safelib.ui.handover import Handover, dropped_location
from safelib.ui.history import History
from safelib.ui.icon import neutral_icon
from safelib.ui.idle import IdleLock
from safelib.ui.models import ANCHOR_ROLE, GUIDE_ROLE, MARK_ROLE, LibraryModel, ResultsModel, TocModel, category_title
from safelib.ui.packs import PacksDialog, gone_text, packs_with_problems, trust_text
from safelib.ui.panic import PanicController, PanicKeys
from safelib.ui.plain import plain
from safelib.ui.qt_words import QtWords
from safelib.ui.reader import ReaderView
from safelib.ui.safety import safety_page_html
from safelib.ui.session import Session
from safelib.ui.theme import THEMES, apply_theme
from safelib.ui.workers import RenderThread, SearchThread

DEBOUNCE_MS = 150
MIN_CONTENTS_POINTS = 9
PREFERRED_SIZE = QSize(1200, 760)
FRAME_ALLOWANCE = QSize(8, 36)  # a window manager's title bar and borders, before the first show tells the real ones
PROGRAM_TITLE = "safelib"
THEME_TITLES = {"light": N_("Light"), "dark": N_("Dark"), "high-contrast": N_("High contrast")}


class MainWindow(QMainWindow):
    """The window the reader sees; `wipe()` and `restore_after_panic()` are what panic uses."""

    search_finished = Signal()
    guide_opened = Signal(object)
    indexing_finished = Signal()
    library_reloaded = Signal()

    def __init__(self, session: Session, language: str | None = None) -> None:
        super().__init__()
        emit_drops_a_reference_to_true()  # probe the binding here, before the worker thread emits too
        self.session = session
        settings = self.settings = session.settings
        self.language = language or settings["language"]
        self.asked_language = language  # `--lang`: wins over the language a vault saved, as over a settings file
        self.history = History()
        self.current_guide: Guide | None = None
        self.gone: Guide | None = None  # the guide a reload took away while it was read (a translator's broken save)
        self.serial = 0
        self.indexing = True
        self.index_problem: str | None = None
        self.last_results: SearchResults | None = None
        self.dialogs: list[QWidget] = []
        self.panic = PanicController(self, session)
        self.panic_keys = PanicKeys(self.panic)
        QApplication.instance().installEventFilter(self.panic_keys)  # type: ignore[union-attr]
        self.idle = IdleLock(session, self.panic.trigger)
        QApplication.instance().installEventFilter(self.idle)  # type: ignore[union-attr]
        QApplication.installTranslator(QtWords(self))  # removed again when the window goes
        self._build()
        self.handover = Handover(self)
        self.checklist_menu = ChecklistMenu(self.reader, lambda: self.current_guide, self.panic.remember_copy)
        self.setAcceptDrops(True)  # a pack dropped anywhere on the window is offered for adding
        self.search_thread = SearchThread(session.search, self)
        session.library_changed.connect(self._library_replaced)
        session.unlocked.connect(self._unlocked)
        session.save_failed.connect(self._save_failed)
        session.release = self._release
        self.render_thread = RenderThread(self)
        self.render_thread.worker.done.connect(self._rendered)
        self.render_serial = 0
        self.render_waits: dict[int, QEventLoop] = {}
        self.render_answers: dict[int, RenderedGuide | PackError] = {}
        worker = self.search_thread.worker
        worker.progress.connect(self._index_progress)
        worker.prepared.connect(self._index_done)
        worker.prepare_failed.connect(self._index_failed)
        worker.found.connect(self._show_results)
        worker.failed.connect(self._search_failed)
        apply_theme(QApplication.instance(), settings["theme"])  # type: ignore[arg-type]
        self.set_interface_language(self.language)
        emit(self.search_thread.start_prepare)
        self._show_start_page()
        screen = self.screen() or QGuiApplication.primaryScreen()
        self.fit_into(screen.availableGeometry())

    @property
    def library(self) -> Library:
        """The session's library: the window never keeps one of its own."""
        return self.session.library

    # ----- building -------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.setObjectName("main-window")
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setFloatable(False)
        self.toolbar.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        self.addToolBar(self.toolbar)
        self.back_button = QToolButton()
        self.back_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.back_button.clicked.connect(self.go_back)
        self.forward_button = QToolButton()
        self.forward_button.setArrowType(Qt.ArrowType.RightArrow)
        self.forward_button.clicked.connect(self.go_forward)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("search")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(260)
        self.search_box.installEventFilter(self)
        self.category_filter = QComboBox()
        self._fill_category_filter()
        self.language_filter = QComboBox()
        self._fill_language_filter()
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.panic_button = QPushButton()
        self.panic_button.setObjectName("panic")
        self.panic_button.clicked.connect(self.panic.trigger)
        self.panic_keys.buttons.append(self.panic_button)
        for widget in (self.back_button, self.forward_button, self.search_box, self.category_filter, self.language_filter):
            self.toolbar.addWidget(widget)
        self.toolbar.addWidget(spacer)
        self.toolbar.addWidget(self.panic_button)

        self.library_model = LibraryModel(self.session, self.language)
        self.library_view = QTreeView()
        self.library_view.setObjectName("library")
        self.library_view.setModel(self.library_model)
        self.library_view.setHeaderHidden(True)
        self.library_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.library_view.setUniformRowHeights(False)
        self.library_view.activated.connect(self._library_activated)
        self.library_view.clicked.connect(self._library_activated)
        self.library_view.expandAll()
        self.library_model.modelReset.connect(self.library_view.expandAll)

        self.results_model = ResultsModel()
        self.results_view = QListView()
        self.results_view.setObjectName("results")
        self.results_view.setModel(self.results_model)
        self.results_view.setItemDelegate(SnippetDelegate(self.results_view))
        self.results_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.results_view.setWordWrap(True)
        self.results_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results_view.activated.connect(self._result_activated)
        self.results_view.clicked.connect(self._result_activated)
        self.results_status = plain(QLabel())
        self.results_status.setWordWrap(True)
        self.suggestion_button = QPushButton()
        self.suggestion_button.setObjectName("suggestion")
        self.suggestion_button.setFlat(True)
        self.suggestion_button.hide()
        self.suggestion_button.clicked.connect(self._use_suggestion)
        self.results_panel = results_panel = QWidget()
        results_layout = QVBoxLayout(results_panel)
        results_layout.setContentsMargins(4, 0, 4, 0)  # the status text must not touch the window edge
        results_layout.addWidget(self.results_status)
        results_layout.addWidget(self.suggestion_button)
        results_layout.addWidget(self.results_view, 1)

        self.side = QStackedWidget()
        self.side.setObjectName("side-pane")
        self.side.addWidget(self.library_view)
        self.side.addWidget(results_panel)

        self.read_in = QLabel()
        self.read_in.setObjectName("read-in")
        self.read_in.setTextFormat(Qt.TextFormat.RichText)
        self.read_in.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByKeyboard | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.read_in.linkActivated.connect(self._read_in_clicked)
        self.trust_note = plain(QLabel())
        self.trust_note.setObjectName("trust-note")
        self.trust_note.setWordWrap(True)
        self.trust_note.hide()
        self.reader = ReaderView()  # it shows the pictures the render thread decoded, and reads no pack itself
        self.reader.setObjectName("reader")
        self.reader.guide_link.connect(self._guide_link)
        self.reader.copied.connect(self.panic.remember_copy)
        self.toc_model = TocModel()
        self.toc_view = QListView()
        self.toc_view.setObjectName("contents")
        self.toc_view.setModel(self.toc_model)
        self.toc_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Long headings wrap onto more lines instead of running off the pane's edge.
        self.toc_view.setWordWrap(True)
        self.toc_view.setSpacing(3)  # Arabic-script headings need room between wrapped entries
        self.toc_view.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.toc_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.toc_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.toc_view.activated.connect(self._toc_activated)
        self.toc_view.clicked.connect(self._toc_activated)
        self.toc_title = QLabel()
        self.toc_panel = toc_panel = QWidget()
        toc_layout = QVBoxLayout(toc_panel)
        toc_layout.setContentsMargins(0, 0, 0, 0)
        toc_layout.addWidget(self.toc_title)
        toc_layout.addWidget(self.toc_view, 1)
        self.reading_split = QSplitter(Qt.Orientation.Horizontal)
        self.reading_split.setChildrenCollapsible(False)
        self.reading_split.addWidget(self.reader)
        self.compare = ComparePane(self.reader, lambda guide: self._render(guide, self.library.pack(guide.pack_id)))
        self.reading_split.addWidget(self.compare)
        self.reading_split.addWidget(toc_panel)
        for column, stretch in enumerate((4, 4, 1)):
            self.reading_split.setStretchFactor(column, stretch)
        reading_panel = QWidget()
        reading_layout = QVBoxLayout(reading_panel)
        reading_layout.setContentsMargins(0, 0, 0, 0)
        reading_layout.addWidget(self.read_in)
        reading_layout.addWidget(self.trust_note)
        reading_layout.addWidget(self.reading_split, 1)
        self.find_bar = FindBar(self.reader, lambda: self.current_guide.language if self.current_guide else self.language)
        reading_layout.addWidget(self.find_bar)

        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setObjectName("main-split")
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.side)
        self.split.addWidget(reading_panel)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 3)
        self.split.setSizes([330, 870])
        self.reading_split.setSizes([660, 0, 210])  # the source beside, when compared, takes half the reader's
        self.setCentralWidget(self.split)

        self.index_status = plain(QLabel())
        self.index_progress = QProgressBar()
        self.index_progress.setMaximumWidth(220)
        self.index_progress.setTextVisible(False)
        self.statusBar().addWidget(self.index_status, 1)
        self.packs_button = QPushButton()
        self.packs_button.setObjectName("packs-notice")
        self.packs_button.setFlat(True)
        self.packs_button.clicked.connect(self.open_packs)
        self.statusBar().addPermanentWidget(self.packs_button)
        self.statusBar().addPermanentWidget(self.index_progress)
        self.statusBar().setSizeGripEnabled(False)

        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.run_search)
        self.search_box.textChanged.connect(self._search_text_changed)
        self.category_filter.currentIndexChanged.connect(self._filters_changed)
        self.language_filter.currentIndexChanged.connect(self._filters_changed)
        self.language_filter.currentIndexChanged.connect(self._guides_language_chosen)
        self.guide_opened.connect(lambda guide: self.compare.follow(guide, self.library.source_of(guide)))
        self.toc_model.modelReset.connect(lambda: self.toc_panel.setVisible(self.toc_model.rowCount() > 0))
        self.toc_panel.hide()
        self._build_menus()

    def _fill_category_filter(self) -> None:
        """ "All subjects", then only the subjects the library has guides in (a vault's library hints at no other)."""
        chosen = self.category_filter.currentData()
        present = {guide.category for guide in self.library.guides()}
        self.category_filter.blockSignals(True)
        self.category_filter.clear()
        self.category_filter.addItem(_("All subjects"), None)
        for category in CATEGORIES:
            if category in present:
                self.category_filter.addItem(category_title(category), category)
        self.category_filter.setCurrentIndex(max(0, self.category_filter.findData(chosen)))
        self.category_filter.blockSignals(False)

    def _fill_language_filter(self) -> None:
        """One entry per language the library has guides in, after "All languages"."""
        chosen = self.language_filter.currentData()
        self.language_filter.blockSignals(True)
        self.language_filter.clear()
        self.language_filter.addItem(_("All languages"), None)
        for tag in self.library.languages():
            self.language_filter.addItem(native_name(tag), tag)
        self.language_filter.setCurrentIndex(max(0, self.language_filter.findData(chosen)))
        self.language_filter.blockSignals(False)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.view_menu = QMenu(self)
        self.language_menu = QMenu(self)
        self.help_menu = QMenu(self)
        for menu in (self.view_menu, self.language_menu, self.help_menu):
            bar.addMenu(menu)
        menus = {"view": self.view_menu, "help": self.help_menu}
        self.commands: dict[str, QAction] = {}
        for spec in ACTIONS:
            action = QAction(self)
            action.setShortcuts([QKeySequence(shortcut) for shortcut in spec.shortcuts])
            action.triggered.connect(getattr(self, spec.slot))
            if spec.menu:  # an action without a menu is a key only
                if spec.separated:
                    menus[spec.menu].addSeparator()
                menus[spec.menu].addAction(action)
            self.addAction(action)  # shortcuts work while the menu bar is hidden behind a dialog
            self.commands[spec.name] = action
        self.view_menu.insertAction(self.commands["back"], self.compare.action)
        self.theme_menu = self.view_menu.addMenu("")
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for theme in THEMES:
            action = QAction(self, checkable=True)
            action.setChecked(theme == self.settings["theme"])
            action.triggered.connect(lambda _checked=False, t=theme: self.set_theme(t))
            self.theme_group.addAction(action)
            self.theme_menu.addAction(action)
            self.theme_actions[theme] = action
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        self._fill_language_menu()
        self.panic_keys.actions = list(self.commands.values())

    def _fill_language_menu(self) -> None:
        """One entry per interface language: a vault kit brings its catalogs when it opens and takes them when it locks."""
        for action in self.language_actions.values():
            self.language_group.removeAction(action)
            self.language_menu.removeAction(action)
            action.deleteLater()
        self.language_actions.clear()
        for tag in interface_languages():
            action = QAction(native_name(tag), self, checkable=True)
            action.triggered.connect(lambda _checked=False, t=tag: self.set_interface_language(t))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[tag] = action

    def fit_into(self, available: QRect) -> None:
        """Size and place the window inside the screen's free area (old laptops have 1024×600 or 1366×768)."""
        frame = FRAME_ALLOWANCE if self.frameGeometry() == self.geometry() else self.frameGeometry().size() - self.size()
        room = available.size() - frame
        size = QSize(min(PREFERRED_SIZE.width(), room.width()), min(PREFERRED_SIZE.height(), room.height()))
        self.resize(size)
        self.split.setSizes([size.width() * 3 // 11, size.width() * 8 // 11])
        spare = room - size
        self.move(available.topLeft() + QPoint(spare.width() // 2, spare.height() // 2))

    # ----- language, theme, text size ------------------------------------------------------------------------------

    def set_interface_language(self, language: str) -> None:
        """Switch every string and the layout direction; the library lists guides in that language.

        A language with guides but no words for the interface (a translator's `sdh`) lists its guides in a window
        that speaks the nearest language that has them."""
        guides = language
        language = catalog_language(language)
        set_language(language)
        self.language = language
        if self.settings["language"] != language:
            self.settings.set("language", language)
        rtl = parse_language(language).rtl
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        app.setFont(font_for_script(QApplication.font(), rtl))
        self.apply_font_size()
        if not self.search_box.text().strip():  # never change the filter under a search the reader is looking at
            asked = self.language_filter.findData(guides)
            self.language_filter.setCurrentIndex(
                asked if asked > 0 else max(0, self.language_filter.findData(self._guide_language()))
            )
        self.library_model.set_language(self.language_filter.currentData() or language)
        self.language_actions[language].setChecked(True)
        self.retranslate()
        wanted = guides if self.language_filter.findData(guides) > 0 else language
        if self.current_guide is not None and not language_matches(self.current_guide.language, wanted):
            translated = self.library.translations(self.current_guide)
            match = next((g for tag, g in translated.items() if language_matches(tag, wanted)), None)
            if match is not None:
                self.open_guide(match)
        elif self.current_guide is None and self.reader.toPlainText() and self._showing_safety:
            self.show_safety_page()

    def _guides_language_chosen(self) -> None:
        """The toolbar's guide language is the library's too; the guide being read switches to it when translated."""
        chosen = self.language_filter.currentData()
        self.library_model.set_language(chosen or self.language)
        guide = self.current_guide
        if chosen and guide is not None and not language_matches(guide.language, chosen):
            match = next((g for tag, g in self.library.translations(guide).items() if language_matches(tag, chosen)), None)
            if match is not None:
                self.open_guide(match)

    def _guide_language(self) -> str | None:
        """Guides default to the interface language when there are any in it."""
        return next((tag for tag in self.library.languages() if language_matches(tag, self.language)), None)

    def retranslate(self) -> None:
        """Set every user-visible string again, in the current interface language."""
        self.setWindowTitle(self._disguise() or PROGRAM_TITLE)
        self.setWindowIcon(neutral_icon())
        named = {
            self.back_button: (_("Back"), _("Back to the previous guide (Alt+Left)")),
            self.forward_button: (_("Forward"), _("Forward to the next guide (Alt+Right)")),
            self.search_box: (_("Search"), _("Search all guides (Ctrl+K)")),
            self.category_filter: (_("Category"), _("Only guides in this category")),
            self.language_filter: (_("Language of the guides"), _("Only guides in this language")),
            self.panic_button: self._panic_words(),
            self.library_view: (_("Library"), _("Guides by subject")),
            self.results_view: (_("Search results"), ""),
            self.reader: (_("Guide"), ""),
            self.toc_view: (_("Contents"), _("Sections of this guide")),
            self.read_in: (_("Read in another language"), ""),
            self.suggestion_button: (_("Did you mean"), ""),
            self.index_progress: (_("Preparing search"), ""),
            self.results_status: (_("Search status"), ""),
            self.index_status: (_("Status"), ""),
            self.trust_note: (_("Signature"), ""),
            self.packs_button: (_("Packs and signatures"), _("Show every pack, its signature and its problems")),
            self.toc_title: (_("Contents"), ""),
        }
        for widget, (name, tip) in named.items():
            widget.setAccessibleName(name)
            widget.setToolTip(tip)
        rtl = QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
        self.back_button.setArrowType(Qt.ArrowType.RightArrow if rtl else Qt.ArrowType.LeftArrow)
        self.forward_button.setArrowType(Qt.ArrowType.LeftArrow if rtl else Qt.ArrowType.RightArrow)
        self.panic_button.setText(self._panic_words()[0])
        self.search_box.setPlaceholderText(_("Search all guides…"))
        self.toc_title.setText(_("Contents"))
        self.category_filter.setItemText(0, _("All subjects"))
        for row in range(1, self.category_filter.count()):
            self.category_filter.setItemText(row, category_title(self.category_filter.itemData(row)))
        self.language_filter.setItemText(0, _("All languages"))
        self.view_menu.setTitle(_("&View"))
        self.language_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        self.theme_menu.setTitle(_("Colours"))
        for theme, action in self.theme_actions.items():
            action.setText(_(THEME_TITLES[theme]))
        actions.retranslate(self.commands)
        self.find_bar.retranslate()
        self.compare.retranslate()
        self.library_model.retranslate()
        self._update_packs_notice()
        self._update_read_in()
        self._update_results_status()
        self._update_navigation()
        self._update_index_status()
        for dialog in self.dialogs:
            retranslate = getattr(dialog, "retranslate", None)
            if retranslate is not None:
                retranslate()
        if self.panic.decoy is not None:
            self.panic.decoy.retranslate()

    def _panic_words(self) -> tuple[str, str]:
        """The panic button's text and tip: on a vault stick it locks (the same words whichever library is open)."""
        if self.session.vault_mode:
            return _("Lock"), _("Lock at once: only the code opens it again (Esc twice, or Ctrl+Shift+H)")
        return _("Hide now"), _("Hide this window at once (Esc twice, or Ctrl+Shift+H)")

    def set_theme(self, theme: str) -> None:
        """Light, dark or high contrast, for every window."""
        self.settings.set("theme", theme)
        self.theme_actions[theme].setChecked(True)
        apply_theme(QApplication.instance(), theme)  # type: ignore[arg-type]
        self.apply_font_size()  # a new application style sheet resets widget fonts
        self._show_again()  # a document keeps the link and text colours of the theme it was laid out in

    def _show_again(self) -> None:
        """The open guide or safety page again, at the same place."""
        position = self.reader.verticalScrollBar().value()
        if self.current_guide is not None:
            self.open_guide(self.current_guide, record=False)
        elif self._showing_safety:
            self.show_safety_page()
        self.reader.verticalScrollBar().setValue(position)

    def bigger_text(self) -> None:
        """Ctrl+= or Ctrl++."""
        self.change_font_size(+1)

    def smaller_text(self) -> None:
        """Ctrl+-."""
        self.change_font_size(-1)

    def change_font_size(self, step: int) -> None:
        """Ctrl+= / Ctrl+- : the reader's text size, within the setting's limits."""
        size = min(40, max(8, self.settings["font_size"] + step))
        self.settings.set("font_size", size)
        self.apply_font_size()

    def apply_font_size(self) -> None:
        """Give the reader, and a little smaller its contents, the chosen size, with the Arabic font first for
        right-to-left guides."""
        rtl = is_rtl(self.current_guide.language) if self.current_guide is not None else parse_language(self.language).rtl
        font = font_for_script(QApplication.font(), rtl)
        font.setPointSize(self.settings["font_size"])
        self.reader.setFont(font)
        self.reader.document().setDefaultFont(font)
        contents = QFont(font)
        contents.setPointSize(max(MIN_CONTENTS_POINTS, self.settings["font_size"] - 2))
        self.toc_view.setFont(contents)
        self.compare.set_point_size(self.settings["font_size"])

    # ----- start page, reading -------------------------------------------------------------------------------------

    _showing_safety = False

    def _show_start_page(self) -> None:
        if not self.settings["first_run_done"]:
            self.show_safety_page()
            self.settings.set("first_run_done", True)

    def show_safety_page(self) -> None:
        """The "How to use this safely" page, in the interface language."""
        self.current_guide = None
        self.reader.setHtml(safety_page_html(self.language, bool(self.settings["panic_pin"]), self.session.vault_mode))
        self._showing_safety = True
        self.compare.follow(None, None)
        self.toc_model.set_headings([])
        self._update_read_in()
        self._update_navigation()

    def open_guide(self, guide: Guide, record: bool = True) -> bool:
        """Render a guide with the core and show it, with its contents and its other languages."""
        pack = self.library.pack(guide.pack_id)
        rendered = self._render(guide, pack)
        if rendered is None:
            return False  # panic, or another guide was opened while this one was rendered
        if isinstance(rendered, PackError):
            self.reader.setPlainText(_("This guide cannot be shown: {problem}").format(problem=str(rendered)))
            return False
        self.current_guide = guide
        self._showing_safety = False
        self.apply_font_size()
        if pack is not None and not self.session.vault_mode and not pack.source.location.exists():
            self.statusBar().showMessage(_("The pack of this guide was removed from the computer; its pictures cannot be shown."))
        self.reader.show_guide(rendered)
        self.toc_model.set_headings(rendered.toc)
        if record:
            self.history.visit(guide.key)
        index = self.library_model.index_of(guide)
        if index.isValid():
            self.library_view.setCurrentIndex(index)
        self._update_read_in()
        self._update_navigation()
        emit(self.guide_opened, guide)
        return True

    def _render(self, guide: Guide, pack: Pack | None) -> RenderedGuide | PackError | None:
        """Render on the render thread while this thread keeps handling events, so the panic key works during a slow
        guide; None when panic or a newer open came first (its page is then dropped, never shown)."""
        self.render_serial += 1
        serial = self.render_serial
        loop = QEventLoop()
        self.render_waits[serial] = loop
        emit(self.render_thread.requested, serial, guide, pack)
        try:
            loop.exec()
        finally:
            del self.render_waits[serial]
        result = self.render_answers.pop(serial, None)
        return result if serial == self.render_serial else None

    def _rendered(self, serial: int, result: RenderedGuide | PackError) -> None:
        """A page from the render thread: kept for the open still waiting for it, dropped otherwise."""
        loop = self.render_waits.get(serial)
        if loop is not None:
            self.render_answers[serial] = result
            loop.quit()

    def open_guide_id(self, guide_id: str) -> bool:
        """Open a guide by id in the interface language (any language when it has no such translation)."""
        guide = self.library.guide(guide_id, lang=self._guide_language() or self.language)
        return guide is not None and self.open_guide(guide)

    def _guide_link(self, guide_id: str) -> None:
        current = self.current_guide
        guide = self.library.guide(
            guide_id, pack_id=current.pack_id if current else None, lang=current.language if current else self.language
        )
        if guide is not None:
            self.open_guide(guide)

    def _update_trust_note(self) -> None:
        """Above a guide from a pack that is not verified: say so, every time it is shown.

        A source checkout's own `content/` is exempt: it is the code being run, and release builds sign it.
        """
        pack = self.library.pack(self.current_guide.pack_id) if self.current_guide is not None else None
        if pack is None or pack.trust.state == "verified" or is_checkout_content(pack.source.location):
            self.trust_note.clear()
            self.trust_note.hide()
            return
        self.trust_note.setText(trust_text(pack.trust))
        self.trust_note.show()

    def _update_packs_notice(self) -> None:
        """A button in the status bar when a pack was refused or has errors; it opens the packs dialog."""
        count = packs_with_problems(self.library)
        self.packs_button.setText(
            ngettext("{count} pack has a problem", "{count} packs have problems", count).format(count=format_number(count))
        )
        self.packs_button.setVisible(count > 0)

    def _update_read_in(self) -> None:
        self._update_trust_note()
        guide = self.current_guide
        if guide is None:
            self.read_in.clear()
            self.read_in.hide()
            return
        parts = []
        for tag, other in sorted(self.library.translations(guide).items(), key=lambda item: _language_order(item[0])):
            name = html.escape(isolate(native_name(tag)))
            parts.append(f"<b>{name}</b>" if other.key == guide.key else f'<a href="lang:{html.escape(tag)}">{name}</a>')
        self.read_in.setText(html.escape(_("Read in:")) + " " + " · ".join(parts))
        self.read_in.show()

    def _read_in_clicked(self, link: str) -> None:
        if self.current_guide is None or not link.startswith("lang:"):
            return
        other = self.library.translations(self.current_guide).get(link[len("lang:") :])
        if other is not None:
            self.open_guide(other)

    def _library_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        guide = self.library_model.guide_at(index)
        if guide is not None and (self.current_guide is None or guide.key != self.current_guide.key):
            self.open_guide(guide)

    def _toc_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        anchor = index.data(ANCHOR_ROLE)
        if anchor:
            self.reader.scrollToAnchor(anchor)

    def go_back(self) -> None:
        """The previous guide of this session."""
        self._go(self.history.back())

    def go_forward(self) -> None:
        """The next guide of this session (after going back)."""
        self._go(self.history.forward())

    def _go(self, key: tuple[str, str] | None) -> None:
        if key is None:
            return
        pack = self.library.pack(key[0])
        guide = pack.guides.get(key[1]) if pack is not None else None
        if guide is not None:
            self.open_guide(guide, record=False)

    def _update_navigation(self) -> None:
        self.back_button.setEnabled(self.history.can_go_back())
        self.forward_button.setEnabled(self.history.can_go_forward())

    def find_key(self) -> None:
        """Ctrl+F: find in the guide while reading it (the reader or the find bar has the focus), else search."""
        if self.find_bar.wants_find_key():
            self.find_bar.open()
        else:
            self.focus_search()

    def focus_search(self) -> None:
        """Ctrl+K: put the cursor in the search box, text selected."""
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def find_in_guide(self) -> None:
        """The find bar under the guide."""
        self.find_bar.open()

    def focus_library(self) -> None:
        """Ctrl+L: back to the library list."""
        self.side.setCurrentWidget(self.library_view)
        self.library_view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ----- search --------------------------------------------------------------------------------------------------

    def _search_text_changed(self, text: str) -> None:
        if not text.strip():
            self.debounce.stop()
            self.serial += 1
            self.results_model.clear()
            self.last_results = None
            self.suggestion_button.hide()
            self.side.setCurrentWidget(self.library_view)
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
        self.side.setCurrentWidget(self.results_panel)

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

    def _result_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        guide = index.data(GUIDE_ROLE)
        if guide is not None and self.open_guide(guide):
            self.reader.marks.show_search(index.data(MARK_ROLE), guide.language)

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
                    self._result_activated(current)
                    self.reader.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    # ----- indexing ------------------------------------------------------------------------------------------------

    def _index_progress(self, pack_id: str, done: int, total: int) -> None:
        self.index_progress.setMaximum(max(1, total))
        self.index_progress.setValue(done)
        self._update_index_status()

    def _update_index_status(self) -> None:
        """Preparing, ready or not available, in the interface language (also after a language switch)."""
        if self.indexing:
            self.index_status.setText(_("Preparing search…"))
        elif self.index_problem is not None:
            self.index_status.setText(_("Search is not available: {problem}").format(problem=self.index_problem))
        else:
            count = self.library_model.guide_count()
            self.index_status.setText(
                ngettext("Ready: {count} guide", "Ready: {count} guides", count).format(count=format_number(count))
            )

    def _index_done(self) -> None:
        self.indexing = False
        self.index_problem = None
        self.index_progress.hide()
        self._update_index_status()
        if self.side.currentIndex() == 1 and self.last_results is None:
            self.results_status.setText(_("Searching…"))
        emit(self.indexing_finished)

    def _index_failed(self, message: str) -> None:
        self.indexing = False
        self.index_problem = message
        self.index_progress.hide()
        self._update_index_status()
        emit(self.indexing_finished)

    # ----- reloading ------------------------------------------------------------------------------------------------

    def _library_replaced(self, old: Library) -> None:
        """The session shows another library: reloaded (the same guide at the same place, with the new text), a vault
        opened, or locked away. The search thread follows; it closes the old library once it no longer reads it."""
        self._fill_language_filter()
        self._fill_category_filter()
        if self.session.is_locked:
            self.wipe()
            use_catalogs({})  # a vault kit's interface words go with its library
            self._fill_language_menu()
            self.set_interface_language(self.language)
            return
        self.indexing = True
        self.index_progress.show()
        self._update_index_status()
        emit(self.search_thread.start_switch, self.session.search, self.library, old)
        guide = self.current_guide or self.gone  # a guide a broken save took away comes back once it is fixed
        if guide is not None:
            pack = self.library.pack(guide.pack_id)
            fresh = pack.guides.get(guide.id) if pack is not None else None
            position = self.reader.verticalScrollBar().value()
            if fresh is not None and self.open_guide(fresh, record=False):
                self.gone = None
                self.reader.verticalScrollBar().setValue(position)
            elif self.current_guide is not None:
                self.current_guide, self.gone = None, guide
                self.toc_model.set_headings([])
                self.compare.follow(None, None)
                self.reader.setPlainText(self.unnamed(gone_text(self.library.why_missing(guide))))
                self._update_read_in()
        self._update_packs_notice()
        self.run_search()
        emit(self.library_reloaded)

    def _unlocked(self) -> None:
        """A vault was opened: its own colours, language and text size, and the safety page the first time."""
        apply_theme(QApplication.instance(), self.settings["theme"])  # type: ignore[arg-type]
        self.theme_actions[self.settings["theme"]].setChecked(True)
        self._fill_language_menu()  # open_vault_context took in the catalogs a vault kit keeps
        self.set_interface_language(self.asked_language or self.settings["language"])
        self._show_start_page()

    def _save_failed(self, problem: str) -> None:
        self.statusBar().showMessage(
            _("Settings could not be saved on the stick ({problem}); the stick keeps the ones saved before.").format(
                problem=isolate(problem)
            )
        )

    def _release(self, context: Context) -> None:
        """A locked library's context: closed by the search thread after its current task (a build stops early)."""
        self.search_thread.worker.abandoned = True
        emit(self.search_thread.start_switch, None, self.session.empty, context)

    # ----- dialogs -------------------------------------------------------------------------------------------------

    def unnamed(self, text: str) -> str:
        """`text` as the window may show it: with disguise on, without the program's name."""
        return masked(text, self._disguise())

    def _disguise(self) -> str | None:
        """The neutral name shown instead of the program's: the reader's choice, and always on a vault stick."""
        return disguise_name(self.settings) or (self.settings["disguise_title"] if self.session.vault_mode else None)

    def open_settings(self) -> SettingsDialog:
        """The in-app settings dialog."""
        dialog = SettingsDialog(self.session, self)
        self._open_dialog(dialog)
        dialog.accepted.connect(self.retranslate)
        return dialog

    def open_packs(self) -> PacksDialog:
        """Every pack found, its signature and its problems."""
        dialog = PacksDialog(self.session, self, self.unnamed)
        dialog.export_requested.connect(self.handover.choose_export)
        self._open_dialog(dialog)
        return dialog

    def copy_checklist(self) -> bool:
        """Copy the list at the reader's cursor, else the guide's checklist, as plain text (panic clears it)."""
        text = checklist_text(self.reader.textCursor(), self.current_guide)
        if text is None:
            self.statusBar().showMessage(_("This guide has no checklist."))
            return False
        copy_plain(text, self.panic.remember_copy)
        self.statusBar().showMessage(_("Checklist copied."))
        return True

    def add_guides(self) -> Chooser:
        """Choose a received pack in the in-app chooser, see what it is, and add it."""
        return self.handover.choose_pack()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept a dropped file or folder; whether it is a pack is checked once it is dropped."""
        if dropped_location(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """A dropped pack is offered for adding, as if chosen with "Add guides…"."""
        location = dropped_location(event.mimeData())
        if location is not None:
            event.acceptProposedAction()
            self.handover.receive(location)

    def open_about(self) -> AboutDialog:
        """Version and promises."""
        dialog = AboutDialog(self)
        self._open_dialog(dialog)
        return dialog

    def show_unwritable_notice(self, state: PortableState) -> None:
        """Say, in the window's language, that the portable folder cannot be written and nothing will be saved."""
        if state.unwritable is None:
            return
        text = _("Cannot write to {folder} ({reason}), so nothing will be saved this time.").format(
            folder=isolate(self.unnamed(str(state.unwritable))), reason=isolate(state.reason)
        )
        self._open_dialog(plain(QMessageBox(QMessageBox.Icon.Warning, self.windowTitle(), text, parent=self)))

    def _open_dialog(self, dialog: QWidget) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialogs.append(dialog)
        dialog.destroyed.connect(lambda _obj=None, d=dialog: self.dialogs.remove(d) if d in self.dialogs else None)
        # Modeless: a modal dialog would make the window drop clicks on "Hide now" before any filter sees them.
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    # ----- panic ---------------------------------------------------------------------------------------------------

    def wipe(self) -> None:
        """Clear everything the reader saw or typed: reader, search, results, history, contents, dialogs."""
        self.debounce.stop()
        self.render_serial += 1  # a guide still being rendered is dropped when it arrives
        for loop in self.render_waits.values():
            loop.quit()
        self.render_answers.clear()
        self.serial += 1
        self.search_thread.worker.latest = self.serial
        for dialog in list(self.dialogs):
            dialog.close()
        self.search_box.blockSignals(True)
        self.search_box.setText("")  # setText, unlike clear(), also empties the undo history
        self.search_box.blockSignals(False)
        self.results_model.clear()
        self.last_results = None
        self.results_status.clear()
        self.suggestion_button.hide()
        self.suggestion_button.setProperty("suggestion", None)
        self.reader.wipe()
        self.find_bar.wipe()
        self.toc_model.set_headings([])
        self.compare.wipe()
        self.history.clear()
        self.current_guide = self.gone = None
        self._showing_safety = False
        self.read_in.clear()
        self.trust_note.clear()
        self.trust_note.hide()
        self.library_view.clearSelection()
        self.library_view.setCurrentIndex(QModelIndex())
        self.side.setCurrentWidget(self.library_view)
        self.statusBar().clearMessage()  # "Added to the library: …", "Checklist copied."
        self._update_navigation()

    def restore_after_panic(self) -> None:
        """Come back from the decoy to a fresh library."""
        self.wipe()
        self.read_in.hide()
        self.show()
        self.raise_()
        self.activateWindow()
        self.library_view.setFocus()

    # ----- lifetime ------------------------------------------------------------------------------------------------

    def shutdown(self) -> bool:
        """Stop the panic keys and the threads (a running index build is cancelled at its next guide): the one way the
        window ends, for the program and the tests. False when a thread is still running after its wait."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.panic_keys)
            app.removeEventFilter(self.idle)
        rendered = self.render_thread.stop()
        searched = self.search_thread.stop()
        inspected = self.handover.stop()
        unlocked = self.panic.stop()
        return bool(rendered and searched and inspected and unlocked)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window ends the program and wipes like panic does."""
        self.wipe()
        if self.panic.decoy is not None:
            self.panic.decoy.close()
        super().closeEvent(event)


def _language_order(tag: str) -> tuple[int, str]:
    primary = tag.split("-")[0]
    order = {"en": 0, "ar": 1, "ckb": 2, "kmr": 3, "ku": 3}
    return (order.get(primary, 9), tag)
