"""A vault's key derivation made cheap for tests: the format is the same, only Argon2id's cost differs."""

from __future__ import annotations

from safelib.core.vault.container import KdfCost

CHEAP = KdfCost(memory_kib=8, iterations=1, lanes=1)
CODE = "482915736048"
OTHER = "739104628351"
