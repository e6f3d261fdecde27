"""The compiled engine, pickled so a one-shot ``check`` neither re-parses YAML nor imports the
pydantic schema. The key covers every rules and vocabulary file's path, size and modification
time, the package version and every module of the package, since the pickle holds objects of
classify, parties, decide and this package, and their meaning is the code's."""

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


def _key(files: list[Path]) -> str:
    """Rules files and the package's own code: an upgrade or a code change must not reuse an
    engine pickled by other code."""
    digest = hashlib.sha256(exportscreen.__version__.encode())
    package = Path(exportscreen.__file__).parent
    code = sorted(package.rglob("*.py"))
    _digest_files(digest, [*code, *files])
    return digest.hexdigest()[:32]
