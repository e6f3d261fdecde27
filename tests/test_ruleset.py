"""Loading and validating rules files: line numbers, hints, every problem at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from rules_text import CONTROL_LIST_HEAD

from exportscreen.errors import RulesError
from exportscreen.ruleset.loader import builtin_rules_dir, load_rules, parse_document
from exportscreen.ruleset.yamlload import YamlSyntaxError, load_yaml

DATA = Path(__file__).parent / "data" / "rules"

MINIMAL = (
    CONTROL_LIST_HEAD
    + """\
items:
  - id: widget
    name: {en: Widget}
    synonyms: {en: [widget]}
    hs: ["8112.92"]
    confidence: confirmed
"""
)


def problems_of(text: str) -> list[str]:
    document, problems = parse_document(text.encode(), "t.yaml")
    assert (document is None) == bool(problems)
    return [str(p) for p in problems]


def test_builtin_rules_load_without_problems() -> None:
    loaded = load_rules([builtin_rules_dir()])
    assert loaded.control_lists and loaded.measures and loaded.vocabularies
    ids = [lst.id for lst in loaded.control_lists]
    assert len(ids) == len(set(ids))


def test_minimal_file_is_valid_and_normalises_hs_codes() -> None:
    document, problems = parse_document(MINIMAL.encode(), "t.yaml")
    assert problems == []
    assert document is not None and document.kind == "control_list"
    assert document.items[0].hs == ["811292"]


def test_yaml_keeps_scalars_as_text_with_lines() -> None:
    loaded = load_yaml("a: 0810\nb:\n  - NO\n  - ~\n")
    assert loaded.data == {"a": "0810", "b": ["NO", None]}
    assert loaded.line_of(("b", 1)) == 4
    assert loaded.line_of(("b", 7)) == 2  # falls back to the nearest known ancestor


def test_yaml_syntax_error_has_line() -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml("a: [1, 2\nb: 3\n")
    assert caught.value.line is not None


def test_every_problem_in_a_file_is_reported_at_once() -> None:
    problems = problems_of((DATA / "invalid-many-problems.yaml").read_text())
    joined = "\n".join(problems)
    assert "t.yaml:7: effective: invalid date '2023-13-01'" in joined
    assert "t.yaml:16: items[0].purty: unknown key 'purty'" in joined
    assert "unknown unit 'furlongs'" in joined
    assert "t.yaml:22: items[1].id: duplicate id 'a'" in joined
    assert "items[1].confidence: 'maybe' is not allowed" in joined
    assert "items[1].identify.hs: unknown key 'hs'" in joined
    lines = [int(p.split(":")[1]) for p in problems]
    assert lines == sorted(lines)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("confidence: confirmed\n", "confidence: confirmd\n"), "'confirmd' is not allowed"),
        (
            ("issued: 2024-01-01", "isued: 2024-01-01"),
            "unknown key 'isued' (did you mean 'issued'?)",
        ),
        (("kind: control_list", "kind: contrl_list"), "kind is one of"),
        (('    hs: ["8112.92"]', '    hs: ["81x2"]'), "must contain only digits"),
        (("effective: 2024-02-01", "effective: 2023-02-01"), "effective (2023-02-01) is before"),
        (("    synonyms: {en: [widget]}\n", ""), "no 'identify' criterion and no synonyms"),
        (
            (
                "    confidence: confirmed\n",
                "    confidence: confirmed\n    thresholds: "
                "{param: purity, op: '>', value: 9, unit: MPa}\n",
            ),
            "unit 'MPa' measures pressure, but 'purity' is a fraction",
        ),
        (
            (
                "    confidence: confirmed\n",
                "    confidence: confirmed\n    thresholds: "
                "{param: content, op: '>', value: 9, unit: '%'}\n",
            ),
            "needs 'element'",
        ),
        (
            ("    confidence: confirmed\n", "    confidence: confirmed\n    identify: {nope: 1}\n"),
            "a criterion needs exactly one operator key",
        ),
        (
            (
                "    confidence: confirmed\n",
                "    confidence: confirmed\n    identify: {pattern: '(unclosed'}\n",
            ),
            "invalid regular expression",
        ),
        (("title: Test list\n", "title: Test list\ntitle: Again\n"), "duplicate key 'title'"),
    ],
)
def test_single_problem_messages(change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in MINIMAL
    problems = problems_of(MINIMAL.replace(old, new, 1))
    assert any(expected in p for p in problems), problems


def test_not_utf8_and_not_a_mapping() -> None:
    assert "not UTF-8" in str(parse_document(b"\xff\xfe\x00a", "x.yaml")[1][0])
    assert "must be a mapping" in str(parse_document(b"- a\n- b\n", "x.yaml")[1][0])


def test_duplicate_list_ids_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(MINIMAL)
    (tmp_path / "b.yaml").write_text(MINIMAL)
    with pytest.raises(RulesError) as caught:
        load_rules([tmp_path])
    assert "already defined" in str(caught.value)


def test_missing_path_is_a_problem(tmp_path: Path) -> None:
    with pytest.raises(RulesError) as caught:
        load_rules([tmp_path / "nowhere"])
    assert "no such file or folder" in str(caught.value)


def test_builtin_rules_ship_inside_the_installed_package() -> None:
    import exportscreen

    package = Path(exportscreen.__file__).resolve().parent
    if package.is_relative_to(Path(__file__).resolve().parents[1] / "src"):
        pytest.skip("an editable install reads the repository's rules/ folder")
    assert builtin_rules_dir() == package / "rules"
    assert (package / "rules" / "controls").is_dir()
