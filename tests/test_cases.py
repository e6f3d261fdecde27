"""Golden declaration cases, one YAML file per control list or measure (tests/cases/*.yaml).

Each case is a declaration and what the engine must conclude about it. Format::

    list: cn-2023-23-gallium-germanium        # what the file covers (informational)
    cases:
      - name: gallium ingots to Germany        # unique within the file
        declaration: {hs_code: "8112929010", description: gallium metal ingots, date: 2025-03-01}
        expect:
          decision: licence_required           # required
          items: {cn-2023-23-gallium-germanium/ga-metal: controlled}   # item -> outcome
          no_items: true                       # or: nothing matched at all
          measures: {cn-2024-46-us/clause-1-military: prohibited}      # clause -> decision
          remarks_contain: ["属于两用物项"]
          warnings_contain: ["misdeclaration"]
          reasons_contain: ["suspended"]
          missing_contain: ["purity"]          # some item names this missing parameter
          parties: {cn-unreliable-entity-list/uel-...: prohibited}   # party hit -> decision
          no_parties: true                     # no party hit at all
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from exportscreen.decide import RunConfig
from exportscreen.declaration import parse_declaration
from exportscreen.pipeline import Engine
from exportscreen.pipeline.build import build_engine
from exportscreen.ruleset.loader import builtin_rules_dir, load_rules
from exportscreen.ruleset.yamlload import load_yaml

CASES_DIR = Path(__file__).parent / "cases"
EXPECT_KEYS = {
    "decision",
    "items",
    "no_items",
    "measures",
    "remarks_contain",
    "warnings_contain",
    "reasons_contain",
    "missing_contain",
    "parties",
    "no_parties",
}


def _load_cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = load_yaml(path.read_text(encoding="utf-8")).data
        names: set[str] = set()
        for case in data["cases"]:
            assert case["name"] not in names, f"{path.name}: duplicate case name {case['name']!r}"
            names.add(case["name"])
            params.append(pytest.param(case, id=f"{path.stem}::{case['name']}"))
    return params


@pytest.fixture(scope="module")
def engine() -> Engine:
    return build_engine(load_rules([builtin_rules_dir()]))


@pytest.mark.parametrize("case", _load_cases())
def test_case(case: dict[str, Any], engine: Engine) -> None:
    expect = case["expect"]
    unknown = set(expect) - EXPECT_KEYS
    assert not unknown, f"unknown expect keys: {unknown}"
    declaration = parse_declaration(case["declaration"], default_date=date(2026, 11, 22))
    result = engine.screen(declaration, RunConfig())
    explain = "\n".join([*result.reasons, *result.warnings])
    assert result.decision.value == expect["decision"], explain
    outcomes = {f"{m.list_id}/{m.item_id}": m.outcome for m in result.items}
    for key, outcome in (expect.get("items") or {}).items():
        assert outcomes.get(key) == outcome, f"{key}: got {outcomes.get(key)}; all: {outcomes}"
    if str(expect.get("no_items", "false")).lower() == "true":
        assert not outcomes, f"expected no items, got {outcomes}"
    clauses = {f"{m.measure_id}/{m.clause_id}": m.decision.value for m in result.measures}
    for key, decision in (expect.get("measures") or {}).items():
        assert clauses.get(key) == decision, f"{key}: got {clauses.get(key)}; all: {clauses}"
    hits = {f"{p.list_id}/{p.entity_id}": p.decision.value for p in result.parties}
    for key, decision in (expect.get("parties") or {}).items():
        assert hits.get(key) == decision, f"{key}: got {hits.get(key)}; all: {hits}"
    if str(expect.get("no_parties", "false")).lower() == "true":
        assert not hits, f"expected no party hits, got {hits}"
    for needle in expect.get("remarks_contain") or []:
        assert any(needle in r for r in result.remarks), f"{needle!r} not in {result.remarks}"
    for needle in expect.get("warnings_contain") or []:
        assert any(needle in w for w in result.warnings), f"{needle!r} not in {result.warnings}"
    for needle in expect.get("reasons_contain") or []:
        assert any(needle in r for r in result.reasons), f"{needle!r} not in {result.reasons}"
    for needle in expect.get("missing_contain") or []:
        assert any(needle in m for i in result.items for m in i.missing), (
            f"{needle!r} not among missing parameters"
        )


def test_prefilter_finds_what_an_exhaustive_search_finds(engine: Engine) -> None:
    """The keyword/HS prefilter only skips items that cannot match: same results either way."""
    declarations = [
        parse_declaration(case.values[0]["declaration"], default_date=date(2026, 11, 22))
        for case in _load_cases()
    ]
    fast = [engine.screen(d, RunConfig()).to_dict() for d in declarations]
    engine.goods.exhaustive = True
    try:
        slow = [engine.screen(d, RunConfig()).to_dict() for d in declarations]
    finally:
        engine.goods.exhaustive = False
    assert fast == slow
