"""The hostile-pack corpus driven through `pack validate`, Library.load, rendering and the real window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument

from safelib.core.context import Context
from safelib.core.library import Library
from safelib.core.packs.model import Pack
from safelib.core.packs.toolkit import errors_of, validate_pack
from safelib.core.problems import PackError
from safelib.core.render import media_url, render_guide
from safelib.core.search.engine import SearchEngine
from safelib.ui.plain import tooltip
from tests.conftest import TINY_PNG, write_pack
from tests.core.test_render import _Elements, assert_safe
from tests.hardening import corpus
from tests.hardening.corpus import CASES, Case
from tests.hardening.process import host_env, leftovers, run_limited, safelib_command

LOCATIONS = [(case, form) for case in CASES for form in case.forms]
# Peak resident memory of `pack validate`: 47-52 MiB measured on every case, most of it the interpreter.
MAX_RSS_MIB = 200


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Every case written once, in every form it has."""
    return corpus.build(tmp_path_factory.mktemp("corpus"))


def snapshot(location: Path) -> list[tuple[str, int, int]]:
    """Names, sizes and modification times of everything at `location`: the tests check nothing changes."""
    if location.is_file():
        stat = location.stat()
        return [(location.name, stat.st_size, stat.st_mtime_ns)]
    return sorted((str(p), p.lstat().st_size, p.lstat().st_mtime_ns) for p in [location, *location.rglob("*")])


def urls(html: str, attribute: str) -> list[str]:
    """The values of one attribute on every element (text that merely looks like markup is not an element)."""
    parser = _Elements()
    parser.feed(html)
    return [value or "" for _tag, attrs in parser.found for name, value in attrs if name == attribute]


def assert_clean(html: str, pack: Pack) -> None:
    """Only allowed tags and attributes, in-pack links, and every picture one of this pack's own media files."""
    assert_safe(html)
    assert set(urls(html, "src")) <= {media_url(pack.id, rel) for rel in pack.media}, html


def ids(value: object) -> str:
    return value.name if isinstance(value, Case) else str(value)


@pytest.mark.parametrize(("case", "form"), LOCATIONS, ids=ids)
def test_validation_and_loading(case: Case, form: str, hostile: dict[tuple[str, str], Path]) -> None:
    location = hostile[case.name, form]
    before = snapshot(location)
    result = validate_pack(location)
    stage = case.stage_of(form)
    text = "\n".join(problem.format() for problem in result.problems)
    try:
        if stage == "clean":
            assert not errors_of(result), text
        else:
            assert corpus.matches(case, "\n".join(p.format() for p in errors_of(result))), text
        if stage == "pack":
            assert result.pack is None
            return
        pack = result.pack
        assert pack is not None and "intact" in pack.guides, text
        for guide in pack.guides.values():
            try:
                assert_clean(render_guide(guide, pack).html, pack)
            except PackError as exc:
                assert stage == "render" and corpus.matches(case, exc.problem.format())
    finally:
        if result.pack is not None:
            result.pack.source.close()
    assert snapshot(location) == before


@pytest.mark.parametrize(("case", "form"), LOCATIONS, ids=ids)
def test_one_hostile_pack_never_stops_the_others(
    case: Case, form: str, hostile: dict[tuple[str, str], Path], tmp_path: Path
) -> None:
    good = write_pack(tmp_path, "good-pack", guides={"welcome": "Welcome."})
    library = Library.load([good, hostile[case.name, form]])
    try:
        assert library.pack("good-pack") is not None and library.guide("welcome") is not None
        assert (library.pack(case.pack_id) is None) == (case.stage_of(form) == "pack")
    finally:
        library.close()


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=ids)
def test_validate_command_answers_in_bounded_memory(case: Case, hostile: dict[tuple[str, str], Path], tmp_path: Path) -> None:
    """`safelib pack validate` as a reader's trainer runs it: one clear line per problem, exit 1, nothing written."""
    locations = [hostile[case.name, form] for form in case.forms]
    before = [snapshot(location) for location in locations]
    done = run_limited(safelib_command("pack", "validate", *map(str, locations)), host_env(tmp_path), cwd=tmp_path)
    print(f"{case.name}: exit {done.returncode}, peak RSS {done.peak_rss_mib:.0f} MiB, {done.seconds:.1f} s")
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == (0 if case.stage == "clean" else 1), done.stdout + done.stderr[-3000:]
    for location in locations:
        state = "valid" if case.stage_of("zip" if location.is_file() else "folder") == "clean" else "INVALID"
        assert f"{location}: {state}" in done.stdout
        errors = [line for line in done.stderr.splitlines() if line.startswith(str(location)) and ": error: " in line]
        assert (state == "valid") == (not errors), done.stderr
        assert state == "valid" or any(corpus.matches(case, line) for line in errors), done.stderr
    assert done.peak_rss_mib < MAX_RSS_MIB
    assert leftovers(tmp_path) == []
    assert [snapshot(location) for location in locations] == before


def test_duplicate_pack_ids_across_packs_keep_the_first_and_say_so(tmp_path: Path) -> None:
    first = write_pack(tmp_path / "a", "same-id", guides={"genuine": "The first pack."})
    second = write_pack(tmp_path / "b", "same-id", guides={"impostor": "The second pack."})
    library = Library.load([first, second])
    try:
        assert library.guide("genuine") is not None and library.guide("impostor") is None
        assert any(str(second) in p.path and "already loaded" in p.message for p in library.problems)
    finally:
        library.close()


@pytest.fixture
def corpus_context(request: pytest.FixtureRequest, hostile: dict[tuple[str, str], Path], tmp_path: Path) -> Iterator[Context]:
    """A good pack with a picture, then every hostile case of one form, loaded side by side; search in memory."""
    form = request.param
    good = write_pack(
        tmp_path, "good-pack", guides={"welcome": "Welcome, **reader**. ![dot](media/dot.png)"}, extra={"media/dot.png": TINY_PNG}
    )
    library = Library.load([good, *(hostile[case.name, form] for case in CASES if form in case.forms)])
    context = Context(library, SearchEngine(library), None)
    yield context
    context.close()


@pytest.mark.parametrize("corpus_context", ["folder", "zip"], indirect=True)
def test_window_shows_the_errors_and_every_other_guide_works(qtbot, make_window, corpus_context: Context) -> None:  # type: ignore[no-untyped-def]
    window = make_window(corpus_context)
    library = corpus_context.library
    refused = [r for r in library.results if any(p.severity == "error" for p in r.problems)]
    assert refused and window.status.packs_button.isVisible()
    dialog = window.open_packs()
    shown = {dialog.tree.topLevelItem(i).toolTip(0): dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())}
    for result in refused:
        row = shown[tooltip(str(result.location))]
        lines = [row.child(c).text(0) for c in range(row.childCount())]
        assert all(problem.format() in lines for problem in result.problems if problem.severity == "error")
    dialog.close()

    assert window.reading_panel.open_guide_id("welcome") and "Welcome, reader." in window.reading_panel.reader.toPlainText()
    image = QTextDocument.ResourceType.ImageResource.value
    assert isinstance(window.reading_panel.reader.loadResource(image, QUrl("pack:good-pack/media/dot.png")), QImage)
    for case in CASES:
        if case.stage == "picture" and library.pack(case.pack_id) is not None:
            for rel in library.pack(case.pack_id).media:  # type: ignore[union-attr]
                assert window.reading_panel.reader.loadResource(image, QUrl(media_url(case.pack_id, rel))).width() == 1  # blank

    for pack in library.packs:
        for guide in pack.guides.values():
            shown = window.reading_panel.open_guide(guide)
            case = next((c for c in CASES if c.pack_id == pack.id), None)
            if not shown:
                assert (
                    case is not None and case.stage == "render" and "cannot be shown" in window.reading_panel.reader.toPlainText()
                )
                continue
            shown_html = window.reading_panel.reader.toHtml()
            targets = urls(shown_html, "src") + urls(shown_html, "href")
            assert all(t.startswith(("pack:", "guide:", "#")) for t in targets), targets

    window.search_panel.search_box.setText("guide")
    window.search_panel.debounce.stop()
    with qtbot.waitSignal(window.search_panel.search_finished, timeout=30_000):
        window.search_panel.run_search()
    assert window.search_panel.last_results is not None and window.search_panel.last_results.hits
