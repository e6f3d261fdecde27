"""The YAML format of the party-list source registry (``kind: list_sources``).

``rules/sources/party-lists.yaml`` names each public list that ``exportscreen lists update``
can download: its files and their official URLs, the importer format, whether it is a
sanctions list (which sets how old a fetched copy may get before a screening warns), and where
each URL was confirmed. ``exportscreen.feeds`` reads it; the rules loader validates it with
the other rules files.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from exportscreen.ruleset.schema import Confidence, Id, NonEmpty, Strict

Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
FileName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
SourceFormat = Literal["ofac", "csl", "opensanctions", "un", "eu", "uk"]


class SourceFile(Strict):
    """One file of a list: the name it is kept under and the URL it is downloaded from."""

    name: FileName
    url: Url


class ListSource(Strict):
    """One public list. The first file is the one the importer opens; the rest sit beside it."""

    name: Id
    title: NonEmpty
    authority: NonEmpty
    format: SourceFormat
    files: Annotated[list[SourceFile], Field(min_length=1)]
    sanctions: bool
    max_age_days: Annotated[int, Field(gt=0)] | None = None
    page: Url
    confidence: Confidence
    sources: Annotated[list[NonEmpty], Field(min_length=1)]
    notes: str = ""

    @model_validator(mode="after")
    def _unique_files(self) -> ListSource:
        names = [f.name for f in self.files]
        if len(set(names)) != len(names):
            raise ValueError(f"file names repeat: {', '.join(names)}")
        return self


class ListSources(Strict):
    kind: Literal["list_sources"]
    id: Id
    title: NonEmpty
    reviewed: date
    # How old a fetched sanctions list may be before a screening warns (other lists: never).
    sanctions_max_age_days: Annotated[int, Field(gt=0)] = 7
    lists: Annotated[list[ListSource], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_names(self) -> ListSources:
        names = [s.name for s in self.lists]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"list names repeat: {', '.join(repeated)}")
        return self
