"""safelib: an offline library of guides on security, sexual health and asylum."""

__version__ = "0.1.0"
