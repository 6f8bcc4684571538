"""The Qt-free heart of safelib: packs, rendering, search, i18n and settings."""
