"""START-HERE notes: every language complete, the real panic defaults, readable in old Notepad, neutral when disguised."""

from __future__ import annotations

import dataclasses

import pytest

from safelib.core.settings import OPTIONS_BY_KEY
from safelib.core.usb.notes import RLM, TEXTS, Launch, note_file_name, note_language, render_note
from safelib.ui.decoy import NO_PIN_CODE

LAUNCHES = [Launch("windows", "windows", "Notes.exe"), Launch("macos", "macos", "Notes.app"), Launch("linux", "linux", "Notes")]


@pytest.mark.parametrize("language", list(TEXTS))
def test_every_language_has_every_sentence_and_the_real_defaults(language: str) -> None:
    text = TEXTS[language]
    assert all(value for value in dataclasses.astuple(text))
    note = render_note(language, LAUNCHES, "safelib").decode("utf-8")
    assert note.startswith("\ufeff") and "\r\n" in note and "\n" not in note.replace("\r\n", "")
    assert OPTIONS_BY_KEY["panic_shortcut"].default in note and " ".join(NO_PIN_CODE) in note
    assert all(f"«{launch.program}»" in note and f"«{launch.folder}»" in note for launch in LAUNCHES)
    assert "safelib" in note and "{" not in note


@pytest.mark.parametrize("language", list(TEXTS))
def test_disguised_note_does_not_name_the_program(language: str) -> None:
    note = render_note(language, LAUNCHES[:1], None).decode("utf-8")
    assert "safelib" not in note and "«windows»" in note and "«macos»" not in note


def test_right_to_left_notes_start_every_line_right_to_left() -> None:
    lines = [line for line in render_note("ar", LAUNCHES, "safelib").decode("utf-8-sig").split("\r\n") if line]
    assert all(line.startswith(RLM) for line in lines)
    assert not render_note("kmr", LAUNCHES, "safelib").decode("utf-8-sig").startswith(RLM)


def test_pack_languages_map_to_notes_and_file_names_say_nothing_when_disguised() -> None:
    assert [note_language(tag) for tag in ("ckb-IQ", "ku", "ar", "sdh")] == ["ckb", "kmr", "ar", None]
    assert note_file_name("ckb", disguised=True) == "README-ckb.txt"
    assert note_file_name("en", disguised=False) == "START-HERE-en.txt"
