"""Map a manifest's header row onto declaration fields.

The header names live in ``columns.yaml`` beside this module (English names, the labels of Chinese
export declarations, single-window keys); ``--columns`` adds a user's own. Matching ignores case,
spaces, line breaks and full-width forms.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from exportscreen.declaration import FIELDS
from exportscreen.errors import ManifestError
from exportscreen.ruleset.yamlload import YamlSyntaxError, load_yaml

# A column holding "100千克" style quantity-and-unit text; split into quantity and unit.
QUANTITY_UNIT = "quantity_unit"
MAPPABLE = (*FIELDS, QUANTITY_UNIT)
GOODS_FIELDS = frozenset({"hs_code", "description", "spec"})
PARTY_FIELDS = frozenset({"consignee", "end_user", "vessel"})


def normalise_header(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "_-")


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which column feeds which field, and the columns nobody claimed."""

    headers: tuple[str, ...]
    field_by_index: dict[int, str]
    unmapped: tuple[str, ...]

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(self.field_by_index.values())

    @property
    def has_goods(self) -> bool:
        return bool(self.fields & GOODS_FIELDS)

    @property
    def has_parties(self) -> bool:
        return bool(self.fields & PARTY_FIELDS)

    def column_of(self, field: str) -> str | None:
        for index, name in self.field_by_index.items():
            if name == field:
                return self.headers[index]
        return None


@cache
def builtin_aliases() -> dict[str, tuple[str, ...]]:
    text = resources.files("exportscreen.manifest").joinpath("columns.yaml").read_text("utf-8")
    data = load_yaml(text).data
    return {field: tuple(names) for field, names in data.items()}


def load_column_aliases(path: Path | None) -> dict[str, tuple[str, ...]]:
    """Built-in header names, with a user's file's names taking precedence for its fields."""
    aliases = dict(builtin_aliases())
    if path is None:
        return aliases
    try:
        parsed = load_yaml(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ManifestError(
            str(path), None, f"cannot read column mapping: {exc.strerror}"
        ) from None
    except YamlSyntaxError as exc:
        raise ManifestError(str(path), exc.line, f"not valid YAML: {exc}") from None
    data: Any = parsed.data
    if not isinstance(data, dict):
        raise ManifestError(str(path), 1, "a column mapping is a mapping of field: [header, ...]")
    for field, names in data.items():
        line = parsed.line_of((field,))
        if field not in MAPPABLE:
            raise ManifestError(
                str(path), line, f"unknown field {field!r}", f"fields are {', '.join(MAPPABLE)}"
            )
        values = [names] if isinstance(names, str) else names
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ManifestError(str(path), line, f"{field}: give a header name or a list of them")
        aliases[field] = (*values, *(n for n in aliases.get(field, ()) if n not in values))
    return aliases


def map_columns(headers: list[str], aliases: dict[str, tuple[str, ...]]) -> ColumnMap:
    """Assign each field the column whose header appears earliest in the field's name list."""
    normalised = [normalise_header(h) for h in headers]
    taken: dict[int, str] = {}
    for field, names in aliases.items():
        for name in names:
            key = normalise_header(name)
            index = next((i for i, h in enumerate(normalised) if h == key and i not in taken), None)
            if index is not None:
                taken[index] = field
                break
    unmapped = tuple(h for i, h in enumerate(headers) if i not in taken and h.strip())
    return ColumnMap(tuple(headers), taken, unmapped)
