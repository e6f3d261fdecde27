"""Update a list from its source, or import a file obtained elsewhere, keeping the old one safe.

Every new copy goes to a fresh folder, is parsed in full by the list's importer and compared
with the current version (not fewer than half its entries unless forced) before it becomes a
version and then the current one. Anything that fails leaves the current version in use and
comes back as a failed outcome that says why.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

from exportscreen.feeds import ListError
from exportscreen.feeds.download import Progress, fetch
from exportscreen.feeds.store import (
    FileMeta,
    ListStore,
    Version,
    VersionMeta,
    discard,
    same_content,
    utc_stamp,
)
from exportscreen.parties.importers import PartyListError
from exportscreen.ruleset.sources_schema import ListSource

NEW, UNCHANGED, FAILED = "new", "unchanged", "failed"


@dataclass(frozen=True)
class Outcome:
    """What an update or import did to one list. `version` is the one in use afterwards."""

    name: str
    status: str  # NEW, UNCHANGED or FAILED
    version: Version | None
    reason: str = ""
    previous: Version | None = None


@dataclass(frozen=True)
class Checked:
    """A parsed copy: its entry count, the id its entries carry and the publisher's date."""

    entries: int
    list_id: str
    title: str
    published: str | None


def check_copy(
    main: Path, fmt: str | None, previous: Version | None, *, force: bool = False
) -> Checked:
    """Parse `main` (and the files beside it) fully; refuse a copy that lost half its entries."""
    from exportscreen.parties.importers.registry import load_party_file

    try:
        imported = load_party_file(main, fmt)
    except (PartyListError, ValueError) as exc:
        raise ListError(f"the new copy does not parse: {exc}") from exc
    count = len(imported.records)
    if count == 0:
        raise ListError("the new copy has no entries")
    if previous is not None and not force and count * 2 < previous.meta.entries:
        raise ListError(
            f"the new copy has {count} entries, fewer than half of the "
            f"{previous.meta.entries} in the current version {previous.meta.version} "
            "(pass --force if the list really shrank)"
        )
    published = imported.published.isoformat() if imported.published else None
    return Checked(count, imported.list_id, imported.title, published)


def update_list(
    store: ListStore,
    source: ListSource,
    client: httpx.Client,
    *,
    force: bool = False,
    now: datetime | None = None,
    attempts: int = 3,
    backoff: float = 1.0,
    progress: Progress | None = None,
) -> Outcome:
    """Fetch `source` and make the result current if it is new and sound."""
    now = now or datetime.now(UTC)
    current = store.current(source.name)
    previous_files = {f.name: f for f in current.meta.files} if current else {}
    incoming = store.incoming(source.name)
    try:
        files: list[FileMeta] = []
        for spec in source.files:
            before = previous_files.get(spec.name)
            same_url = before is not None and before.url == spec.url and current is not None
            got = fetch(
                client,
                spec.url,
                incoming / spec.name,
                etag=before.etag if same_url and before else "",
                last_modified=before.last_modified if same_url and before else "",
                attempts=attempts,
                backoff=backoff,
                progress=progress,
            )
            if got.not_modified:
                if not (same_url and before and current):
                    raise ListError(f"{spec.url}: 304 Not Modified without a copy to keep")
                shutil.copyfile(current.path / spec.name, incoming / spec.name)
                files.append(before)
            else:
                files.append(
                    FileMeta(
                        spec.name,
                        spec.url,
                        got.sha256,
                        got.bytes,
                        got.etag,
                        got.last_modified,
                        got.final_url,
                    )
                )
        if current is not None and same_content(files, current.meta.files):
            # 304 for every file, or the same bytes again: the copy in use is still current.
            refreshed = store.mark_checked(_with_validators(store, current, files), now)
            return Outcome(source.name, UNCHANGED, refreshed, "not modified", current)
        checked = check_copy(incoming / source.files[0].name, source.format, current, force=force)
        meta = VersionMeta(
            list=source.name,
            version=_version_id(now, files[0].sha256),
            title=source.title,
            format=source.format,
            list_id=checked.list_id,
            origin="download",
            fetched=utc_stamp(now),
            checked=utc_stamp(now),
            sha256=files[0].sha256,
            entries=checked.entries,
            published=checked.published,
            files=tuple(files),
        )
        return Outcome(source.name, NEW, store.add(incoming, meta), previous=current)
    except ListError as exc:
        return Outcome(source.name, FAILED, current, str(exc), current)
    finally:
        discard(incoming)


def _with_validators(store: ListStore, current: Version, files: Sequence[FileMeta]) -> Version:
    """Keep the newest ETag / Last-Modified the server gave for unchanged bytes."""
    from dataclasses import replace

    by_name = {f.name: f for f in files}
    updated = tuple(
        replace(f, etag=by_name[f.name].etag or f.etag,
                last_modified=by_name[f.name].last_modified or f.last_modified)
        if f.name in by_name else f
        for f in current.meta.files
    )  # fmt: skip
    return Version(replace(current.meta, files=updated), current.path)


def import_list(
    store: ListStore,
    name: str,
    path: Path,
    *,
    fmt: str | None = None,
    title: str | None = None,
    force: bool = False,
    now: datetime | None = None,
    file_names: Sequence[str] = (),
) -> Outcome:
    """Register a file obtained elsewhere as a new version of `name`, with the same checks.

    `file_names` are the names a known list keeps its files under: `path` is stored as the
    first, and the others are looked for beside `path` (OFAC's alt.csv and add.csv). The fetch
    time recorded is the file's modification time: when it was obtained.
    """
    now = now or datetime.now(UTC)
    path = Path(path)
    if not path.is_file():
        raise ListError(f"{path}: no such file")
    current = store.current(name)
    incoming = store.incoming(name)
    try:
        files: list[FileMeta] = []
        names = list(file_names) or [path.name]
        pairs = [(path, names[0])] + [(path.with_name(n), n) for n in names[1:]]
        for source_path, stored_name in pairs:
            if not source_path.is_file():
                continue
            target = incoming / stored_name
            shutil.copyfile(source_path, target)
            digest = hashlib.sha256(target.read_bytes()).hexdigest()
            files.append(FileMeta(stored_name, "", digest, target.stat().st_size))
        if current is not None and same_content(files, current.meta.files):
            return Outcome(name, UNCHANGED, current, "the same file is already current", current)
        main = incoming / names[0]
        checked = check_copy(main, fmt, current, force=force)
        obtained = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        meta = VersionMeta(
            list=name,
            version=_version_id(now, files[0].sha256),
            title=title or checked.title,
            format=fmt or _detected(main),
            list_id=checked.list_id,
            origin="import",
            fetched=utc_stamp(min(obtained, now)),
            checked=utc_stamp(min(obtained, now)),
            sha256=files[0].sha256,
            entries=checked.entries,
            published=checked.published,
            files=tuple(files),
        )
        return Outcome(name, NEW, store.add(incoming, meta), previous=current)
    except ListError as exc:
        return Outcome(name, FAILED, current, str(exc), current)
    finally:
        discard(incoming)


def _detected(path: Path) -> str:
    from exportscreen.parties.importers.registry import detect_format

    return detect_format(path)


def _version_id(moment: datetime, sha256: str) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + sha256[:8]
