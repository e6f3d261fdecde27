"""``--format html``: one self-contained page to read, archive or e-mail.

Everything is inline — CSS, a small sort script, an SVG chart drawn here in Python — so the page
opens offline and loads nothing from the network. Every value from the manifest or the rules is
escaped. Only rows needing action are kept, already rendered, so memory follows the findings.
"""

from __future__ import annotations

import html
from typing import IO, cast

from exportscreen import __version__
from exportscreen.manifest.screen import ManifestInfo, RunSummary
from exportscreen.model import ItemMatch, MeasureMatch, PartyFinding, RowResult
from exportscreen.report.safe import printable

DECISIONS = ("prohibited", "licence_required", "review", "error", "not_controlled")
LABELS = {
    "prohibited": "Prohibited",
    "licence_required": "Licence required",
    "review": "Review",
    "error": "Error (not screened)",
    "not_controlled": "Not controlled",
}
COLOURS = {
    "prohibited": "#c62828",
    "licence_required": "#e08e00",
    "review": "#3d85c6",
    "error": "#7e57c2",
    "not_controlled": "#8a9a8c",
}
# Most severe first; a row that could not be read sits between licence_required and review.
RANK = {"prohibited": 4, "licence_required": 3, "error": 2, "review": 1, "not_controlled": 0}
# The manifest fields shown to identify a row, with their labels.
IDENTITY = (
    ("hs_code", "HS"),
    ("destination", "to"),
    ("consignee", "consignee"),
    ("end_user", "end user"),
    ("end_use", "end use"),
    ("vessel", "vessel"),
)


def esc(value: object) -> str:
    """HTML-escaped, with control characters shown as escapes (issue 12 C2)."""
    return html.escape(printable(str(value)), quote=True)


class HtmlReporter:
    binary = False

    def __init__(self, out: IO[str] | IO[bytes]) -> None:
        self.out = cast(IO[str], out)
        self.rows: list[tuple[tuple[int, int], str]] = []  # (sort key, rendered <tr>)

    def start(self) -> None:
        pass

    def row(self, info: ManifestInfo, row: RowResult) -> None:
        if RANK[row.status] == 0:
            return
        key = (-RANK[row.status], len(self.rows))
        self.rows.append((key, render_row(info, row)))

    def finish(self, summary: RunSummary) -> None:
        self.rows.sort(key=lambda entry: entry[0])
        write = self.out.write
        write(_head(summary))
        write(_facts(summary, len(self.rows)))
        write(_summary(summary))
        write(_table_start(len(self.rows), several_files=len(summary.files) > 1))
        for _, tr in self.rows:
            write(tr)
        write(_table_end(len(self.rows)))
        write(_tail())
        self.out.flush()


# --- one table row -------------------------------------------------------------------------


def render_row(info: ManifestInfo, row: RowResult) -> str:
    """The <tr> of one row needing action; data-sort gives the sort script numbers to use."""
    status = row.status
    result = row.result
    cells = [
        f'<td class="file">{esc(row.file)}</td>',
        f'<td class="num" data-sort="{row.line}">{row.line}</td>',
        # Ascending sorts most severe first, the order a reader starts from.
        f'<td data-sort="{4 - RANK[status]}">{_badge(status)}</td>',
        f"<td>{_declaration(info, row)}</td>",
        f"<td>{_items(result.items, result.measures) if result else ''}</td>",
        f"<td>{_parties(result.parties) if result else ''}</td>",
        f"<td>{_list(result.reasons) if result else ''}</td>",
        f"<td>{_notes(row)}</td>",
    ]
    return f'<tr class="d-{status}">{"".join(cells)}</tr>\n'


def _badge(status: str, small: bool = False) -> str:
    size = " small" if small else ""
    return f'<span class="badge{size} d-{status}">{esc(status)}</span>'


def _declaration(info: ManifestInfo, row: RowResult) -> str:
    """What the row said, as written, so a reader can find it in the manifest."""
    values = {
        name: row.values[index].strip()
        for index, name in info.columns.field_by_index.items()
        if index < len(row.values) and row.values[index].strip()
    }
    parts = []
    if "description" in values:
        parts.append(f'<div class="goods">{esc(values["description"])}</div>')
    if "spec" in values:
        parts.append(f'<div class="muted">{esc(values["spec"])}</div>')
    facts = [
        f'<span class="label">{label}</span> {esc(values[name])}'
        for name, label in IDENTITY
        if name in values
    ]
    if row.result is not None:  # issue 12 E1: the date it was screened as of, never implied
        facts.append(
            f'<span class="label">as of</span> {esc(row.result.declaration.date.isoformat())}'
        )
    if facts:
        parts.append(f'<div class="facts-line">{" · ".join(facts)}</div>')
    return "".join(parts)


def _items(items: tuple[ItemMatch, ...], measures: tuple[MeasureMatch, ...]) -> str:
    parts = []
    for item in items:
        if item.decision.severity == 0:
            continue
        code = f" · code <code>{esc(item.code)}</code>" if item.code else ""
        name_zh = f' <span lang="zh-CN">{esc(item.name_zh)}</span>' if item.name_zh else ""
        parts.append(
            f'<div class="entry"><b>{esc(item.name_en)}</b>{name_zh}'
            f'<div class="muted ids">{esc(item.list_id)}/{esc(item.item_id)}</div>'
            f"<div>{esc(item.outcome)}{code} · {_badge(item.decision.value, small=True)}</div>"
            "</div>"
        )
    for measure in measures:
        if not measure.in_force:
            continue
        parts.append(
            f'<div class="entry measure"><span class="label">measure</span> '
            f"{esc(measure.title)}"
            f'<div class="muted ids">{esc(measure.measure_id)}/{esc(measure.clause_id)}</div>'
            f"<div>{_badge(measure.decision.value, small=True)}</div></div>"
        )
    return "".join(parts)


def _parties(parties: tuple[PartyFinding, ...]) -> str:
    parts = []
    for hit in parties:
        suppressed = ""
        css = "entry hit"
        if hit.suppressed:
            css += " suppressed"
            suppressed = (
                f'<div class="suppressed-note">suppressed by review: {esc(hit.suppressed)}</div>'
            )
        parts.append(
            f'<div class="{css}"><span class="label">{esc(hit.role)}</span> '
            f'{esc(hit.query_part or hit.query)} ≈ <b class="matched">{esc(hit.name)}</b>'
            f'<div class="muted ids">{esc(hit.list_id)}/{esc(hit.entity_id)}</div>'
            f"<div>score <b>{hit.score:.0f}</b> · {esc(hit.band)} · "
            f"{_badge(hit.decision.value, small=True)}</div>{suppressed}</div>"
        )
    return "".join(parts)


def _list(lines: tuple[str, ...] | list[str]) -> str:
    if not lines:
        return ""
    return "<ul>" + "".join(f"<li>{esc(line)}</li>" for line in lines) + "</ul>"


def _notes(row: RowResult) -> str:
    """Remarks, warnings and errors in one column, each labelled: most rows have few of them."""
    notes: list[tuple[str, str]] = []
    if row.result is not None:
        notes += [("remark", r) for r in row.result.remarks]
        notes += [("warning", w) for w in row.result.row_warnings]
    notes += [("error", f"{e.field}: {e.message}") for e in row.errors]
    return "".join(
        f'<div class="note {kind}"><span class="label">{kind}</span> {esc(text)}</div>'
        for kind, text in notes
    )


# --- page parts ----------------------------------------------------------------------------


def _head(summary: RunSummary) -> str:
    title = f"Export screening report — {summary.rows} rows"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="exportscreen">\n'
        f"<title>{esc(title)}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n"
        f"<header>\n<h1>Export screening report</h1>\n</header>\n<main>\n"
    )


def _facts(summary: RunSummary, action: int) -> str:
    files = "".join(f"<li>{_file_fact(info)}</li>" for info in summary.files)
    facts = [
        ("Files", f'<ul class="files">{files}</ul>' if files else "none"),
        ("Rows screened", str(summary.rows)),
        ("Rows needing action", str(action)),
        ("Elapsed", f"{summary.elapsed:.1f} s"),
        ("Screened with", f"exportscreen {esc(__version__)}"),
    ]
    items = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in facts)
    return f'<section class="run">\n<dl class="facts">{items}</dl>\n</section>\n'


def _file_fact(info: ManifestInfo) -> str:
    details = [info.mode]
    if info.encoding:
        details.append(info.encoding)
    if info.sheet:
        details.append(f"sheet {info.sheet}")
    text = f'<code>{esc(info.path)}</code> <span class="muted">{esc(", ".join(details))}</span>'
    if info.columns.unmapped:
        unused = ", ".join(info.columns.unmapped)
        text += f'<div class="muted">columns not used: {esc(unused)}</div>'
    return text


def _summary(summary: RunSummary) -> str:
    cards = "".join(_card(status, summary.counts[status], summary.rows) for status in DECISIONS)
    notices = summary.notices()
    warnings = (
        '<div class="note warning"><span class="label">warnings for the whole run</span>'
        + _list(notices)
        + "</div>\n"
        if notices
        else ""
    )
    return (
        '<section class="summary">\n<h2>Decisions</h2>\n<div class="overview">\n'
        f'<div class="cards">{cards}</div>\n'
        f'<figure class="chart">{bar_chart(summary)}</figure>\n</div>\n{warnings}</section>\n'
    )


def _card(status: str, count: int, total: int) -> str:
    share = _percent(count, total) if total else "–"
    return (
        f'<div class="card d-{status}"><div class="count">{count}</div>'
        f'<div class="what">{esc(LABELS[status])}</div><div class="muted">{share}</div></div>'
    )


def _percent(count: int, total: int) -> str:
    """12.5 %, 25 %: one decimal at most, so small shares do not round to a misleading 0 %."""
    return f"{100 * count / total:.1f}".rstrip("0").rstrip(".") + " %"


def bar_chart(summary: RunSummary) -> str:
    """Horizontal bars per decision as inline SVG (no xmlns: inline SVG in HTML needs none)."""
    label_w, track_w, count_w, bar_h, gap = 140, 290, 90, 24, 10
    width = label_w + track_w + count_w
    height = gap + len(DECISIONS) * (bar_h + gap)
    largest = max((summary.counts[s] for s in DECISIONS), default=0)
    parts = [
        f'<svg class="bars" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'role="img" aria-labelledby="chart-title">'
        '<title id="chart-title">Rows per decision</title>'
    ]
    for index, status in enumerate(DECISIONS):
        count = summary.counts[status]
        y = gap + index * (bar_h + gap)
        middle = y + bar_h / 2
        bar = max(3.0, track_w * count / largest) if count else 0.0
        share = f" ({_percent(count, summary.rows)})" if summary.rows else ""
        parts.append(
            f'<text x="{label_w - 10}" y="{middle}" text-anchor="end" dominant-baseline="central">'
            f"{esc(LABELS[status])}</text>"
            f'<rect x="{label_w}" y="{y}" width="{track_w}" height="{bar_h}" rx="4" '
            'class="track"/>'
            f'<rect x="{label_w}" y="{y}" width="{bar:.1f}" height="{bar_h}" rx="4" '
            f'fill="{COLOURS[status]}"/>'
            f'<text x="{label_w + track_w + 10}" y="{middle}" dominant-baseline="central" '
            f'class="n">{count}{share}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _table_start(rows: int, several_files: bool) -> str:
    # The file column is rendered for every row and hidden for a single-file run: rows are
    # rendered as they arrive, before the number of files is known.
    css = "sortable" if several_files else "sortable one-file"
    headers = (
        ("file", "File"),
        ("num", "Line"),
        ("c-decision", "Decision"),
        ("c-declaration", "Declaration"),
        ("c-items", "Control items and measures"),
        ("c-parties", "Party hits"),
        ("c-reasons", "Reasons"),
        ("c-notes", "Remarks, warnings, errors"),
    )
    ths = "".join(f'<th scope="col" class="{cls}">{label}</th>' for cls, label in headers)
    hint = ' <span class="muted hint">click a column heading to sort</span>' if rows else ""
    return (
        f'<section class="action">\n<h2>Rows needing action ({rows}){hint}</h2>\n'
        f'<div class="scroll">\n<table class="{css}">\n<thead><tr>{ths}</tr></thead>\n<tbody>\n'
    )


def _table_end(rows: int) -> str:
    empty = '<p class="none">No row needs action.</p>\n' if not rows else ""
    return f"</tbody>\n</table>\n</div>\n{empty}</section>\n"


def _tail() -> str:
    return (
        "</main>\n<footer>Generated by exportscreen. Decisions are screening results to be "
        "reviewed by a compliance officer.</footer>\n"
        f"<script>\n{SCRIPT}</script>\n</body>\n</html>\n"
    )


CSS = """\
:root {
  color-scheme: light;
  --ink: #1f2328; --muted: #5f6b76; --line: #d8dee4; --paper: #ffffff; --bg: #f5f7f9;
  --prohibited: #c62828; --licence_required: #e08e00; --review: #3d85c6;
  --error: #7e57c2; --not_controlled: #8a9a8c;
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--bg); color: var(--ink); line-height: 1.45; font-size: 14px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Noto Sans", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
    "Hiragino Sans GB", "WenQuanYi Micro Hei", sans-serif;
}
header { background: #24292f; color: #fff; padding: 18px 32px; }
h1 { margin: 0; font-size: 22px; font-weight: 600; }
h2 { font-size: 17px; margin: 0 0 12px; }
main { padding: 20px 32px 32px; }
section { background: var(--paper); border: 1px solid var(--line); border-radius: 8px;
  padding: 16px 20px; margin-bottom: 20px; }
code, .ids { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas,
  "Liberation Mono", monospace; font-size: 12px; }
.muted { color: var(--muted); }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 20px; margin: 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.files { margin: 0; padding: 0; list-style: none; }
.overview { display: flex; flex-wrap: wrap; gap: 24px; align-items: center; }
.cards { display: grid; grid-template-columns: repeat(5, minmax(96px, 1fr)); gap: 10px;
  flex: 1 1 540px; }
.card { border: 1px solid var(--line); border-left: 6px solid; border-radius: 6px;
  padding: 10px 12px; }
.card .count { font-size: 28px; font-weight: 700; line-height: 1.1; }
.card .what { font-weight: 600; }
.card.d-prohibited { border-left-color: var(--prohibited); }
.card.d-licence_required { border-left-color: var(--licence_required); }
.card.d-review { border-left-color: var(--review); }
.card.d-error { border-left-color: var(--error); }
.card.d-not_controlled { border-left-color: var(--not_controlled); }
.chart { margin: 0; flex: 0 1 520px; }
.chart svg { display: block; }
.bars { max-width: 100%; height: auto; font-size: 13px; fill: var(--ink); }
.bars .track { fill: #eef1f4; }
.bars .n { fill: var(--muted); }
/* A scrolling wrapper would stop the sticky header; only narrow windows need one. */
@media (max-width: 1100px) { .scroll { overflow-x: auto; } }
table { border-collapse: collapse; width: 100%; min-width: 1000px; table-layout: fixed; }
th, td { text-align: left; vertical-align: top; padding: 8px 10px;
  border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
th { position: sticky; top: 0; background: #eef1f4; font-weight: 600; user-select: none; }
th.sort { cursor: pointer; }
th.sort:hover, th.sort:focus { background: #e1e6eb; }
th[aria-sort="ascending"]::after { content: " ▲"; font-size: 10px; }
th[aria-sort="descending"]::after { content: " ▼"; font-size: 10px; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
th.file { width: 10%; } th.num { width: 4em; } th.c-decision { width: 10.5em; }
th.c-declaration { width: 14%; } th.c-items { width: 18%; } th.c-parties { width: 20%; }
th.c-reasons { width: 24%; } th.c-notes { width: 16%; }
table.one-file .file { display: none; }
tbody tr { border-left: 4px solid transparent; }
tr.d-prohibited { background: #fdecec; }
tr.d-licence_required { background: #fff6e0; }
tr.d-review { background: #eef5fc; }
tr.d-error { background: #f3eff9; }
td ul { margin: 0; padding-left: 18px; }
td li + li { margin-top: 4px; }
.entry + .entry { margin-top: 8px; padding-top: 8px; border-top: 1px dashed var(--line); }
.goods { font-weight: 600; }
.facts-line { margin-top: 4px; }
.label { font-size: 11px; text-transform: uppercase; letter-spacing: .03em;
  color: var(--muted); }
.badge { display: inline-block; padding: 2px 8px; border-radius: 10px; color: #fff;
  font-size: 12px; font-weight: 600; white-space: nowrap; }
.badge.small { padding: 0 6px; font-size: 11px; font-weight: 500; }
.badge.d-prohibited { background: var(--prohibited); }
.badge.d-licence_required { background: var(--licence_required); }
.badge.d-review { background: var(--review); }
.badge.d-error { background: var(--error); }
.badge.d-not_controlled { background: var(--not_controlled); }
.suppressed { opacity: .75; }
.suppressed .matched { text-decoration: line-through; }
.suppressed-note { display: inline-block; margin-top: 2px; padding: 0 6px; border-radius: 4px;
  background: #e6e9ed; font-size: 12px; font-style: italic; }
.note + .note { margin-top: 4px; }
.note.warning .label { color: #9a6700; }
.note.error .label { color: var(--error); }
.hint { font-size: 12px; font-weight: 400; margin-left: 8px; }
.none { color: #1a7f37; font-weight: 600; }
footer { padding: 0 32px 24px; color: var(--muted); font-size: 12px; }
@media print {
  body { background: #fff; font-size: 11px; }
  header { background: none; color: var(--ink); padding: 0 0 8px; }
  main { padding: 0; }
  section { border: none; padding: 0; }
  .scroll { overflow: visible; }
  table { min-width: 0; }
  th { position: static; }
  tr { break-inside: avoid; }
}
"""

# Sorting is an enhancement: without script the table keeps its most-severe-first order.
SCRIPT = """\
(function () {
  "use strict";
  function key(cell) {
    var value = cell.getAttribute("data-sort");
    if (value === null) { value = cell.textContent.trim(); }
    var number = Number(value);
    return value !== "" && !isNaN(number) ? number : value.toLowerCase();
  }
  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") { return a - b; }
    return String(a).localeCompare(String(b));
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, index) {
      th.classList.add("sort");
      th.tabIndex = 0;
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var order = compare(key(a.cells[index]), key(b.cells[index]));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  });
})();
"""
