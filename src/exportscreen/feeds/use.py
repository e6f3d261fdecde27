"""Using fetched lists in a screening: ``--party-list ofac`` and how old the copy is.

`resolve_party_lists` turns names of fetched lists among the ``--party-list`` values into the
current version's file and reports each version used; `stale_warnings` says which of them are
older than their limit (default: 7 days for sanctions lists, from the source registry) and
raises ListTooOldError instead when the run set ``--max-list-age``. Reads local files only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from exportscreen.errors import OptionError
from exportscreen.feeds import ListError, ListTooOldError
from exportscreen.feeds.store import ListStore, Version, utc_stamp
from exportscreen.ruleset.sources_schema import ListSource

_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_AGE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([smhdw]?)\s*$", re.IGNORECASE)
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "": 86400}


@dataclass(frozen=True)
class ResolvedLists:
    """The --party-list paths to load, and the fetched versions among them."""

    paths: list[Path]
    versions: list[Version] = field(default_factory=list)


def resolve_party_lists(
    values: Sequence[Path], *, store: ListStore | None = None, known: Iterable[str] = ()
) -> ResolvedLists:
    """Replace each value that names a fetched list (``ofac``) by its current file.

    A value that is an existing file stays a file, even if a list has the same name. A name of
    a known list (`known`, or any list in the store) that has no version yet is an error that
    says how to fetch one; anything else is left for the list loader to report.
    """
    store = store or ListStore()
    names = set(known) | set(store.names())
    paths: list[Path] = []
    used: list[Version] = []
    for value in values:
        text = str(value)
        if value.exists() or not _NAME.match(text) or text not in names:
            paths.append(value)
            continue
        version = store.current(text)
        if version is None:
            raise ListError(
                f"--party-list {text}: no fetched version of this list; run "
                f"`exportscreen lists update {text}` (or `exportscreen lists import FILE "
                f"--as {text}` offline)"
            )
        paths.append(version.main_path)
        used.append(version)
    return ResolvedLists(paths, used)


def parse_age(text: str) -> timedelta:
    """``"1d"``, ``"12h"``, ``"30m"``, ``"2w"``, ``"90s"``; a bare number is days."""
    match = _AGE.match(text)
    if not match:
        raise OptionError("--max-list-age", f"{text!r} is not an age such as 1d, 12h or 30m")
    return timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2).lower()])


def describe_age(age: timedelta) -> str:
    seconds = max(0, int(age.total_seconds()))
    if seconds >= 2 * 86400:
        return f"{seconds // 86400} days"
    if seconds >= 7200:
        return f"{seconds // 3600} hours"
    if seconds >= 120:
        return f"{seconds // 60} minutes"
    return f"{seconds} seconds"


def stale_warnings(
    versions: Sequence[Version],
    limits: Mapping[str, timedelta | None],
    *,
    max_age: timedelta | None = None,
    now: datetime | None = None,
) -> list[str]:
    """One warning per version older than its limit (`limits` by list name; None: none).

    With `max_age` (``--max-list-age``) any version older than it raises ListTooOldError.
    """
    now = now or datetime.now(UTC)
    too_old: list[str] = []
    warnings: list[str] = []
    for version in versions:
        meta = version.meta
        age = now - meta.current_as_of
        what = f"{meta.title} ({meta.list}) fetched {describe_age(age)} ago"
        if max_age is not None and age > max_age:
            too_old.append(f"{what}, more than --max-list-age {describe_age(max_age)}")
            continue
        limit = limits.get(meta.list)
        if limit is not None and age > limit:
            warnings.append(
                f"{what} (version {meta.version}); sanctions lists change often: run "
                f"`exportscreen lists update {meta.list}`"
            )
    if too_old:
        raise ListTooOldError(
            "; ".join(too_old) + "; run `exportscreen lists update` before screening"
        )
    return warnings


def annotated_sources(
    sources: Iterable[Mapping[str, str]], versions: Iterable[Version]
) -> list[dict[str, str]]:
    """The run's list sources, those that are fetched versions with their name and version.

    The audit store records these sources, so a later rescreen can show which list version a
    decision was made against. Entries are matched by the sha256 of the list file. Only what
    is fixed for a version is added (not when it was last checked), so the rules fingerprint,
    a hash over the sources, changes with the list's content and nothing else.
    """
    by_hash = {v.meta.sha256: v for v in versions}
    annotated = []
    for entry in sources:
        version = by_hash.get(entry.get("sha256", ""))
        if version is None:
            annotated.append(dict(entry))
        else:
            annotated.append(
                {
                    **entry,
                    "list_name": version.meta.list,
                    "list_version": version.meta.version,
                    "fetched": version.meta.fetched,
                }
            )
    return annotated


def now_stamp() -> str:
    return utc_stamp(datetime.now(UTC))


def age_limits(sources: Iterable[ListSource], default_days: int) -> dict[str, timedelta | None]:
    """Each list's staleness limit: its own, else `default_days` for sanctions lists."""
    limits: dict[str, timedelta | None] = {}
    for source in sources:
        days = source.max_age_days or (default_days if source.sanctions else None)
        limits[source.name] = timedelta(days=days) if days else None
    return limits


@dataclass(frozen=True)
class ListStatus:
    """One line of ``exportscreen lists``: a known or stored list and its current version."""

    name: str
    title: str
    version: Version | None
    age: timedelta | None
    url: str  # where `lists update` would fetch it from ("" for an imported-only list)
    limit: timedelta | None

    @property
    def stale(self) -> bool:
        return self.age is not None and self.limit is not None and self.age > self.limit

    def to_dict(self) -> dict[str, object]:
        meta = self.version.meta if self.version else None
        return {
            "name": self.name,
            "title": self.title,
            "version": meta.version if meta else None,
            "fetched": meta.fetched if meta else None,
            "checked": meta.checked if meta else None,
            "age_seconds": int(self.age.total_seconds()) if self.age is not None else None,
            "stale": self.stale,
            "entries": meta.entries if meta else None,
            "published": meta.published if meta else None,
            "sha256": meta.sha256 if meta else None,
            "origin": meta.origin if meta else None,
            "source": meta.source if meta else None,
            "url": self.url,
        }


def list_statuses(
    store: ListStore,
    sources: Mapping[str, ListSource],
    limits: Mapping[str, timedelta | None],
    *,
    now: datetime | None = None,
) -> list[ListStatus]:
    """Every list known to the registry or present in the store, in registry order."""
    now = now or datetime.now(UTC)
    names = list(sources) + [n for n in store.names() if n not in sources]
    statuses = []
    for name in names:
        version = store.current(name)
        source = sources.get(name)
        title = source.title if source else (version.meta.title if version else name)
        age = now - version.meta.current_as_of if version else None
        url = source.files[0].url if source else ""
        statuses.append(ListStatus(name, title, version, age, url, limits.get(name)))
    return statuses


def valid_name(name: str) -> bool:
    return bool(_NAME.match(name))


def version_changes(recorded: Iterable[Mapping[str, str]], now: Iterable[Version]) -> list[str]:
    """Fetched lists whose version differs between a recorded run's sources and `now`.

    `recorded` are the list sources an audit run stored (see `annotated_sources`); the result
    reads "ofac: version A then, B now", so a rescreen can say which list update changed a
    decision.
    """
    current = {v.meta.list: v.meta.version for v in now}
    changes = []
    for entry in recorded:
        name, then = entry.get("list_name", ""), entry.get("list_version", "")
        if name in current and then and current[name] != then:
            changes.append(f"{name}: version {then} then, {current[name]} now")
    return changes
