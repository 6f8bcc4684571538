"""The command-line interface: the same core the window uses, for scripts, trainers and tests."""
