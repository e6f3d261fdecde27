"""Build the engine from validated rules: goods engine, party lists and decision vocabulary."""

from __future__ import annotations

from exportscreen.classify.compile import build_goods_engine
from exportscreen.decide.vocabulary import compile_vocabulary
from exportscreen.errors import Problem, RulesError
from exportscreen.parties.lists import PartyLists, from_schema
from exportscreen.pipeline.engine import Engine
from exportscreen.ruleset.loader import LoadedRules


def build_engine(rules: LoadedRules) -> Engine:
    if not rules.decision_vocabularies:
        raise RulesError(
            [
                Problem(
                    "rules",
                    None,
                    "no decision_vocabulary file among the rules",
                    "keep the built-in rules, or add a file with kind: decision_vocabulary",
                )
            ]
        )
    # The last one loaded wins: a user's vocabulary after the built-in one replaces it.
    vocabulary = compile_vocabulary(rules.decision_vocabularies[-1])
    parties = PartyLists()
    for party_list in rules.party_lists:
        parties.add(*from_schema(party_list, rules.origins.get(party_list.id, "")))
    return Engine(build_goods_engine(rules), parties, vocabulary, tuple(_sources(rules)))


def _sources(rules: LoadedRules) -> list[dict[str, str]]:
    """What the engine was built from: every document's id, kind, review date and file hash."""
    digests = {f.path: f.sha256 for f in rules.files}
    documents: list[tuple[str, str, str]] = [
        *((d.id, "control_list", d.reviewed.isoformat()) for d in rules.control_lists),
        *((d.id, "measure", d.reviewed.isoformat()) for d in rules.measures),
        *((d.id, "party_list", d.reviewed.isoformat()) for d in rules.party_lists),
        *((d.id, "end_use_vocabulary", "") for d in rules.vocabularies),
        *((d.id, "product_vocabulary", "") for d in rules.product_vocabularies),
        *((d.id, "decision_vocabulary", "") for d in rules.decision_vocabularies),
    ]
    return [
        {
            "id": doc_id,
            "kind": kind,
            "reviewed": reviewed,
            "sha256": digests.get(rules.origins.get(doc_id, ""), ""),
        }
        for doc_id, kind, reviewed in documents
    ]
