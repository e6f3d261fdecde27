"""Pickle caches: the compiled engine, so a one-shot ``check`` neither re-parses YAML nor imports
the pydantic schema; and the party matcher's index, so a run with a large ``--party-list`` (the
OFAC SDN list: 21k names) does not normalise every name again.

The engine's key covers every rules file's path, size and modification time plus the package
version and code; any edit produces a new key. The index's key covers the records themselves (a
digest of every field), the matcher's code and the name-normalising libraries. A corrupt or
unreadable cache is ignored and rewritten.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import os
import pickle
import tempfile
from collections.abc import Sequence
from pathlib import Path
from stat import S_IWGRP, S_IWOTH
from typing import TYPE_CHECKING, Any, TypeVar

import exportscreen
from exportscreen.classify.engine import Engine
from exportscreen.ruleset.paths import expand_paths

if TYPE_CHECKING:
    from exportscreen.parties.matcher import Matcher
    from exportscreen.parties.records import PartyRecord

T = TypeVar("T")

CACHE_ENV = "EXPORTSCREEN_CACHE_DIR"
INDEX_PREFIX = "party-index-"
INDEX_FILES_KEPT = 4  # most recently used party indexes kept; older ones are deleted
# Libraries whose output the index stores (transliteration, pinyin, string distances): an
# upgrade must not reuse an index built with the old version.
INDEX_LIBRARIES = ("anyascii", "pypinyin", "rapidfuzz")
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


def load_engine_cached(paths: Sequence[Path]) -> Engine:
    """The engine for these rules, from the cache when the files are unchanged."""
    files = expand_paths(paths)
    directory = cache_dir()
    target = directory / f"engine-{_key(files)}.pickle" if directory else None
    if target is not None and (cached := _load(target, Engine)) is not None:
        return cached
    from exportscreen.classify.compile import build_engine  # imports pydantic: only on a miss
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
    code = sorted(package.glob("classify/*.py")) + sorted(package.glob("parties/*.py"))
    _digest_files(digest, [*code, *files])
    return digest.hexdigest()[:32]


def load_matcher_cached(records: Sequence[PartyRecord]) -> Matcher:
    """The party matcher for these records, its index from the cache when one was built for the
    same records by the same code."""
    from exportscreen.parties.matcher import Matcher

    directory = cache_dir()
    target = directory / f"{INDEX_PREFIX}{_index_key(records)}.pickle" if directory else None
    if target is not None and (cached := _load(target, Matcher)) is not None:
        os.utime(target)  # most recently used: kept when older indexes are pruned
        return cached
    matcher = Matcher(records)
    if target is not None:
        _store(target, matcher)
        _prune(target.parent, INDEX_PREFIX, INDEX_FILES_KEPT)
    return matcher


def _index_key(records: Sequence[PartyRecord]) -> str:
    """The records' every field (not the file they came from: a list filtered or merged in
    memory gets its own key), the matcher's code and the libraries it normalises names with."""
    digest = hashlib.sha256(exportscreen.__version__.encode())
    package = Path(exportscreen.__file__).parent
    code = sorted(package.glob("parties/*.py"))
    for name in INDEX_LIBRARIES:
        spec = importlib.util.find_spec(name)  # finds the package without importing it
        if spec is not None and spec.origin:
            code.append(Path(spec.origin))
    _digest_files(digest, code)
    for record in records:
        fields = tuple(getattr(record, f.name) for f in dataclasses.fields(record))
        digest.update(repr(fields).encode())
        digest.update(b"\n")
    return digest.hexdigest()[:32]


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
