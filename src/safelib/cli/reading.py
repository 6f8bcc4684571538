"""`safelib list`, `search` and `show`: reading the library from a terminal."""

from __future__ import annotations

import argparse
import sys

from safelib.cli.output import emit_json, report_problems
from safelib.core.context import Context
from safelib.core.packs.model import Guide
from safelib.core.problems import PackError
from safelib.core.render import html_to_text, render_guide
from safelib.core.search.request import SearchRequest


def _guide_json(guide: Guide) -> dict[str, object]:
    return {
        "pack": guide.pack_id,
        "guide": guide.id,
        "lang": guide.language,
        "title": guide.title,
        "category": guide.category,
        "summary": guide.summary,
        "updated": guide.updated.isoformat(),
    }


def run_list(args: argparse.Namespace, context: Context) -> int:
    """List guides, optionally of one language and category."""
    report_problems(context.library.problems)
    guides = context.library.guides(lang=args.lang, category=args.category)
    if args.json:
        emit_json([_guide_json(g) for g in guides])
    else:
        for guide in guides:
            print(f"{guide.pack_id:<14} {guide.id:<32} {guide.category:<14} {guide.title}")
    return 0


def run_search(args: argparse.Namespace, context: Context) -> int:
    """Search the library and print ranked hits with snippets."""
    report_problems(context.library.problems)
    lang = None if args.lang in (None, "all") else args.lang
    results = context.search.answer(SearchRequest(args.query, lang, args.category, args.limit))
    if args.json:
        emit_json(
            {
                "query": results.query,
                "results": [
                    {
                        **_guide_json(hit.guide),
                        "score": round(hit.score, 4),
                        "snippet": hit.snippet.text,
                        "highlights": [list(span) for span in hit.snippet.spans],
                    }
                    for hit in results.hits
                ],
                "suggestion": results.suggestion,
            }
        )
        return 0
    bold, plain = ("\x1b[1m", "\x1b[0m") if sys.stdout.isatty() else ("[", "]")
    for hit in results.hits:
        print(f"{hit.guide.title}  ({hit.guide.pack_id}/{hit.guide.id}, {hit.guide.category}, {hit.score:.2f})")
        print(f"    {hit.snippet.marked(bold, plain)}")
    if not results.hits:
        print("No guides found.")
    if results.suggestion:
        print(f"Did you mean: {results.suggestion}")
    return 0


def run_show(args: argparse.Namespace, context: Context) -> int:
    """Print one guide as text or as its sanitized HTML."""
    guide = context.library.guide(args.guide, pack_id=args.pack, lang=args.lang)
    if guide is None:
        print(f"safelib: no guide '{args.guide}' in the loaded packs (try `safelib list`)", file=sys.stderr)
        return 1
    try:
        rendered = render_guide(guide, context.library.pack(guide.pack_id))
    except PackError as exc:
        print(exc.problem.format(), file=sys.stderr)
        return 1
    if args.html:
        print(rendered.html)
    else:
        print(html_to_text(rendered.html))
    return 0
