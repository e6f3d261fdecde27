"""The party matcher's index, cached on disk by the records it was built from.

Normalising the 21k names of the OFAC SDN list takes about 1.5 s, loading them about 0.5 s. The
key covers the records themselves (a digest of every field), the matcher's code and the
name-normalising libraries, so an upgrade of any of them builds a new index.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import os
from collections.abc import Sequence
from pathlib import Path

import exportscreen
from exportscreen.parties.matcher import Matcher
from exportscreen.parties.records import PartyRecord
from exportscreen.ruleset.cache import _digest_files, _load, _prune, _store, cache_dir

INDEX_PREFIX = "party-index-"
INDEX_FILES_KEPT = 4  # most recently used party indexes kept; older ones are deleted
# Libraries whose output the index stores (transliteration, pinyin, string distances): an
# upgrade must not reuse an index built with the old version.
INDEX_LIBRARIES = ("anyascii", "pypinyin", "rapidfuzz")


def load_matcher_cached(records: Sequence[PartyRecord]) -> Matcher:
    """The party matcher for these records, its index from the cache when one was built for the
    same records by the same code."""
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
