"""Process-wide protections set once at start-up: a crash must not leave what was read in a core file."""

from __future__ import annotations

import ctypes
import sys

PR_SET_DUMPABLE = 4  # linux/prctl.h


def disable_core_dumps() -> list[str]:
    """Ask the system to write no core dump of this process; return what could not be done (empty when all was).

    RLIMIT_CORE 0 stops the kernel writing `core` files; PR_SET_DUMPABLE 0 also stops systemd-coredump
    and apport (which a core pattern pipe would otherwise feed whatever the limit) and other users'
    debuggers from attaching. Windows keeps no dumps unless Windows Error Reporting's LocalDumps is
    configured by an administrator, which a program cannot undo for itself: docs say so.
    """
    missing = []
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        missing.append("RLIMIT_CORE")
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
                missing.append("PR_SET_DUMPABLE")
        except (OSError, AttributeError):
            missing.append("PR_SET_DUMPABLE")
    return missing
