"""Load the compiled engine once, then screen declarations: classify → parties → decide.

The stages, each a package: :mod:`exportscreen.classify` (what the goods are),
:mod:`exportscreen.parties` (whom the names match), :mod:`exportscreen.decide` (what that means,
in words). This package wires them together and caches the compiled engine.
"""

from exportscreen.decide import RunConfig
from exportscreen.pipeline.engine import Engine
from exportscreen.pipeline.load import (
    check,
    file_sha256,
    load_engine,
    load_reviews,
    run_config,
    search_parties,
)

__all__ = [
    "Engine",
    "RunConfig",
    "check",
    "file_sha256",
    "load_engine",
    "load_reviews",
    "run_config",
    "search_parties",
]
