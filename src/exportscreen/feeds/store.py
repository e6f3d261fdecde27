"""Fetched lists on disk: one folder per list, every verified version kept with its metadata.

Layout under the lists directory (``$EXPORTSCREEN_LISTS_DIR``, else ``lists/`` in the user data
directory from platformdirs)::

    ofac/versions/20261203T200102Z-3f2a9c1d/   sdn.csv alt.csv add.csv meta.json
    ofac/current                                the id of the version in use
    ofac/.incoming-*/                           a download being checked (removed afterwards)

A version folder is complete before it gets its final name (a rename within one file system),
and ``current`` is replaced with ``os.replace``, so a reader sees the old version or the new
one, never half of either.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from exportscreen.feeds import ListError

LISTS_DIR_ENV = "EXPORTSCREEN_LISTS_DIR"
META_FILE = "meta.json"
CURRENT_FILE = "current"
VERSIONS_DIR = "versions"
INCOMING_PREFIX = ".incoming-"


def default_lists_dir() -> Path:
    explicit = os.environ.get(LISTS_DIR_ENV, "").strip()
    if explicit:
        return Path(explicit).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("exportscreen", appauthor=False)) / "lists"


@dataclass(frozen=True)
class FileMeta:
    """One file of a version: where it came from and what it was."""

    name: str
    url: str  # the URL asked for ("" for an imported file)
    sha256: str
    bytes: int
    etag: str = ""
    last_modified: str = ""
    final_url: str = ""  # where redirects ended, when elsewhere


@dataclass(frozen=True)
class VersionMeta:
    """What is known about one stored version of a list (``meta.json``)."""

    list: str  # the list's name, e.g. "ofac"
    version: str
    title: str
    format: str
    list_id: str  # the id its entries carry, e.g. "ofac-sdn"
    origin: str  # "download" or "import"
    fetched: str  # ISO 8601 UTC: when the bytes were obtained
    checked: str  # ISO 8601 UTC: when the source last confirmed them current
    sha256: str  # of the main file (the one the importer opens), as the audit store records it
    entries: int
    published: str | None  # the publisher's own date in the file, when it has one
    files: tuple[FileMeta, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["files"] = [asdict(f) for f in self.files]
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> VersionMeta:
        files = tuple(FileMeta(**f) for f in data.get("files", ()))
        return cls(**{**data, "files": files})

    @property
    def main_file(self) -> str:
        return self.files[0].name

    @property
    def fetched_at(self) -> datetime:
        return datetime.fromisoformat(self.fetched)

    @property
    def current_as_of(self) -> datetime:
        """The later of fetched and checked: from then on the copy may be out of date."""
        return max(datetime.fromisoformat(self.fetched), datetime.fromisoformat(self.checked))

    @property
    def source(self) -> str:
        return self.files[0].url if self.origin == "download" else "imported"


@dataclass(frozen=True)
class Version:
    meta: VersionMeta
    path: Path  # the version folder

    @property
    def main_path(self) -> Path:
        return self.path / self.meta.main_file


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


class ListStore:
    """The lists directory; every method is safe to call when nothing was fetched yet."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or default_lists_dir()

    def names(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if (p / VERSIONS_DIR).is_dir())

    def current(self, name: str) -> Version | None:
        pointer = self.root / name / CURRENT_FILE
        try:
            version_id = pointer.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise ListError(f"{pointer}: cannot read: {exc.strerror}") from exc
        return self._read(name, version_id)

    def versions(self, name: str) -> list[Version]:
        """Every stored version of `name`, the first stored first."""
        folder = self.root / name / VERSIONS_DIR
        if not folder.is_dir():
            return []
        # Version ids start with the UTC time the version was stored, so they sort by it.
        return [self._read(name, p.name) for p in sorted(folder.iterdir()) if p.is_dir()]

    def _read(self, name: str, version_id: str) -> Version:
        path = self.root / name / VERSIONS_DIR / version_id
        meta_path = path / META_FILE
        try:
            meta = VersionMeta.from_json(json.loads(meta_path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise ListError(
                f"{meta_path}: list {name!r} points at a missing version {version_id}; "
                f"run `exportscreen lists update {name}`"
            ) from None
        except (OSError, ValueError, TypeError) as exc:
            raise ListError(f"{meta_path}: unreadable version metadata: {exc}") from exc
        return Version(meta, path)

    def incoming(self, name: str) -> Path:
        """A fresh folder beside the versions, on the same file system, for a download."""
        folder = self.root / name
        folder.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=INCOMING_PREFIX, dir=folder))

    def add(self, incoming: Path, meta: VersionMeta) -> Version:
        """Turn a checked `incoming` folder into version `meta.version` and make it current."""
        (incoming / META_FILE).write_text(
            json.dumps(meta.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        target = self.root / meta.list / VERSIONS_DIR / meta.version
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            raise ListError(f"{target}: version {meta.version} is already stored")
        os.replace(incoming, target)
        self._point(meta.list, meta.version)
        return Version(meta, target)

    def mark_checked(self, version: Version, moment: datetime) -> Version:
        """Record that the source confirmed `version` current at `moment`."""
        meta = replace(version.meta, checked=utc_stamp(moment))
        self._write_atomic(version.path / META_FILE, json.dumps(meta.to_json(), indent=2) + "\n")
        return Version(meta, version.path)

    def _point(self, name: str, version_id: str) -> None:
        self._write_atomic(self.root / name / CURRENT_FILE, version_id + "\n")

    @staticmethod
    def _write_atomic(path: Path, text: str) -> None:
        handle, temp = tempfile.mkstemp(prefix=path.name + ".", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def prune(self, name: str, keep: int) -> list[Version]:
        """Delete all but the newest `keep` versions (never the current one); return them."""
        if keep < 1:
            raise ListError(f"keep at least 1 version, not {keep}")
        current = self.current(name)
        versions = self.versions(name)
        removed = [
            v
            for v in versions[: max(0, len(versions) - keep)]
            if current is None or v.meta.version != current.meta.version
        ]
        for version in removed:
            shutil.rmtree(version.path)
        day_ago = time.time() - 86400
        for leftover in (self.root / name).glob(INCOMING_PREFIX + "*"):
            if leftover.stat().st_mtime < day_ago:  # a download killed midway, not a running one
                shutil.rmtree(leftover, ignore_errors=True)
        return removed


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def same_content(files: Sequence[FileMeta], other: Sequence[FileMeta]) -> bool:
    return sorted((f.name, f.sha256) for f in files) == sorted((f.name, f.sha256) for f in other)
