"""A whole session — CLI and window — opens no network socket (Python's audit hooks see every attempt)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

WATCH = r"""
import json, os, runpy, socket, sys
seen = []
def hook(event, args):
    if event == "socket.__new__" and args[1] != getattr(socket, "AF_UNIX", None):
        seen.append([event, str(args[1])])
    elif event in ("socket.connect", "socket.bind", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto"):
        seen.append([event, repr(args[1:])[:80]])
sys.addaudithook(hook)
sys.argv = ["safelib", *json.loads(os.environ["WATCHED_ARGS"])]
try:
    runpy.run_module("safelib", run_name="__main__")
except SystemExit as done:
    code = done.code
print("NETWORK-EVENTS " + json.dumps(seen), file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["search", "PEP", "--json"],
        ["show", "pep-72-hours", "--lang", "ar"],
        ["pack", "validate", "content/guides-en"],
        ["gui", "--smoke"],
    ],
)
def test_session_opens_no_network_socket(args: list[str]) -> None:
    env = {**os.environ, "WATCHED_ARGS": json.dumps(args), "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", WATCH], capture_output=True, text=True, encoding="utf-8", cwd=REPO, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    line = next(line for line in done.stderr.splitlines() if line.startswith("NETWORK-EVENTS "))
    assert json.loads(line.removeprefix("NETWORK-EVENTS ")) == []
