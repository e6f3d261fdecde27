"""A pickle cache of validated rules, so a one-shot ``check`` does not re-parse every YAML file.

The key covers every rules file's path, size and modification time plus the package version; any
edit produces a new key. A corrupt or unreadable cache is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Sequence
from pathlib import Path

import exportscreen
from exportscreen.ruleset.loader import LoadedRules, expand_paths, load_rules

CACHE_ENV = "EXPORTSCREEN_CACHE_DIR"


def cache_dir() -> Path | None:
    """Where to keep the cache; ``EXPORTSCREEN_CACHE_DIR=off`` (or empty) disables it."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "none") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "exportscreen"


def load_rules_cached(paths: Sequence[Path]) -> LoadedRules:
    files = expand_paths(paths)
    directory = cache_dir()
    if directory is None:
        return load_rules(files)
    target = directory / f"rules-{_key(files)}.pickle"
    try:
        with target.open("rb") as handle:
            cached = pickle.load(handle)
        if isinstance(cached, LoadedRules):
            return cached
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    loaded = load_rules(files)
    _store(target, loaded)
    return loaded


def _key(files: list[Path]) -> str:
    digest = hashlib.sha256(exportscreen.__version__.encode())
    for path in files:
        stat = path.stat()
        digest.update(f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


def _store(target: Path, loaded: LoadedRules) -> None:
    """Write atomically (temp file + rename) so concurrent runs never read half a file."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=target.parent, delete=False) as handle:
            pickle.dump(loaded, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, target)
    except OSError:
        return  # a read-only home directory only costs speed
