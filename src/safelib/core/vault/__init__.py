"""The vault: a library encrypted at rest in one file of random-looking bytes, opened by a code."""
