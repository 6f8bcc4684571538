"""The reading window: a thin PySide6 client of safelib.core (the only package that imports Qt)."""
