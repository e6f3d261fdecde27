"""The compiled engine, pickled so a one-shot ``check`` neither re-parses YAML nor imports the
pydantic schema. The key covers every rules and vocabulary file's path, size and modification
time, the package version and the code of every package whose objects the pickle holds
(classify, parties, decide, this package, and the base modules they use), since their meaning is
the code's."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import exportscreen
from exportscreen.pipeline.engine import Engine
from exportscreen.ruleset.cache import _digest_files, _load, _store, cache_dir
from exportscreen.ruleset.paths import expand_paths


def load_engine_cached(paths: Sequence[Path]) -> Engine:
    """The engine for these rules, from the cache when the files and the code are unchanged."""
    files = expand_paths(paths)
    directory = cache_dir()
    target = directory / f"engine-{_key(files)}.pickle" if directory else None
    if target is not None and (cached := _load(target, Engine)) is not None:
        return cached
    from exportscreen.pipeline.build import build_engine  # imports pydantic: only on a miss
    from exportscreen.ruleset.loader import load_rules

    engine = build_engine(load_rules(files))
    if target is not None:
        _store(target, engine)
    return engine


# What the pickle holds objects of (and whose code gives them their meaning): a change to any of
# these modules must build a new engine.
PICKLED = ("classify", "parties", "decide", "pipeline")
PICKLED_MODULES = ("model.py", "status.py", "units.py", "hs.py", "countries.py")


def _key(files: list[Path]) -> str:
    """Rules and vocabulary files and the code of every package whose objects are pickled: an
    upgrade or a code change must not reuse an engine pickled by other code."""
    digest = hashlib.sha256(exportscreen.__version__.encode())
    package = Path(exportscreen.__file__).parent
    code = [p for name in PICKLED for p in sorted((package / name).glob("*.py"))]
    code += [package / name for name in PICKLED_MODULES]
    _digest_files(digest, [*code, *files])
    return digest.hexdigest()[:32]
