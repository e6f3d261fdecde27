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


def rescreen(
    store: AuditStore,
    engine: Engine,
    *,
    since: date | None,
    as_of: date | None,
    config: RunConfig | None = None,
) -> Iterator[Change]:
    """Every stored declaration (from completed runs since ``since``) whose decision differs now.

    Each is screened as of ``as_of`` (or its own shipment date when that is later, or when
    ``as_of`` is None). Error rows are skipped: they have no declaration to screen.
    """
    config = config or RunConfig()
    for run in reversed(store.runs(since=since)):
        if run.status != "complete":
            continue
        for stored in store.declarations(run.run_id):
            if stored.decision == "error":
                continue
            try:
                declaration = parse_declaration(stored.fields, default_date=date.today())
            except DeclarationError:
                continue  # recorded by an older version with fields this one cannot read
            if as_of is not None and declaration.date < as_of:
                declaration = replace(declaration, date=as_of)
            result = engine.screen(declaration, config)
            if result.decision.value != stored.decision:
                yield Change(
                    run.run_id, stored.source, stored.row, stored.line, stored.decision, result
                )
