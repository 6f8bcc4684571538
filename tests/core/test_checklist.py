"""A guide's checklist as plain text: task lists first, else the last list straight under a heading."""

from __future__ import annotations

import pytest

from safelib.core.checklist import checklists, guide_checklist, plain_inline
from safelib.core.context import open_library

BODY = """Intro with a list after text:

- not a checklist

## Steps

1. **Clean** the gallery.
2. Read [the guide](guide:other) first.

## Quick checklist

- Gallery cleaned
- Apps removed, and
  reinstalled later
- `PIN` set ![icon](media/x.png)

See also another guide.

```
- code, not a list
```
"""


def test_the_last_list_straight_under_a_heading_is_the_checklist() -> None:
    found = guide_checklist(BODY)
    assert found is not None
    assert found.text() == "Quick checklist\n- Gallery cleaned\n- Apps removed, and reinstalled later\n- PIN set"


def test_a_task_list_wins_wherever_it_is() -> None:
    body = "## Before\n\nText.\n\n- [ ] first box\n- [x] second box\n\n## Quick checklist\n\n- other\n"
    found = guide_checklist(body)
    assert found is not None and found.tasks and found.items == ("first box", "second box")


def test_lists_after_text_or_inside_code_are_not_checklists() -> None:
    lists = checklists(BODY)
    assert [(entry.heading, first) for entry, first in lists] == [("", False), ("Steps", True), ("Quick checklist", True)]
    assert guide_checklist("Text only.\n\n- after text\n") is None


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("**bold** and *em*", "bold and em"),
        ("[words](guide:x)", "words"),
        ("![pic](media/a.png) text", "text"),
        ("`code`", "code"),
    ],
)
def test_inline_markup_is_dropped(markdown: str, plain: str) -> None:
    assert plain_inline(markdown) == plain


def test_every_bundled_guide_has_its_checklist() -> None:
    library = open_library()
    try:
        guides = library.guides()
        assert guides
        for guide in guides:
            found = guide_checklist(guide.body)
            assert found is not None, guide.key
            if guide.language == "en":
                assert "checklist" in found.heading.casefold(), (guide.key, found.heading)
    finally:
        library.close()
