"""The pickle cache's mechanics: where it lives, keys from files, atomic writes, pruning.

Two caches use it: the compiled engine (:mod:`exportscreen.pipeline.cache`), so a one-shot
``check`` neither re-parses YAML nor imports the pydantic schema, and the party matcher's index
(:mod:`exportscreen.parties.cache`), so a run with a large ``--party-list`` does not normalise
every name again. A corrupt or unreadable cache is ignored and rewritten.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

CACHE_ENV = "EXPORTSCREEN_CACHE_DIR"
_LOAD_ERRORS = (
    OSError,
    pickle.UnpicklingError,
    EOFError,
    AttributeError,
    ImportError,
    IndexError,
    TypeError,
    ValueError,
)


def cache_dir() -> Path | None:
    """Where to keep the cache; ``EXPORTSCREEN_CACHE_DIR=off`` (or empty) disables it."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "none") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "exportscreen"


def _digest_files(digest: Any, paths: Sequence[Path]) -> None:
    """Path, size and modification time of each file: a change to any of them changes the key."""
    for path in paths:
        stat = path.stat()
        digest.update(f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())


def _load(target: Path, kind: type[T]) -> T | None:
    """The cached object, or None when the file is missing, stale, corrupt or of another kind."""
    try:
        with target.open("rb") as handle:
            cached = pickle.load(handle)
    except _LOAD_ERRORS:
        return None  # rebuilt by the caller
    return cached if isinstance(cached, kind) else None


def _store(target: Path, value: object) -> None:
    """Write atomically (temp file + rename) so concurrent runs never read half a file."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=target.parent, delete=False) as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, target)
    except OSError:
        return  # a read-only home directory only costs speed


def _prune(directory: Path, prefix: str, keep: int) -> None:
    """Delete all but the ``keep`` most recently used ``prefix*.pickle`` files."""
    try:
        found = [(p.stat().st_mtime_ns, p) for p in directory.glob(f"{prefix}*.pickle")]
        for _, path in sorted(found, reverse=True)[keep:]:
            path.unlink(missing_ok=True)
    except OSError:
        return  # another run pruned at the same time, or the folder is read-only
