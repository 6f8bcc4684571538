"""Receiving a pack in the window: what it is, in the reader's language, before anything is kept."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from safelib.core.i18n import N_, _, format_date, format_number, ngettext
from safelib.core.languages import native_name
from safelib.core.receive import TRUST_EXPLANATIONS, Offer
from safelib.ui.bidi import isolate
from safelib.ui.plain import plain

# How the received pack stands to the one with its id in the library ({installed}: that one's version).
RELATION_TEXTS = {
    "new": N_("New: there is no pack like it in your library yet."),
    "newer": N_("A newer version of a pack you have (version {installed}): it will replace it."),
    "same": N_("You already have this version ({installed}): there is nothing to add."),
    "older": N_("An OLDER version than the one you have ({installed})."),
    "unordered": N_("Its version cannot be compared with the version you have ({installed})."),
    "hijack": N_("It claims the place of a verified pack you have, but it is not signed by the same publisher."),
}
# Why it is not added, by Offer.refusal_kind ({problem}: the first error, with its file and line).
REFUSAL_TEXTS = {
    "tampered": N_("It is not added."),
    "broken": N_("It is not added: the pack is broken. {problem}"),
    "hijack": N_("It is refused: it may be an attempt to replace trusted guides with false ones."),
    "older": N_(
        "An old version can bring back advice that has since been corrected or withdrawn. It is added only if you insist."
    ),
    "unordered": N_(
        "Versions are numbers with dots, such as 2026.12.0; this one cannot be compared, so it may be older. "
        "It is added only if you insist."
    ),
}
CHANGE_LABELS = {"added": N_("Added: {title}"), "corrected": N_("Corrected: {title}"), "withdrawn": N_("Withdrawn: {title}")}


def trust_explanation(offer: Offer) -> str:
    """The signature state in plain words and what to do, in the interface language."""
    return _(TRUST_EXPLANATIONS[offer.trust.state]).format(signer=isolate(offer.trust.signer or "?"))


# Where an added pack is kept, said before it is added.
WHERE_TEXTS = {
    "vault": N_("It will be kept inside the vault, encrypted, and be there next time."),
    "folder": N_("It will be kept with the library, in the portable folder, and be there next time."),
    "session": N_("Nothing can be kept on this computer, so the pack stays in the library only until you close the program."),
}


def offer_details(offer: Offer, where: str) -> list[str]:
    """The paragraphs the dialog shows below the title: facts, signature, relation, refusal, what changed, where kept."""
    manifest = offer.manifest
    if manifest is None:
        return [_("This file cannot be added: {problem}").format(problem=offer.first_error() or offer.trust.reason)]
    installed = isolate(offer.installed.version) if offer.installed is not None else ""
    facts = [
        _("Language: {language}").format(language=native_name(manifest.language)),
        _("Version: {version}").format(version=isolate(manifest.version)),
        ngettext("{count} guide", "{count} guides", offer.guide_count).format(count=format_number(offer.guide_count)),
        _("Publisher: {publisher}").format(publisher=isolate(manifest.publisher)),
    ]
    paragraphs = ["\n".join(facts), trust_explanation(offer), _(RELATION_TEXTS[offer.relation]).format(installed=installed)]
    kind = offer.refusal_kind()
    if kind is not None:
        paragraphs.append(_(REFUSAL_TEXTS[kind]).format(problem=offer.first_error()))
    changes = offer.changes()
    if changes:
        lines = [_("What changed since version {version}:").format(version=installed)]
        for change in changes:
            lines.append(f"{isolate(change.version)} ({format_date(change.date)}): {change.summary}")
            for label, ids in (("added", change.added), ("corrected", change.corrected), ("withdrawn", change.withdrawn)):
                lines.extend("  • " + _(CHANGE_LABELS[label]).format(title=offer.title_of(guide_id)) for guide_id in ids)
        paragraphs.append("\n".join(lines))
    if kind in (None, "older", "unordered") and offer.relation != "same":
        paragraphs.append(_(WHERE_TEXTS[where]))
    return paragraphs


class OfferDialog(QDialog):
    """Shows an Offer and, if the reader confirms, emits `keep_requested(offer, insist)`; it never keeps anything itself."""

    keep_requested = Signal(object, bool)

    def __init__(self, offer: Offer, where: str, parent: QWidget | None = None, unnamed: Callable[[str], str] = str) -> None:
        super().__init__(parent)
        self.setObjectName("offer-dialog")
        self.offer = offer
        self.where = where  # "vault", "folder" or "session": see WHERE_TEXTS
        self.unnamed = unnamed  # with disguise on, hides the program's name in the title, publisher and problems
        self.heading = plain(QLabel())
        self.heading.setObjectName("offer-title")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.details = QTextEdit()
        self.details.setObjectName("offer-details")
        self.details.setReadOnly(True)
        self.details.setUndoRedoEnabled(False)  # read-only text, shown with setPlainText: each paragraph aligns by its script
        self.insist = QCheckBox()
        self.insist.setVisible(offer.refusal_kind() in ("older", "unordered"))
        self.insist.toggled.connect(self._update_add)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._keep)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.insist)
        layout.addWidget(self.buttons)
        self.resize(640, 480)
        self.retranslate()

    @property
    def add_button(self) -> QWidget:
        """The button that keeps the pack."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def retranslate(self) -> None:
        """Every string in the interface language."""
        manifest = self.offer.manifest
        self.setWindowTitle(_("Add guides"))
        self.heading.setText(self.unnamed(manifest.title if manifest is not None else self.offer.location.name))
        self.details.setPlainText(self.unnamed("\n\n".join(offer_details(self.offer, self.where))))
        self.details.setAccessibleName(_("What this pack is"))
        self.insist.setText(_("I understand the risk: add this version anyway"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Add to the library"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self._update_add()

    def _update_add(self) -> None:
        addable = self.offer.relation != "same" and self.offer.refusal_kind(self.insist.isChecked()) is None
        self.add_button.setEnabled(addable)

    def _keep(self) -> None:
        if self.add_button.isEnabled():
            self.keep_requested.emit(self.offer, self.insist.isChecked())
            self.accept()
