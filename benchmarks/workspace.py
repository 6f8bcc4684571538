"""The libraries a benchmark run works on: the bundled one and a generated one, in a temporary folder."""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.corpus import CONTENT, Vocabulary, bundled_vocabularies, generate
from safelib.core.library import Library


@dataclass
class Corpus:
    """One library under test: where its packs are, and the vocabulary queries are drawn from."""

    name: str
    folders: list[Path]
    vocabularies: dict[str, Vocabulary]
    generate_seconds: float | None = None

    def load(self) -> Library:
        library = Library.load(self.folders)
        errors = [p for p in library.problems if p.severity == "error"]
        if errors:
            raise RuntimeError(f"{self.name}: the library does not load cleanly: {errors[0]}")
        return library


@dataclass
class Workspace:
    """A temporary folder holding the generated packs and every index built during the run."""

    guides: int
    seed: int
    words: int = 800
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="safelib-bench-")))
    _bundled: Corpus | None = None
    _generated: Corpus | None = None

    def bundled(self) -> Corpus:
        if self._bundled is None:
            library = Library.load([CONTENT])
            self._bundled = Corpus("bundled", [CONTENT], bundled_vocabularies(library))
            library.close()
        return self._bundled

    def generated(self) -> Corpus:
        if self._generated is None:
            vocabularies = self.bundled().vocabularies
            started = time.perf_counter()
            folders = generate(self.root / "packs", vocabularies, self.guides, self.seed, self.words)
            took = time.perf_counter() - started
            self._generated = Corpus(f"generated ({self.guides:,} guides)", folders, vocabularies, took)
        return self._generated

    def corpora(self) -> list[Corpus]:
        return [self.bundled(), self.generated()]

    def scratch(self, name: str) -> Path:
        """A fresh empty folder for one build."""
        folder = self.root / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return folder

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def folder_bytes(folder: Path) -> int:
    """Bytes of every file under `folder`, or of the file itself."""
    if folder.is_file():
        return folder.stat().st_size
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
