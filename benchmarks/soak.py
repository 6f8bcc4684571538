"""A long session of mouse movement: the real window on Xvfb with openbox, driven with xdotool over the library, the
results and the reader (hovering for tooltips, scrolling, clicking links, opening guides, an occasional search), with
the window's resident memory and the panic latency sampled every minute.

`python -m benchmarks.soak --minutes N [--out FILE]` prints one JSON line per minute as it goes (and appends them to
FILE), then a summary: memory growth and its slope, and panic latency early against late in the session.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.panic_under_load import Bench, bench
from benchmarks.stats import percentile
from benchmarks.xsession import xdotool

WORDS = ("hiv", "phone", "checkpoint", "asylum", "pep", "vpn", "test", "police", "family", "chekpoint")
PANICS_PER_SAMPLE = 3


class Hand:
    """Moves the mouse over the window as a reader would: mostly moving, sometimes hovering, scrolling or clicking."""

    def __init__(self, session: Bench, rng: random.Random) -> None:
        self.session = session
        self.env = session.env
        self.rng = rng
        self.regions: dict[str, list[int]] = {}
        self.actions = 0

    def look(self) -> None:
        self.regions = {name: area for name, area in self.session.where()["regions"].items() if area[2] > 0}

    def _point(self, *names: str) -> tuple[str, str]:
        choices = [self.regions[name] for name in names if name in self.regions] or list(self.regions.values())
        x, y, width, height = self.rng.choice(choices)
        return str(x + self.rng.randrange(5, max(6, width - 5))), str(y + self.rng.randrange(5, max(6, height - 5)))

    def act(self) -> None:
        if self.actions % 20 == 0:
            self.look()
        self.actions += 1
        roll = self.rng.random()
        if roll < 0.55:
            xdotool(self.env, "mousemove", *self._point("library_view", "results_view", "reader"))
            time.sleep(self.rng.uniform(0.03, 0.3))
        elif roll < 0.65:  # rest on an item or a link long enough for its tooltip
            xdotool(self.env, "mousemove", *self._point("library_view", "results_view", "reader"))
            time.sleep(1.2)
        elif roll < 0.82:
            xdotool(
                self.env, "mousemove", *self._point("reader", "library_view"), "click", "--repeat", "3", self.rng.choice("45")
            )
        elif roll < 0.9:  # open a guide from the list or the results
            xdotool(self.env, "mousemove", *self._point("library_view", "results_view"), "click", "--repeat", "2", "1")
            time.sleep(0.3)
        elif roll < 0.97:  # a click in the reader: selects text, or follows a link to another guide
            xdotool(self.env, "mousemove", *self._point("reader"), "click", "1")
            time.sleep(0.2)
        else:
            xdotool(self.env, "mousemove", *self._point("search_box"), "click", "1")
            xdotool(self.env, "key", "ctrl+a")
            xdotool(self.env, "type", "--delay", "80", self.rng.choice(WORDS))
            time.sleep(0.6)
            self.look()


def run(minutes: float, log: Callable[[str], None], out: Path | None = None, seed: int = 7) -> dict[str, Any]:
    """Drive the window for `minutes`; RSS and PANICS_PER_SAMPLE panic latencies each minute."""
    samples: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="soak-") as folder, bench([], Path(folder), log) as session:
        if session.client is None:
            raise RuntimeError("the soak needs a real X session (Xvfb, openbox, xdotool)")
        hand = Hand(session, random.Random(seed))
        started = time.monotonic()
        next_sample = started
        while True:
            now = time.monotonic()
            if now >= next_sample:
                latencies = [session.trial(None, 0.0, "key")["observed_ms"] for _ in range(PANICS_PER_SAMPLE)]
                hand.look()
                sample = {
                    "minute": round((now - started) / 60, 2),
                    "rss_mib": round(session.probe.rss_mib(), 1),
                    "panic_ms": [round(ms, 2) for ms in latencies],
                    "actions": hand.actions,
                    "load": os.getloadavg()[0],
                }
                samples.append(sample)
                log(json.dumps(sample))
                if out is not None:
                    with out.open("a") as file:
                        file.write(json.dumps(sample) + "\n")
                if now - started >= minutes * 60:
                    break
                next_sample += 60
            hand.act()
    return summarise(samples)


def summarise(samples: list[dict[str, Any]]) -> dict[str, Any]:
    """Memory growth after the first minute (and its least-squares slope), panic latency in the first and last thirds."""
    settled = samples[1:] if len(samples) > 2 else samples
    xs = [s["minute"] for s in settled]
    ys = [s["rss_mib"] for s in settled]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread if spread else 0.0
    third = max(1, len(samples) // 3)

    def latency(part: list[dict[str, Any]]) -> dict[str, float]:
        values = [ms for s in part for ms in s["panic_ms"]]
        return {"p50": round(percentile(values, 50), 2), "p95": round(percentile(values, 95), 2), "max": round(max(values), 2)}

    return {
        "minutes": samples[-1]["minute"],
        "actions": samples[-1]["actions"],
        "rss_mib": {
            "start": samples[0]["rss_mib"],
            "after_1_min": ys[0],
            "end": ys[-1],
            "max": max(s["rss_mib"] for s in samples),
        },
        "rss_slope_mib_per_hour": round(slope * 60, 2),
        "panic_ms": {"first_third": latency(samples[:third]), "last_third": latency(samples[-third:])},
        "load": {"min": min(s["load"] for s in samples), "max": max(s["load"] for s in samples)},
        "samples": samples,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.soak", description=__doc__)
    parser.add_argument("--minutes", type=float, default=60.0, help="how long to drive the window (60)")
    parser.add_argument("--out", type=Path, help="append each minute's sample here as a JSON line")
    parser.add_argument("--seed", type=int, default=7, help="seed of the mouse's path")
    args = parser.parse_args(argv)
    result = run(args.minutes, lambda message: print(message, file=sys.stderr, flush=True), args.out, args.seed)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
