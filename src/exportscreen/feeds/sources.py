"""Where each list is downloaded from: the registry file, then per-list overrides.

The registry is ``rules/sources/party-lists.yaml`` (a ``kind: list_sources`` document). A
list's URL can be replaced for a mirror or a test server by ``--source NAME=URL`` or by the
environment variable ``EXPORTSCREEN_SOURCE_<NAME>`` (upper case, ``-`` as ``_``). For a list of
several files the override names the first file's URL; the others are taken from the same
folder under their own names (``.../sdn.csv`` -> ``.../alt.csv``, ``.../add.csv``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import urljoin

from exportscreen.errors import OptionError, RulesError
from exportscreen.feeds import ListError
from exportscreen.ruleset.sources_schema import ListSource, ListSources, SourceFile

SOURCES_FILE = Path("sources") / "party-lists.yaml"
SOURCE_ENV_PREFIX = "EXPORTSCREEN_SOURCE_"


def registry_path() -> Path:
    from exportscreen.ruleset.paths import builtin_rules_dir

    return builtin_rules_dir() / SOURCES_FILE


def load_registry(path: Path | None = None) -> ListSources:
    """The validated source registry (the built-in one unless `path` is given)."""
    from exportscreen.ruleset.loader import parse_document

    path = path or registry_path()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ListError(f"{path}: cannot read the list source registry: {exc.strerror}") from exc
    document, problems = parse_document(raw, str(path))
    if problems:
        raise RulesError(problems)
    if not isinstance(document, ListSources):
        raise ListError(f"{path}:1: not a list source registry (expected kind: list_sources)")
    return document


def env_name(name: str) -> str:
    return SOURCE_ENV_PREFIX + name.upper().replace("-", "_")


def parse_overrides(pairs: Sequence[str]) -> dict[str, str]:
    """``["ofac=http://mirror/sdn.csv"]`` -> ``{"ofac": "http://mirror/sdn.csv"}``."""
    overrides: dict[str, str] = {}
    for pair in pairs:
        name, sep, url = pair.partition("=")
        name, url = name.strip(), url.strip()
        if not sep or not name or not url:
            raise OptionError("--source", f"{pair!r} is not NAME=URL")
        if not url.startswith(("http://", "https://")):
            raise OptionError("--source", f"{url!r} is not an http:// or https:// URL")
        overrides[name] = url
    return overrides


def with_override(source: ListSource, url: str) -> ListSource:
    """`source` with its first file at `url` and the other files beside it."""
    files = [SourceFile(name=source.files[0].name, url=url)]
    files += [SourceFile(name=f.name, url=urljoin(url, f.name)) for f in source.files[1:]]
    return source.model_copy(update={"files": files})


def effective_sources(
    registry: ListSources,
    overrides: Mapping[str, str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, ListSource]:
    """Every known list by name, with the environment's and then `overrides`' URLs applied."""
    environ = os.environ if environ is None else environ
    known = {source.name: source for source in registry.lists}
    unknown = sorted(set(overrides or {}) - set(known))
    if unknown:
        raise OptionError(
            "--source", f"unknown list {', '.join(unknown)}; known: {', '.join(known)}"
        )
    result: dict[str, ListSource] = {}
    for name, source in known.items():
        url = (overrides or {}).get(name) or environ.get(env_name(name), "").strip()
        result[name] = with_override(source, url) if url else source
    return result
