"""Every user setting declared once, kept in memory, and saved only if the reader chose to be remembered."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safelib.core.i18n import N_, interface_languages
from safelib.core.portable import write_atomic

SETTINGS_FILE = "settings.json"
# Written by `safelib usb build` (e.g. disguise on for a disguised stick); the reader's own settings win over it.
DEFAULTS_FILE = "defaults.json"
# Key combinations a reader can choose for panic: easy to hit blind, rarely pressed by accident.
PANIC_SHORTCUTS = ("Ctrl+Shift+H", "F12", "Ctrl+Shift+Space", "Ctrl+Alt+Q", "Pause")
# Minutes without input after which an unlocked vault locks itself (0: never).
AUTO_LOCK_MINUTES = (0, 5, 15, 30)
Store = Callable[[bytes], None]
Listener = Callable[[str, Any], None]


@dataclass(frozen=True)
class Option:
    """One setting: its type, default, allowed values and a translatable title."""

    key: str
    kind: type
    default: Any
    title: str
    choices: tuple[Any, ...] = ()
    check: Callable[[Any], bool] | None = None


OPTIONS: tuple[Option, ...] = (
    Option("language", str, "en", N_("Interface language"), check=lambda v: v in interface_languages()),
    Option("font_size", int, 12, N_("Text size"), check=lambda v: 8 <= v <= 40),
    Option("theme", str, "light", N_("Colours"), ("light", "dark", "high-contrast")),
    Option("panic_action", str, "decoy", N_("When the panic key is pressed"), ("decoy", "quit")),
    Option(
        "panic_pin",
        str,
        "",
        N_("PIN that returns from the calculator to the library"),
        check=lambda v: v == "" or (v.isdigit() and len(v) <= 12),
    ),
    Option("panic_shortcut", str, "Ctrl+Shift+H", N_("Panic shortcut"), PANIC_SHORTCUTS),
    Option("panic_double_escape", bool, True, N_("Pressing Esc twice also hides the program")),
    Option("disguise", bool, False, N_("Use a neutral window title and icon")),
    Option("disguise_title", str, "Notes", N_("Neutral window title"), check=lambda v: 0 < len(v) <= 40),
    Option("remember", bool, False, N_("Remember my settings on this stick")),
    Option("first_run_done", bool, False, N_("The safety page has been shown")),
    Option("auto_lock_minutes", int, 0, N_("Lock after this many minutes without use"), AUTO_LOCK_MINUTES),
    # Kept only inside a vault (core/bookmarks.py); off erases what was kept.
    Option("keep_bookmarks", bool, False, N_("Remember bookmarks and where I stopped reading")),
)
OPTIONS_BY_KEY = {option.key: option for option in OPTIONS}


class Settings:
    """Current values; writes go to `store` (an unlocked vault) when set, else to the portable folder only when
    `remember` is on and a folder exists. Every `set` is told to the listeners."""

    def __init__(self, folder: Path | None = None, values: dict[str, Any] | None = None, store: Store | None = None) -> None:
        self.folder = folder
        self.store = store
        self.listeners: list[Listener] = []
        self._values: dict[str, Any] = {}
        self._take(values)

    def _take(self, values: dict[str, Any] | None) -> None:
        self._values = {option.key: option.default for option in OPTIONS}
        for key, value in (values or {}).items():
            if validate(key, value):
                self._values[key] = value

    def replace(self, data: bytes | None, store: Store | None) -> list[str]:
        """Take the values saved as `data` (None or unreadable: the defaults) and save to `store` from now on.

        A vault's settings come in when it is unlocked and go when it is locked. Returns the keys whose value
        changed; listeners are not told (the caller knows what it swapped).
        """
        before = dict(self._values)
        self._take(_parse_object(data) if data is not None else {})
        self.store = store
        return [key for key, value in self._values.items() if before[key] != value]

    def to_bytes(self) -> bytes:
        """The values as the JSON a settings file or a vault item holds."""
        return json.dumps(self._values, ensure_ascii=False, indent=1).encode("utf-8")

    @classmethod
    def load(cls, folder: Path | None) -> Settings:
        """Read the stick's defaults, then saved settings; a missing, unreadable or corrupt file silently counts as empty."""
        if folder is None:
            return cls(None)
        return cls(folder, {**_read_object(folder / DEFAULTS_FILE), **_read_object(folder / SETTINGS_FILE)})

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def set(self, key: str, value: Any) -> None:
        """Change a setting (ValueError when the value is not allowed) and save if remembering."""
        if not validate(key, value):
            raise ValueError(f"{value!r} is not a valid value for {key}")
        self._values[key] = value
        self.save()
        for listener in list(self.listeners):
            listener(key, value)

    def save(self) -> bool:
        """Write settings if allowed; if remembering was just switched off, delete the saved file."""
        if self.store is not None:
            self.store(self.to_bytes())
            return True
        if self.folder is None:
            return False
        path = self.folder / SETTINGS_FILE
        try:
            if not self._values["remember"]:
                path.unlink(missing_ok=True)
                return False
            write_atomic(path, self.to_bytes())
        except OSError:
            return False
        return True


# Options whose change by someone else makes the program less safe for the next reader.
SAFETY_KEYS = ("disguise", "disguise_title", "panic_shortcut", "panic_double_escape", "first_run_done", "remember")


def weakened(folder: Path) -> list[str]:
    """What the folder's saved settings change, against its defaults, among the options that protect a reader."""
    defaults = Settings(None, _read_object(folder / DEFAULTS_FILE))
    saved = Settings.load(folder)
    return [f"{key} is {saved[key]!r} instead of {defaults[key]!r}" for key in SAFETY_KEYS if saved[key] != defaults[key]]


def _read_object(path: Path) -> dict[str, Any]:
    """A JSON object from a file; anything missing, unreadable or not an object is empty."""
    try:
        return _parse_object(path.read_bytes())
    except OSError:
        return {}


def _parse_object(data: bytes) -> dict[str, Any]:
    """A JSON object from bytes; anything unreadable or not an object is empty."""
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


def validate(key: str, value: Any) -> bool:
    """True when `value` is allowed for the option `key`."""
    option = OPTIONS_BY_KEY.get(key)
    if option is None or type(value) is not option.kind:
        return False
    if option.choices and value not in option.choices:
        return False
    return option.check(value) if option.check else True
