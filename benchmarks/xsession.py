"""A real X session for the window benchmarks: Xvfb and openbox, input sent through XTEST, and an observer that sees
when a window is unmapped, both through libX11 (the library xdotool itself uses), so each time is taken next to the
event and not around a process start."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

TOOLS = ("Xvfb", "openbox", "xdotool", "xprop")
SCREEN = "1366x768x24"
STRUCTURE_NOTIFY_MASK = 1 << 17
UNMAP_NOTIFY = 18


def missing_tools() -> list[str]:
    """What a real session needs and this machine lacks (libX11 and libXtst included)."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    return missing + [lib for lib in ("X11", "Xtst") if ctypes.util.find_library(lib) is None]


def _wait(check: Callable[[], object], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.05)


@contextmanager
def x_session(home: Path) -> Iterator[dict[str, str]]:
    """Start Xvfb on a free display with openbox managing it; yield the environment a client needs."""
    # Xvfb picks a free display itself and writes its number to the pipe: no race with other sessions on this machine.
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", SCREEN, "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as numbers:
        number = numbers.readline().strip()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "DISPLAY": f":{number}",
        "QT_QPA_PLATFORM": "xcb",
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(home),
    }
    try:
        if not number:
            raise RuntimeError("Xvfb did not start")
        log = home / "openbox.log"
        manager = subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=log.open("w"))
        try:
            root = ["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"]
            _wait(
                lambda: "window id" in subprocess.run(root, env=env, capture_output=True, text=True).stdout,
                120,
                f"openbox ({log})",
            )
            yield env
        finally:
            manager.terminate()
            manager.wait(30)
    finally:
        server.terminate()
        server.wait(30)


def xdotool(env: dict[str, str], *args: str) -> str:
    """Run xdotool on the session; its output."""
    return subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True, timeout=30, check=False).stdout


class XClient:
    """One libX11 connection: fake key presses and clicks (XTEST), and waiting for a window's UnmapNotify."""

    def __init__(self, display: str) -> None:
        self.x11 = ctypes.CDLL(ctypes.util.find_library("X11"))
        self.xtst = ctypes.CDLL(ctypes.util.find_library("Xtst"))
        self.x11.XOpenDisplay.restype = ctypes.c_void_p
        self.x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x11.XStringToKeysym.restype = ctypes.c_ulong
        self.x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
        self.x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        self.x11.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
        for name in ("XFlush", "XPending", "XConnectionNumber", "XCloseDisplay"):
            getattr(self.x11, name).argtypes = [ctypes.c_void_p]
        self.x11.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        self.xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
        self.xtst.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
        self.xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_ulong]
        self.display = self.x11.XOpenDisplay(display.encode())
        if not self.display:
            raise RuntimeError(f"cannot open X display {display}")

    def close(self) -> None:
        self.x11.XCloseDisplay(self.display)

    def _keycode(self, name: str) -> int:
        code: int = self.x11.XKeysymToKeycode(self.display, self.x11.XStringToKeysym(name.encode()))
        if not code:
            raise RuntimeError(f"no key for {name}")
        return code

    def key(self, combo: str) -> float:
        """Press and release `combo` (as xdotool writes it: ctrl+shift+h); the monotonic time the presses were sent."""
        names = {"ctrl": "Control_L", "shift": "Shift_L", "alt": "Alt_L"}
        codes = [self._keycode(names.get(part, part)) for part in combo.split("+")]
        started = time.monotonic()
        for code in codes:
            self.xtst.XTestFakeKeyEvent(self.display, code, True, 0)
        for code in reversed(codes):
            self.xtst.XTestFakeKeyEvent(self.display, code, False, 0)
        self.x11.XFlush(self.display)
        return started

    def click(self, x: int, y: int) -> float:
        """Move the pointer to (x, y) and click the left button; the monotonic time the click was sent."""
        self.xtst.XTestFakeMotionEvent(self.display, -1, x, y, 0)
        self.x11.XFlush(self.display)
        time.sleep(0.02)  # let the widget see the pointer arrive, as a hand would
        started = time.monotonic()
        self.xtst.XTestFakeButtonEvent(self.display, 1, True, 0)
        self.xtst.XTestFakeButtonEvent(self.display, 1, False, 0)
        self.x11.XFlush(self.display)
        return started

    def watch(self, window: int) -> None:
        """Be told when `window` is mapped or unmapped (call before the event to be timed)."""
        self.x11.XSelectInput(self.display, window, STRUCTURE_NOTIFY_MASK)
        self.x11.XFlush(self.display)
        self.drain()

    def drain(self) -> None:
        """Drop the events already received."""
        event = (ctypes.c_long * 24)()
        while self.x11.XPending(self.display):
            self.x11.XNextEvent(self.display, event)

    def wait_unmapped(self, window: int, seconds: float) -> float | None:
        """The monotonic time this connection received `window`'s UnmapNotify, or None after `seconds`."""
        event = (ctypes.c_long * 24)()
        deadline = time.monotonic() + seconds
        fd = self.x11.XConnectionNumber(self.display)
        while True:
            while self.x11.XPending(self.display):
                self.x11.XNextEvent(self.display, event)
                # XUnmapEvent: int type; unsigned long serial; Bool send_event; Display*; Window event; Window window.
                if ctypes.cast(event, ctypes.POINTER(ctypes.c_int))[0] == UNMAP_NOTIFY and event[5] == window:
                    return time.monotonic()
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            select.select([fd], [], [], left)
