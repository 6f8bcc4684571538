"""What can go wrong with a vault, said in one line each."""

from __future__ import annotations


class VaultError(Exception):
    """A vault could not be read or written; the message is one line for people."""


class VaultDamaged(VaultError):
    """A code opened a key slot but the library behind it fails authentication: damaged or altered."""


class VaultFull(VaultError):
    """The library no longer fits where it must stay (or the stick is full); the old vault is intact."""


class CodeTaken(VaultError):
    """A new code (a duress code, a changed code) already opens something in this vault: another must be chosen."""
