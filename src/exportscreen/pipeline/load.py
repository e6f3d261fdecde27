"""The library entry points: load the rules once, then screen declarations with a run config."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from exportscreen.decide import RunConfig, decide_party_hits
from exportscreen.declaration import parse_declaration
from exportscreen.errors import OptionError
from exportscreen.model import PartyFinding, Result
from exportscreen.parties.lists import ListingEffect
from exportscreen.parties.screening import search_parties as find_parties
from exportscreen.pipeline.cache import load_engine_cached
from exportscreen.pipeline.engine import Engine
from exportscreen.reviews.model import DEFAULT_REVIEWS_FILE, Reviews
from exportscreen.ruleset.paths import builtin_rules_dir, rules_paths


def load_engine(
    rules: Sequence[Path] = (),
    *,
    builtin: bool = True,
    party_lists: Sequence[Path] = (),
    party_list_format: str | None = None,
    builtin_party_lists: bool = True,
) -> Engine:
    """Load the rules and party lists a screening run uses.

    Rules: the built-ins (unless ``builtin`` is False), EXPORTSCREEN_RULES, then ``rules``; party
    lists: those among the rules (the built-in Chinese lists unless ``builtin_party_lists`` is
    False) plus ``party_lists`` files in any supported format, which take the effect the decision
    vocabulary gives imported lists.
    """
    engine = load_engine_cached(rules_paths(rules, builtin=builtin))
    drop = None if builtin_party_lists else str(builtin_rules_dir())
    if not party_lists and drop is None:
        return engine
    added = []
    sources = []
    if party_lists:
        from exportscreen.parties.importers.registry import load_party_file
        from exportscreen.parties.lists import from_records

        vocabulary = engine.vocabulary
        effect = ListingEffect(
            vocabulary.imported_controlled_goods,
            vocabulary.imported_other_goods,
            vocabulary.imported_note,
        )
        for path in party_lists:
            imported = load_party_file(path, party_list_format)
            added.append(
                from_records(
                    imported.list_id,
                    imported.title,
                    imported.records,
                    source=imported.source,
                    effect=effect,
                )
            )
            sources.append(
                {
                    "id": imported.list_id,
                    "kind": "party_list",
                    "reviewed": "",
                    "sha256": file_sha256(path),
                }
            )
    return engine.with_party_lists(added, sources, drop_under=drop)


def run_config(
    *,
    threshold: float | None = None,
    reviews: Path | None = None,
    default_date: date | None = None,
    fail_on: str = "licence_required",
    review_day: date | None = None,
    use_reviews: bool = True,
) -> RunConfig:
    """A run's settings, checked: the threshold's range, the reviews file (the one given, else
    ``exportscreen-reviews.yaml`` in the working directory when there is one)."""
    if threshold is not None and not 0 <= threshold <= 100:
        raise OptionError("--threshold", f"{threshold:g} is outside 0-100")
    return RunConfig(
        threshold=threshold,
        reviews=load_reviews(reviews) if use_reviews else None,
        review_day=review_day or date.today(),
        default_date=default_date,
        fail_on=fail_on,
    )


def check(
    engine: Engine,
    fields: Mapping[str, Any],
    config: RunConfig | None = None,
    *,
    default_date: date | None = None,
) -> Result:
    """Screen one declaration given as loose fields; raise DeclarationError on bad fields."""
    config = config or RunConfig()
    day = default_date or config.default_date or date.today()
    declaration = parse_declaration(fields, default_date=day)
    return engine.screen(declaration, config)


def search_parties(
    engine: Engine,
    name: str,
    config: RunConfig,
    *,
    country: str | None,
    on: date,
    limit: int = 10,
    identifiers: tuple[tuple[str, str], ...] = (),
) -> list[PartyFinding]:
    """Look one name up; each hit's decision is the listing's effect on controlled goods."""
    matches = find_parties(
        engine.party_lists,
        name,
        country=country,
        on=on,
        alert_threshold=config.alert_threshold(),
        limit=limit,
        identifiers=identifiers,
    )
    # The matcher's order (best score first) is what a lookup shows.
    return decide_party_hits(matches, config, controlled=True, by_severity=False)


def load_reviews(path: Path | None) -> Reviews | None:
    """The reviews file given, else ``exportscreen-reviews.yaml`` in the working directory."""
    if path is not None:
        return Reviews.load(path)
    default = Path(DEFAULT_REVIEWS_FILE)
    return Reviews.load(default) if default.is_file() else None


def file_sha256(path: Path) -> str:
    """The hash of a file's bytes, read in chunks (manifests and lists can be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
