"""The library entry points: load the rules once, then classify declarations."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from exportscreen.classify.engine import Engine
from exportscreen.declaration import parse_declaration
from exportscreen.model import Result
from exportscreen.ruleset.cache import load_engine_cached
from exportscreen.ruleset.paths import rules_paths


def load_engine(rules: Sequence[Path] = (), *, builtin: bool = True) -> Engine:
    """Load the built-in rules (unless ``builtin`` is False), EXPORTSCREEN_RULES and ``rules``."""
    return load_engine_cached(rules_paths(rules, builtin=builtin))


def check(engine: Engine, fields: Mapping[str, Any], *, default_date: date | None = None) -> Result:
    """Screen one declaration given as loose fields; raise DeclarationError on bad fields."""
    declaration = parse_declaration(fields, default_date=default_date or date.today())
    return engine.classify(declaration)
