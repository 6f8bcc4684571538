"""What the Windows and macOS builds rely on, checked here since CI builds them elsewhere: bland details, no file dialogs."""

from __future__ import annotations

import ast

from tests.conftest import REPO

VERSION_FILE = REPO / "packaging" / "windows-version.txt"
REVEALING = ("safelib", "lgbt", "queer", "gay", "asylum", "sexual", "health", "guide", "library")


def version_strings() -> dict[str, str]:
    """The StringStruct('Key', 'Value') pairs of the version file, read as the Python expression PyInstaller evaluates."""
    tree = ast.parse(VERSION_FILE.read_text("utf-8"), str(VERSION_FILE), mode="eval")
    return {
        node.args[0].value: node.args[1].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "StringStruct"
    }


def test_windows_version_details_are_bland() -> None:
    strings = version_strings()
    assert strings["FileDescription"] == "Document viewer" and strings["ProductName"] == "Document viewer"
    assert not [value for value in strings.values() if any(word in value.lower() for word in REVEALING)]


def test_spec_makes_a_windowed_program_with_a_console_twin_and_a_mac_app() -> None:
    spec = (REPO / "packaging" / "safelib.spec").read_text("utf-8")
    ast.parse(spec)
    assert '(NAME, False), (f"{NAME}-cli", True)' in spec and "version=VERSION" in spec
    assert 'BUNDLE(coll, name=f"{NAME}.app"' in spec and "upx=True" not in spec


def test_no_file_dialog_anywhere_and_qt_dialogs_are_never_native() -> None:
    sources = {path: path.read_text("utf-8") for path in (REPO / "src" / "safelib").rglob("*.py")}
    assert not [path for path, text in sources.items() if "QFileDialog" in text]
    bootstrap = sources[REPO / "src" / "safelib" / "ui" / "bootstrap.py"]
    assert "AA_DontUseNativeDialogs, True" in bootstrap


def test_workflow_builds_on_every_platform_and_keeps_links_and_modes_in_a_tar() -> None:
    workflow = (REPO / ".github" / "workflows" / "build.yml").read_text("utf-8")
    for needed in ("ubuntu-", "windows-", "macos-", 'python-version: "3.11"', "packaging/build.py", "tar -czf", "--version"):
        assert needed in workflow, needed
