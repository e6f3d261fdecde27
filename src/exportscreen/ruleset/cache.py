"""A pickle cache of the compiled engine, so a one-shot ``check`` neither re-parses YAML nor
imports the pydantic schema.

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
from exportscreen.classify.engine import Engine
from exportscreen.ruleset.paths import expand_paths

CACHE_ENV = "EXPORTSCREEN_CACHE_DIR"


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
    if target is not None:
        try:
            with target.open("rb") as handle:
                cached = pickle.load(handle)
            if isinstance(cached, Engine):
                return cached
        except (
            OSError,
            pickle.UnpicklingError,
            EOFError,
            AttributeError,
            ImportError,
            TypeError,
            ValueError,
        ):
            pass  # a stale or corrupt cache is rebuilt below
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
    for path in [*code, *files]:
        stat = path.stat()
        digest.update(f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


def _store(target: Path, engine: Engine) -> None:
    """Write atomically (temp file + rename) so concurrent runs never read half a file."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=target.parent, delete=False) as handle:
            pickle.dump(engine, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, target)
    except OSError:
        return  # a read-only home directory only costs speed
