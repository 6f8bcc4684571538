"""`python -m safelib` runs the command-line entry point."""

from safelib.cli.main import main

raise SystemExit(main())
