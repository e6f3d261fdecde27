"""Every party-list file format, recognised from the file and loaded into one shape.

Formats: ``yaml`` (a validated ``kind: party_list`` file), ``ofac`` (legacy SDN CSV, or the
non-SDN ``cons_prim.csv`` in the same layout), ``csl`` (trade.gov consolidated.csv),
``opensanctions`` (targets.simple.csv), ``un`` (UN Security Council consolidated.xml), ``eu``
(EU Financial Sanctions Files XML), ``uk`` (UK Sanctions List XML) and ``csv`` (any CSV,
through a column mapping). `detect_format` looks at the suffix, the file name and the first
row only; `load_party_file` returns the records with what the file says about them.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from exportscreen.parties.importers import PartyListError, csl, eu, opensanctions, uk, un
from exportscreen.parties.importers.generic import (
    default_mapping,
    load_columns,
    load_generic_csv,
    read_header,
)
from exportscreen.parties.importers.ofac import CONS_LIST_ID, CONS_PRIMARY, load_sdn
from exportscreen.parties.importers.xmlfile import XmlList, root_tag
from exportscreen.parties.records import PartyRecord

FORMATS = ("yaml", "ofac", "csl", "opensanctions", "un", "eu", "uk", "csv")
OFAC_TITLE = "OFAC Specially Designated Nationals (SDN) List"
OFAC_CONS_TITLE = "OFAC Consolidated Sanctions List (non-SDN)"
# The XML formats, by the local name of the root element.
_XML_ROOTS = {un.ROOT: "un", eu.ROOT: "eu", uk.ROOT: "uk"}
_XML_LISTS = {
    "un": (un.LIST_ID, un.TITLE, un.load_un),
    "eu": (eu.LIST_ID, eu.TITLE, eu.load_eu),
    "uk": (uk.LIST_ID, uk.TITLE, uk.load_uk),
}
ID_MAX_LENGTH = 80  # the `Id` type of the rules schema
_OFAC_EMPTY = "-0-"


@dataclass(frozen=True)
class ImportedList:
    """A loaded party list: its records plus what the file said about each of them."""

    list_id: str
    title: str
    source: str  # the file name
    records: list[PartyRecord]
    format: str = ""  # one of FORMATS
    imported: date = field(default_factory=date.today)
    listed: Mapping[str, date] = field(default_factory=dict)  # entity id -> listing date
    listed_from: str = ""  # what the `listed` dates are, e.g. "the CSL start_date"
    source_lists: Mapping[str, str] = field(default_factory=dict)  # entity id -> list within
    published: date | None = None  # the publisher's own date of the file, when it has one


def slug_id(text: str, max_length: int = ID_MAX_LENGTH) -> str:
    """An id matching ``^[a-z0-9][a-z0-9._-]*$``: lower-cased, accents dropped, anything else
    turned into '-'; too long or nothing left, a hash of the text stands in or is appended."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9._-]+", "-", ascii_text.lower())
    slug = re.sub(r"-{2,}", "-", slug).strip("-._")
    digest = hashlib.sha1(text.encode()).hexdigest()[:10]
    if not slug:
        return digest
    if len(slug) > max_length:
        return slug[: max_length - len(digest) - 1].rstrip("-._") + "-" + digest
    return slug


def detect_format(path: Path, *, encoding: str | None = None) -> str:
    """The format of `path`, from its suffix, its name or its first row."""
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        return "yaml"
    if path.name.lower() in ("sdn.csv", CONS_PRIMARY) or _looks_like_sdn(path):
        return "ofac"
    if path.suffix.lower() == ".xml":
        root = root_tag(path)
        if root in _XML_ROOTS:
            return _XML_ROOTS[root]
        raise PartyListError(
            f"{path}:1: cannot tell the XML party list format from its root element "
            f"<{root or '?'}>; known: {', '.join(f'<{r}>' for r in _XML_ROOTS)}"
        )
    header = read_header(path, encoding)
    folded = {h.strip().casefold() for h in header}
    if folded >= csl.HEADER_MARK:
        return "csl"
    if folded >= opensanctions.HEADER_MARK:
        return "opensanctions"
    if default_mapping(header) is not None:
        return "csv"
    raise PartyListError(
        f"{path}:1: cannot tell the party list format; tried yaml (.yaml suffix), ofac "
        "(sdn.csv, 12 headerless columns with -0-), csl and opensanctions (header rows) and "
        "csv (a name or 名称 column) (pass --party-list-format, or --columns for another CSV)"
    )


def _looks_like_sdn(path: Path) -> bool:
    """OFAC's legacy layout: no header, 12 fields, ent_num first, `-0-` for empty fields."""
    try:
        with path.open(encoding="latin-1", newline="") as handle:
            for row in csv.reader(handle):
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                return (
                    len(row) == 12
                    and row[0].strip().isdigit()
                    and any(f.strip() == _OFAC_EMPTY for f in row)
                )
    except (OSError, csv.Error):
        return False  # the real reader reports the problem with its line
    return False


def load_party_file(
    path: Path,
    fmt: str | None = None,
    *,
    columns: Path | None = None,
    encoding: str | None = None,
    csl_sources: Collection[str] | None = None,
    imported_on: date | None = None,
) -> ImportedList:
    """Load a party-list file of format `fmt` (detected when None; `columns` implies csv).

    `csl_sources` keeps only those CSL lists (names or codes such as "EL"); `imported_on`
    stands in for today as the import date (tests, reproducible exports). A missing or empty
    file, and one with a header but no entries, is a PartyListError (issue 12 A3): a list that
    screens nobody must not quietly turn party screening off.
    """
    path = Path(path)
    if not path.is_file():
        raise PartyListError(f"{path}: {'not a file' if path.exists() else 'no such file'}")
    try:
        with path.open("rb") as handle:
            start = handle.read(4097)
    except OSError as exc:
        raise PartyListError(f"{path}: cannot read: {exc.strerror}") from None
    if len(start) <= 4096 and not start.strip(b" \t\r\n\xef\xbb\xbf"):
        raise PartyListError(f"{path}: the party list file is empty")
    loaded = _load_party_file(
        path,
        fmt,
        columns=columns,
        encoding=encoding,
        csl_sources=csl_sources,
        imported_on=imported_on,
    )
    if not loaded.records:
        kept = " after the source filter" if csl_sources is not None else ""
        raise PartyListError(
            f"{path}: the party list has no entries{kept}; a list that screens nobody would "
            "turn party screening off for it (check the file, or leave it out)"
        )
    return loaded


def _load_party_file(
    path: Path,
    fmt: str | None,
    *,
    columns: Path | None,
    encoding: str | None,
    csl_sources: Collection[str] | None,
    imported_on: date | None,
) -> ImportedList:
    if fmt is None:
        fmt = "csv" if columns is not None else detect_format(path, encoding=encoding)
    if fmt not in FORMATS:
        raise PartyListError(
            f"{path}: unknown party list format {fmt!r} (use one of {', '.join(FORMATS)})"
        )
    if columns is not None and fmt != "csv":
        raise PartyListError(f"{path}: --columns only applies to the csv format, not to {fmt}")
    if csl_sources is not None and fmt != "csl":
        raise PartyListError(f"{path}: a source filter only applies to the csl format")
    today = imported_on or date.today()
    if fmt == "yaml":
        return _load_yaml(path, today)
    if fmt == "ofac":
        records = load_sdn(path)
        if path.name.lower() == CONS_PRIMARY:
            return ImportedList(CONS_LIST_ID, OFAC_CONS_TITLE, path.name, records, fmt, today)
        return ImportedList("ofac-sdn", OFAC_TITLE, path.name, records, fmt, today)
    if fmt in _XML_LISTS:
        list_id, title, loader = _XML_LISTS[fmt]
        return _from_xml(list_id, title, path, fmt, loader(path), today)
    if fmt == "csl":
        entries = csl.load_csl(path, sources=csl_sources, encoding=encoding)
        return ImportedList(
            csl.LIST_ID,
            csl.TITLE,
            path.name,
            [e.record for e in entries],
            fmt,
            today,
            listed={e.record.entity_id: e.start_date for e in entries if e.start_date},
            listed_from="the CSL start_date",
            source_lists={e.record.entity_id: e.source for e in entries if e.source},
        )
    if fmt == "opensanctions":
        targets = opensanctions.load_opensanctions(path, encoding=encoding)
        datasets = {t.datasets for t in targets}
        # A per-dataset export names one dataset on every row; say which in the title.
        only = next(iter(datasets)) if len(datasets) == 1 else ()
        title = f"OpenSanctions: {only[0]}" if len(only) == 1 else opensanctions.TITLE
        return ImportedList(
            opensanctions.LIST_ID,
            title,
            path.name,
            [t.record for t in targets],
            fmt,
            today,
            listed={t.record.entity_id: t.first_seen for t in targets if t.first_seen},
            listed_from="the date OpenSanctions first saw the entry (first_seen), "
            "which may be later than the listing",
            source_lists={t.record.entity_id: "; ".join(t.datasets) for t in targets if t.datasets},
        )
    mapping = load_columns(columns) if columns is not None else None
    list_id = (mapping.list_id if mapping else None) or slug_id(path.stem)
    title = (mapping.title if mapping else None) or path.stem
    records = load_generic_csv(path, mapping, list_id=list_id, encoding=encoding)
    return ImportedList(list_id, title, path.name, records, fmt, today)


def _load_yaml(path: Path, today: date) -> ImportedList:
    # Imported here: the schema models cost start-up time that the CSV formats never need.
    from exportscreen.parties.lists import from_schema
    from exportscreen.ruleset.loader import parse_document
    from exportscreen.ruleset.party_schema import PartyList

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PartyListError(f"{path}: cannot read: {exc.strerror}") from exc
    document, problems = parse_document(raw, str(path))
    if problems or document is None:
        # One line per problem, each "file:line: problem (hint)".
        raise PartyListError("\n".join(str(p) for p in problems) or f"{path}: not a party list")
    if not isinstance(document, PartyList):
        raise PartyListError(
            f"{path}:1: this is a {document.kind} file, not a party list "
            "(a party list starts with 'kind: party_list')"
        )
    info, entries = from_schema(document, origin=str(path))
    return ImportedList(
        info.id,
        info.title,
        path.name,
        [record for record, _ in entries],
        "yaml",
        today,
        listed={record.entity_id: entry.listed for record, entry in entries},
        listed_from="the listing date in the YAML file",
    )


def _from_xml(
    list_id: str, title: str, path: Path, fmt: str, loaded: XmlList, today: date
) -> ImportedList:
    entries = loaded.entries
    return ImportedList(
        list_id,
        title,
        path.name,
        [e.record for e in entries],
        fmt,
        today,
        listed={e.record.entity_id: e.listed for e in entries if e.listed},
        listed_from="the listing date in the file",
        source_lists={e.record.entity_id: e.source_list for e in entries if e.source_list},
        published=loaded.published,
    )
