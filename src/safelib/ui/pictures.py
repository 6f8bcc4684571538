"""A page's pictures, read and decoded on the render thread, so a picture at the pixel limit never holds up the GUI
thread (and the panic key with it): four 4096² pictures took 2.3 s to decode where the page was shown."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QImage

from safelib.core.packs.limits import DEFAULT_LIMITS
from safelib.core.packs.media import PixelBudget, image_problem, image_size
from safelib.core.packs.model import Pack
from safelib.core.problems import PackError
from safelib.core.render import RenderedGuide, media_url


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
        image = QImage.fromData(data)
        if not image.isNull():
            images[media_url(pack.id, rel)] = image
    return images


def with_pictures(rendered: RenderedGuide, pack: Pack | None) -> ShownGuide:
    """`rendered` and its decoded pictures."""
    return ShownGuide(**vars(rendered), images=decode_pictures(pack, rendered.pictures))
