"""The findings of a row that need action, described once for every CI format.

SARIF, JUnit and GitHub annotations all speak of the same findings: a control item, a measure
clause, a party hit, or a row that could not be read, each with a stable rule id.
"""

from __future__ import annotations

from dataclasses import dataclass

from exportscreen.classify.engine import EFFECT_WORDS
from exportscreen.manifest.screen import ManifestInfo
from exportscreen.model import ItemMatch, MeasureMatch, PartyFinding, RowError, RowResult

# SARIF levels and GitHub security-severity scores (over 9.0 shows as critical, 7.0-8.9 high,
# 4.0-6.9 medium). An unreadable row is an unscreened shipment, so it ranks above a review.
LEVEL = {"prohibited": "error", "licence_required": "error", "error": "error", "review": "warning"}
SECURITY_SEVERITY = {"prohibited": 9.5, "licence_required": 7.0, "error": 5.0, "review": 4.0}
# How severe each status is when one rule collects results of several statuses.
RANK = {"review": 1, "error": 1.5, "licence_required": 2, "prohibited": 3}
ROW_ERROR_RULE = "row-error"


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason a row needs action, in the words every CI format uses."""

    rule_id: str
    status: str  # the decision's value, or "error"
    text: str  # what matched and why, one line
    key: str  # tells apart findings of one rule on one row
    source: ItemMatch | MeasureMatch | PartyFinding | RowError
    suppressed: str = ""  # the reviewer's reason, for a cleared party hit

    @property
    def drives_action(self) -> bool:
        return not self.suppressed


def action_findings(row: RowResult) -> list[Finding]:
    """The row's findings that need action: most severe first, suppressed hits last; among
    equals, errors, items, measures, then party hits, in the order screening gave them."""
    found = [
        Finding(ROW_ERROR_RULE, "error", _error_text(e), f"{e.field}\x1f{e.message}", e)
        for e in row.errors
    ]
    result = row.result
    if result is None:
        return found
    for item in result.items:
        if item.decision.severity > 0:
            rule = f"item/{item.list_id}/{item.item_id}"
            found.append(Finding(rule, item.decision.value, _item_text(item), "", item))
    for measure in result.measures:
        if measure.in_force and measure.decision.severity > 0:
            rule = f"measure/{measure.measure_id}/{measure.clause_id}"
            text = _measure_text(measure)
            found.append(Finding(rule, measure.decision.value, text, "", measure))
    for party in result.parties:
        if party.decision.severity > 0:
            key = f"{party.role}\x1f{party.entity_id}\x1f{party.name}"
            text = _party_text(party)
            status = party.decision.value
            found.append(
                Finding(f"party/{party.list_id}", status, text, key, party, party.suppressed)
            )
    # What decides the row comes first, so a reader, or a one-line summary, starts there.
    return sorted(found, key=lambda f: (bool(f.suppressed), -RANK[f.status]))


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


def _item_text(item: ItemMatch) -> str:
    code = f" {item.code}" if item.code else ""
    what = f"{item.name_en} ({item.list_id}/{item.item_id}{code})"
    text = f"{item.decision.value}: {what} under {item.legal_basis.announcement}"
    if item.outcome == "undetermined":
        return f"{text} — not stated: {', '.join(item.missing)}"
    if item.outcome == "content_unknown":
        return f"{text} — item content not in our sources"
    if item.outcome == "hs_reference_only":
        return (
            f"{text} — the HS code is a reference code, but the description does not establish it"
        )
    return text


def _measure_text(measure: MeasureMatch) -> str:
    effect = EFFECT_WORDS.get(measure.effect, measure.effect)
    return (
        f"{measure.decision.value}: {measure.legal_basis.announcement}, {measure.title} "
        f"({effect}) covers {', '.join(measure.items)}"
    )


def _party_text(party: PartyFinding) -> str:
    band = "" if party.band == "alert" else " (review band, below the alert threshold)"
    return (
        f"{party.decision.value}: {party.role} {party.query_label()} matches {party.name!r} on the "
        f"{party.list_title} ({party.list_id}/{party.entity_id}, {party.announcement}), score "
        f"{party.score:.0f}{band}"
    )
