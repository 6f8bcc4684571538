"""Panic while the heaviest allowed guide opens: the real window on Xvfb with openbox, Ctrl+Shift+H or a click on Hide
now sent through XTEST, timed to the `panicked` signal and to an X client seeing the window unmapped.

Each guide of `heavy_guide` (one of each kind as heavy as the limits allow, and a guide with as many pictures at the
pixel limit as one page may decode) is opened and the panic key pressed 0.1 s later, and again at points spread over
the whole time the guide takes to open; an ordinary bundled guide is measured the same way in the same run, so the
figures are read as ratios. `python -m benchmarks.panic_under_load [--reps N]` prints JSON; `make bench` runs it as
the `panic_load` section.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.corpus import REPO
from benchmarks.stats import percentile
from benchmarks.xsession import XClient, missing_tools, x_session, xdotool

ORDINARY = "pep-72-hours"
ORDINARY_NAME = f"ordinary guide ({ORDINARY})"
SERIES = ("key at 0.1 s", "button at 0.1 s", "key during the open")
DELAY = 0.1
WAIT = 120.0
LOST = 10.0  # a press that has hidden nothing after this long is counted as lost (the window's stacks go to its log)


class Probe:
    """The measured window (`benchmarks.window_probe`) in its own process: commands in, JSON events out."""

    def __init__(self, env: dict[str, str], packs: list[Path], log: Path) -> None:
        env = {**env, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.window_probe", *map(str, packs)],
            env=env,
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log.open("w"),
        )
        self.log = log
        self.buffer = b""
        self.backlog: list[dict[str, Any]] = []

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command.encode() + b"\n")
        self.process.stdin.flush()

    def expect(self, event: str, seconds: float = WAIT) -> dict[str, Any]:
        """The next `event` from the window (events of other kinds that arrive first are kept for later)."""
        deadline = time.monotonic() + seconds
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        while True:
            for number, seen in enumerate(self.backlog):
                if seen["event"] == event:
                    return self.backlog.pop(number)
            left = deadline - time.monotonic()
            if left <= 0 or self.process.poll() is not None:
                raise RuntimeError(f"the window sent no {event!r}; its log: {self.log.read_text()[-3000:]}")
            if select.select([fd], [], [], left)[0]:
                self.buffer += os.read(fd, 65536)
                *lines, self.buffer = self.buffer.split(b"\n")
                self.backlog += [json.loads(line) for line in lines if line.startswith(b"{")]

    def rss_mib(self) -> float:
        """The window process's resident memory now."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS"))) / 1024

    def close(self) -> None:
        if self.process.poll() is None:
            self.send("quit")
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Bench:
    """A running window on a real X session (or offscreen, without X), and how to make it panic."""

    def __init__(self, env: dict[str, str], probe: Probe, client: XClient | None) -> None:
        self.env = env
        self.probe = probe
        self.client = client
        self.window = self.where()["window"]
        self.lost: list[dict[str, Any]] = []  # presses that hid nothing, with whether the window had the keyboard focus

    def where(self) -> dict[str, Any]:
        """The window's id, the Hide now button's centre and the screen rectangles of its panels."""
        self.probe.send("where")
        return self.probe.expect("where")

    def press(self, button: tuple[int, int] | None) -> float:
        """Send the panic key, or click Hide now at `button`; the monotonic time it was sent."""
        if self.client is None:
            sent = time.monotonic()
            self.probe.send("key")  # offscreen: the window presses it on itself when it next reads its input
            return sent
        return self.client.key("ctrl+shift+h") if button is None else self.client.click(*button)

    def trial(self, guide: str | None, delay: float, how: str) -> dict[str, float] | None:
        """Open `guide` (None: nothing), press panic `delay` s after the window began opening it, time it, restore;
        None for a press that hid nothing (kept in `lost`)."""
        # Where the button is, asked before the open: the window answers only when it is free again.
        button: tuple[int, int] | None = None
        if how == "button":
            x, y = self.where()["button"]
            button = (x, y)
        if self.client is not None:
            self.client.watch(self.window)
        started = time.monotonic()
        if guide is not None:
            self.probe.send(f"open {guide}")
            started = self.probe.expect("opening")["t"]
        time.sleep(max(0.0, started + delay - time.monotonic()))
        sent = self.press(button)
        unmapped = self.client.wait_unmapped(self.window, LOST) if self.client is not None else None
        if self.client is not None and unmapped is None:
            focus = xdotool(self.env, "getwindowfocus").strip()
            os.kill(self.probe.process.pid, signal.SIGUSR1)  # the window's threads' Python stacks, into its log
            self.lost.append({"guide": guide, "how": how, "delay_s": round(delay, 3), "focus": focus == str(self.window)})
            if guide is not None:
                self.probe.expect("opened")
            self.restore()
            self.probe.backlog = [seen for seen in self.probe.backlog if seen["event"] != "panicked"]
            return None
        panicked = self.probe.expect("panicked")
        if not panicked["all_hidden"]:
            raise RuntimeError("a window was still visible when panic said it was done")
        if guide is not None:
            self.probe.expect("opened")
        self.restore()
        out = {"signal_ms": (panicked["t"] - sent) * 1000, "queued_ms": (panicked["input"] - sent) * 1000}
        if unmapped is not None:
            out["observed_ms"] = (unmapped - sent) * 1000
        return out

    def restore(self) -> None:
        """Back from the decoy, the window active, and the render thread idle."""
        self.probe.send("restore")
        self.probe.expect("restored")
        if self.client is not None:
            xdotool(self.env, "windowactivate", "--sync", str(self.window))
        self.probe.send("settle")
        self.probe.expect("settled")

    def open_ms(self, guide: str) -> float:
        """How long the window takes to open `guide` with nobody pressing anything."""
        self.probe.send(f"open {guide}")
        opening = self.probe.expect("opening")
        opened = self.probe.expect("opened")
        self.probe.send("settle")
        self.probe.expect("settled")
        return float((opened["t"] - opening["t"]) * 1000)


@contextmanager
def bench(packs: list[Path], scratch: Path, log: Callable[[str], None]) -> Iterator[Bench]:
    """The window over the bundled library and `packs`, on Xvfb with openbox, or offscreen when they are missing."""
    missing = missing_tools()
    if missing:
        log(f"no real X session ({', '.join(missing)} missing): offscreen, the key sent from inside, no external observer")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(scratch)}
        probe = Probe(env, packs, scratch / "window.log")
        try:
            probe.expect("ready", 600)
            yield Bench(env, probe, None)
        finally:
            probe.close()
        return
    with x_session(scratch) as env:
        probe = Probe(env, packs, scratch / "window.log")
        client = XClient(env["DISPLAY"])
        try:
            probe.expect("ready", 600)
            session = Bench(env, probe, client)
            xdotool(env, "windowactivate", "--sync", str(session.window))
            yield session
        finally:
            probe.close()
            client.close()


def _summary(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(percentile(values, 50), 2),
        "p95": round(percentile(values, 95), 2),
        "max": round(max(values), 2),
    }


def run(reps: int, log: Callable[[str], None], only: list[str] | None = None) -> dict[str, Any]:
    """p50/p95/max of panic latency per guide and way of pressing, with the ordinary guide's in the same run."""
    with tempfile.TemporaryDirectory(prefix="panic-load-") as folder:
        scratch = Path(folder)
        heavy = scratch / "packs" / "heavy"
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)])}
        made = subprocess.run(
            [sys.executable, "-m", "benchmarks.heavy_guide", "--pack", str(heavy)],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        if made.returncode != 0:
            raise RuntimeError(f"could not write the heavy pack:\n{made.stderr}")
        names = {ORDINARY: ORDINARY_NAME} | {
            path.stem: path.read_text("utf-8").split('title = "', 1)[1].split('"', 1)[0]
            for path in sorted((heavy / "guides").glob("*.md"))
        }
        if only:
            names = {key: name for key, name in names.items() if key == ORDINARY or name in only}
        out: dict[str, Any] = {"reps": reps, "delay_s": DELAY, "guides": {}}
        with bench([heavy], scratch, log) as session:
            out["session"] = "xvfb+openbox" if session.client is not None else "offscreen"
            out["load_before"] = os.getloadavg()
            for guide, name in names.items():
                open_ms = session.open_ms(guide)
                series: dict[str, list[dict[str, float]]] = {label: [] for label in SERIES}
                for rep in range(reps):
                    at_key, at_button, during = SERIES
                    for label, delay, how in (
                        (at_key, DELAY, "key"),
                        (at_button, DELAY, "button"),
                        (during, open_ms / 1000 * (rep + 0.5) / reps, "key"),
                    ):
                        timing = session.trial(guide, delay, how)
                        if timing is not None:
                            series[label].append(timing)
                figures: dict[str, Any] = {"open_ms": round(open_ms, 1)}
                for label, trials in series.items():
                    figures[label] = {key: _summary([t[key] for t in trials]) for key in trials[0]}
                out["guides"][name] = figures
                worst = max(figures[label][_observed(figures[label])]["max"] for label in series)
                log(f"panic_load: {name}: opens in {open_ms:.0f} ms; worst panic {worst:.1f} ms; {json.dumps(figures)}")
            out["load_after"] = os.getloadavg()
            out["lost"] = session.lost
    ordinary = out["guides"][names[ORDINARY]]
    for figures in out["guides"].values():
        for label, timing in list(figures.items()):
            if isinstance(timing, dict):
                key = _observed(timing)
                base = ordinary[label][key]["p95"]
                timing["p95_ratio"] = round(timing[key]["p95"] / base, 2) if base else None
    return out


def _observed(timing: dict[str, Any]) -> str:
    """The figure that counts: what an outside X client saw, else (offscreen) the signal."""
    return "observed_ms" if "observed_ms" in timing else "signal_ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.panic_under_load", description=__doc__)
    parser.add_argument("--reps", type=int, default=20, help="presses per guide, way and timing (20)")
    parser.add_argument("--only", action="append", help="only this heavy guide (by name; repeatable)")
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    args = parser.parse_args(argv)
    result = run(args.reps, lambda message: print(message, file=sys.stderr, flush=True), args.only)
    text = json.dumps(result, indent=1, ensure_ascii=False)
    if args.out:
        args.out.write_text(text + "\n", "utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
