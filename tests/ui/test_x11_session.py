"""A real X session (Xvfb, openbox, xdotool, setxkbmap, import): panic under US, Arabic, Persian and Kurdish layouts,
from an open menu and from the find bar, Ctrl+F under Arabic-script layouts, and a decoy whose title and window class
never name the program. Only a real X server proves these:
Qt's own test events carry no native keycodes and bypass the window manager."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from safelib.core.vault.container import Vault
from safelib.core.vault.library import pack_bytes, pack_item
from safelib.core.vault.location import VAULT_FILE
from tests.conftest import write_pack
from tests.core.vault.conftest import CODE, OTHER

pytestmark = pytest.mark.slow

TOOLS = ("Xvfb", "openbox", "xdotool", "setxkbmap", "xprop", "import")
REPO = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 30.0

# (setxkbmap arguments, a keysym found only on the H key, the keysym typing 0 on the number row)
LAYOUTS = {
    "us": (["us"], "h", "0"),
    "ara": (["ara"], "Arabic_alef", "0"),
    "ir": (["ir"], "Arabic_alef", "Farsi_0"),
    "iq-ku_ara": (["iq", "-variant", "ku_ara"], "U200C", "U0660"),  # Arabic_heh is on the E key too
}


def poll(check, seconds: float = WAIT_SECONDS):  # type: ignore[no-untyped-def]
    """Ask `check()` until it answers something true (an external X server has no signal to wait on)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if answer := check():
            return answer
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {check.__doc__ or check}")


class Session:
    """An X display with a window manager; runs X tools and the program against it."""

    def __init__(self, display: str, home: Path) -> None:
        # A clean environment: earlier tests in the same process may have pointed Qt's and XDG's folders elsewhere.
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "HOME": str(home),
            "XDG_RUNTIME_DIR": str(home),
            "PYTHONPATH": str(REPO / "src"),
        }

    def x(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, env=self.env, capture_output=True, text=True, timeout=WAIT_SECONDS, check=False)

    def visible(self, name: str) -> list[str]:
        return self.x("xdotool", "search", "--onlyvisible", "--name", name).stdout.split()

    def start(self, *args: str, options: tuple[str, ...] = ()) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "safelib", *options, "gui", *args],
            env=self.env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (see .ci/run)")
    number = next(
        n for n in range(140, 400) if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists()
    )
    display = f":{number}"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"], stderr=subprocess.DEVNULL)
    poll(lambda: Path(f"/tmp/.X11-unix/X{number}").exists())
    try:
        x = Session(display, tmp_path_factory.mktemp("home"))
        log = Path(x.env["HOME"]) / "openbox.log"
        manager = subprocess.Popen(["openbox"], env=x.env, stdout=subprocess.DEVNULL, stderr=log.open("w"))
        try:
            try:
                poll(lambda: x.x("xprop", "-root", "_NET_SUPPORTING_WM_CHECK").stdout.count("window id"))
            except AssertionError as exc:
                raise AssertionError(f"no window manager on {display}: {log.read_text()[-2000:]}") from exc
            yield x
        finally:
            manager.terminate()
            manager.wait(WAIT_SECONDS)
    finally:
        server.terminate()
        server.wait(WAIT_SECONDS)


@contextmanager
def running(session: Session, *args: str) -> Iterator[str]:
    """The program started on the session (with `args`), its main window mapped and active; stopped afterwards."""
    process = session.start(*args)
    try:
        window: str = poll(lambda: session.visible("^safelib$"))[0]
        session.x("xdotool", "windowactivate", "--sync", window)
        yield window
    finally:
        process.terminate()
        process.wait(WAIT_SECONDS)


def decoy_shown(session: Session) -> str:
    """The calculator's window, once it is mapped and the library's is not."""
    calculators = session.visible("^Calculator$")
    return calculators[0] if calculators and not session.visible("^safelib$") else ""


def assert_nothing_names_the_program(session: Session, window: str) -> None:
    properties = session.x("xprop", "-id", window, "WM_CLASS", "WM_NAME", "_NET_WM_NAME", "WM_ICON_NAME").stdout
    assert "WM_CLASS" in properties and "Calculator" in properties
    assert "safelib" not in properties.lower()


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_panic_fires_under_every_layout_and_the_decoy_names_nothing(session: Session, layout) -> None:  # type: ignore[no-untyped-def]
    arguments, h_key, zero = layout
    assert session.x("setxkbmap", *arguments).returncode == 0
    try:
        with running(session):
            session.x("xdotool", "key", "--clearmodifiers", f"ctrl+shift+{h_key}")  # real key events, not XSendEvent
            calculator = poll(lambda: decoy_shown(session))
            assert_nothing_names_the_program(session, calculator)
            session.x("xdotool", "windowactivate", "--sync", calculator)
            session.x("xdotool", "key", zero, zero, zero, "Return")  # no PIN set: 0 0 0 =
            poll(lambda: session.visible("^safelib$"))
    finally:
        session.x("setxkbmap", "us")


@pytest.mark.parametrize("layout", [LAYOUTS["us"], LAYOUTS["iq-ku_ara"]], ids=["us", "iq-ku_ara"])
def test_panic_fires_from_an_open_menu(session: Session, layout) -> None:  # type: ignore[no-untyped-def]
    arguments, h_key, _zero = layout
    assert session.x("setxkbmap", *arguments).returncode == 0
    try:
        with running(session) as window:
            windows_before = len(session.x("xdotool", "search", "--onlyvisible", "--class", "").stdout.split())
            session.x("xdotool", "mousemove", "--window", window, "20", "10", "click", "1")  # the View menu
            poll(lambda: len(session.x("xdotool", "search", "--onlyvisible", "--class", "").stdout.split()) > windows_before)
            session.x("xdotool", "key", "--clearmodifiers", f"ctrl+shift+{h_key}")
            poll(lambda: decoy_shown(session))
    finally:
        session.x("setxkbmap", "us")


@pytest.fixture(scope="module")
def vault_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A vault with the format's own key derivation cost (the program opens it as a stick would), one guide inside."""
    folder = tmp_path_factory.mktemp("vault")
    pack = write_pack(folder / "packs", "real")
    Vault.create(folder / VAULT_FILE, CODE, {pack_item("real"): pack_bytes(pack)}).lock()
    return folder / VAULT_FILE


@pytest.mark.parametrize("layout", [LAYOUTS["us"], LAYOUTS["iq-ku_ara"]], ids=["us", "iq-ku_ara"])
def test_a_vault_stick_is_a_neutral_calculator_until_its_code_is_typed(session: Session, vault_file: Path, layout) -> None:  # type: ignore[no-untyped-def]
    arguments, _h_key, zero = layout
    # The number row types ASCII digits under the US layout, Arabic-Indic ones (U+0660…U+0669) under the Kurdish one.
    digit_keys = {digit: digit if zero == "0" else f"U066{digit}" for digit in "0123456789"}
    assert session.x("setxkbmap", *arguments).returncode == 0
    process = session.start(options=("--vault", str(vault_file)))
    try:
        calculator = poll(lambda: session.visible("^Calculator$"))[0]
        assert_nothing_names_the_program(session, calculator)
        assert not session.visible("^Notes$") and not session.visible("safelib")
        session.x("xdotool", "windowactivate", "--sync", calculator)
        session.x("xdotool", "key", *[digit_keys[digit] for digit in OTHER], "Return")  # a wrong code: only a sum
        session.x("xdotool", "key", *[digit_keys[digit] for digit in CODE], "Return")
        window = poll(lambda: session.visible("^Notes$"))[0]
        assert "safelib" not in session.x("xprop", "-id", window, "WM_CLASS", "WM_NAME").stdout.lower()
        assert len(session.visible("^Notes$")) == 1
    finally:
        session.x("setxkbmap", "us")
        process.terminate()
        process.wait(WAIT_SECONDS)


# The keysym on the F key: under these layouts Ctrl+F reaches Qt as Ctrl and an Arabic letter.
F_KEYS = {"ara": (["ara"], "Arabic_beh"), "iq-ku_ara": (["iq", "-variant", "ku_ara"], "Arabic_feh")}


def size_of(session: Session, window: str) -> tuple[int, int]:
    shell = session.x("xdotool", "getwindowgeometry", "--shell", window).stdout
    size = dict(line.split("=", 1) for line in shell.split())
    return int(size["WIDTH"]), int(size["HEIGHT"])


def bottom_of_the_reading_side(session: Session, window: str) -> bytes:
    """The pixels of a strip above the status bar, across the reading side: where the find bar shows when it opens."""
    width, height = size_of(session, window)
    pixels = subprocess.run(
        ["import", "-silent", "-window", window, "-depth", "8", "rgb:-"],
        env=session.env,
        capture_output=True,
        timeout=WAIT_SECONDS,
    ).stdout
    assert len(pixels) == width * height * 3
    rows = [
        pixels[(y * width + width * 3 // 10) * 3 : (y * width + width * 95 // 100) * 3] for y in range(height - 60, height - 30)
    ]
    return b"".join(rows)


def settled(session: Session, window: str) -> bytes:
    """The strip, once two looks a moment apart see the same pixels (empty while the page still changes)."""
    first = bottom_of_the_reading_side(session, window)
    time.sleep(0.3)
    return first if bottom_of_the_reading_side(session, window) == first else b""


@pytest.mark.parametrize("layout", F_KEYS.values(), ids=F_KEYS.keys())
def test_ctrl_f_opens_the_find_bar_and_esc_twice_still_panics_from_it(session: Session, layout) -> None:  # type: ignore[no-untyped-def]
    arguments, f_key = layout
    assert session.x("setxkbmap", *arguments).returncode == 0
    try:
        with running(session, "--open", "prep") as window:
            width, _height = size_of(session, window)
            # Into the guide, on its title (a click on a link would open another page while the pixels are compared).
            session.x("xdotool", "mousemove", "--window", window, str(width * 55 // 100), "110", "click", "1")
            before = poll(lambda: settled(session, window))
            session.x("xdotool", "key", "--clearmodifiers", f"ctrl+{f_key}")  # the physical F key
            poll(lambda: bottom_of_the_reading_side(session, window) != before)  # the find bar opened under the guide
            session.x("xdotool", "key", "Escape", "Escape")  # the first closes the bar; the second, at once, is panic
            poll(lambda: decoy_shown(session))
    finally:
        session.x("setxkbmap", "us")
