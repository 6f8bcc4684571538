"""A plain, neutral window icon drawn at start-up, so the taskbar shows nothing that names the program."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap


def neutral_icon(size: int = 64) -> QIcon:
    """A sheet of lined paper: what any notes program might show."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    margin = size * 0.15
    painter.setPen(QPen(QColor("#777777"), max(1.0, size / 32)))
    painter.setBrush(QColor("#f4f1e8"))
    painter.drawRoundedRect(QRectF(margin, margin / 2, size - 2 * margin, size - margin), size / 16, size / 16)
    painter.setPen(QPen(QColor("#9aa5b1"), max(1.0, size / 40)))
    for i in range(4):
        y = margin + size * 0.18 * (i + 1)
        painter.drawLine(int(margin * 1.6), int(y), int(size - margin * 1.6), int(y))
    painter.end()
    return QIcon(pixmap)
