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
from stat import S_IWGRP, S_IWOTH
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
    """The cached object, or None when the file is missing, stale, corrupt or of another kind.

    A pickle runs code when it is loaded, so one that another user could have written is never
    loaded: the file and its directory must belong to this user and be writable by nobody else.
    """
    try:
        with target.open("rb") as handle:
            if not _trusted(os.fstat(handle.fileno())) or not _trusted(target.parent.stat()):
                return None  # rebuilt by the caller; _store then replaces the file
            cached = pickle.load(handle)
    except _LOAD_ERRORS:
        return None  # rebuilt by the caller
    return cached if isinstance(cached, kind) else None


def _trusted(stat: os.stat_result) -> bool:
    """Owned by this user and writable by neither its group nor others."""
    owner = os.geteuid() if hasattr(os, "geteuid") else None
    if owner is not None and stat.st_uid != owner:
        return False
    return not stat.st_mode & (S_IWGRP | S_IWOTH)


def _private_dir(directory: Path) -> None:
    """Create ``directory`` (and missing parents) readable by this user only (0700), whatever
    the umask; an existing directory is made 0700 when it belongs to this user."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    stat = directory.stat()
    if stat.st_mode & 0o777 != 0o700 and _owned(stat):
        directory.chmod(0o700)


def _owned(stat: os.stat_result) -> bool:
    return not hasattr(os, "geteuid") or stat.st_uid == os.geteuid()


def _store(target: Path, value: object) -> None:
    """Write atomically (temp file + rename) so concurrent runs never read half a file.

    The directory is private (0700) and the file 0600 (``NamedTemporaryFile``'s mode); a file
    that another user could have replaced is refused by :func:`_load`.
    """
    try:
        _private_dir(target.parent)
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
