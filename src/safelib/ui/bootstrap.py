"""Set the process up, before QApplication exists, so that Qt and its libraries write nothing on the host."""

from __future__ import annotations

import atexit
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMessageLogContext, Qt, QtMsgType, qInstallMessageHandler

RAM_ROOT = Path("/dev/shm")
# The RAM folder's name says nothing about the program (a disguised copy must not be given away by
# what a kill -9 leaves): `qt-<pid>-<8 random characters>`, as mkdtemp makes it.
SCRATCH_PREFIX = "qt-"
_SCRATCH_NAME = re.compile(rf"^{SCRATCH_PREFIX}(\d+)-[a-z0-9_]{{8}}\Z")
# A path that can never be created (its parent is a character device): caches are simply not written.
NOWHERE = Path(os.devnull) / "safelib"
XDG_VARIABLES = ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")
# Variables that make Qt pick a desktop platform theme (GTK/portal), which talks to dconf and D-Bus.
THEME_VARIABLES = (
    "QT_QPA_PLATFORMTHEME",
    "XDG_CURRENT_DESKTOP",
    "DESKTOP_SESSION",
    "GNOME_DESKTOP_SESSION_ID",
    "KDE_FULL_SESSION",
)


@dataclass
class Scratch:
    """The private folder that stands in for the home caches; removed when the program ends."""

    path: Path
    owned: bool
    removed: bool = field(default=False)

    def remove(self) -> None:
        """Delete the folder and everything fontconfig or Qt put in it (idempotent)."""
        if self.owned and not self.removed:
            shutil.rmtree(self.path, ignore_errors=True)
            self.removed = True


def scratch_folder(portable: Path | None, ram_root: Path = RAM_ROOT) -> Scratch:
    """A 0700 folder in RAM (/dev/shm), else inside the portable folder, else a path nothing can be written to."""
    candidates = [ram_root]
    if portable is not None:
        candidates.append(portable / "runtime")
    for parent in candidates:
        try:
            if parent != ram_root:
                parent.mkdir(exist_ok=True)
            if parent.is_dir() and os.access(parent, os.W_OK):
                remove_stale_scratch(parent)
                # mkdtemp creates the folder 0700 inside `parent`, never in the host's temp folder.
                return Scratch(Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=parent)), owned=True)
        except OSError:
            continue
    return Scratch(NOWHERE, owned=False)


def remove_stale_scratch(parent: Path) -> None:
    """Delete the scratch folders of runs that were killed (`kill -9`, power loss) before they could clean up."""
    for folder in parent.glob(f"{SCRATCH_PREFIX}*-*"):
        named = _SCRATCH_NAME.match(folder.name)
        if named and folder.is_dir() and not folder.is_symlink() and _ours(folder) and not _running(int(named.group(1))):
            shutil.rmtree(folder, ignore_errors=True)


def _ours(folder: Path) -> bool:
    """Made by this user (the exact mkdtemp name does the rest: nothing else makes `qt-<pid>-<8 characters>`)."""
    try:
        return os.name != "posix" or folder.stat().st_uid == os.getuid()
    except OSError:
        return False


def _running(pid: int) -> bool:
    if os.name != "posix":
        return True  # Windows' os.kill would terminate the process, not probe it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to someone else
    return True


def prepare_environment(
    portable: Path | None,
    accessibility: bool = False,
    environ: MutableMapping[str, str] | None = None,
    ram_root: Path = RAM_ROOT,
) -> Scratch:
    """Point every cache and config location at a private folder and switch off Qt's disk caches and D-Bus."""
    env = os.environ if environ is None else environ
    sys.dont_write_bytecode = True
    scratch = scratch_folder(portable, ram_root)
    for name in XDG_VARIABLES:
        env[name] = str(scratch.path / name.removeprefix("XDG_").removesuffix("_HOME").lower())
    env["TMPDIR"] = str(scratch.path)
    if scratch.owned:
        tempfile.tempdir = str(scratch.path)
    env["QT_DISABLE_SHADER_DISK_CACHE"] = "1"
    env["MESA_SHADER_CACHE_DISABLE"] = "true"
    env["QT_LOGGING_RULES"] = "*.debug=false"
    for name in THEME_VARIABLES:
        env.pop(name, None)
    if not accessibility:
        # QtGui would otherwise autolaunch a session bus (dbus-launch, ~/.dbus/); this costs AT-SPI screen readers.
        env["DBUS_SESSION_BUS_ADDRESS"] = "disabled:"
        env["QT_LINUX_ACCESSIBILITY_ALWAYS_ON"] = "0"
    atexit.register(scratch.remove)
    return scratch


def set_application_attributes() -> None:
    """Qt attributes that must be set before QApplication: no shader cache, no OS dialogs."""
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DisableShaderDiskCache, True)
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)


MessageSink = Callable[[str], None]


def install_message_handler(sink: MessageSink | None = None) -> None:
    """Route Qt's log messages to `sink` (default: dropped) so nothing reaches the system journal."""

    def handler(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        if sink is not None and kind != QtMsgType.QtDebugMsg:
            sink(message)

    qInstallMessageHandler(handler)
