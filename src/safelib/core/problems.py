"""Problems found in user-supplied input, reported with the file and line they come from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack, a guide or another input, located as precisely as we can."""

    path: str
    message: str
    line: int | None = None
    severity: Severity = "error"

    def format(self) -> str:
        """Render as `PATH:LINE: error: message`, the form compilers and editors understand."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.severity}: {self.message}"


class PackError(Exception):
    """Raised when input cannot be used at all; carries the problem that explains why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format())
        self.problem = problem
