"""CSL, OpenSanctions and generic CSV importers, format detection, and the YAML export."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from exportscreen.parties import PartyListError, PartyRecord, export
from exportscreen.parties.export import to_party_list_yaml
from exportscreen.parties.importers import csl
from exportscreen.parties.importers.csl import load_csl
from exportscreen.parties.importers.generic import (
    ColumnMapping,
    load_columns,
    load_generic_csv,
)
from exportscreen.parties.importers.opensanctions import load_opensanctions
from exportscreen.parties.importers.registry import (
    FORMATS,
    ImportedList,
    detect_format,
    load_party_file,
    slug_id,
)
from exportscreen.ruleset.loader import parse_document

DATA = Path(__file__).parent / "data"
CSL = DATA / "csl" / "consolidated.csv"
OPENSANCTIONS = DATA / "opensanctions" / "targets.simple.csv"
GENERIC = DATA / "generic"
OFAC = DATA / "ofac" / "sdn.csv"
UEL = Path(__file__).parents[2] / "rules" / "parties" / "china-uel.yaml"
IMPORTED_ON = date(2026, 1, 5)

CSL_HEADER = (
    "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,"
    "start_date,end_date,standard_order,license_requirement,license_policy,call_sign,"
    "vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,"
    "source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,"
    "source_information_url,ids\n"
)
OS_HEADER = (
    "id,schema,name,aliases,birth_date,countries,addresses,identifiers,sanctions,phones,emails,"
    "program_ids,dataset,first_seen,last_seen,last_change\n"
)
SDN_LIST = "Specially Designated Nationals (SDN) - Treasury Department"
EL = "Entity List (EL) - Bureau of Industry and Security"


def _csl_row(**cells: str) -> str:
    columns = CSL_HEADER.strip().split(",")
    return ",".join(f'"{cells.get(c, "")}"' for c in columns) + "\n"


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# --- CSL ----------------------------------------------------------------------------------------


def test_csl_sample_loads_with_types_aliases_countries_and_identifiers() -> None:
    entries = {e.record.entity_id: e for e in load_csl(CSL)}
    assert len(entries) == 10
    assert all(e.record.list_id == "us-csl" for e in entries.values())

    huawei = entries["764ecc9bd00a36930e6bfba2e65ffe3f8e96a123"]
    assert huawei.source == EL
    assert huawei.record.type == "unknown"  # BIS rows do not say entity or individual
    assert huawei.record.names == ("Huawei Cloud Beijing",)
    assert huawei.record.countries == ("CN",)
    assert huawei.start_date == date(2020, 8, 20)

    bank = entries["306"]
    assert bank.record.type == "organization"
    assert bank.record.names == ("BANCO NACIONAL DE CUBA", "NATIONAL BANK OF CUBA", "BNC")
    assert bank.record.countries == ("CH", "ES", "JP", "PA")  # one per address
    assert bank.start_date is None
    assert bank.programs == ("CUBA",)

    assert entries["1910"].record.type == "person"
    vessel = entries["15036"].record
    assert vessel.type == "vessel"
    assert vessel.names == ("ARTAVIL", "ABADAN", "SHONA")
    # "Additional Sanctions Information" in `ids` is not an identifier and is left out.
    assert vessel.identifiers == (("imo", "9187629"), ("mmsi", "572469210"), ("call_sign", "T2EU4"))

    evader = entries["17526"].record
    assert evader.countries == ("CH",)  # from citizenships
    assert evader.identifiers == (("passport", "X0906223"),)

    cmic = entries["32091"].record
    assert cmic.countries == ("VG",)
    assert cmic.identifiers == (("isin", "XS1233275194"),)  # target type and dates dropped
    assert entries["99901"].record.type == "aircraft"
    assert entries["99901"].record.identifiers == (("msn", "SAMPLE-MSN-0001"),)
    assert entries["2d2db09c686e4829d0ef1b0b04145eec3d42cd88"].record.names == (
        "Abdul Qadeer Khan",
        "ZAMAN",
        "Haydar",
    )


@pytest.mark.parametrize(
    ("wanted", "codes", "count"),
    [(["EL"], {"EL"}, 2), (["el", "MEU"], {"EL", "MEU"}, 3), ([EL.upper()], {"EL"}, 2)],
)
def test_csl_filters_by_source_name_or_code(wanted: list[str], codes: set[str], count: int) -> None:
    entries = load_csl(CSL, sources=wanted)
    assert len(entries) == count
    assert {csl.source_code(e.source) for e in entries} == codes


def test_csl_filter_naming_no_list_is_an_error() -> None:
    with pytest.raises(PartyListError, match=r"no rows from 'XYZ' \(the file has: Entity List"):
        load_csl(CSL, sources=["EL", "XYZ"])


def test_csl_without_id_column_gets_stable_hashed_ids(tmp_path: Path) -> None:
    header = "source,entity_number,type,programs,name,addresses,alt_names,ids\n"
    text = header + f'"{EL}",,,,"Acme Ltd","Beijing, CN",,\n' * 2
    path = _write(tmp_path, "old.csv", text)
    first = [e.record.entity_id for e in load_csl(path)]
    assert first == [e.record.entity_id for e in load_csl(path)]  # stable
    assert len(first[0]) == 16 and first[1] == f"{first[0]}-2"


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("RU, 1027700159497, Registration Number", ("registration_number", "1027700159497")),
        ("MOSWRUMM, SWIFT/BIC", ("swift_bic", "MOSWRUMM")),
        ("IMO 9187629, Vessel Registration Identification", ("imo", "9187629")),
        ("91110000100000000X, Unified Social Credit Code (USCC)", ("uscc", "91110000100000000X")),
        ("044525219, BIK (RU)", ("bik_ru", "044525219")),
        ("www.bm.ru, Website", None),
        ("Financial Institution, Target Type", None),
        ("03 Jun 2021, Listing Date (CMIC)", None),
        ("Subject to Directive 1, Executive Order 13662 Directive Determination -", None),
        ("no kind here", None),
    ],
)
def test_csl_ids_items(item: str, expected: tuple[str, str] | None) -> None:
    assert csl._identifier(item) == expected


# --- OpenSanctions ------------------------------------------------------------------------------


def test_opensanctions_sample_loads() -> None:
    targets = {t.record.entity_id: t for t in load_opensanctions(OPENSANCTIONS)}
    assert len(targets) == 7
    putin = targets["Q7747"]
    assert putin.record.list_id == "opensanctions"
    assert putin.record.type == "person"
    assert putin.record.names[0] == "Vladimir Putin"
    assert "Владимир Владимирович Путин" in putin.record.names
    assert putin.record.countries == ("RU",)
    assert putin.first_seen == date(2022, 2, 25)
    assert putin.datasets == (
        "EU Financial Sanctions Files (FSF)",
        "US OFAC Specially Designated Nationals (SDN) List",
    )

    bank = targets["ofac-306"].record
    assert bank.type == "organization"
    assert bank.countries == ("CH", "CU", "ES", "JP", "PA")
    vessel = targets["ofac-15036"].record
    assert vessel.type == "vessel"
    assert vessel.identifiers == (("other", "572469210"), ("imo", "9187629"))
    assert targets["NK-hit-sample"].record.names == (
        "Harbin Institute of Technology",
        "HIT",
        "哈尔滨工业大学",
    )
    assert targets["NK-aecc-sample"].record.type == "unknown"  # LegalEntity
    assert targets["NK-aecc-sample"].first_seen is None
    aircraft = targets["NK-aircraft-sample"].record
    assert aircraft.type == "aircraft"
    assert aircraft.countries == ()  # "suhh" has no ISO code
    company = targets["NK-company-sample"].record
    assert company.type == "company"
    # A ';' inside a value is quoted within the cell, and stays part of the value.
    assert company.names == (
        'SAMPLE TRADING "ALPHA; BETA" LLC',
        "ALPHA; BETA TRADING",
        "SAMPLE TRADING LLC",
    )
    assert company.countries == ("AE", "HK")


def test_opensanctions_older_header_reads_by_column_name(tmp_path: Path) -> None:
    header = (
        "id,schema,name,aliases,birth_date,countries,addresses,identifiers,sanctions,phones,"
        "emails,dataset,last_seen,first_seen\n"
    )
    row = "NK-1,Company,Acme Arms JSC,Acme Arms,,ru,,,,,,EU FSF,2026-09-01,2022-03-01\n"
    [target] = load_opensanctions(_write(tmp_path, "targets.simple.csv", header + row))
    assert target.record.names == ("Acme Arms JSC", "Acme Arms")
    assert target.first_seen == date(2022, 3, 1)


# --- generic CSV --------------------------------------------------------------------------------


def test_generic_csv_recognises_english_headers() -> None:
    records = load_generic_csv(GENERIC / "parties.csv", None, list_id="sample")
    assert [r.entity_id for r in records] == [
        "UEL-2023-1-1",
        "UEL-2023-1-2",
        "UEL-2024-1-1",
        "UEL-2024-1-2",
    ]  # the empty row at the end is skipped
    lockheed = records[0]
    assert lockheed.list_id == "sample"
    assert lockheed.names == ("Lockheed Martin Corporation", "Lockheed Martin", "洛克希德·马丁公司")
    assert lockheed.type == "company"
    # "United States", "US", "USA" and "美国" all become US.
    assert {r.countries for r in records} == {("US",)}
    assert [r.type for r in records] == ["company", "company", "unknown", "organization"]


def test_generic_csv_chinese_headers_utf8_and_gb18030_read_alike() -> None:
    utf8 = load_generic_csv(GENERIC / "uel_zh.csv", None, list_id="uel")
    gb = load_generic_csv(GENERIC / "uel_zh_gb18030.csv", None, list_id="uel")
    assert utf8 == gb
    assert (GENERIC / "uel_zh_gb18030.csv").read_bytes().count(b"\r\n") == 5
    first = utf8[0]
    assert first.entity_id == "1"
    assert first.names == ("洛克希德·马丁公司", "Lockheed Martin Corporation", "洛马")
    assert first.countries == ("US",)
    assert first.type == "company"
    assert utf8[3].type == "organization"  # 机构


def test_generic_csv_with_column_mapping_file() -> None:
    mapping = load_columns(GENERIC / "vessels-columns.yaml")
    assert mapping.list_id == "sample-vessels"
    assert mapping.delimiter == ";"
    records = load_generic_csv(GENERIC / "vessels.csv", mapping, list_id="v")
    assert [r.entity_id for r in records] == ["1", "2", "3"]  # no id column: row numbers
    assert records[0].names == ("ARTAVIL", "ABADAN", "SHONA")
    assert records[0].type == "vessel"
    assert records[0].identifiers == (("imo", "9187629"),)
    assert records[1].identifiers == (("imo", "9187655"),)
    assert records[1].countries == ("IR",)
    assert records[2].type == "company"


def test_generic_csv_explicit_encoding(tmp_path: Path) -> None:
    path = _write(tmp_path, "big5.csv", "名稱,國家\n臺灣積體電路,臺灣\n", encoding="big5")
    [record] = load_generic_csv(path, None, list_id="x", encoding="big5")
    assert record.names == ("臺灣積體電路",)
    assert record.countries == ("TW",)


def test_generic_csv_mapping_by_code() -> None:
    mapping = ColumnMapping(name="名称", id="编号", aliases=("别名",), country="国家")
    records = load_generic_csv(GENERIC / "uel_zh.csv", mapping, list_id="x")
    assert records[1].names == ("雷神导弹与防务公司", "Raytheon Missiles & Defense")
    assert {r.type for r in records} == {"unknown"}  # no type column mapped


@pytest.mark.parametrize(
    ("content", "line", "problem"),
    [
        ("name: Party\ncolour: red\n", 2, "colour: unknown key"),
        ("name: Party\ntypes:\n  Tanker: boat\n", 2, "unknown party type 'boat'"),
        ("id: No\n", 1, "'name' is required"),
        ("name: Party\nidentifiers: {IMO: IMO No}\n", 2, "scheme 'IMO No'"),
        ("name: Party\nalias_separator: '||'\n", 2, "expected a single character"),
        ("name: Party\nlist_id: My List\n", 2, "is not a valid id"),
        ("name: [Party\n", 2, "YAML syntax error"),
    ],
)
def test_bad_column_mapping_names_file_and_line(
    tmp_path: Path, content: str, line: int, problem: str
) -> None:
    path = _write(tmp_path, "map.yaml", content)
    with pytest.raises(PartyListError) as error:
        load_columns(path)
    assert f"{path}:{line}:" in str(error.value)
    assert problem in str(error.value)


# --- malformed files ----------------------------------------------------------------------------

GOOD_CSL = _csl_row(_id="1", source=EL, name="Acme Ltd")
GOOD_OS = "NK-1,Company,Acme,,,cn,,,,,,,,,,\n"


@pytest.mark.parametrize(
    ("fmt", "name", "data", "line", "problem"),
    [
        ("csl", "c.csv", CSL_HEADER + GOOD_CSL + '"2","x"\n', 3, "expected 29 fields"),
        ("csl", "c.csv", "_id,source,entity\n1,EL,x\n", 1, "no 'name' column"),
        ("csl", "c.csv", CSL_HEADER + _csl_row(_id="2", name="X", type="Ship"), 2, "unknown type"),
        ("csl", "c.csv", CSL_HEADER + GOOD_CSL + GOOD_CSL, 3, "duplicate _id 1"),
        ("csl", "c.csv", CSL_HEADER + _csl_row(_id="2", source=EL), 2, "has no name"),
        ("opensanctions", "t.csv", OS_HEADER + GOOD_OS + "NK-2,Company\n", 3, "expected 16"),
        ("opensanctions", "t.csv", "id,schema,aliases\n1,Person,A\n", 1, "no 'name' column"),
        ("opensanctions", "t.csv", OS_HEADER + GOOD_OS + GOOD_OS, 3, "duplicate id NK-1"),
        (
            "opensanctions",
            "t.csv",
            OS_HEADER + GOOD_OS + 'NK-2,Company,"Acme\n,,,,,,,,,,,,,\n',
            3,
            "malformed CSV",
        ),
        ("csv", "g.csv", "name,country\nAcme,CN\nBeta,CN,extra\n", 3, "expected 2 fields"),
        ("csv", "g.csv", "company,country\nAcme,CN\n", 1, "no name column"),
        ("csv", "g.csv", "name,country\nAcme,Narnia\n", 2, "unknown country 'Narnia'"),
        ("csv", "g.csv", "name,type\nAcme,spaceship\n", 2, "unknown type 'spaceship'"),
        ("csv", "g.csv", "id,name\n7,Acme\n7,Beta\n", 3, "duplicate id '7' (first at line 2)"),
        ("csv", "g.csv", "name,country\n,CN\n", 2, "no name in column 'name'"),
        ("yaml", "p.yaml", "kind: party_list\nid: [x\n", 3, "YAML syntax error"),
        ("yaml", "p.yaml", "kind: party_list\nid: Bad Id\n", 2, "id:"),
    ],
)
def test_malformed_files_name_file_and_line(
    tmp_path: Path, fmt: str, name: str, data: str, line: int, problem: str
) -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(PartyListError) as error:
        load_party_file(path, fmt)
    message = str(error.value)
    assert f"{path}:{line}:" in message
    assert problem in message


@pytest.mark.parametrize("fmt", ["csl", "opensanctions", "csv"])
def test_undecodable_bytes_name_the_line_and_the_fix(tmp_path: Path, fmt: str) -> None:
    header = {"csl": CSL_HEADER, "opensanctions": OS_HEADER, "csv": "name\n"}[fmt]
    # 0xFF starts no UTF-8 sequence and no GB18030 one.
    path = tmp_path / "bad.csv"
    path.write_bytes(header.encode() + b"\xff\xfeA\n")
    with pytest.raises(PartyListError) as error:
        load_party_file(path, fmt)
    message = str(error.value)
    assert f"{path}:2: not UTF-8 or GB18030 text" in message
    assert "--encoding" in message
    assert "\n" not in message


def test_utf16_file_is_rejected_then_read_with_encoding(tmp_path: Path) -> None:
    path = _write(tmp_path, "list.csv", "name,country\nAcme,CN\n", encoding="utf-16")
    with pytest.raises(PartyListError, match=r"list\.csv:1: not UTF-8 or GB18030.*--encoding"):
        load_party_file(path)
    imported = load_party_file(path, encoding="utf-16")
    assert imported.records[0].names == ("Acme",)


def test_yaml_that_is_not_a_party_list(tmp_path: Path) -> None:
    control_list = next((UEL.parents[1] / "controls").glob("*.yaml"))
    with pytest.raises(PartyListError, match=r":1: this is a control_list file, not a party list"):
        load_party_file(control_list)


def test_yaml_problems_are_listed_one_per_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "p.yaml", "kind: party_list\nid: Bad Id\ntitle: ''\n")
    with pytest.raises(PartyListError) as error:
        load_party_file(path)
    lines = str(error.value).splitlines()
    assert len(lines) > 1
    assert all(line.startswith(f"{path}:") for line in lines)


# --- detection ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        (CSL, "csl"),
        (OPENSANCTIONS, "opensanctions"),
        (GENERIC / "parties.csv", "csv"),
        (GENERIC / "uel_zh.csv", "csv"),
        (GENERIC / "uel_zh_gb18030.csv", "csv"),
        (OFAC, "ofac"),
        (UEL, "yaml"),
    ],
)
def test_detect_format(path: Path, fmt: str) -> None:
    assert detect_format(path) == fmt
    assert fmt in FORMATS


def test_detect_ofac_by_layout_and_by_upper_case_name(tmp_path: Path) -> None:
    renamed = tmp_path / "treasury-2021.csv"
    shutil.copy(OFAC, renamed)
    assert detect_format(renamed) == "ofac"
    upper = tmp_path / "SDN.CSV"
    upper.write_text("not even csv")
    assert detect_format(upper) == "ofac"
    assert detect_format(tmp_path / "list.yml") == "yaml"  # by suffix, before reading


def test_undetectable_file_says_what_was_tried(tmp_path: Path) -> None:
    path = _write(tmp_path, "orders.csv", "order,amount\n1,2\n")
    with pytest.raises(PartyListError) as error:
        detect_format(path)
    message = str(error.value)
    assert message.startswith(f"{path}:1: cannot tell the party list format")
    for tried in ("yaml", "ofac", "csl", "opensanctions", "csv", "--party-list-format"):
        assert tried in message


# --- registry -----------------------------------------------------------------------------------


def test_load_party_file_for_every_format() -> None:
    csl_list = load_party_file(CSL, imported_on=IMPORTED_ON)
    assert (csl_list.list_id, csl_list.title, csl_list.source, csl_list.format) == (
        "us-csl",
        "US Consolidated Screening List",
        "consolidated.csv",
        "csl",
    )
    assert csl_list.listed["26744194bd9b5cbec49db6ee29a4b53c697c7420"] == date(2020, 12, 23)
    assert "306" not in csl_list.listed
    assert csl_list.source_lists["306"] == SDN_LIST

    targets = load_party_file(OPENSANCTIONS)
    assert (targets.list_id, targets.title) == ("opensanctions", "OpenSanctions targets")
    assert targets.listed["ofac-306"] == date(2021, 9, 26)

    ofac = load_party_file(OFAC)
    assert (ofac.list_id, len(ofac.records), ofac.listed) == ("ofac-sdn", 36, {})

    uel = load_party_file(UEL)
    assert uel.list_id == "cn-unreliable-entity-list"
    assert uel.listed["uel-lockheed-martin-corporation"] == date(2023, 2, 16)

    generic = load_party_file(GENERIC / "uel_zh.csv")
    assert (generic.list_id, generic.title, generic.format) == ("uel_zh", "uel_zh", "csv")
    mapped = load_party_file(GENERIC / "vessels.csv", columns=GENERIC / "vessels-columns.yaml")
    assert (mapped.list_id, mapped.title) == ("sample-vessels", "Sample vessel list")
    assert all(r.list_id == "sample-vessels" for r in mapped.records)

    only_el = load_party_file(CSL, csl_sources=["EL"])
    assert len(only_el.records) == 2


def test_opensanctions_single_dataset_file_is_titled_after_it(tmp_path: Path) -> None:
    row = "NK-1,Company,Acme,,,cn,,,,,,,US OFAC Specially Designated Nationals (SDN) List,,,\n"
    imported = load_party_file(_write(tmp_path, "targets.simple.csv", OS_HEADER + row))
    assert imported.title == "OpenSanctions: US OFAC Specially Designated Nationals (SDN) List"


@pytest.mark.parametrize(
    ("fmt", "kwargs", "problem"),
    [
        ("excel", {}, "unknown party list format 'excel'"),
        ("csl", {"columns": GENERIC / "vessels-columns.yaml"}, "--columns only applies"),
        ("csv", {"csl_sources": ["EL"]}, "only applies to the csl format"),
    ],
)
def test_load_party_file_option_errors(fmt: str, kwargs: dict[str, object], problem: str) -> None:
    with pytest.raises(PartyListError, match=problem):
        load_party_file(CSL, fmt, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Q7747", "q7747"),
        ("NK-abc_def.1", "nk-abc_def.1"),
        ("uel 2023/1 (a)", "uel-2023-1-a"),
        ("Société Générale", "societe-generale"),
    ],
)
def test_slug_id(text: str, slug: str) -> None:
    assert slug_id(text) == slug


def test_slug_id_without_letters_or_too_long() -> None:
    assert len(slug_id("甲乙")) == 10
    long = slug_id("x" * 200)
    assert len(long) == 80 and long.startswith("xxx")


# --- YAML export --------------------------------------------------------------------------------

EXPORTS = [
    CSL,
    OPENSANCTIONS,
    OFAC,
    GENERIC / "uel_zh_gb18030.csv",
    GENERIC / "parties.csv",
    UEL,
]


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.name)
def test_export_round_trips(path: Path) -> None:
    imported = load_party_file(path, imported_on=IMPORTED_ON)
    text = to_party_list_yaml(imported, reviewed=date(2026, 1, 6), authority="Test authority")
    document, problems = parse_document(text.encode("utf-8"), "export.yaml")
    assert problems == []
    assert document is not None and document.kind == "party_list"
    assert document.id == imported.list_id
    assert len(document.entries) == len(imported.records)
    for entry, record in zip(document.entries, imported.records, strict=True):
        names = (entry.names.primary, *entry.names.aliases, *entry.names.other_scripts)
        assert entry.names.primary == record.names[0]
        assert set(names) == set(record.names)
        assert entry.type == record.type
        assert entry.country == (record.countries[0] if record.countries else None)
        assert [(i.scheme, i.value) for i in entry.identifiers] == list(record.identifiers)
        expected = imported.listed.get(record.entity_id, IMPORTED_ON)
        assert entry.listed.date == expected
        assert entry.sources == [imported.source]
        if record.entity_id not in imported.listed:
            assert "the day the file was imported" in entry.notes


def test_export_is_deterministic_readable_utf8() -> None:
    imported = load_party_file(OPENSANCTIONS, imported_on=IMPORTED_ON)
    first = to_party_list_yaml(imported, reviewed=date(2026, 1, 6), authority="OpenSanctions")
    second = to_party_list_yaml(imported, reviewed=date(2026, 1, 6), authority="OpenSanctions")
    assert first == second
    assert "哈尔滨工业大学" in first  # not \u escapes
    assert "&id" not in first and "*id" not in first  # no YAML anchors for shared dates
    assert "listed: {announcement: '', date: 2022-02-25}" in first
    assert "    other_scripts:\n    - Владимир Владимирович Путин" in first
    assert "- id: q7747\n" in first
    assert "Id in targets.simple.csv: Q7747." in first


def test_export_effect_and_entry_id_collisions() -> None:
    records = [
        PartyRecord("x", "A 1", "company", ("Alpha",)),
        PartyRecord("x", "a-1", "company", ("Alpha Two",)),
        PartyRecord("x", "甲", "person", ("张三",)),
    ]
    imported = ImportedList("x", "X", "x.csv", records, "csv", IMPORTED_ON)
    text = to_party_list_yaml(
        imported,
        reviewed=date(2026, 1, 6),
        authority="MOFCOM",
        effect=("prohibited", "licence_required"),
    )
    document, problems = parse_document(text.encode(), "x.yaml")
    assert problems == []
    assert document is not None
    ids = [e.id for e in document.entries]  # type: ignore[union-attr]
    assert len(set(ids)) == 3
    assert ids[0] == "a-1" and ids[1].startswith("a-1-")
    assert document.effect.controlled_goods == "prohibited"  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="unknown decision"):
        to_party_list_yaml(imported, reviewed=date(2026, 1, 6), authority="x", effect=("ban", "x"))


@pytest.mark.parametrize("path", [CSL, OPENSANCTIONS, UEL], ids=lambda p: p.name)
def test_export_text_does_not_depend_on_libyaml(
    monkeypatch: pytest.MonkeyPatch, path: Path
) -> None:
    imported = load_party_file(path, imported_on=IMPORTED_ON)
    fast = to_party_list_yaml(imported, reviewed=date(2026, 1, 6), authority="x")

    class PurePython(yaml.SafeDumper):
        def ignore_aliases(self, data: object) -> bool:
            return True

    PurePython.add_representer(export._Flow, export._represent_flow)  # type: ignore[arg-type]
    monkeypatch.setattr(export, "_Dumper", PurePython)
    assert to_party_list_yaml(imported, reviewed=date(2026, 1, 6), authority="x") == fast
