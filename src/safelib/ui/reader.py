"""The reading pane: a QTextBrowser that shows the core's sanitized HTML and loads nothing but pack images."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QMimeData, Qt, QUrl, Signal
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from safelib.core.packs.limits import DEFAULT_LIMITS
from safelib.core.packs.media import PixelBudget, image_problem, image_size
from safelib.core.problems import PackError
from safelib.core.render import GUIDE_SCHEME, parse_media_url
from safelib.ui.compat import emit
from safelib.ui.session import Session

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

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session  # pictures come from the library shown now, never from one kept here
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.anchorClicked.connect(self.follow)
        self._pixels = PixelBudget(DEFAULT_LIMITS)

    def setHtml(self, text: str) -> None:
        """Show a new page; its pictures get a fresh pixel budget."""
        self._pixels = PixelBudget(DEFAULT_LIMITS)
        super().setHtml(text)

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
        """Only pictures of loaded packs resolve; any other picture is a blank pixel, anything else empty data.

        Returning nothing is not enough: QTextDocument then decodes `data:` URLs and reads local files
        (absolute, `file:` or relative to the working folder) by itself, and for a picture that does not
        decode, Qt's image handler loads the file named by `src` directly.
        """
        if kind != QTextDocument.ResourceType.ImageResource.value:
            return QByteArray()
        image = self._pack_image(name.toString() if isinstance(name, QUrl) else name)
        if image is None:
            image = QImage(1, 1, QImage.Format.Format_ARGB32)
            image.fill(Qt.GlobalColor.transparent)
        return image

    def _pack_image(self, url: str) -> QImage | None:
        parsed = parse_media_url(url)
        if parsed is None:
            return None
        pack = self.session.library.pack(parsed[0])
        if pack is None or parsed[1] not in pack.media:
            return None
        limits = pack.source.limits
        try:
            data = pack.source.read(parsed[1], limits.max_image_bytes)
        except (PackError, OSError):
            return None
        size = image_size(data)
        if image_problem(data, limits) or size is None or not self._pixels.take(url, *size):
            return None
        image = QImage.fromData(data)
        return None if image.isNull() else image

    def createMimeDataFromSelection(self) -> QMimeData:
        """Copied text is marked so clipboard history keeps no copy, and remembered so panic can clear it."""
        mime = super().createMimeDataFromSelection()
        for fmt, value in PRIVATE_CLIPBOARD_FORMATS.items():
            mime.setData(fmt, value)
        emit(self.copied, mime.text())
        return mime

    def wipe(self) -> None:
        """Forget the shown text and every image resource the document cached."""
        self.document().clear()
        self.clear()
        self.clearHistory()
