"""The findings of a row that need action, as every CI format reports them.

SARIF, JUnit and GitHub annotations all speak of the same findings the decision stage produced
(:class:`exportscreen.model.Finding`: a control item, a measure clause, a party hit), plus a row
that could not be read; this module picks those that need action and orders them.
"""

from __future__ import annotations

from exportscreen.manifest.screen import ManifestInfo
from exportscreen.model import REASON, ROW_ERROR, Finding, RowError, RowResult

__all__ = [
    "LEVEL",
    "RANK",
    "ROW_ERROR_RULE",
    "SECURITY_SEVERITY",
    "Finding",
    "action_findings",
    "finding_message",
    "row_label",
]

# SARIF levels and GitHub security-severity scores (over 9.0 shows as critical, 7.0-8.9 high,
# 4.0-6.9 medium). An unreadable row is an unscreened shipment, so it ranks above a review.
LEVEL = {"prohibited": "error", "licence_required": "error", "error": "error", "review": "warning"}
SECURITY_SEVERITY = {"prohibited": 9.5, "licence_required": 7.0, "error": 5.0, "review": 4.0}
# How severe each status is when one rule collects results of several statuses.
RANK = {"review": 1, "error": 1.5, "licence_required": 2, "prohibited": 3}
ROW_ERROR_RULE = "row-error"
# Errors, items, measures, then party hits: the order findings of equal rank are shown in.
_KIND_ORDER = {"row-error": 0, "item": 1, "measure": 2, "party": 3}


def action_findings(row: RowResult) -> list[Finding]:
    """The row's findings that need action: most severe first, suppressed hits last; among
    equals, errors, items, measures, then party hits, in the order screening gave them."""
    found = [
        Finding(
            ROW_ERROR_RULE,
            REASON,
            ROW_ERROR,
            _error_text(e),
            key=f"{e.field}\x1f{e.message}",
            source=e,
        )
        for e in row.errors
    ]
    result = row.result
    if result is not None:
        found += [f for f in result.findings if f.kind == REASON and f.status in RANK]
    return sorted(
        found,
        key=lambda f: (bool(f.suppressed), -RANK[f.status], _KIND_ORDER[_kind(f.rule_id)]),
    )


def _kind(rule_id: str) -> str:
    return rule_id.split("/", 1)[0]


def finding_message(info: ManifestInfo, row: RowResult, finding: Finding) -> str:
    """Row, line, what was declared, and why it needs action."""
    text = f"Row {row.row} (line {row.line}) '{row_label(info, row)}' — {finding.text}"
    if finding.suppressed:
        text += f" [suppressed by review: {finding.suppressed}]"
    return text


def row_label(info: ManifestInfo, row: RowResult) -> str:
    """What the row declares, for people: the goods description, else the consignee."""
    if row.result is not None:
        declaration = row.result.declaration
        candidates = [declaration.description, declaration.consignee, declaration.hs_code or ""]
    else:
        cells = {
            name: row.values[index]
            for index, name in info.columns.field_by_index.items()
            if index < len(row.values)
        }
        candidates = [cells.get(name, "") for name in ("description", "consignee", "hs_code")]
    label = next((" ".join(c.split()) for c in candidates if c.strip()), "")
    if not label:
        return "(no description or consignee)"
    return label if len(label) <= 80 else label[:79] + "…"


def _error_text(error: RowError) -> str:
    return f"error: cannot read {error.field}: {error.message}"
