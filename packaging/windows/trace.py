"""Trace audit under Wine: what a whole session of the Windows program leaves in the prefix and home, less a baseline's.

Run by `bash packaging/windows/wine.sh audit` (under one Xvfb display, WINEPREFIX and HOME set). A snapshot is
every registry value of the prefix's .reg files and every file and folder of drive_c (the user profile: AppData,
Local Settings, Temp, Recent; Windows' temp folder) and of the Linux home Wine uses. The program's session is
compared with a trivial windowed program's, so whatever Wine writes for any program cancels out.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

CONTROL = "safelib-audit-control"
HIVES = ("system.reg", "user.reg", "userdef.reg")
KEY_LINE = re.compile(r"^\[(?P<key>.+)\](?: \d+)?$")
VALUE_LINE = re.compile(r'^(?P<name>"(?:[^"\\]|\\.)*"|@)=(?P<data>.*)$')
Snapshot = dict[str, str]
# Written on the Linux side by Wine itself, for the program but not for the GDI-only baseline: said, not failed.
EXPLAINED = {
    "home:.cache/": "Mesa's folder of caches in Wine's Linux home",
    "home:.cache/mesa_shader_cache": (
        "Mesa's shader cache in Wine's Linux home: Wine runs Direct3D on OpenGL (wined3d), and Qt's windows plugin asks "
        "Direct3D about the graphics adapter; SECURITY.md"
    ),
}


def registry(path: Path) -> Snapshot:
    """Each key and `key\\value` of a Wine .reg file with its data; the key timestamps Wine rewrites are left out."""
    entries: Snapshot = {}
    key = ""
    pending = ""
    for raw in path.read_text("utf-8", errors="replace").splitlines():
        line = pending + raw.strip()
        if line.endswith("\\") and not KEY_LINE.match(line):
            pending = line[:-1]
            continue
        pending = ""
        if found := KEY_LINE.match(line):
            key = f"{path.name}:{found['key']}"
            entries[key] = ""
        elif (found := VALUE_LINE.match(line)) and key:
            entries[f"{key}\\{found['name']}"] = found["data"]
    return entries


def files(root: Path, label: str) -> Snapshot:
    """Every file (size and modification time) and folder under `root`."""
    entries: Snapshot = {}
    for folder, names, found in os.walk(root):
        for name in names:
            entries[f"{label}:{Path(folder, name).relative_to(root)}/"] = "folder"
        for name in found:
            path = Path(folder, name)
            try:
                status = path.lstat()
            except OSError:
                continue
            entries[f"{label}:{path.relative_to(root)}"] = f"{status.st_size} {status.st_mtime_ns}"
    return entries


def snapshot(prefix: Path, home: Path) -> Snapshot:
    """The registry and the files a session could have changed."""
    entries: Snapshot = {}
    for hive in HIVES:
        if (prefix / hive).is_file():
            entries.update(registry(prefix / hive))
    entries.update(files(prefix / "drive_c", "C:"))
    entries.update(files(home, "home"))
    return entries


def changes(before: Snapshot, after: Snapshot) -> dict[str, str]:
    """What was added, removed or changed between two snapshots."""
    found = {name: "added" for name in after.keys() - before.keys()}
    found.update({name: "removed" for name in before.keys() - after.keys()})
    found.update({name: "changed" for name in before.keys() & after.keys() if before[name] != after[name]})
    return found


def wine(*command: str | Path) -> subprocess.CompletedProcess[str]:
    """Run a Windows program under Wine to its end, then wait for wineserver to write the registry out."""
    done = subprocess.run(["wine", *map(str, command)], capture_output=True, text=True, encoding="utf-8", errors="replace")
    subprocess.run(["wineserver", "-w"], check=True)
    return done


def session(cli: Path) -> list[str]:
    """A whole session of the windowed program: start, search, open, switch language, panic to the decoy; then a search."""
    failures = []
    windowed = cli.with_name(cli.name.replace("-cli", ""))  # what a reader double-clicks; it exits 1 when a step fails
    done = wine(windowed, "gui", "--smoke")
    if done.returncode != 0:
        failures.append(f"{windowed.name} gui --smoke exited {done.returncode}: {done.stderr[-400:]}")
    done = wine(cli, "search", "PEP", "--json")
    if done.returncode != 0 or '"results"' not in done.stdout:
        failures.append(f"search failed: {done.stderr[-400:]}")
    return failures


def control() -> list[str]:
    """A session that does write, to prove the audit sees a registry key and a file in the profile's temp folder."""
    wine("reg", "add", rf"HKCU\Software\{CONTROL}", "/v", "probe", "/d", "1", "/f")
    wine("cmd", "/c", f"echo probe> %TEMP%\\{CONTROL}.txt")
    return []


def audit(prefix: Path, home: Path, baseline: Path, label: str, run: Callable[[], list[str]]) -> tuple[list[str], dict[str, str]]:
    """A session against the baseline's: its failures, and every entry it alone changed."""
    start = snapshot(prefix, home)
    wine(baseline)
    after_baseline = snapshot(prefix, home)
    failures = run()
    after_session = snapshot(prefix, home)
    wine_own = changes(start, after_baseline)
    caused = {name: kind for name, kind in changes(after_baseline, after_session).items() if name not in wine_own}
    explained = {
        name: why for name in caused for prefix, why in EXPLAINED.items() if name == prefix or name.startswith(prefix + "/")
    }
    for why in sorted(set(explained.values())):
        print(f"{label}: explained, {sum(1 for w in explained.values() if w == why)} entries: {why}")
    caused = {name: kind for name, kind in caused.items() if name not in explained}
    print(f"{label}: the baseline changed {len(wine_own)} entries {sorted(wine_own)}, the session {len(caused)} more")
    return failures, caused


def main() -> int:
    """Audit the bundle as it is (no portable folder), then as a kit with its portable folder one level up."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--bundle", type=Path, required=True)
    args = parser.parse_args()
    prefix, home = Path(os.environ["WINEPREFIX"]), Path(os.environ["HOME"])
    baseline = args.work / "baseline.exe"
    os.environ.pop("QT_QPA_PLATFORM", None)  # Qt's windows platform plugin, as on a reader's computer
    cli = args.bundle / "safelib-cli.exe"
    wine(baseline)  # warm-up: the first-run writes of any windowed program in a fresh prefix
    failures, caused = audit(prefix, home, baseline, "no portable folder", lambda: session(cli))
    failures += [f"no portable folder: {kind} {name}" for name, kind in sorted(caused.items())]

    stick = args.work / "audit-stick"
    shutil.rmtree(stick, ignore_errors=True)
    shutil.copytree(args.bundle, stick / "windows")
    (stick / "safelib-portable.txt").write_text("portable\n", "utf-8")
    (stick / "safelib-data").mkdir()
    before = files(stick, "stick")
    found, caused = audit(prefix, home, baseline, "portable folder", lambda: session(stick / "windows" / cli.name))
    failures += found + [f"portable folder: {kind} {name}" for name, kind in sorted(caused.items())]
    written = sorted(changes(before, files(stick, "stick")))
    print(f"portable folder: the session wrote {len(written)} entries on the stick: {written}")
    failures += [
        f"portable folder: written on the stick outside safelib-data: {name}" for name in written if "safelib-data" not in name
    ]

    _, caught = audit(prefix, home, baseline, "control (writes on purpose)", control)
    if not any(CONTROL in name and name.startswith("user.reg:") for name in caught) or not any(
        name.endswith(f"{CONTROL}.txt") for name in caught
    ):
        failures.append(f"the control's registry key and temp file were not seen: the audit is blind ({sorted(caught)})")
    wine("reg", "delete", rf"HKCU\Software\{CONTROL}", "/f")
    wine("cmd", "/c", f"del %TEMP%\\{CONTROL}.txt")
    for failure in failures:
        print(f"trace: {failure}", file=sys.stderr)
    print("trace audit:", "FAILED" if failures else "nothing caused by the program, with and without a portable folder")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
