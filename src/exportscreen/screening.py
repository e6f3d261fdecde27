"""The library entry points: load the rules once, then classify declarations."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exportscreen.classify.engine import Engine
from exportscreen.declaration import parse_declaration
from exportscreen.errors import OptionError
from exportscreen.model import Result
from exportscreen.ruleset.cache import load_engine_cached
from exportscreen.ruleset.paths import builtin_rules_dir, rules_paths

if TYPE_CHECKING:
    from exportscreen.audit.reviews import Reviews


def load_engine(
    rules: Sequence[Path] = (),
    *,
    builtin: bool = True,
    party_lists: Sequence[Path] = (),
    party_list_format: str | None = None,
    builtin_party_lists: bool = True,
    threshold: float | None = None,
    reviews: Path | None = None,
) -> Engine:
    """Load the rules and party lists a screening run uses.

    Rules: the built-ins (unless ``builtin`` is False), EXPORTSCREEN_RULES, then ``rules``; party
    lists: those among the rules (the built-in Chinese lists unless ``builtin_party_lists`` is
    False) plus ``party_lists`` files in any supported format. ``threshold`` is the party alert
    threshold (default: the matcher's documented default).
    """
    engine = load_engine_cached(rules_paths(rules, builtin=builtin))
    if not builtin_party_lists:
        engine.party_lists = engine.party_lists.without_lists_under(str(builtin_rules_dir()))
    if party_lists:
        from exportscreen.parties.importers.registry import load_party_file
        from exportscreen.parties.lists import from_records

        for path in party_lists:
            imported = load_party_file(path, party_list_format)
            engine.party_lists.add(
                *from_records(
                    imported.list_id, imported.title, imported.records, source=imported.source
                )
            )
            engine.sources.append(
                {
                    "id": imported.list_id,
                    "kind": "party_list",
                    "reviewed": "",
                    "sha256": file_sha256(path),
                }
            )
    engine.reviews = load_reviews(reviews)
    if threshold is not None:
        if not 0 <= threshold <= 100:
            raise OptionError("--threshold", f"{threshold:g} is outside 0-100")
        engine.party_threshold = threshold
    return engine


def check(engine: Engine, fields: Mapping[str, Any], *, default_date: date | None = None) -> Result:
    """Screen one declaration given as loose fields; raise DeclarationError on bad fields."""
    declaration = parse_declaration(fields, default_date=default_date or date.today())
    return engine.classify(declaration)


def load_reviews(path: Path | None) -> Reviews | None:
    """The reviews file given, else ``exportscreen-reviews.yaml`` in the working directory."""
    from exportscreen.audit.reviews import DEFAULT_REVIEWS_FILE, Reviews

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
