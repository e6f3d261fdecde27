"""OFAC legacy SDN CSV importer: a real slice, and malformed files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from exportscreen.parties import PartyListError
from exportscreen.parties.importers.ofac import load_sdn

SLICE = Path(__file__).parent / "data" / "ofac"
ROW = '{ent},"{name}",{kind},"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'


def test_slice_loads_with_aliases_and_countries() -> None:
    records = {r.entity_id: r for r in load_sdn(SLICE / "sdn.csv")}
    assert len(records) == 36
    cuba_bank = records["306"]
    assert cuba_bank.list_id == "ofac-sdn"
    assert cuba_bank.type == "organization"
    assert cuba_bank.names[0] == "BANCO NACIONAL DE CUBA"
    assert "NATIONAL BANK OF CUBA" in cuba_bank.names
    assert cuba_bank.countries == ("CH", "ES", "JP", "PA")  # its branch addresses in add.csv
    assert records["173"].countries == ("GB",)
    assert records["1910"].type == "person"
    vessel = records["15036"]
    assert vessel.type == "vessel"
    assert ("imo", "9187629") in vessel.identifiers
    assert ("call_sign", "T2EU4") in vessel.identifiers


def test_without_aliases_and_addresses() -> None:
    records = {
        r.entity_id: r
        for r in load_sdn(SLICE / "sdn.csv", with_aliases=False, with_addresses=False)
    }
    assert records["306"].names == ("BANCO NACIONAL DE CUBA",)
    assert records["306"].countries == ()


def test_missing_companion_files_are_optional(tmp_path: Path) -> None:
    shutil.copy(SLICE / "sdn.csv", tmp_path / "sdn.csv")
    records = load_sdn(tmp_path / "sdn.csv")
    assert all(len(r.names) == 1 and not r.countries for r in records)


def _write(tmp_path: Path, text: str, name: str = "sdn.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("latin-1"))
    return path


@pytest.mark.parametrize(
    ("content", "line", "problem"),
    [
        (ROW.format(ent=1, name="A", kind="-0- ") + '2,"B",-0- \r\n', 2, "expected at least 12"),
        (ROW.format(ent="x1", name="A", kind="-0- "), 1, "is not a number"),
        (
            ROW.format(ent=1, name="A", kind="-0- ") + ROW.format(ent=1, name="B", kind="-0- "),
            2,
            "duplicate ent_num 1",
        ),
        (ROW.format(ent=1, name="A", kind='"spaceship"'), 1, "unknown SDN_Type"),
        (ROW.format(ent=1, name="-0- ", kind="-0- "), 1, "has no name"),
        ('1,"A,-0- ,"CUBA"\r\n', 1, "malformed CSV"),
    ],
)
def test_malformed_sdn_names_file_and_line(
    tmp_path: Path, content: str, line: int, problem: str
) -> None:
    path = _write(tmp_path, content)
    with pytest.raises(PartyListError) as error:
        load_sdn(path)
    message = str(error.value)
    assert f"{path}:{line}:" in message
    assert problem in message


def test_malformed_alias_file(tmp_path: Path) -> None:
    sdn = _write(tmp_path, ROW.format(ent=1, name="A", kind="-0- "))
    _write(tmp_path, '1,2,"aka","B",-0- \r\n1,3\r\n', name="alt.csv")
    with pytest.raises(PartyListError, match=r"alt\.csv:2: expected at least 4 fields"):
        load_sdn(sdn)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PartyListError, match="cannot read"):
        load_sdn(tmp_path / "nope.csv")


def test_party_list_error_is_a_value_error() -> None:
    assert issubclass(PartyListError, ValueError)
