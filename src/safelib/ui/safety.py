"""The "How to use this safely" page, built in code from translatable sentences."""

from __future__ import annotations

import html

from safelib.core.i18n import _
from safelib.core.languages import parse_language


def safety_page_html(language: str, pin_set: bool, vault: bool = False) -> str:
    """Short HTML: what panic does, and honestly what the program can and cannot hide (on a vault stick, how the
    code opens it again: the same page whichever library the code opened)."""
    title = _("How to use this safely")
    # Until a catalog translates the page it is English, and English must not be laid out right to left.
    translated = title != "How to use this safely"
    direction = parse_language(language).direction if language and translated else "ltr"
    unlock = (
        _("In the calculator, type your code and then = to open the library again.")
        if vault
        else _("In the calculator, type your PIN and then = to come back to the library.")
        if pin_set
        else _("In the calculator, type 0 0 0 and then = to come back to the library. You can choose your own PIN in Settings.")
    )
    sections = [
        ("h1", title),
        ("h2", _("The panic key")),
        (
            "p",
            _(
                "Press Esc twice quickly, or Ctrl+Shift+H, or the red button at the top. The window disappears at once, "
                "what you were reading and searching is wiped, and a calculator appears in its place."
            ),
        ),
        ("p", unlock),
        ("p", _("In Settings you can make the panic key close the program instead.")),
        ("h2", _("What this program hides")),
        (
            "li",
            _("It keeps no history of what you read or searched. When you close it or press the panic key, it is gone."),
        ),
        ("li", _("It writes nothing to this computer unless you run it from a stick in portable mode.")),
        ("li", _("It never connects to the internet.")),
        ("li", _("It can show a neutral window title and icon (Settings).")),
        ("h2", _("What it cannot hide")),
        ("li", _("The computer itself may record that a program was started, or that a USB stick was plugged in.")),
        (
            "li",
            _("Text you copy may be kept by clipboard history or sync (Windows: Win+V). The panic key clears what you copied."),
        ),
        ("li", _("Spying software already installed on the computer can see everything you do.")),
        ("li", _("Someone standing behind you can see your screen. Sit where others cannot.")),
    ]
    parts: list[str] = []
    in_list = False
    for tag, text in sections:
        if tag == "li" and not in_list:
            parts.append("<ul>")
            in_list = True
        elif tag != "li" and in_list:
            parts.append("</ul>")
            in_list = False
        parts.append(f"<{tag}>{html.escape(text)}</{tag}>")
    if in_list:
        parts.append("</ul>")
    return f'<div dir="{direction}">{"".join(parts)}</div>'
