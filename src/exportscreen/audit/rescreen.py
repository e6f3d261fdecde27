"""Screen past declarations again with the lists loaded now, and report what changed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

from exportscreen.audit.store import AuditStore
from exportscreen.declaration import parse_declaration
from exportscreen.errors import DeclarationError
from exportscreen.model import Decision, Result
from exportscreen.pipeline import Engine, RunConfig


@dataclass(frozen=True, slots=True)
class Change:
    run_id: str
    source: str
    row: int
    line: int | None
    old: str
    new: Result

    @property
    def more_severe(self) -> bool:
        return self.new.decision.severity > Decision(self.old).severity


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A stored declaration this version cannot screen again, and why."""

    run_id: str
    source: str
    row: int
    line: int | None
    message: str


def rescreen(
    store: AuditStore,
    engine: Engine,
    *,
    since: date | None,
    as_of: date | None,
    config: RunConfig | None = None,
    unreadable: list[Unreadable] | None = None,
) -> Iterator[Change]:
    """Every stored declaration (from completed runs since ``since``) whose decision differs now.

    Each is screened as of ``as_of`` (or its own shipment date when that is later, or when
    ``as_of`` is None). Error rows are skipped: they have no declaration to screen. A stored
    declaration whose fields or decision cannot be read is not screened; it is appended to
    ``unreadable`` (when given), so the caller can count and report it.
    """
    config = config or RunConfig()
    for run in reversed(store.runs(since=since)):
        if run.status != "complete":
            continue
        for stored in store.declarations(run.run_id):
            if stored.decision == "error":
                continue
            try:
                Decision(stored.decision)
                declaration = parse_declaration(stored.fields, default_date=date.today())
            except (DeclarationError, ValueError, TypeError, AttributeError) as exc:
                # recorded by another version with fields this one cannot read, or edited
                if unreadable is not None:
                    unreadable.append(
                        Unreadable(run.run_id, stored.source, stored.row, stored.line, str(exc))
                    )
                continue
            if as_of is not None and declaration.date < as_of:
                declaration = replace(declaration, date=as_of)
            result = engine.screen(declaration, config)
            if result.decision.value != stored.decision:
                yield Change(
                    run.run_id, stored.source, stored.row, stored.line, stored.decision, result
                )
