"""Any CSV of restricted parties, read through a column mapping; also the CSV reading shared by
the CSL and OpenSanctions importers.

The mapping names the columns that hold the id, the name, aliases, type, country and
identifiers. It comes from a small YAML file (``--columns map.yaml``)::

    name: 名称                  # required: the column with the primary name
    id: 编号                    # optional: the row number otherwise
    aliases: [别名, 英文名称]    # optional: one column or several
    alias_separator: ";"        # optional: how several values share one cell (default ";")
    type: 类型                  # optional: "unknown" otherwise
    types: {企业: company}       # optional: values of the type column -> our party types
    country: 国家                # optional: ISO alpha-2 codes or country names
    identifiers: {IMO: imo}     # optional: column -> identifier scheme
    delimiter: ","              # optional: the field separator
    list_id: my-list            # optional: the id the imported list gets
    title: My list              # optional

or, without a file, from headers recognised case-insensitively (``name``, ``entity_name``,
``party_name``, ``名称``; ``alias``, ``aliases``, ``aka``; ``country``, ``国家``; ``id``;
``type``). Column names in a mapping are matched case-insensitively too.

Files are decoded as UTF-8 (with or without a byte-order mark) and, failing that, as GB18030,
which is what Excel on a Chinese Windows writes; ``--encoding`` names any other codec.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TypeVar

from exportscreen.countries import find_country
from exportscreen.parties.importers import PartyListError
from exportscreen.parties.records import PARTY_TYPES, PartyRecord

T = TypeVar("T")

DEFAULT_ENCODINGS = ("utf-8-sig", "gb18030")
_ENCODING_NAMES = {"utf-8-sig": "UTF-8", "gb18030": "GB18030"}
SCHEME = re.compile(r"^[a-z0-9_-]+$")
_LIST_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_IMO_PREFIX = re.compile(r"^\s*IMO[\s:#]*", re.IGNORECASE)

# Header words recognised without a mapping, compared after folding (see `_fold`), so
# "Entity Name", "entity_name" and "ENTITY-NAME" all count; Chinese in both scripts.
_NAME_HEADERS = (
    "name",
    "entityname",
    "partyname",
    "名称",
    "名稱",
    "实体名称",
    "企业名称",
    "公司名称",
)
_ALIAS_HEADERS = ("alias", "aliases", "aka", "othernames", "别名", "別名")
_COUNTRY_HEADERS = ("country", "countrycode", "国家", "國家", "国家地区", "國家地區", "国别")
_ID_HEADERS = ("id", "entityid", "编号", "編號")
_TYPE_HEADERS = ("type", "entitytype", "partytype", "类型", "類型")

# Type words understood in any type column; a mapping's `types` adds to and overrides these.
DEFAULT_TYPES: dict[str, str] = {
    **{t: t for t in PARTY_TYPES},
    "entity": "organization",
    "organisation": "organization",
    "individual": "person",
    "ship": "vessel",
    "airplane": "aircraft",
    "个人": "person",
    "自然人": "person",
    "企业": "company",
    "公司": "company",
    "机构": "organization",
    "组织": "organization",
    "实体": "organization",
    "船舶": "vessel",
    "飞机": "aircraft",
    "航空器": "aircraft",
}

_MAPPING_KEYS = (
    "name",
    "id",
    "aliases",
    "alias_separator",
    "type",
    "types",
    "country",
    "identifiers",
    "delimiter",
    "list_id",
    "title",
)


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which columns of a CSV hold what; column names are matched case-insensitively."""

    name: str
    id: str | None = None
    aliases: tuple[str, ...] = ()
    alias_separator: str = ";"
    type: str | None = None
    types: Mapping[str, str] = field(default_factory=dict)  # cell value -> party type
    country: str | None = None
    identifiers: tuple[tuple[str, str], ...] = ()  # (column, scheme)
    delimiter: str = ","
    list_id: str | None = None  # used by registry.load_party_file, not by load_generic_csv
    title: str | None = None


# --- CSV reading shared by every CSV importer ---------------------------------------------------


class UndecodableError(Exception):
    """Raised inside a parse when a line does not decode; `with_encodings` turns it into a
    PartyListError, or retries with the next encoding."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def _decoded_lines(handle: BinaryIO, encoding: str) -> Iterator[str]:
    """Text lines, decoded one raw line at a time so a bad byte is reported at its line.

    An incremental decoder carries multi-byte state across raw lines, so encodings whose bytes
    may contain 0x0A inside a character (UTF-16) still decode; lines are re-split on the text.
    """
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    pending = ""
    emitted = 0
    for raw in handle:
        try:
            pending += decoder.decode(raw)
        except UnicodeDecodeError as exc:
            raise UndecodableError(emitted + pending.count("\n") + 1, exc.reason) from None
        while (end := pending.find("\n")) >= 0:
            yield pending[: end + 1]
            pending = pending[end + 1 :]
            emitted += 1
    try:
        pending += decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise UndecodableError(emitted + pending.count("\n") + 1, exc.reason) from None
    if pending:
        yield pending


def csv_records(
    path: Path, encoding: str, *, delimiter: str = ","
) -> Iterator[tuple[int, list[str]]]:
    """Every record with the line it starts on; blank lines and a DOS end-of-file mark are
    skipped. Quoted fields may span lines."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise PartyListError(f"{path}: cannot read: {exc.strerror}") from exc
    with handle:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise PartyListError(
                f"{path}: unknown encoding {encoding!r} "
                "(pass a Python codec name to --encoding, e.g. gb18030, big5 or latin-1)"
            ) from None
        reader = csv.reader(_decoded_lines(handle, encoding), delimiter=delimiter, strict=True)
        start = 1
        try:
            for row in reader:
                if row and not (len(row) == 1 and row[0].strip() in ("", "\x1a")):
                    yield start, row
                start = reader.line_num + 1
        except csv.Error as exc:
            raise PartyListError(
                f"{path}:{start}: malformed CSV: {exc} (check the quotes from this line on)"
            ) from exc


def csv_table(
    path: Path, encoding: str, *, delimiter: str = ","
) -> Iterator[tuple[int, list[str]]]:
    """The header record first, then every row, each checked to have the header's width."""
    records = csv_records(path, encoding, delimiter=delimiter)
    first = next(records, None)
    if first is None:
        raise PartyListError(f"{path}:1: the file is empty (expected a header row)")
    yield first
    width = len(first[1])
    for line, row in records:
        if len(row) != width:
            raise PartyListError(
                f"{path}:{line}: expected {width} fields as in the header, found {len(row)} "
                "(quote fields that contain the delimiter)"
            )
        yield line, row


def with_encodings(path: Path, encoding: str | None, parse: Callable[[str], T]) -> T:
    """Run `parse(encoding)`; without an explicit encoding try UTF-8, then GB18030."""
    if encoding:
        try:
            return parse(encoding)
        except UndecodableError as exc:
            raise PartyListError(
                f"{path}:{exc.line}: not {encoding} text ({exc.reason}) "
                "(pass the file's real encoding with --encoding)"
            ) from None
    first: UndecodableError | None = None
    for candidate in DEFAULT_ENCODINGS:
        try:
            return parse(candidate)
        except UndecodableError as exc:
            first = first or exc
    assert first is not None
    tried = " or ".join(_ENCODING_NAMES[e] for e in DEFAULT_ENCODINGS)
    raise PartyListError(
        f"{path}:{first.line}: not {tried} text ({first.reason}) "
        "(save the file as UTF-8, or pass its encoding with --encoding)"
    )


def read_header(path: Path, encoding: str | None = None) -> list[str]:
    """The first record of a CSV file (empty for an empty file), decoded as `load_*` would."""

    def parse(enc: str) -> list[str]:
        first = next(csv_records(path, enc), None)
        return [] if first is None else first[1]

    return with_encodings(path, encoding, parse)


def split_values(cell: str, separator: str = ";") -> list[str]:
    """Non-empty, stripped values of a multi-valued cell, in order, without repeats."""
    return list(dict.fromkeys(v for v in (p.strip() for p in cell.split(separator)) if v))


def header_index(header: Sequence[str]) -> dict[str, int]:
    """Column name (stripped, case-folded) -> position; the first of two equal names wins."""
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        index.setdefault(name.strip().casefold(), position)
    return index


def imo_value(value: str) -> str:
    """'IMO 9187629' -> '9187629', so IMO numbers compare equal whichever way they are written."""
    return _IMO_PREFIX.sub("", value).strip()


# --- the column mapping -------------------------------------------------------------------------


def _fold(header: str) -> str:
    return re.sub(r"[\W_]+", "", header.casefold())


def default_mapping(header: Sequence[str]) -> ColumnMapping | None:
    """A mapping from recognised header words, or None when no column looks like a name."""
    folded = [_fold(h) for h in header]

    def find(words: tuple[str, ...]) -> list[str]:
        return [header[i] for i, f in enumerate(folded) if f in words]

    names = find(_NAME_HEADERS)
    if not names:
        return None
    ids, types, countries = find(_ID_HEADERS), find(_TYPE_HEADERS), find(_COUNTRY_HEADERS)
    # A second name column ("name" beside "名称") holds the name in another script: an alias.
    return ColumnMapping(
        name=names[0],
        id=ids[0] if ids else None,
        aliases=(*names[1:], *find(_ALIAS_HEADERS)),
        type=types[0] if types else None,
        country=countries[0] if countries else None,
    )


def load_columns(path: Path) -> ColumnMapping:
    """Read a ``--columns`` YAML file; errors name the file and line."""
    from exportscreen.ruleset.yamlload import YamlSyntaxError, load_yaml

    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise PartyListError(f"{path}: cannot read: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise PartyListError(f"{path}: not UTF-8 text ({exc.reason}) (save it as UTF-8)") from None
    try:
        loaded = load_yaml(text)
    except YamlSyntaxError as exc:
        raise PartyListError(
            f"{path}:{exc.line or 1}: YAML syntax error: {exc} (check indentation and quoting)"
        ) from None
    data = loaded.data
    if not isinstance(data, dict):
        raise PartyListError(
            f"{path}:1: a column mapping must be a mapping (start with 'name: <name column>')"
        )

    def fail(key: str, problem: str, hint: str) -> PartyListError:
        return PartyListError(f"{path}:{loaded.line_of((key,)) or 1}: {key}: {problem} ({hint})")

    for key in data:
        if key not in _MAPPING_KEYS:
            raise fail(str(key), "unknown key", "expected one of " + ", ".join(_MAPPING_KEYS))

    def text_of(key: str, *, required: bool = False) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                raise PartyListError(
                    f"{path}:1: '{key}' is required (name the column that holds the party name)"
                )
            return None
        if not isinstance(value, str) or not value.strip():
            raise fail(key, "expected a column name", "write it as plain text")
        return value.strip()

    def pairs(key: str, check: Callable[[str], str | None]) -> dict[str, str]:
        value = data.get(key) or {}
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise fail(key, "expected a mapping of text to text", "e.g. {IMO: imo}")
        for target in value.values():
            problem = check(target)
            if problem:
                raise fail(key, problem, "fix the value")
        return {k.strip(): v.strip() for k, v in value.items()}

    aliases = data.get("aliases")
    if isinstance(aliases, str):
        aliases = [aliases]
    if aliases is not None and not (
        isinstance(aliases, list) and all(isinstance(a, str) and a.strip() for a in aliases)
    ):
        raise fail("aliases", "expected a column name or a list of them", "e.g. [别名, aka]")
    separators = {}
    for key, default in (("alias_separator", ";"), ("delimiter", ",")):
        value = data.get(key, default)
        if not isinstance(value, str) or len(value) != 1:
            raise fail(key, "expected a single character", f"e.g. {default!r}")
        separators[key] = value
    list_id = text_of("list_id")
    if list_id is not None and not _LIST_ID.match(list_id):
        raise fail("list_id", f"{list_id!r} is not a valid id", "use a-z, 0-9, '.', '_' and '-'")
    name = text_of("name", required=True)
    assert name is not None
    return ColumnMapping(
        name=name,
        id=text_of("id"),
        aliases=tuple(a.strip() for a in aliases or ()),
        alias_separator=separators["alias_separator"],
        type=text_of("type"),
        types=pairs("types", lambda t: None if t in PARTY_TYPES else f"unknown party type {t!r}"),
        country=text_of("country"),
        identifiers=tuple(
            pairs(
                "identifiers",
                lambda s: None if SCHEME.match(s) else f"scheme {s!r} is not a-z, 0-9, _ or -",
            ).items()
        ),
        delimiter=separators["delimiter"],
        list_id=list_id,
        title=text_of("title"),
    )


# --- loading ------------------------------------------------------------------------------------


def load_generic_csv(
    path: Path,
    mapping: ColumnMapping | None,
    *,
    list_id: str,
    encoding: str | None = None,
) -> list[PartyRecord]:
    """Read a CSV through `mapping` (None: recognise the columns from the header)."""
    path = Path(path)
    return with_encodings(path, encoding, lambda enc: list(_parse(path, mapping, list_id, enc)))


def _parse(
    path: Path, mapping: ColumnMapping | None, list_id: str, encoding: str
) -> Iterator[PartyRecord]:
    delimiter = mapping.delimiter if mapping else ","
    table = csv_table(path, encoding, delimiter=delimiter)
    header_line, header = next(table)
    if mapping is None:
        mapping = default_mapping(header)
        if mapping is None:
            raise PartyListError(
                f"{path}:{header_line}: no name column among {', '.join(header)} "
                "(name it 'name' or '名称', or pass --columns with a mapping)"
            )
    index = header_index(header)

    def column(name: str, role: str) -> int:
        position = index.get(name.strip().casefold())
        if position is None:
            raise PartyListError(
                f"{path}:{header_line}: no column {name!r} for the {role} "
                f"(the header has: {', '.join(header)})"
            )
        return position

    name_col = column(mapping.name, "name")
    id_col = column(mapping.id, "id") if mapping.id else None
    alias_cols = [column(a, "aliases") for a in mapping.aliases]
    type_col = column(mapping.type, "type") if mapping.type else None
    country_col = column(mapping.country, "country") if mapping.country else None
    id_cols = [(column(c, f"{s} identifier"), s) for c, s in mapping.identifiers]
    types = {**DEFAULT_TYPES, **{k.casefold(): v for k, v in mapping.types.items()}}
    sep = mapping.alias_separator

    seen: dict[str, int] = {}
    number = 0
    for line, row in table:
        if not any(cell.strip() for cell in row):
            continue  # spreadsheets pad the end of an export with empty rows
        number += 1
        name = row[name_col].strip()
        if not name:
            raise PartyListError(
                f"{path}:{line}: no name in column {header[name_col]!r} (fill it or delete the row)"
            )
        entity_id = row[id_col].strip() if id_col is not None else str(number)
        if not entity_id:
            raise PartyListError(f"{path}:{line}: no id in column {header[id_col or 0]!r}")
        if entity_id in seen:
            raise PartyListError(
                f"{path}:{line}: duplicate id {entity_id!r} (first at line {seen[entity_id]})"
            )
        seen[entity_id] = line
        aliases = [a for col in alias_cols for a in split_values(row[col], sep)]

        kind = "unknown"
        if type_col is not None and row[type_col].strip():
            value = row[type_col].strip()
            if value.casefold() not in types:
                raise PartyListError(
                    f"{path}:{line}: unknown type {value!r} "
                    "(map it under 'types:' in the --columns file, e.g. {" + value + ": company})"
                )
            kind = types[value.casefold()]

        countries: list[str] = []
        if country_col is not None:
            for text in split_values(row[country_col], sep):
                country = find_country(text)
                if country is None:
                    raise PartyListError(
                        f"{path}:{line}: unknown country {text!r} "
                        "(use an ISO code such as US, or an English or Chinese name)"
                    )
                if country.alpha2 not in countries:
                    countries.append(country.alpha2)

        identifiers: list[tuple[str, str]] = []
        for col, scheme in id_cols:
            for value in split_values(row[col], sep):
                identifiers.append((scheme, imo_value(value) if scheme == "imo" else value))

        yield PartyRecord(
            list_id=list_id,
            entity_id=entity_id,
            type=kind,
            names=tuple(dict.fromkeys((name, *aliases))),
            countries=tuple(countries),
            identifiers=tuple(dict.fromkeys(identifiers)),
        )
