"""``--format junit``: JUnit XML, one test case per manifest row, for CI test-report views.

A row at or above ``--fail-on`` (default ``review``) is a ``<failure>`` (``type`` = the decision,
the body lists every finding and warning, since GitLab and others drop the ``message``
attribute); a row with findings below ``--fail-on`` passes with them in ``<system-out>``, as the
exit code passes it (issue 12 E3); an unreadable row is an ``<error>``; a row whose only findings
are party hits a reviewer suppressed is ``<skipped>`` with the reviewer's reasons; every other row
passes. Passing rows are kept so the totals mean
"rows screened". Each manifest is one ``<testsuite>`` inside ``<testsuites>``.

Elements are written by hand, escaped as ElementTree escapes them (text: ``& < >``; attributes
also ``"`` and line breaks), with characters XML 1.0 cannot hold replaced by U+FFFD.

The totals go on the opening tags, before the test cases, but are known only at the end. So each
test case is serialised as it arrives into an anonymous temporary file (UTF-8 bytes, so offsets
are exact), and ``finish`` writes the opening tags and copies the test cases across line by line:
memory stays flat for 100k-row files. Rows arrive file by file, so each suite is one contiguous
stretch of the temporary file.

Test case times are 0 (rows are not timed one by one); a suite's time is its share, by rows, of
the run's elapsed time.
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, cast

from exportscreen.manifest.screen import ManifestInfo, RunSummary
from exportscreen.model import Decision, RowResult
from exportscreen.report.findings import RANK, Finding, action_findings, row_label
from exportscreen.report.safe import printable

# Characters XML 1.0 cannot hold at all, even escaped; a manifest cell can contain them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
OUTCOMES = ("failures", "errors", "skipped")


@dataclass
class _Suite:
    info: ManifestInfo
    # (start, end) offsets of the suite's test cases in the temporary file: one stretch per run
    # of consecutive rows from this file, which is one stretch unless a caller interleaves files.
    stretches: list[tuple[int, int]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)  # tests, failures, errors, skipped


class JunitReporter:
    binary = False

    def __init__(self, out: IO[str] | IO[bytes], fail_on: str = "review") -> None:
        self.out = cast(IO[str], out)
        self.fail_on = fail_on
        # Lives across row() calls and is closed in finish(); being anonymous, it vanishes even
        # if the run is interrupted before then.
        self.buffer: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self.suites: dict[int, _Suite] = {}  # by id(ManifestInfo), in the order first seen
        self.last: _Suite | None = None

    def start(self) -> None:
        pass

    def row(self, info: ManifestInfo, row: RowResult) -> None:
        suite = self._suite(info)
        case, outcome = testcase_xml(info, row, self.fail_on)
        suite.counts["tests"] += 1
        if outcome:
            suite.counts[outcome] += 1
        start = self.buffer.tell()
        self.buffer.write(f"    {case}\n".encode())
        if suite is self.last:
            suite.stretches[-1] = (suite.stretches[-1][0], self.buffer.tell())
        else:
            suite.stretches.append((start, self.buffer.tell()))
            self.last = suite

    def _suite(self, info: ManifestInfo) -> _Suite:
        # Keyed by identity: the same path given twice is screened, and reported, twice.
        suite = self.suites.get(id(info))
        if suite is None:
            suite = self.suites[id(info)] = _Suite(info)
        return suite

    def finish(self, summary: RunSummary) -> None:
        try:
            self._write(summary)
        finally:
            self.buffer.close()
        self.out.flush()

    def _write(self, summary: RunSummary) -> None:
        suites = self._all_suites(summary)
        totals: Counter[str] = sum((s.counts for s in suites), Counter())
        write = self.out.write
        write('<?xml version="1.0" encoding="UTF-8"?>\n')
        attributes = {"name": "exportscreen", **_totals(totals), "time": f"{summary.elapsed:.3f}"}
        write(f"<testsuites{_attrs(attributes)}>\n")
        for suite in suites:
            share = suite.counts["tests"] / totals["tests"] if totals["tests"] else 0.0
            name = {"name": suite.info.path}
            time = {"time": f"{summary.elapsed * share:.3f}"}
            write(f"  <testsuite{_attrs(name | _totals(suite.counts) | time)}>\n")
            for start, end in suite.stretches:
                self._copy(start, end)
            write("  </testsuite>\n")
        write("</testsuites>\n")

    def _all_suites(self, summary: RunSummary) -> list[_Suite]:
        """A suite per file screened, in the run's order, including files without rows."""
        for info in summary.files:
            self._suite(info)
        order = dict.fromkeys([id(info) for info in summary.files] + list(self.suites))
        return [self.suites[key] for key in order]

    def _copy(self, start: int, end: int) -> None:
        # Line by line: a line never splits a UTF-8 sequence, and is at most one test case.
        self.buffer.seek(start)
        while self.buffer.tell() < end:
            self.out.write(self.buffer.readline().decode("utf-8"))


def testcase_xml(info: ManifestInfo, row: RowResult, fail_on: str = "review") -> tuple[str, str]:
    """The row's ``<testcase>`` element and its outcome: failures, errors, skipped, or "" for a
    pass. Serialised by hand, as ElementTree would, at a fifth of its cost per row."""
    name = f"line {row.line}: {row_label(info, row)}"
    attributes = {"classname": f"{row.file}.row", "name": name, "time": "0"}
    child, outcome = _outcome(row, fail_on)
    if not child:
        return f"<testcase{_attrs(attributes)} />", outcome
    return f"<testcase{_attrs(attributes)}>{child}</testcase>", outcome


def _fails(decision: Decision, fail_on: str) -> bool:
    """Whether the decision fails the run, as the exit code decides it."""
    return fail_on != "never" and decision.severity >= Decision(fail_on).severity


def _outcome(row: RowResult, fail_on: str = "review") -> tuple[str, str]:
    findings = action_findings(row)
    body = _body(row, findings)
    if row.result is None or row.status == "error":
        message = "; ".join(f"{e.field}: {e.message}" for e in row.errors)
        return _element("error", {"message": message, "type": "error"}, body), "errors"
    if row.result.decision.severity > 0 and not _fails(row.result.decision, fail_on):
        return _element("system-out", {}, body), ""  # below --fail-on: passes, findings kept
    if row.result.decision.severity > 0:
        driving = [f for f in findings if f.drives_action]
        worst = max(driving, key=lambda f: RANK[f.status], default=None)
        message = worst.text if worst else row.result.decision.value
        attributes = {"message": message, "type": row.result.decision.value}
        return _element("failure", attributes, body), "failures"
    suppressed = [f for f in findings if f.suppressed]
    if suppressed:
        reasons = "; ".join(dict.fromkeys(f.suppressed for f in suppressed))
        message = f"suppressed by review: {reasons}"
        return _element("skipped", {"message": message}, body), "skipped"
    return "", ""


def _element(tag: str, attributes: dict[str, str], text: str) -> str:
    return f"<{tag}{_attrs(attributes)}>{_escape_text(text)}</{tag}>"


def _body(row: RowResult, findings: list[Finding]) -> str:
    as_of = f", as of {row.result.declaration.date.isoformat()}" if row.result else ""
    lines = [f"{row.file}, line {row.line} (row {row.row}): {row.status}{as_of}"]
    for finding in findings:
        note = f" [suppressed by review: {finding.suppressed}]" if finding.suppressed else ""
        lines.append(f"- {finding.text}{note}")
    if row.result is not None:
        lines += [f"warning: {warning}" for warning in row.result.warnings]
        lines += [f"remark: {remark}" for remark in row.result.remarks]
    return "\n".join(lines)


def _totals(counts: Counter[str]) -> dict[str, str]:
    return {"tests": str(counts["tests"])} | {key: str(counts[key]) for key in OUTCOMES}


def _attrs(attributes: dict[str, str]) -> str:
    return "".join(f' {key}="{_escape_attribute(value)}"' for key, value in attributes.items())


def _escape_text(text: str) -> str:
    # C0 controls cannot be in XML at all; C1 controls and bidi overrides are shown escaped.
    text = printable(_NOT_XML.sub("\ufffd", text))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attribute(value: str) -> str:
    # Line breaks and tabs as references, or a parser would normalise them to spaces.
    value = _escape_text(value).replace('"', "&quot;")
    return value.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#09;")
