"""The program's name is hidden from every text the window shows when disguise is on."""

from __future__ import annotations

from safelib.core.disguise import disguise_name, masked
from safelib.core.settings import Settings


def test_every_spelling_of_the_name_is_replaced_only_with_disguise_on() -> None:
    text = "SafeLib guides, signed by safelib development build, in /media/stick/safelib-data/packs"
    assert masked(text, "Notes") == "Notes guides, signed by Notes development build, in /media/stick/Notes-data/packs"
    assert masked(text, None) == text


def test_the_disguise_name_comes_from_the_settings() -> None:
    assert disguise_name(Settings(None)) is None
    assert disguise_name(Settings(None, {"disguise": True, "disguise_title": "Recipes"})) == "Recipes"
