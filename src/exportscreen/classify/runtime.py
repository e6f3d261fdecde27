"""Plain runtime copies of the rules, as the engine uses them.

The pydantic schema validates files; the engine runs on these frozen dataclasses instead, so a
cached, compiled engine can be unpickled without importing or building any pydantic model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from exportscreen.status import Period


@dataclass(frozen=True, slots=True)
class Act:
    """A legal act (a control list's announcement or a measure) and its life over time."""

    id: str
    title: str
    authority: str
    announcement: str
    issued: date
    effective: date
    reviewed: date
    confidence: str
    sources: tuple[str, ...]
    status: tuple[Period, ...]
    official: str | None = None  # the official text's address, when known
    dual_use: bool = True  # items are dual-use items (customs remark, control code)


@dataclass(frozen=True, slots=True)
class ItemInfo:
    id: str
    ref: str
    code: str | None
    name_en: str
    name_zh: str
    tags: frozenset[str]
    hs: tuple[str, ...]
    scope: str
    confidence: str
    field_confidence: dict[str, str] = field(default_factory=dict)
    official: str | None = None  # the item's official text, when it differs from its list's


@dataclass(frozen=True, slots=True)
class ClauseInfo:
    id: str
    title: str
    destinations: frozenset[str]
    end_uses: frozenset[str]
    all_dual_use: bool
    tags: frozenset[str]
    effect: str
    status: tuple[Period, ...]
    confidence: str


@dataclass(frozen=True, slots=True)
class MeasureInfo:
    act: Act
    clauses: tuple[ClauseInfo, ...]
