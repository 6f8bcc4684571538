"""The reading pane: a QTextBrowser that shows the core's sanitized HTML and loads nothing but the page's pictures."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QMimeData, Qt, QUrl, Signal
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from safelib.core.i18n import _
from safelib.core.markdown_work import TOO_HEAVY_FOR_READERS, TooMuchWork
from safelib.core.problems import PackError
from safelib.core.render import GUIDE_SCHEME, RenderedGuide
from safelib.ui.compat import emit
from safelib.ui.highlight import Marks
from safelib.ui.pictures import ShownGuide

# Clipboard formats that ask Windows clipboard history/cloud sync and KDE Klipper not to keep a copy.
PRIVATE_CLIPBOARD_FORMATS = {
    "ExcludeClipboardContentFromMonitorProcessing": b"1",
    "CanIncludeInClipboardHistory": b"\x00\x00\x00\x00",
    "CanUploadToCloudClipboard": b"\x00\x00\x00\x00",
    "x-kde-passwordManagerHint": b"secret",
}


class ReaderView(QTextBrowser):
    """Never follows links itself: `guide:` links are reported, `#section-N` anchors scroll, all else is ignored."""

    guide_link = Signal(str)
    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.anchorClicked.connect(self.follow)
        self._images: dict[str, QImage] = {}
        self.marks = Marks(self)
        self.textChanged.connect(self.marks.clear)  # marks point into the page they were found in

    def setHtml(self, text: str) -> None:
        """Show a page without pictures."""
        self._images = {}
        super().setHtml(text)

    def show_guide(self, guide: RenderedGuide) -> None:
        """Show a guide with the pictures the render thread decoded for it (a ShownGuide): nothing is decoded here."""
        self._images = guide.images if isinstance(guide, ShownGuide) else {}
        super().setHtml(guide.html)

    def show_refusal(self, error: PackError) -> None:
        """Say, as plain text, why a guide cannot be shown: in the reader's language first when it is too heavy."""
        reason = _("This guide cannot be shown: {problem}").format(problem=str(error))
        self.setPlainText(f"{_(TOO_HEAVY_FOR_READERS)}\n\n{reason}" if isinstance(error, TooMuchWork) else reason)

    def follow(self, url: QUrl) -> None:
        """Handle a clicked link: open a guide, jump to a section, or do nothing."""
        text = url.toString()
        if text.startswith(GUIDE_SCHEME + ":"):
            guide_id = text[len(GUIDE_SCHEME) + 1 :].lstrip("/").split("#")[0]
            if guide_id:
                emit(self.guide_link, guide_id)
        elif text.startswith("#") and len(text) > 1:
            self.scrollToAnchor(text[1:])

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        """Only the shown guide's decoded pictures resolve; any other picture is a blank pixel, anything else empty data.

        Returning nothing is not enough: QTextDocument then decodes `data:` URLs and reads local files
        (absolute, `file:` or relative to the working folder) by itself, and for a picture that does not
        decode, Qt's image handler loads the file named by `src` directly.
        """
        if kind != QTextDocument.ResourceType.ImageResource.value:
            return QByteArray()
        image = self._images.get(name.toString() if isinstance(name, QUrl) else name)
        if image is None:
            image = QImage(1, 1, QImage.Format.Format_ARGB32)
            image.fill(Qt.GlobalColor.transparent)
        return image

    def createMimeDataFromSelection(self) -> QMimeData:
        """Copied text is marked so clipboard history keeps no copy, and remembered so panic can clear it."""
        mime = super().createMimeDataFromSelection()
        for fmt, value in PRIVATE_CLIPBOARD_FORMATS.items():
            mime.setData(fmt, value)
        emit(self.copied, mime.text())
        return mime

    def wipe(self) -> None:
        """Forget the shown text, its marked words and every image resource the document cached."""
        self._images = {}
        self.marks.clear()
        self.document().clear()
        self.clear()
        self.clearHistory()
