"""Entry point of the frozen program: the same `main` as the `safelib` command."""

import sys

sys.dont_write_bytecode = True

from safelib.cli.main import main  # noqa: E402 - bytecode writing is off before anything else loads

raise SystemExit(main())
