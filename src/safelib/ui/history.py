"""Back and forward through the guides read in this session; kept in memory and wiped on panic."""

from __future__ import annotations

from dataclasses import dataclass, field

GuideKey = tuple[str, str]


@dataclass
class History:
    """A browser-style list of (pack id, guide id) with a cursor; visiting after going back drops the forward part."""

    entries: list[GuideKey] = field(default_factory=list)
    position: int = -1

    def visit(self, key: GuideKey) -> None:
        """Record that `key` is now shown (a repeat of the current entry is not recorded twice)."""
        if self.current == key:
            return
        del self.entries[self.position + 1 :]
        self.entries.append(key)
        self.position = len(self.entries) - 1

    @property
    def current(self) -> GuideKey | None:
        """The entry shown now, if any."""
        return self.entries[self.position] if 0 <= self.position < len(self.entries) else None

    def can_go_back(self) -> bool:
        """True when there is an earlier entry."""
        return self.position > 0

    def can_go_forward(self) -> bool:
        """True when there is a later entry."""
        return self.position < len(self.entries) - 1

    def back(self) -> GuideKey | None:
        """Move one entry back and return it (None when already at the start)."""
        if not self.can_go_back():
            return None
        self.position -= 1
        return self.current

    def forward(self) -> GuideKey | None:
        """Move one entry forward and return it (None when already at the end)."""
        if not self.can_go_forward():
            return None
        self.position += 1
        return self.current

    def clear(self) -> None:
        """Forget everything read in this session."""
        self.entries.clear()
        self.position = -1

    def __len__(self) -> int:
        return len(self.entries)
