"""What screen readers and tooltips say about each control, set again whenever the interface language changes."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def name_widgets(named: dict[QWidget, tuple[str, str]]) -> None:
    """Give each widget its accessible name and its tooltip ("" for none), both already translated."""
    for widget, (name, tip) in named.items():
        widget.setAccessibleName(name)
        widget.setToolTip(tip)
