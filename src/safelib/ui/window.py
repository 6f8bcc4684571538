"""The reading window, a frame: it composes the library list, a search panel and a reading panel, with menus from the
action table, dialogs, drag and drop, the status bar, and panic, which wipes each panel in turn."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QTreeView,
    QWidget,
)

from safelib.core.disguise import disguise_name, masked
from safelib.core.i18n import _, catalog_language, set_language, use_catalogs
from safelib.core.languages import parse_language
from safelib.core.library import Library
from safelib.core.packs.model import Guide
from safelib.core.portable import PortableState
from safelib.ui.bidi import isolate
from safelib.ui.bookmarks import BookmarksMenu
from safelib.ui.checklist import ChecklistMenu, checklist_text, copy_plain
from safelib.ui.chooser import Chooser
from safelib.ui.compat import emit, emit_drops_a_reference_to_true
from safelib.ui.dialogs import AboutDialog, SettingsDialog
from safelib.ui.fonts import font_for_script
from safelib.ui.handover import Handover, dropped_location
from safelib.ui.icon import neutral_icon
from safelib.ui.idle import IdleLock
from safelib.ui.menus import Menus
from safelib.ui.models import LibraryModel
from safelib.ui.names import name_widgets
from safelib.ui.packs import PacksDialog
from safelib.ui.panic import PanicController, PanicKeys
from safelib.ui.plain import plain
from safelib.ui.qt_words import QtWords
from safelib.ui.reading_panel import ReadingPanel
from safelib.ui.search_panel import SearchPanel
from safelib.ui.session import Session
from safelib.ui.status import StatusBar
from safelib.ui.theme import apply_theme

PREFERRED_SIZE = QSize(1200, 760)
FRAME_ALLOWANCE = QSize(8, 36)  # a window manager's title bar and borders, before the first show tells the real ones
PROGRAM_TITLE = "safelib"


class MainWindow(QMainWindow):
    """The window the reader sees; `wipe()` and `restore_after_panic()` are what panic uses."""

    library_reloaded = Signal()

    def __init__(self, session: Session, language: str | None = None) -> None:
        super().__init__()
        emit_drops_a_reference_to_true()  # probe the binding here, before the worker thread emits too
        self.session = session
        settings = self.settings = session.settings
        self.language = language or settings["language"]
        self.asked_language = language  # `--lang`: wins over the language a vault saved, as over a settings file
        self.dialogs: list[QWidget] = []
        self.panic = PanicController(self, session)
        self.idle = IdleLock(session, self.panic.trigger)
        self.panic_keys = PanicKeys(self.panic, on_input=self.idle.poke)
        self.panic_keys.install()
        QApplication.installTranslator(QtWords(self))  # removed again when the window goes
        self._build()
        self.handover = Handover(self)
        reading = self.reading_panel
        self.checklist_menu = ChecklistMenu(reading.reader, lambda: reading.current_guide, self.panic.remember_copy)
        self.setAcceptDrops(True)  # a pack dropped anywhere on the window is offered for adding
        session.library_changed.connect(self._library_replaced)
        session.unlocked.connect(self._unlocked)
        session.save_failed.connect(self._save_failed)
        apply_theme(QApplication.instance(), settings["theme"])  # type: ignore[arg-type]
        self.set_interface_language(self.language)
        self.reading_panel.show_start_page()
        screen = self.screen() or QGuiApplication.primaryScreen()
        self.fit_into(screen.availableGeometry())

    @property
    def library(self) -> Library:
        """The session's library: the window never keeps one of its own."""
        return self.session.library

    @property
    def indexing(self) -> bool:
        """True while the search panel's indexes are being prepared."""
        return self.search_panel.indexing

    # ----- building -------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.setObjectName("main-window")
        self.library_model = LibraryModel(self.session, self.language)  # before the panels: it follows a new library first
        self.search_panel = search = SearchPanel(self.session)
        self.reading_panel = reading = ReadingPanel(self.session, unnamed=self.unnamed)
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setFloatable(False)
        self.toolbar.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        self.addToolBar(self.toolbar)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.panic_button = QPushButton()
        self.panic_button.setObjectName("panic")
        self.panic_button.clicked.connect(self.panic.trigger)
        self.panic_keys.buttons.append(self.panic_button)
        toolbar = (reading.back_button, reading.forward_button, search.search_box, search.category_filter, search.language_filter)
        for widget in (*toolbar, spacer, self.panic_button):
            self.toolbar.addWidget(widget)

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
        self.side = QStackedWidget()
        self.side.setObjectName("side-pane")
        self.side.addWidget(self.library_view)
        self.side.addWidget(search)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setObjectName("main-split")
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.side)
        self.split.addWidget(reading)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 3)
        self.split.setSizes([330, 870])
        self.setCentralWidget(self.split)

        self.status = StatusBar(self.session, search, self.library_model)
        self.status.packs_button.clicked.connect(self.open_packs)
        self.setStatusBar(self.status)

        search.results_wanted.connect(lambda wanted: self.side.setCurrentWidget(search if wanted else self.library_view))
        search.result_chosen.connect(reading.open_result)
        search.entered.connect(reading.focus_reader)
        reading.guide_opened.connect(self._guide_opened)
        search.language_filter.currentIndexChanged.connect(self._guides_language_chosen)
        reading.message.connect(self.statusBar().showMessage)
        reading.reader.copied.connect(self.panic.remember_copy)
        reading.compare.view.copied.connect(self.panic.remember_copy)  # text copied from the source beside, too
        self.bookmarks = BookmarksMenu(
            self.session, reading.reader, lambda: reading.current_guide, reading.open_guide, self.status.showMessage, self
        )
        reading.guide_opened.connect(self.bookmarks.opened)
        self.menus = Menus(self, self.settings["theme"], self.set_theme, self.set_interface_language, self.bookmarks.menu)
        self.menus.view_menu.insertAction(self.menus.commands["back"], reading.compare.action)
        self.panic_keys.actions = list(self.menus.commands.values())

    def fit_into(self, available: QRect) -> None:
        """Size and place the window inside the screen's free area (old laptops have 1024×600 or 1366×768)."""
        frame = FRAME_ALLOWANCE if self.frameGeometry() == self.geometry() else self.frameGeometry().size() - self.size()
        room = available.size() - frame
        size = QSize(min(PREFERRED_SIZE.width(), room.width()), min(PREFERRED_SIZE.height(), room.height()))
        self.resize(size)
        self.split.setSizes([size.width() * 3 // 11, size.width() * 8 // 11])
        spare = room - size
        self.move(available.topLeft() + QPoint(spare.width() // 2, spare.height() // 2))

    # ----- language, theme -----------------------------------------------------------------------------------------

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
        self.reading_panel.apply_font_size()
        self.search_panel.follow_language(guides)
        self.library_model.set_language(self.search_panel.language_filter.currentData() or language)
        self.menus.language_actions[language].setChecked(True)
        self.retranslate()
        self.reading_panel.follow_language(guides if self.search_panel.language_filter.findData(guides) > 0 else language)

    def _guides_language_chosen(self) -> None:
        """The toolbar's guide language is the library's too; the guide being read switches to it when translated."""
        chosen = self.search_panel.language_filter.currentData()
        self.library_model.set_language(chosen or self.language)
        if chosen:
            self.reading_panel.follow_language(chosen)

    def retranslate(self) -> None:
        """Set every user-visible string again, in the current interface language."""
        self.setWindowTitle(self._disguise() or PROGRAM_TITLE)
        self.setWindowIcon(neutral_icon())
        named = {self.panic_button: self._panic_words(), self.library_view: (_("Library"), _("Guides by subject"))}
        name_widgets(named)
        self.panic_button.setText(self._panic_words()[0])
        self.menus.retranslate()
        self.search_panel.retranslate()
        self.reading_panel.retranslate()
        self.status.retranslate()
        self.bookmarks.retranslate()
        self.library_model.retranslate()
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
        self.menus.theme_actions[theme].setChecked(True)
        apply_theme(QApplication.instance(), theme)  # type: ignore[arg-type]
        self.reading_panel.apply_font_size()  # a new application style sheet resets widget fonts
        self.reading_panel.show_again()  # a document keeps the link and text colours of the theme it was laid out in

    # ----- library, keys -------------------------------------------------------------------------------------------

    def _library_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        guide = self.library_model.guide_at(index)
        current = self.reading_panel.current_guide
        if guide is not None and (current is None or guide.key != current.key):
            self.reading_panel.open_guide(guide)

    def _guide_opened(self, guide: Guide) -> None:
        index = self.library_model.index_of(guide)
        if index.isValid():
            self.library_view.setCurrentIndex(index)

    def find_key(self) -> None:
        """Ctrl+F: find in the guide while reading it (the reader or the find bar has the focus), else search."""
        if self.reading_panel.find_bar.wants_find_key():
            self.reading_panel.find_bar.open()
        else:
            self.search_panel.focus_search()

    def focus_library(self) -> None:
        """Ctrl+L: back to the library list."""
        self.side.setCurrentWidget(self.library_view)
        self.library_view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ----- the session ---------------------------------------------------------------------------------------------

    def _library_replaced(self, _old: Library) -> None:
        """The session shows another library (reloaded, a vault opened, or locked away); the panels, which follow it
        themselves, have already done their part."""
        if self.session.is_locked:
            self.wipe()
            use_catalogs({})  # a vault kit's interface words go with its library
            self.menus.fill_languages()
            self.set_interface_language(self.language)
            return
        emit(self.library_reloaded)

    def _unlocked(self) -> None:
        """A vault was opened: its own colours, language and text size, and the safety page the first time."""
        apply_theme(QApplication.instance(), self.settings["theme"])  # type: ignore[arg-type]
        self.menus.theme_actions[self.settings["theme"]].setChecked(True)
        self.menus.fill_languages()  # open_vault_context took in the catalogs a vault kit keeps
        self.set_interface_language(self.asked_language or self.settings["language"])
        self.reading_panel.show_start_page()

    def _save_failed(self, problem: str) -> None:
        self.statusBar().showMessage(
            _("Settings could not be saved on the stick ({problem}); the stick keeps the ones saved before.").format(
                problem=isolate(problem)
            )
        )

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
        text = checklist_text(self.reading_panel.reader.textCursor(), self.reading_panel.current_guide)
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

    # ----- panic, lifetime -----------------------------------------------------------------------------------------

    def wipe(self) -> None:
        """Clear everything the reader saw or typed: each panel's own, the bookmarks menu, the dialogs, the library's
        selection."""
        self.bookmarks.wipe()  # first: it stops noting the reading place before the reading panel clears the page
        self.search_panel.wipe()
        self.reading_panel.wipe()
        for dialog in list(self.dialogs):
            dialog.close()
        self.library_view.clearSelection()
        self.library_view.setCurrentIndex(QModelIndex())
        self.side.setCurrentWidget(self.library_view)
        self.statusBar().clearMessage()  # "Added to the library: …", "Checklist copied."

    def restore_after_panic(self) -> None:
        """Come back from the decoy to a fresh library."""
        self.wipe()
        self.reading_panel.read_in.hide()
        self.show()
        self.raise_()
        self.activateWindow()
        self.library_view.setFocus()

    def shutdown(self) -> bool:
        """Stop the panic keys and the threads (a running index build is cancelled at its next guide): the one way the
        window ends, for the program and the tests. False when a thread is still running after its wait."""
        self.panic_keys.remove()
        rendered = self.reading_panel.shutdown()
        searched = self.search_panel.shutdown()
        inspected = self.handover.stop()
        written = self.session.stop()  # the vault's thread ends once every write asked of it is done
        return bool(rendered and searched and inspected and written)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window ends the program and wipes like panic does."""
        self.wipe()
        if self.panic.decoy is not None:
            self.panic.decoy.close()
        super().closeEvent(event)
