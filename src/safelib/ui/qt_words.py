"""Qt's own words (dialog buttons, the right-click menus of text) from our catalogs: Qt's are not shipped, and have no Kurdish."""

from __future__ import annotations

from PySide6.QtCore import QTranslator

from safelib.core.i18n import N_, _

TEXT_MENU = {
    "&Undo": N_("Undo"),
    "&Redo": N_("Redo"),
    "Cu&t": N_("Cut"),
    "&Copy": N_("Copy"),
    "&Paste": N_("Paste"),
    "Delete": N_("Delete"),
    "Select All": N_("Select All"),
    "Copy &Link Location": N_("Copy link address"),
}
# (Qt's translation context, Qt's English) → our message id; the contexts are Qt's class names.
QT_WORDS = {
    **{("QPlatformTheme", word): word for word in (N_("OK"), N_("Cancel"), N_("Close"))},
    **{(context, qt): ours for context in ("QLineEdit", "QWidgetTextControl") for qt, ours in TEXT_MENU.items()},
}


class QtWords(QTranslator):
    """Answers Qt's requests for the words above in the interface language; any other word stays Qt's."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        """The interface language's word, or None (Qt's own English, mnemonics included) when there is none."""
        ours = QT_WORDS.get((context, source))
        if ours is None:
            return None
        translated = _(ours)
        return translated if translated != ours else None
