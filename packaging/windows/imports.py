"""The DLLs the Windows bundle imports but does not carry, and the oldest Windows that has every one of them.

`python packaging/windows/imports.py dist/windows/safelib` prints them; tests/packaging/test_windows_imports.py
fails when one appears that SYSTEM_DLLS does not know, so a new requirement on Windows cannot slip in unnoticed.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Oldest first: what the bundle needs is the newest release any imported DLL needs.
RELEASES = ("Windows 7", "Windows 8", "Windows 8.1", "Windows 10", "Windows 10 version 1703", "Windows 10 version 1809")
# What README, SECURITY.md and the START-HERE notes state: the imports need 1703, and Qt 6 supports (tests on)
# 64-bit Windows 10 from version 1809 and Windows 11 only (doc.qt.io/qt-6/windows.html).
MINIMUM = "Windows 10 version 1809"

# Every DLL the bundle may take from the system, with the first Windows release that ships it.
SYSTEM_DLLS: dict[str, str] = {
    **dict.fromkeys(
        """advapi32.dll authz.dll bcrypt.dll cfgmgr32.dll comctl32.dll comdlg32.dll credui.dll crypt32.dll d3d9.dll
        d3d11.dll dcomp.dll dnsapi.dll dwmapi.dll dwrite.dll dxgi.dll gdi32.dll imm32.dll iphlpapi.dll kernel32.dll
        mpr.dll mscms.dll msvcrt.dll ncrypt.dll netapi32.dll ntdll.dll ole32.dll oleacc.dll oleaut32.dll opengl32.dll
        powrprof.dll propsys.dll psapi.dll rpcrt4.dll secur32.dll setupapi.dll shell32.dll shlwapi.dll
        uiautomationcore.dll user32.dll userenv.dll uxtheme.dll version.dll winmm.dll winspool.drv wintrust.dll
        ws2_32.dll wtsapi32.dll""".split(),  # noqa: SIM905 (a table to read, not a list to format)
        "Windows 7",
    ),
    "d3d12.dll": "Windows 10",
    # Rust's standard library (cryptography's _rust.pyd, nh3) draws its random numbers with ProcessPrng.
    "bcryptprimitives.dll": "Windows 10",
    # Qt 6 converts legacy text encodings with the ICU that Windows ships since the Creators Update.
    "icuuc.dll": "Windows 10 version 1703",
}
# API sets resolve to system DLLs. The Universal C Runtime (api-ms-win-crt-*) is part of Windows from Windows 10 on
# (earlier releases needed update KB2999226), so the bundle needs not carry it.
API_SETS = {"api-ms-win-crt-": "Windows 10", "api-ms-win-core-": "Windows 8", "api-ms-win-shcore-": "Windows 8.1"}


def release_of(dll: str) -> str | None:
    """The first Windows release that has `dll`, or None when the project's table does not know it."""
    name = dll.lower()
    if name in SYSTEM_DLLS:
        return SYSTEM_DLLS[name]
    return next((release for prefix, release in API_SETS.items() if name.startswith(prefix)), None)


def imports(bundle: Path) -> dict[str, set[str]]:
    """Each DLL named in the bundle's import and delay-import tables (lower case), with the files that import it."""
    import pefile  # only the packaging and test environments have it

    found: dict[str, set[str]] = {}
    for path in sorted(bundle.rglob("*")):
        if path.suffix.lower() not in {".exe", ".dll", ".pyd"} or not path.is_file():
            continue
        image = pefile.PE(str(path), fast_load=True)
        image.parse_data_directories(
            directories=[
                pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"],
                pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT"],
            ]
        )
        for entry in [*getattr(image, "DIRECTORY_ENTRY_IMPORT", []), *getattr(image, "DIRECTORY_ENTRY_DELAY_IMPORT", [])]:
            found.setdefault(entry.dll.decode("ascii").lower(), set()).add(path.relative_to(bundle).as_posix())
        image.close()
    return found


def from_system(bundle: Path) -> dict[str, set[str]]:
    """The imported DLLs the bundle does not carry: Windows must provide them."""
    carried = {path.name.lower() for path in bundle.rglob("*") if path.is_file()}
    return {dll: users for dll, users in imports(bundle).items() if dll not in carried}


def minimum(dlls: set[str]) -> str:
    """The oldest Windows release that has every one of `dlls` (all must be known)."""
    return max((release_of(dll) or RELEASES[-1] for dll in dlls), key=RELEASES.index, default=RELEASES[0])


def main(argv: list[str]) -> int:
    """Print each system DLL the bundle needs with its release, and the minimum; exit 1 on an unknown one."""
    needed = from_system(Path(argv[0]))
    for dll, users in sorted(needed.items()):
        print(f"{dll:45} {release_of(dll) or 'UNKNOWN':25} {', '.join(sorted(users)[:3])}")
    unknown = sorted(dll for dll in needed if release_of(dll) is None)
    print(f"minimum: {minimum(set(needed) - set(unknown))}" + (f"; unknown: {', '.join(unknown)}" if unknown else ""))
    return 1 if unknown else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
