"""Goods reading (issue 13) end to end, and the false-positive corpus.

The rows of the issue's table (tests/cases/goods-reading.yaml, cases named "issue table: ...")
must give the officer's answer through `check` and through `screen`, not only through the
engine. The corpus (tests/goods/*.yaml) holds finished goods that mention a controlled material
(each must come out not_controlled, or review where the case allows it) and controlled
look-alikes (each must stay controlled). Corpus format::

    expect: not_controlled          # the file's default decision
    allow_review: false             # may a case come out review instead (per case: review: ok)
    cases:
      - [HS code or "", description, spec]            # the default applies
      - {hs: "...", description: ..., spec: ..., expect: licence_required, why: ...}
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from exportscreen.cli import app
from exportscreen.declaration import parse_declaration
from exportscreen.pipeline import Engine, RunConfig
from exportscreen.pipeline.build import build_engine
from exportscreen.ruleset.loader import builtin_rules_dir, load_rules
from exportscreen.ruleset.yamlload import load_yaml

HERE = Path(__file__).parent
runner = CliRunner()


def _issue_rows() -> list[Any]:
    data = load_yaml((HERE / "cases" / "goods-reading.yaml").read_text(encoding="utf-8")).data
    return [
        pytest.param(case, id=case["name"])
        for case in data["cases"]
        if case["name"].startswith("issue table:")
    ]


def _cli_args(declaration: dict[str, Any]) -> list[str]:
    args = ["--hs", str(declaration["hs_code"]), "--description", declaration["description"]]
    for field, flag in (("spec", "--spec"), ("destination", "--destination"), ("date", "--date")):
        if declaration.get(field):
            args += [flag, str(declaration[field])]
    return args


def test_the_issue_table_has_seven_rows() -> None:
    assert len(_issue_rows()) == 7


@pytest.mark.parametrize("case", _issue_rows())
def test_issue_row_through_check(case: dict[str, Any]) -> None:
    result = runner.invoke(
        app,
        ["check", *_cli_args(case["declaration"]), "--format", "json", "--no-audit"],
    )
    assert result.exit_code in (0, 1), result.output
    assert json.loads(result.stdout)["decision"] == case["expect"]["decision"]


def test_issue_rows_through_screen(tmp_path: Path) -> None:
    cases = [param.values[0] for param in _issue_rows()]
    manifest = tmp_path / "issue-table.csv"
    with manifest.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["HS Code", "Goods Description", "Specification", "Destination", "Shipment Date"]
        )
        for case in cases:
            d = case["declaration"]
            writer.writerow(
                [
                    d["hs_code"],
                    d["description"],
                    d.get("spec", ""),
                    d.get("destination", "DE"),
                    str(d.get("date", "2026-11-22")),
                ]
            )
    result = runner.invoke(
        app, ["screen", str(manifest), "--format", "jsonl", "--no-progress", "--no-audit"]
    )
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [r["decision"] for r in rows] == [c["expect"]["decision"] for c in cases]


# ---------------------------------------------------------------------------------------------
# The corpus


def _corpus(kind: str) -> list[Any]:
    params = []
    for path in sorted((HERE / "goods").glob(f"{kind}-*.yaml")):
        data = load_yaml(path.read_text(encoding="utf-8")).data
        default = data["expect"]
        allow = bool(data.get("allow_review", False))
        for number, raw in enumerate(data["cases"], 1):
            if isinstance(raw, list):
                hs, description, spec = [*raw, "", ""][:3]
                case = {"hs": hs, "description": description, "spec": spec}
            else:
                case = dict(raw)
            case.setdefault("expect", default)
            case["allow_review"] = allow or case.get("review") == "ok"
            name = f"{path.stem}#{number} {case['description'][:40]}"
            params.append(pytest.param(case, id=name))
    return params


FINISHED = _corpus("finished")
LOOKALIKES = _corpus("lookalikes")


@pytest.fixture(scope="module")
def engine() -> Engine:
    return build_engine(load_rules([builtin_rules_dir()]))


def _decide(engine: Engine, case: dict[str, Any]) -> tuple[str, str]:
    fields = {"description": case["description"], "spec": case.get("spec") or ""}
    if case.get("hs"):
        fields["hs_code"] = str(case["hs"])
    result = engine.screen(parse_declaration(fields, default_date=date(2026, 11, 22)), RunConfig())
    return result.decision.value, "\n".join(result.reasons)


def test_corpus_sizes() -> None:
    """The issue asks for at least 300 finished goods and 100 controlled look-alikes."""
    assert len(FINISHED) >= 300
    assert len(LOOKALIKES) >= 100


@pytest.mark.parametrize("case", FINISHED)
def test_finished_goods_are_not_the_material(engine: Engine, case: dict[str, Any]) -> None:
    decision, why = _decide(engine, case)
    allowed = {case["expect"]} | ({"review"} if case["allow_review"] else set())
    assert decision in allowed, why


@pytest.mark.parametrize("case", LOOKALIKES)
def test_lookalikes_stay_controlled(engine: Engine, case: dict[str, Any]) -> None:
    decision, why = _decide(engine, case)
    assert decision == case["expect"], why


# ---------------------------------------------------------------------------------------------
# The vocabulary file is validated strictly


@pytest.mark.parametrize(
    ("head", "message"),
    [
        ("{id: x, en: [charger], why: y, colour: red}", "unknown key 'colour'"),
        ("{id: x, why: y}", "at least one English or Chinese word"),
        ("{id: x, en: [charger]}", "why"),
        ("{id: x, kind: maybe, en: [charger], why: y}", "kind"),
    ],
)
def test_product_vocabulary_is_validated(head: str, message: str) -> None:
    from exportscreen.ruleset.loader import parse_document

    text = (
        "kind: product_vocabulary\nid: p\ntitle: t\n"
        f"heads:\n  - {head}\n"
        "forms: {en: [ingot], why: w}\nnegation: {before: [free of], why: w}\n"
    )
    document, problems = parse_document(text.encode(), "products.yaml")
    assert document is None
    assert any(message in p.message for p in problems), [p.message for p in problems]


def test_the_builtin_vocabulary_loads_with_every_head_sourced() -> None:
    rules = load_rules([builtin_rules_dir()])
    (vocabulary,) = rules.product_vocabularies
    assert all(head.why for head in vocabulary.heads)
    assert {"product", "ambiguous"} == {head.kind for head in vocabulary.heads}
