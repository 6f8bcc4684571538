"""A page's pictures, read and decoded on the render thread, so a picture at the pixel limit never holds up the GUI
thread (and the panic key with it): four 4096² pictures took 2.3 s to decode where the page was shown.

The decode goes through QImageReader.read, which lets go of Python's lock while it works (QImage.fromData keeps it,
and the panic keys' filter, which is Python, waited up to 1 s a picture), and only with the decoder of the format
the bytes were measured as. A picture wider than any reading pane is decoded at that width: JPEG scales while it
decodes, and no page holds more than a few MiB per picture.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QImage, QImageReader

from safelib.core.packs.limits import DEFAULT_LIMITS
from safelib.core.packs.media import PixelBudget, image_kind, image_problem, image_size
from safelib.core.packs.model import Pack
from safelib.core.problems import PackError
from safelib.core.render import RenderedGuide, media_url

WIDEST = 1600  # pixels: wider than the reading pane on a 1920-pixel screen


@dataclass(frozen=True)
class ShownGuide(RenderedGuide):
    """A rendered guide with its pictures decoded, keyed by the `pack:` address its HTML uses."""

    images: dict[str, QImage] = field(default_factory=dict)


def decode_pictures(pack: Pack | None, pictures: tuple[str, ...]) -> dict[str, QImage]:
    """Decode the pack's `pictures` that pass their checks and fit one page's pixel budget; the others are left out
    (the reader shows a blank pixel for them). Runs on the render thread: QImage is reentrant."""
    if pack is None:
        return {}
    limits = pack.source.limits
    budget = PixelBudget(DEFAULT_LIMITS)
    images = {}
    for rel in pictures:
        if rel not in pack.media:
            continue
        try:
            data = pack.source.read(rel, limits.max_image_bytes)
        except (PackError, OSError):
            continue
        size = image_size(data)
        if image_problem(data, limits) or size is None or not budget.take(rel, *size):
            continue
        image = decode(data, *size)
        if not image.isNull():
            images[media_url(pack.id, rel)] = image
    return images


def decode(data: bytes, width: int, height: int) -> QImage:
    """Decode a picture measured as `width` × `height`, with its own format's decoder only, at most WIDEST wide."""
    kind = image_kind(data)
    if kind is None:
        return QImage()
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, kind.encode())
    reader.setAutoDetectImageFormat(False)
    if width > WIDEST:
        reader.setScaledSize(QSize(WIDEST, max(1, height * WIDEST // width)))
    return reader.read()


def with_pictures(rendered: RenderedGuide, pack: Pack | None) -> ShownGuide:
    """`rendered` and its decoded pictures."""
    return ShownGuide(**vars(rendered), images=decode_pictures(pack, rendered.pictures))
