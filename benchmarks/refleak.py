"""Reference leaks of the Qt binding: how many references to None and True one panic cycle takes, and whether 1,000 survive.

PySide6 6.12 drops references to None on calls into Python overrides; with enough panics CPython
aborts ("Fatal Python error: none_dealloc"). `python -m benchmarks.refleak CYCLES` runs the panic
cycle of benchmarks.panic CYCLES times in the real window and prints what was lost, as JSON; run it
under the PySide6 release to be judged (a scratch venv) and under Xvfb for the xcb platform.
"""

from __future__ import annotations

import json
import os
import sys

from benchmarks.panic import measure


def main(cycles: int) -> dict[str, object]:
    """References to None and True lost over a session of `cycles` panics (compare two lengths for the slope)."""
    import PySide6

    none, true = sys.getrefcount(None), sys.getrefcount(True)
    latencies = measure(cycles)
    return {
        "pyside6": PySide6.__version__,
        "platform": os.environ.get("QT_QPA_PLATFORM", ""),
        "cycles": cycles,
        "none_lost": none - sys.getrefcount(None),
        "true_lost": true - sys.getrefcount(True),
        "max_ms": round(max(latencies), 3),
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))), flush=True)
    os._exit(0)  # the figures are out; the binding's own teardown is not what is measured here
