"""The reader's library: every pack found in the configured places, loaded side by side."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from safelib.core.languages import parse_language
from safelib.core.packs.keys import KeyRing
from safelib.core.packs.limits import DEFAULT_LIMITS, Limits
from safelib.core.packs.loader import LoadResult, load_pack
from safelib.core.packs.model import Guide, Pack, Trust
from safelib.core.packs.source import PACK_SUFFIX
from safelib.core.packs.versions import relation
from safelib.core.problems import Problem

PACKS_ENV = "SAFELIB_PACKS"


def find_pack_locations(folder: Path) -> list[Path]:
    """A folder that is a pack, or the packs (sub-folders and `.safelibpack` files) inside it."""
    if (folder / "pack.toml").exists() or folder.suffix == PACK_SUFFIX:
        return [folder]
    try:
        children = sorted(folder.iterdir())
    except OSError:
        return [folder]
    return [child for child in children if (child / "pack.toml").exists() or child.suffix == PACK_SUFFIX]


def env_pack_folders(environ: dict[str, str] | os._Environ[str] = os.environ) -> list[Path]:
    """Folders named by the SAFELIB_PACKS variable, a path-separator list."""
    return [Path(part) for part in environ.get(PACKS_ENV, "").split(os.pathsep) if part]


@dataclass
class Library:
    """All loaded packs and the problems met while loading them.

    Tampered packs (their files no longer match their signature) are kept apart in `quarantined`:
    they never reach `packs`, so listing, reading and search never show them as genuine content,
    while `tampered()` still lets a window say which packs were refused and why.
    """

    packs: list[Pack] = field(default_factory=list)
    results: list[LoadResult] = field(default_factory=list)
    quarantined: list[Pack] = field(default_factory=list)
    key_problems: list[Problem] = field(default_factory=list)
    conflicts: set[str] = field(default_factory=set)  # pack ids claimed by verified packs of different keys

    @classmethod
    def load(cls, folders: Iterable[Path], limits: Limits = DEFAULT_LIMITS, keyring: KeyRing | None = None) -> Library:
        """Load every pack in `folders`, in order; a pack id seen twice keeps the first, unless `_add_pack` says otherwise."""
        library = cls()
        if keyring is not None:
            library.key_problems = list(keyring.problems)
        for folder in folders:
            for location in find_pack_locations(folder):
                library.add(load_pack(location, limits, keyring))
        return library

    def add(self, result: LoadResult) -> None:
        """Add a loaded pack, setting tampered ones apart and refusing a second pack with an id already present.

        Only a newer version from the same signer takes the place of the first (a kept update wins over the bundled copy).
        """
        pack = result.pack
        if pack is not None and not pack.trust.trustworthy:
            self.quarantined.append(pack)
        elif pack is not None:
            self._add_pack(result, pack)
        self.results.append(result)

    def _add_pack(self, result: LoadResult, pack: Pack) -> None:
        """One pack per id: a verified pack displaces an unverified one; verified packs of two keys are a conflict."""
        clash = self.pack(pack.id)
        if pack.id in self.conflicts:
            self._skip(result, f"pack id '{pack.id}' is claimed by packs signed with different keys: none is shown")
        elif clash is None:
            self.packs.append(pack)
        elif _verified(pack) and _verified(clash) and pack.trust.key_id != clash.trust.key_id:
            self.conflicts.add(pack.id)
            self._skip(
                result, f"pack id '{pack.id}' is also used by {clash.source.display}, signed with another key: neither is shown"
            )
            self.packs.remove(clash)
            self._skip(
                self._result_of(clash),
                f"pack id '{pack.id}' is also used by {pack.source.display}, signed with another key: neither is shown",
            )
        elif _verified(pack) and not _verified(clash):
            self.packs[self.packs.index(clash)] = pack
            self._skip(self._result_of(clash), f"pack id '{pack.id}' belongs to the verified pack {pack.source.display}: skipped")
        elif relation(pack.manifest, pack.trust, clash.manifest, clash.trust) == "newer":
            self._replace(clash, result)
        else:
            self._skip(result, f"pack id '{pack.id}' is already loaded from {clash.source.display}: skipped")

    def _skip(self, result: LoadResult, message: str) -> None:
        result.problems.append(Problem(str(result.location), message))
        if result.pack is not None:
            result.pack.source.close()
            result.pack = None

    def _result_of(self, pack: Pack) -> LoadResult:
        return next(result for result in self.results if result.pack is pack)

    def _replace(self, older: Pack, result: LoadResult) -> None:
        """Let a newer version (same signer, or neither verified) take the place of the pack loaded before it."""
        assert result.pack is not None
        self.packs[self.packs.index(older)] = result.pack
        for earlier in self.results:
            if earlier.pack is older:
                earlier.problems.append(
                    Problem(
                        str(earlier.location),
                        f"version {older.manifest.version} of pack '{older.id}' is replaced by the newer "
                        f"{result.pack.manifest.version} from {result.pack.source.display}",
                        severity="warning",
                    )
                )
                earlier.pack = None
        older.source.close()

    @property
    def problems(self) -> list[Problem]:
        """Every problem from every pack, in load order."""
        return self.key_problems + [problem for result in self.results for problem in result.problems]

    def pack(self, pack_id: str) -> Pack | None:
        """The loaded pack with this id, if any."""
        return next((pack for pack in self.packs if pack.id == pack_id), None)

    def tampered(self) -> list[tuple[Pack, Trust]]:
        """Packs refused because they do not match their signature, each with the reason."""
        return [(pack, pack.trust) for pack in self.quarantined]

    def guides(self, lang: str | None = None, category: str | None = None, include_tampered: bool = False) -> list[Guide]:
        """Guides filtered by language (primary subtag or full tag) and category, in a stable order.

        Guides of tampered packs are left out unless `include_tampered` is set (for a window that shows
        them greyed out with the reason, never as normal content).
        """
        found: list[Guide] = []
        for pack in self.packs + (self.quarantined if include_tampered else []):
            if lang and not language_matches(pack.manifest.language, lang):
                continue
            found.extend(g for g in pack.guides.values() if category in (None, g.category))
        return sorted(found, key=lambda g: (g.pack_id, g.category, g.title.casefold()))

    def guide(self, guide_id: str, pack_id: str | None = None, lang: str | None = None) -> Guide | None:
        """Find a guide by id, preferring the given pack, then the given language, then any pack."""
        if pack_id is not None:
            pack = self.pack(pack_id)
            if pack is not None and guide_id in pack.guides:
                return pack.guides[guide_id]
        candidates = [p.guides[guide_id] for p in self.packs if guide_id in p.guides]
        if lang:
            preferred = [g for g in candidates if language_matches(g.language, lang)]
            candidates = preferred or candidates
        return candidates[0] if candidates else None

    def translations(self, guide: Guide) -> dict[str, Guide]:
        """The same guide in every loaded language, keyed by language tag (the guide itself included)."""
        found: dict[str, Guide] = {}
        for pack in self.packs:
            for other in pack.guides.values():
                if other.original_id == guide.original_id:
                    found.setdefault(other.language, other)
        found[guide.language] = guide
        return found

    def source_of(self, guide: Guide) -> Guide | None:
        """The guide this one translates, in the pack its pack names as `[translation] source_pack` (when loaded)."""
        pack = self.pack(guide.pack_id)
        source_id = pack.manifest.source_pack if pack is not None else None
        source = self.pack(source_id) if source_id else None
        return source.guides.get(guide.original_id) if source is not None else None

    def shelf(self, lang: str, fallback: Sequence[str] = ()) -> list[Guide]:
        """The guides a reader of `lang` is shown: every guide in that language, and each guide it lacks in the nearest
        other language — the source of its translation, then `fallback`, then English, then any — so an unfinished
        translation still shows the whole library (a caller tells the stand-ins by their language)."""
        own = self.guides(lang=lang)
        covered = {guide.original_id for guide in own}
        order = [*self._source_languages(lang), *fallback, "en"]
        stand_ins: dict[str, tuple[int, Guide]] = {}
        for guide in self.guides():
            if guide.original_id in covered:
                continue
            rank = next((i for i, tag in enumerate(order) if language_matches(guide.language, tag)), len(order))
            if guide.original_id not in stand_ins or rank < stand_ins[guide.original_id][0]:
                stand_ins[guide.original_id] = (rank, guide)
        return own + [guide for _rank, guide in stand_ins.values()]

    def _source_languages(self, lang: str) -> list[str]:
        """The languages the packs in `lang` were translated from (their `[translation] source_pack`, when loaded)."""
        found = []
        for pack in self.packs:
            source = self.pack(pack.manifest.source_pack) if pack.manifest.source_pack else None
            if source is not None and language_matches(pack.manifest.language, lang):
                found.append(source.manifest.language)
        return found

    def why_missing(self, guide: Guide) -> list[Problem]:
        """The errors that keep a guide loaded before out of this library: its own file's, else its pack's (a broken
        `pack.toml`); empty when nothing explains it (the file was deleted or renamed)."""
        errors = [problem for problem in self.problems if problem.severity == "error"]
        own = [problem for problem in errors if problem.path == guide.path]
        if own:
            return own
        pack = next((str(result.location) for result in self.results if _inside(guide.path, str(result.location))), None)
        return [problem for problem in errors if pack is not None and _inside(problem.path, pack)]

    def languages(self) -> list[str]:
        """Language tags of the loaded packs, each once, in load order."""
        return list(dict.fromkeys(pack.manifest.language for pack in self.packs))

    def close(self) -> None:
        """Close every pack's source."""
        for pack in self.packs + self.quarantined:
            pack.source.close()


def _inside(path: str, pack: str) -> bool:
    """Whether a message path (`PACK`, `PACK/guides/x.md`, `PACK.safelibpack!guides/x.md`) is about the pack at `pack`."""
    return path == pack or path.startswith((f"{pack}/", f"{pack}!"))


def _verified(pack: Pack) -> bool:
    return pack.trust.state == "verified"


def language_matches(tag: str, wanted: str) -> bool:
    """True when `tag` is `wanted` or a variant of it (`ckb-IQ` matches `ckb`; `ku` matches `kmr`)."""
    if tag == wanted:
        return True
    try:
        return parse_language(tag).base == parse_language(wanted).base and "-" not in wanted
    except ValueError:
        return False


def default_folders(extra: Sequence[Path], bundled: Path | None, portable: Path | None) -> list[Path]:
    """Where packs come from, in priority order: bundled, portable `packs/`, --packs, SAFELIB_PACKS."""
    folders = [bundled] if bundled is not None and bundled.is_dir() else []
    if portable is not None and (portable / "packs").is_dir():
        folders.append(portable / "packs")
    return folders + list(extra) + env_pack_folders()
