"""The shared vocabulary: a declaration in, a result with its evidence out.

Plain frozen dataclasses: they sit on the hot path of batch screening, and every output format is
a pure function of them (``to_dict`` is the one JSON shape all formats start from).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from exportscreen.countries import Country


class Decision(enum.Enum):
    """Outcomes, most severe first."""

    PROHIBITED = "prohibited"
    LICENCE_REQUIRED = "licence_required"
    REVIEW = "review"
    NOT_CONTROLLED = "not_controlled"

    @property
    def severity(self) -> int:
        return _SEVERITY[self]

    @classmethod
    def most_severe(cls, decisions: list[Decision]) -> Decision:
        return max(decisions, key=lambda d: d.severity, default=cls.NOT_CONTROLLED)


_SEVERITY = {
    Decision.NOT_CONTROLLED: 0,
    Decision.REVIEW: 1,
    Decision.LICENCE_REQUIRED: 2,
    Decision.PROHIBITED: 3,
}


@dataclass(frozen=True, slots=True)
class Declaration:
    """One declaration line, parsed. Text fields are kept as written; codes are normalised."""

    date: date
    hs_code: str | None = None
    description: str = ""
    spec: str = ""
    quantity: float | None = None
    unit: str = ""
    value: float | None = None
    currency: str = ""
    destination: Country | None = None
    consignee: str = ""
    consignee_country: Country | None = None
    consignee_address: str = ""
    end_user: str = ""
    end_use: str = ""
    # Registered identifiers of the parties, matched exactly against the lists' (scheme, value).
    consignee_ids: tuple[tuple[str, str], ...] = ()
    end_user_ids: tuple[tuple[str, str], ...] = ()
    vessel: str = ""  # the carrying vessel (运输工具名称), screened as a party
    vessel_ids: tuple[tuple[str, str], ...] = ()  # IMO number, call sign, ...

    @property
    def goods_text(self) -> str:
        """The text that describes the goods: name and specification (规格型号)."""
        return f"{self.description}\n{self.spec}" if self.spec else self.description

    @property
    def has_goods(self) -> bool:
        return bool(self.hs_code or self.description.strip() or self.spec.strip())

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "hs_code": self.hs_code,
            "description": self.description,
            "spec": self.spec,
            "quantity": self.quantity,
            "unit": self.unit,
            "value": self.value,
            "currency": self.currency,
            "destination": self.destination.alpha2 if self.destination else None,
            "consignee": self.consignee,
            "consignee_country": self.consignee_country.alpha2 if self.consignee_country else None,
            "consignee_address": self.consignee_address,
            "end_user": self.end_user,
            "end_use": self.end_use,
            # Written as the parser reads them, so a recorded declaration can be screened again.
            "consignee_id": identifiers_text(self.consignee_ids),
            "end_user_id": identifiers_text(self.end_user_ids),
            "vessel": self.vessel,
            "vessel_id": identifiers_text(self.vessel_ids),
        }


def identifiers_text(identifiers: tuple[tuple[str, str], ...]) -> str:
    """(("imo", "9187629"), ("lei", "X")) -> "imo:9187629; lei:X", as the parser reads them."""
    return "; ".join(f"{scheme}:{value}" for scheme, value in identifiers)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One criterion that was evaluated, what it found, and its outcome (None = unknown)."""

    kind: str  # keyword | formula | pattern | hs | parameter | exclusion | end_use | destination
    detail: str
    outcome: bool | None
    found: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "detail": self.detail,
            "outcome": self.outcome,
            "found": self.found,
        }


@dataclass(frozen=True, slots=True)
class LegalBasis:
    list_id: str
    announcement: str
    title: str
    authority: str
    issued: date
    effective: date
    reviewed: date
    status: str
    sources: tuple[str, ...]
    official: str | None = None  # the address of the official text, when known

    def to_dict(self) -> dict[str, Any]:
        return {
            "list_id": self.list_id,
            "announcement": self.announcement,
            "title": self.title,
            "authority": self.authority,
            "issued": self.issued.isoformat(),
            "effective": self.effective.isoformat(),
            "reviewed": self.reviewed.isoformat(),
            "status": self.status,
            "sources": list(self.sources),
            "official": self.official,
        }


@dataclass(frozen=True, slots=True)
class ItemMatch:
    """A control item the declaration was screened against, and why it came out as it did.

    ``outcome`` is one of: controlled, below_threshold, excluded, undetermined, content_unknown,
    hs_reference_only. ``decision`` already accounts for the list's status on the date.
    """

    list_id: str
    item_id: str
    ref: str
    code: str | None
    name_en: str
    name_zh: str
    outcome: str
    decision: Decision
    in_force: bool
    legal_basis: LegalBasis
    confidence: str
    evidence: tuple[Evidence, ...]
    missing: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    dual_use: bool = True  # a dual-use item: the customs remark and a control code apply

    def to_dict(self) -> dict[str, Any]:
        return {
            "list_id": self.list_id,
            "item_id": self.item_id,
            "ref": self.ref,
            "code": self.code,
            "name": self.name_en,
            "name_zh": self.name_zh,
            "outcome": self.outcome,
            "decision": self.decision.value,
            "in_force": self.in_force,
            "confidence": self.confidence,
            "legal_basis": self.legal_basis.to_dict(),
            "criteria": [e.to_dict() for e in self.evidence],
            "missing_parameters": list(self.missing),
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class MeasureMatch:
    """A destination or end-use measure that applies to this declaration."""

    measure_id: str
    clause_id: str
    title: str
    effect: str
    decision: Decision
    in_force: bool
    items: tuple[str, ...]
    legal_basis: LegalBasis
    confidence: str
    evidence: tuple[Evidence, ...]
    effect_words: str = ""  # the effect as the decision vocabulary words it

    def to_dict(self) -> dict[str, Any]:
        return {
            "measure_id": self.measure_id,
            "clause_id": self.clause_id,
            "title": self.title,
            "effect": self.effect,
            "decision": self.decision.value,
            "in_force": self.in_force,
            "items": list(self.items),
            "confidence": self.confidence,
            "legal_basis": self.legal_basis.to_dict(),
            "criteria": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class PartyFinding:
    """A consignee or end user that matched a restricted-party list entry."""

    role: str  # consignee | end_user | vessel | query (parties search)
    query: str
    list_id: str
    list_title: str
    entity_id: str
    name: str  # the list name or alias that matched
    primary_name: str
    score: float
    band: str  # alert (at or above the threshold) | review (in the review band)
    decision: Decision
    in_force: bool
    status: str
    listed: date
    announcement: str
    confidence: str
    explanation: str
    parts: dict[str, float]
    aligned: tuple[tuple[str, str], ...]
    suppressed: str = ""  # the review's reason when a reviewer cleared this hit
    query_part: str = ""  # the name within the party field that matched; "" for the whole field

    def query_label(self) -> str:
        """The query as it matched, quoted: the name within the field, and the field."""
        if self.query_part:
            return f"{self.query_part!r} (in the field {self.query!r})"
        return repr(self.query)

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "query": self.query,
            "query_part": self.query_part,
            "list": self.list_id,
            "list_title": self.list_title,
            "entity_id": self.entity_id,
            "name": self.name,
            "primary_name": self.primary_name,
            "score": round(self.score, 1),
            "band": self.band,
            "decision": self.decision.value,
            "in_force": self.in_force,
            "status": self.status,
            "listed": self.listed.isoformat(),
            "announcement": self.announcement,
            "confidence": self.confidence,
            "explanation": self.explanation,
            "score_parts": {k: round(v, 2) for k, v in self.parts.items()},
            "aligned_tokens": [list(pair) for pair in self.aligned],
            "suppressed": self.suppressed,
        }


REASON = "reason"
WARNING = "warning"
ROW_ERROR = "error"  # the severity of a row that could not be read


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing screening concluded about a declaration, worded once for every output.

    ``rule_id`` is stable across runs and versions: ``item/<list>/<item>``,
    ``measure/<measure>/<clause>``, ``party/<list>``, ``goods/none`` for goods no item matches,
    and ``warning/<code>`` for warnings. ``kind`` is ``reason`` (it explains the decision) or
    ``warning`` (it asks the reader to check something). ``severity`` is the decision value the
    finding carries (``not_controlled`` ... ``prohibited``), or ``warning``.
    """

    rule_id: str
    kind: str
    severity: str
    text: str
    key: str = ""  # tells apart findings of one rule on one row (party hits: role, entry, name)
    source: ItemMatch | MeasureMatch | PartyFinding | RowError | None = None
    legal_basis: LegalBasis | None = None
    suppressed: str = ""  # the reviewer's note, for a party hit a review cleared
    # "run" for a warning about the data rather than the row (a control code missing from our
    # sources, unconfirmed data): the same on every row it concerns, so a run's human-facing
    # reports say it once in their summary instead of on every row.
    scope: str = "row"

    @property
    def decision(self) -> Decision | None:
        return None if self.severity in (WARNING, ROW_ERROR) else Decision(self.severity)

    @property
    def status(self) -> str:
        """What reports rank and label a finding by: the decision's value, or ``error``."""
        return self.severity

    @property
    def drives_action(self) -> bool:
        """A hit a reviewer cleared is still reported, but no longer needs action."""
        return not self.suppressed

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "kind": self.kind,
            "severity": self.severity,
            "text": self.text,
            "legal_basis": self.legal_basis.to_dict() if self.legal_basis else None,
            "suppressed": self.suppressed,
        }


@dataclass(frozen=True, slots=True)
class Result:
    """The screening result of one declaration: its decision and the findings behind it."""

    declaration: Declaration
    decision: Decision
    items: tuple[ItemMatch, ...] = ()
    measures: tuple[MeasureMatch, ...] = ()
    parties: tuple[PartyFinding, ...] = ()
    end_uses: tuple[Evidence, ...] = ()
    remarks: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = field(default=())
    reviews_used: tuple[str, ...] = ()  # ids of the reviews that matched a hit of this row

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why the decision is what it is, in the order a reader needs them."""
        return tuple(f.text for f in self.findings if f.kind == REASON)

    @property
    def warnings(self) -> tuple[str, ...]:
        """What the reader should check, each once."""
        return tuple(dict.fromkeys(f.text for f in self.findings if f.kind == WARNING))

    @property
    def row_warnings(self) -> tuple[str, ...]:
        """The warnings that concern this row itself (transshipment, a status that may have
        changed, a missing destination), without the run-level ones about the data."""
        return tuple(
            dict.fromkeys(f.text for f in self.findings if f.kind == WARNING and f.scope == "row")
        )

    @property
    def run_warnings(self) -> tuple[Finding, ...]:
        """The warnings about the data behind this row, said once per run by run reports."""
        return tuple(f for f in self.findings if f.kind == WARNING and f.scope == "run")

    def to_dict(self) -> dict[str, Any]:
        return {
            "decision": self.decision.value,
            "date": self.declaration.date.isoformat(),
            "reasons": list(self.reasons),
            "items": [i.to_dict() for i in self.items],
            "measures": [m.to_dict() for m in self.measures],
            "parties": [p.to_dict() for p in self.parties],
            "end_uses": [e.to_dict() for e in self.end_uses],
            "remarks": list(self.remarks),
            "warnings": list(self.warnings),
            "declaration": self.declaration.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class RowError:
    field: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


@dataclass(frozen=True, slots=True)
class RowResult:
    """One manifest row: where it came from, what it said, and what screening concluded.

    A row with a field that could not be read has ``errors``; it is reported, and the rest of
    the file is still screened. Its readable fields are screened too when they can be (a listed
    consignee beside a mistyped HS code is still found): then it has a ``result`` as well, and
    its status is the more severe of the two, an unreadable row ranking between review and
    licence required.
    """

    file: str
    row: int  # 1-based data row
    line: int  # source line (CSV) or sheet row (XLSX)
    values: tuple[str, ...]  # the cells as read, aligned with the file's headers
    result: Result | None
    errors: tuple[RowError, ...] = ()

    @property
    def decision(self) -> Decision | None:
        return None if self.result is None else self.result.decision

    @property
    def status(self) -> str:
        """The decision's value, ``error`` for a row with unreadable fields, or the more severe of
        the two for a row screened on the fields that could be read."""
        if self.result is None:
            return ROW_ERROR
        decision = self.result.decision
        if self.errors and decision.severity < Decision.LICENCE_REQUIRED.severity:
            return ROW_ERROR
        return decision.value

    def to_dict(self, headers: tuple[str, ...] = ()) -> dict[str, Any]:
        result = self.result
        return {
            "file": self.file,
            "row": self.row,
            "line": self.line,
            "decision": self.status,
            "items": [i.to_dict() for i in result.items] if result else [],
            "measures": [m.to_dict() for m in result.measures] if result else [],
            "parties": [p.to_dict() for p in result.parties] if result else [],
            "reasons": list(result.reasons) if result else [],
            "remarks": list(result.remarks) if result else [],
            "warnings": list(result.warnings) if result else [],
            "errors": [e.to_dict() for e in self.errors],
            "input": dict(zip(headers, self.values, strict=False)),
        }
