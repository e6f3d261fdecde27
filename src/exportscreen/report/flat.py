"""The flat, one-line-per-row view shared by the csv and xlsx formats."""

from __future__ import annotations

from exportscreen.model import RowResult

OUTPUT_COLUMNS = (
    "decision",
    "screened_as_of",  # the date the row was screened as of (issue 12 E1); blank: not screened
    "matched_items",
    "control_codes",
    "measures",
    "party_hits",
    "remarks",
    "reasons",
    "warnings",
    "errors",
)


def flat_fields(row: RowResult, *, run_warnings: bool = True) -> list[str]:
    """The screening columns appended after a row's own columns. Without ``run_warnings`` the
    warnings column holds only those about the row (the workbook lists the others once)."""
    result = row.result
    errors = "; ".join(f"line {row.line} {e.field}: {e.message}" for e in row.errors)
    if result is None:
        return [row.status, "", "", "", "", "", "", "", "", errors]
    items = [m for m in result.items if m.decision.severity > 0]
    return [
        row.status,
        result.declaration.date.isoformat(),
        "; ".join(f"{m.list_id}/{m.item_id} ({m.outcome})" for m in items),
        "; ".join(dict.fromkeys(m.code for m in items if m.code)),
        "; ".join(
            f"{m.measure_id}/{m.clause_id}: {m.decision.value}"
            for m in result.measures
            if m.in_force
        ),
        "; ".join(
            f"{p.role} ~ {p.name} [{p.list_id}/{p.entity_id}] {p.score:.0f} {p.decision.value}"
            + (f" (suppressed: {p.suppressed})" if p.suppressed else "")
            for p in result.parties
        ),
        "; ".join(result.remarks),
        "; ".join(result.reasons),
        "; ".join(result.warnings if run_warnings else result.row_warnings),
        errors,
    ]
