"""Content packs: reading, validating and loading them."""
