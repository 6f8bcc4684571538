"""Standing rules checked on the source: a Qt-free core and no network code anywhere."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src" / "safelib"
NETWORK_MODULES = {"socket", "ssl", "http", "urllib", "requests", "httpx", "aiohttp", "ftplib", "smtplib", "xmlrpc", "asyncio"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"), str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def python_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


@pytest.mark.parametrize("path", python_files(SOURCE), ids=lambda p: str(p.relative_to(SOURCE)))
def test_no_network_modules(path: Path) -> None:
    roots = {name.split(".")[0] for name in imported_modules(path)}
    assert not roots & NETWORK_MODULES
    assert not any("QtNetwork" in name or "QtWebEngine" in name for name in imported_modules(path))


@pytest.mark.parametrize("path", [p for p in python_files(SOURCE) if "ui" not in p.relative_to(SOURCE).parts], ids=str)
def test_only_the_ui_imports_qt(path: Path) -> None:
    assert not any(name.split(".")[0] == "PySide6" for name in imported_modules(path))


def test_one_is_rtl() -> None:
    """Which way a language is written is answered in one place, core/locales.py, so no two parts disagree."""
    twins = [
        f"{path.relative_to(SOURCE)}:{node.lineno}"
        for path in python_files(SOURCE)
        if path != SOURCE / "core" / "locales.py"
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path)))
        if isinstance(node, ast.FunctionDef) and node.name.lstrip("_") == "is_rtl"
    ]
    assert twins == []
