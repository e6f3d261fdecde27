"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Each finding that needs action is one result: a control item or a party hit whose decision is at
least ``review``, a measure in force, or a row that could not be read. Rule ids are stable and say
what the finding is about, so code scanning keeps tracking an alert from run to run:

* ``item/<list_id>/<item_id>``: a control item of a control list;
* ``measure/<measure_id>/<clause_id>``: a clause of a destination or end-use measure;
* ``party/<list_id>``: an entry of a restricted-party list (the entry is in the result);
* ``row-error``: a row that could not be parsed, so was not screened.

Only the rules used in the run are listed, sorted by id, so the output does not depend on row
order. A rule's ``defaultConfiguration.level`` and ``security-severity`` are those of the most
severe result it has in this run: the same item can be ``licence_required`` on one row and only
``review`` on another, and code scanning ranks alerts by the rule.

Locations: ``uri`` is the manifest path as given on the command line (relative paths stay relative
and code scanning resolves them against the repository root); the region is the row's first source
line, columns 1 to 2 (``endColumn`` is exclusive). The reporter has the parsed cells, not the
source text, so it cannot know the line's length once quoting and multi-line cells are involved;
a one-character region is exact, and viewers highlight the whole line anyway. For XLSX the line is
the sheet row, and the sheet name is in the result's properties.

Suppressed party hits (a reviewer cleared them) are still reported, with an ``external``
suppression carrying the reviewer's reason; code scanning shows them as dismissed.

Each result is serialised as it arrives, one compact JSON line in an anonymous temporary file, and
copied into the log at the end, once the rules and their indexes are known: memory holds the rules
only, however many rows and findings. The rest of the log is indented for readers.

The per-finding helpers at the end of this module are shared with the other CI formats (github,
junit), so all three describe a finding in the same words.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import tempfile
from pathlib import Path, PurePath
from typing import IO, Any, cast
from urllib.parse import quote

from exportscreen import __version__
from exportscreen.manifest.screen import ManifestInfo, RunSummary
from exportscreen.model import (
    Decision,
    ItemMatch,
    LegalBasis,
    MeasureMatch,
    PartyFinding,
    RowError,
    RowResult,
)
from exportscreen.report.findings import (
    LEVEL,
    RANK,
    SECURITY_SEVERITY,
    Finding,
    action_findings,
    finding_message,
)
from exportscreen.report.safe import printable

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_NAME = "exportscreen"
# The project has no web site of its own yet; its package page is where users find it.
INFORMATION_URI = "https://pypi.org/project/exportscreen/"


class SarifReporter:
    binary = False

    def __init__(self, out: IO[str] | IO[bytes]) -> None:
        self.out = cast(IO[str], out)
        # Lives across row() calls and is closed in finish(); being anonymous, it vanishes even
        # if the run is interrupted before then.
        self.results: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self.rules: dict[str, dict[str, Any]] = {}
        self.rule_status: dict[str, str] = {}  # the most severe status seen per rule

    def start(self) -> None:
        pass

    def row(self, info: ManifestInfo, row: RowResult) -> None:
        for finding in action_findings(row):
            if finding.rule_id not in self.rules:
                self.rules[finding.rule_id] = rule_descriptor(finding)
            seen = self.rule_status.get(finding.rule_id)
            if seen is None or RANK[finding.status] > RANK[seen]:
                self.rule_status[finding.rule_id] = finding.status
            result = sarif_result(info, row, finding)
            del result["ruleId"]  # written back, with its ruleIndex, in finish()
            # Compact JSON holds no raw line break or tab, so one result is one line.
            self.results.write(f"{json.dumps(finding.rule_id)}\t{_compact(result)}\n")

    def finish(self, summary: RunSummary) -> None:
        try:
            self._write(summary)
        finally:
            self.results.close()
        self.out.flush()

    def _write(self, summary: RunSummary) -> None:
        rule_ids = sorted(self.rules)
        rules = [self._finished_rule(rule_id) for rule_id in rule_ids]
        log = {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": TOOL_NAME,
                            "version": __version__,
                            "semanticVersion": __version__,
                            "informationUri": INFORMATION_URI,
                            "rules": rules,
                        }
                    },
                    "invocations": [_invocation(summary)],
                    "columnKind": "unicodeCodePoints",
                    "properties": _run_properties(summary),
                    "results": [],
                }
            ],
        }
        # The results go last in the run, so the log ends with its closing lines: write the rest
        # indented, then the results between "[" and the close.
        head, _, tail = json.dumps(log, ensure_ascii=False, indent=2).rpartition("[]")
        self.out.write(head)
        self._write_results({rule_id: n for n, rule_id in enumerate(rule_ids)})
        self.out.write(tail + "\n")

    def _write_results(self, index: dict[str, int]) -> None:
        self.results.seek(0)
        separator = "[\n"
        for line in self.results:
            rule, _, rest = line.rstrip("\n").partition("\t")
            head = f'{{"ruleId":{rule},"ruleIndex":{index[json.loads(rule)]},'
            self.out.write(f"{separator}        {head}{rest[1:]}")
            separator = ",\n"
        self.out.write("\n      ]" if separator == ",\n" else "[]")

    def _finished_rule(self, rule_id: str) -> dict[str, Any]:
        rule = dict(self.rules[rule_id])
        status = self.rule_status[rule_id]
        properties = rule.pop("properties")
        rule["defaultConfiguration"] = {"level": LEVEL[status]}
        rule["properties"] = properties | {"security-severity": f"{SECURITY_SEVERITY[status]:.1f}"}
        return rule


def _compact(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _run_properties(summary: RunSummary) -> dict[str, Any]:
    order = [d.value for d in Decision] + ["error"]
    return {"rows": summary.rows, "counts": {status: summary.counts[status] for status in order}}


# -- results -------------------------------------------------------------------------------------


def sarif_result(info: ManifestInfo, row: RowResult, finding: Finding) -> dict[str, Any]:
    uri = artifact_uri(row.file)
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "level": LEVEL[finding.status],
        # Shown by code-scanning views: control characters escaped (issue 12 C2).
        "message": {"text": printable(finding_message(info, row, finding))},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {
                        "startLine": row.line,
                        "startColumn": 1,
                        "endLine": row.line,
                        "endColumn": 2,
                    },
                }
            }
        ],
        "partialFingerprints": {"primaryLocationLineHash": line_hash(uri, row, finding)},
        "properties": _result_properties(info, row, finding),
    }
    if finding.suppressed:
        result["suppressions"] = [{"kind": "external", "justification": finding.suppressed}]
    return result


def _result_properties(info: ManifestInfo, row: RowResult, finding: Finding) -> dict[str, Any]:
    props: dict[str, Any] = {"row": row.row, "decision": finding.status}
    if row.result is not None:  # issue 12 E1: the date the row was screened as of
        props["screened_as_of"] = row.result.declaration.date.isoformat()
    if info.sheet:
        props["sheet"] = info.sheet
    source = finding.source
    if isinstance(source, RowError):
        props["field"] = source.field
        column = info.columns.column_of(source.field)
        if column is not None:
            props["column"] = column
    elif isinstance(source, PartyFinding):
        props |= {
            "score": round(source.score, 1),
            "band": source.band,
            "role": source.role,
            "entity_id": source.entity_id,
            "matched_name": source.name,
            "listed": source.listed.isoformat(),
            "announcement": source.announcement,
            "explanation": source.explanation,
        }
    elif isinstance(source, ItemMatch):
        props |= {"outcome": source.outcome, "confidence": source.confidence}
        if source.code:
            props["control_code"] = source.code
    elif isinstance(source, MeasureMatch):
        props |= {"effect": source.effect, "confidence": source.confidence}
    return props


@functools.lru_cache(maxsize=64)  # one path per manifest, asked once per finding
def artifact_uri(path: str) -> str:
    """The path as given, as a URI reference: forward slashes, percent-encoded; absolute: file:."""
    pure = PurePath(path)
    if pure.is_absolute():
        return Path(path).as_uri()
    return quote(pure.as_posix(), safe="/")


def line_hash(uri: str, row: RowResult, finding: Finding) -> str:
    """Stable across runs for the same finding on the same row; differs between two hits on
    one row that share a rule (two entries of one party list), hence the finding's key."""
    parts = (uri, str(row.line), finding.rule_id, finding.key, *row.values)
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:32]


# -- rules ---------------------------------------------------------------------------------------


def rule_descriptor(finding: Finding) -> dict[str, Any]:
    """The rule a finding belongs to; its level and severity are filled in at the end of the run."""
    source = finding.source
    if isinstance(source, ItemMatch):
        short, full, text, markdown = _item_rule(source)
        tags = ["security", "export-control", "control-item", source.list_id]
    elif isinstance(source, MeasureMatch):
        short, full, text, markdown = _measure_rule(source)
        tags = ["security", "export-control", "measure", source.measure_id]
    elif isinstance(source, PartyFinding):
        short, full, text, markdown = _party_rule(source)
        tags = ["security", "export-control", "restricted-party", source.list_id]
    else:
        short, full, text, markdown = _row_error_rule()
        tags = ["security", "manifest", "input-error"]
    return {
        "id": finding.rule_id,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": text, "markdown": markdown},
        "properties": {"tags": tags},
    }


def _item_rule(item: ItemMatch) -> tuple[str, str, str, str]:
    basis = item.legal_basis
    code = f", control code {item.code}" if item.code else ""
    short = f"{item.name_en} ({item.ref}), controlled under {basis.announcement}"
    full = (
        f"The declaration matches control item {item.ref}{code}, {item.name_en} "
        f"({item.name_zh}), of {basis.title} ({basis.announcement}). While the list is in force, "
        "exporting such goods needs an export licence; a row is marked review when the "
        "declaration does not state enough (purity, form, parameters) to decide."
    )
    heading = f"Control item {item.ref}{code}: {item.name_en} ({item.name_zh})"
    text = f"{heading}\n\n{_basis_text(basis)}"
    markdown = f"**{_md(heading)}**\n\n{_basis_markdown(basis)}"
    return short, full, text, markdown


def _measure_rule(measure: MeasureMatch) -> tuple[str, str, str, str]:
    basis = measure.legal_basis
    effect = measure.effect_words or measure.effect
    short = f"{basis.announcement}, {measure.title}"
    full = (
        f"{basis.announcement} ({basis.title}) applies to the declared goods, destination or end "
        f"use: {measure.title}. Effect: {effect}."
    )
    heading = f"{measure.title}: {effect}"
    text = f"{heading}\n\n{_basis_text(basis)}"
    markdown = f"**{_md(heading)}**\n\n{_basis_markdown(basis)}"
    return short, full, text, markdown


def _party_rule(party: PartyFinding) -> tuple[str, str, str, str]:
    short = f"Consignee or end user on the {party.list_title}"
    full = (
        f"A party of the declaration (consignee or end user) matches an entry of the "
        f"{party.list_title} ({party.list_id}). A match at or above the alert threshold takes the "
        "decision the listing carries; a weaker match in the review band needs a compliance "
        "officer's review. Hits a reviewer cleared are reported as suppressed."
    )
    body = (
        "Each result names the matched entry and alias, the announcement that listed it, the "
        "listing date and the match score with its explanation. Check the party's full name, "
        "address and country against the listing before shipping."
    )
    text = f"List: {party.list_title} ({party.list_id})\n\n{body}"
    markdown = f"**List:** {_md(party.list_title)} (`{party.list_id}`)\n\n{_md(body)}"
    return short, full, text, markdown


def _row_error_rule() -> tuple[str, str, str, str]:
    short = "Manifest row could not be read"
    full = (
        "A manifest row could not be parsed into a declaration (bad HS code, date, country or "
        "quantity, no goods, or a ragged row), so it was not screened."
    )
    text = f"{full} Fix the cell named in the result and screen the file again."
    return short, full, text, _md(text)


def _basis_text(basis: LegalBasis) -> str:
    lines = [
        f"Legal basis: {basis.announcement}, {basis.title}",
        f"Authority: {basis.authority}",
        f"Issued {basis.issued.isoformat()}, effective {basis.effective.isoformat()}",
        f"Status: {basis.status}",
        f"Our data last reviewed: {basis.reviewed.isoformat()}",
        "Sources:",
        *(f"- {source}" for source in basis.sources),
    ]
    return "\n".join(lines)


def _basis_markdown(basis: LegalBasis) -> str:
    lines = [
        f"**Legal basis:** {_md(basis.announcement)}, {_md(basis.title)}  ",
        f"**Authority:** {_md(basis.authority)}  ",
        f"**Issued:** {basis.issued.isoformat()} · **effective:** {basis.effective.isoformat()}  ",
        f"**Status:** {_md(basis.status)}  ",
        f"**Our data last reviewed:** {basis.reviewed.isoformat()}",
        "",
        "**Sources:**",
        "",
        *(f"- <{source}>" for source in basis.sources),
    ]
    return "\n".join(lines)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(text: str) -> str:
    """Escape the Markdown characters that would change how list data renders."""
    return _MD_SPECIAL.sub(r"\\\1", text)


# -- findings, shared by the CI formats ----------------------------------------------------------


def _invocation(summary: RunSummary) -> dict[str, Any]:
    """The run's invocation; run-level warnings become tool execution notifications."""
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if summary.warnings:
        invocation["toolExecutionNotifications"] = [
            {"level": "warning", "message": {"text": warning}} for warning in summary.warnings
        ]
    return invocation
