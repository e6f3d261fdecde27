"""Find, read and validate rules files, reporting every problem with its file and line."""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from exportscreen.errors import Problem, RulesError
from exportscreen.ruleset import schema
from exportscreen.ruleset.party_schema import PartyList
from exportscreen.ruleset.paths import builtin_rules_dir, expand_paths, rules_paths
from exportscreen.ruleset.sources_schema import ListSources
from exportscreen.ruleset.yamlload import LoadedYaml, YamlSyntaxError, dotted_path, load_yaml

__all__ = ["LoadedRules", "builtin_rules_dir", "expand_paths", "load_rules", "rules_paths"]

Document = (
    schema.ControlList
    | schema.Measure
    | schema.EndUseVocabulary
    | schema.DecisionVocabulary
    | schema.ProductVocabulary
    | PartyList
    | ListSources
)
_ADAPTER: TypeAdapter[Document] = TypeAdapter(Annotated[Document, Field(discriminator="kind")])


@dataclass(frozen=True, slots=True)
class RulesFile:
    """One rules file as read: where it came from, and the hash of its bytes."""

    path: str
    sha256: str


@dataclass(slots=True)
class LoadedRules:
    """Every validated document, in load order, with the files they came from."""

    control_lists: list[schema.ControlList] = field(default_factory=list)
    measures: list[schema.Measure] = field(default_factory=list)
    vocabularies: list[schema.EndUseVocabulary] = field(default_factory=list)
    product_vocabularies: list[schema.ProductVocabulary] = field(default_factory=list)
    party_lists: list[PartyList] = field(default_factory=list)
    decision_vocabularies: list[schema.DecisionVocabulary] = field(default_factory=list)
    origins: dict[str, str] = field(default_factory=dict)  # document id -> file it came from
    files: list[RulesFile] = field(default_factory=list)


def load_rules(paths: Sequence[Path]) -> LoadedRules:
    """Read and validate every rules file under ``paths``; raise RulesError listing all problems."""
    loaded = LoadedRules()
    problems: list[Problem] = []
    owners: dict[tuple[str, str], str] = {}
    for path in expand_paths(paths):
        try:
            raw = path.read_bytes()
        except OSError as exc:
            problems.append(Problem(str(path), None, f"cannot read file: {exc.strerror}"))
            continue
        loaded.files.append(RulesFile(str(path), hashlib.sha256(raw).hexdigest()))
        document, file_problems = parse_document(raw, str(path))
        problems.extend(file_problems)
        if document is None:
            continue
        kind_and_id = (document.kind, document.id)
        if kind_and_id in owners:
            problems.append(
                Problem(
                    str(path),
                    1,
                    f"{document.kind} id {document.id!r} is already "
                    f"defined in {owners[kind_and_id]}",
                    "give each file a unique id",
                )
            )
            continue
        owners[kind_and_id] = str(path)
        loaded.origins[document.id] = str(path)
        if isinstance(document, schema.ControlList):
            loaded.control_lists.append(document)
        elif isinstance(document, schema.Measure):
            loaded.measures.append(document)
        elif isinstance(document, PartyList):
            loaded.party_lists.append(document)
        elif isinstance(document, schema.DecisionVocabulary):
            loaded.decision_vocabularies.append(document)
        elif isinstance(document, ListSources):
            continue  # where to download party lists from: read by exportscreen.feeds
        elif isinstance(document, schema.ProductVocabulary):
            loaded.product_vocabularies.append(document)
        else:
            loaded.vocabularies.append(document)
    if problems:
        raise RulesError(problems)
    return loaded


def parse_document(raw: bytes, filename: str) -> tuple[Document | None, list[Problem]]:
    """Validate one file's bytes; return the document (or None) and every problem found."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [
            Problem(
                filename,
                None,
                f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                "save the file as UTF-8",
            )
        ]
    try:
        parsed = load_yaml(text)
    except YamlSyntaxError as exc:
        return None, [
            Problem(
                filename, exc.line, f"YAML syntax error: {exc}", "check indentation and quoting"
            )
        ]
    problems = [
        Problem(filename, line, f"duplicate key {dotted_path(path)!r}", "remove one of the two")
        for path, line in parsed.duplicate_keys
    ]
    if not isinstance(parsed.data, dict):
        problems.append(
            Problem(
                filename,
                1,
                "a rules file must be a mapping with a 'kind' key",
                "start the file with 'kind: control_list' (or measure)",
            )
        )
        return None, problems
    problems.extend(_duplicate_ids(parsed, filename))
    try:
        document = _ADAPTER.validate_python(parsed.data)
    except ValidationError as exc:
        problems.extend(_problems_from(exc, parsed, filename))
        return None, sorted(problems, key=lambda p: p.line or 0)
    problems.extend(_overlapping_periods(document, parsed, filename))
    return (None if problems else document), problems


def _duplicate_ids(parsed: LoadedYaml, filename: str) -> list[Problem]:
    """Duplicate item or clause ids, found on the raw data so they show with every other error."""
    problems: list[Problem] = []
    for section in ("items", "clauses", "categories", "entries"):
        entries = parsed.data.get(section)
        if not isinstance(entries, list):
            continue
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                continue
            line = parsed.line_of((section, index, "id"))
            if entry["id"] in seen:
                problems.append(
                    Problem(
                        filename,
                        line,
                        f"{section}[{index}].id: duplicate id "
                        f"{entry['id']!r} (first at line {seen[entry['id']]})",
                        "give each entry a unique id",
                    )
                )
            else:
                seen[entry["id"]] = line or 0
    return problems


# ---------------------------------------------------------------------------------------------
# Status periods of one list, clause or listing must not overlap
# ---------------------------------------------------------------------------------------------


def _overlapping_periods(document: Document, parsed: LoadedYaml, filename: str) -> list[Problem]:
    """Status periods of one list, measure clause or party listing that overlap in time.

    Two periods that cover the same day leave the status on that day ambiguous (which ``by`` and
    which note apply?), so they are an error. ``absorbed`` is exempt against the other kinds: it
    records that the act carries on under another one and does not take it out of force, so a
    later suspension may lie inside it; two ``absorbed`` periods may not overlap either.
    """
    owners: list[tuple[tuple[str | int, ...], list[schema.StatusPeriod]]] = []
    if isinstance(document, schema.ControlList | schema.Measure):
        owners.append(((), document.status))
    if isinstance(document, schema.Measure):
        owners.extend((("clauses", i), c.status) for i, c in enumerate(document.clauses))
    if isinstance(document, PartyList):
        owners.extend((("entries", i), e.status) for i, e in enumerate(document.entries))
    problems: list[Problem] = []
    for owner, periods in owners:
        for later, period in enumerate(periods):
            for earlier in range(later):
                other = periods[earlier]
                if _overlap(other, period) and (
                    (other.status == "absorbed") == (period.status == "absorbed")
                ):
                    path = (*owner, "status", later, "from")
                    problems.append(
                        Problem(
                            filename,
                            parsed.line_of(path),
                            f"{dotted_path(path[:-1])}: {period.status} period from "
                            f"{period.from_} overlaps status[{earlier}] ({other.status} from "
                            f"{other.from_}{f' to {other.to}' if other.to else ', open-ended'})",
                            "end the earlier period the day before the later one starts, "
                            "or merge the two",
                        )
                    )
    return problems


def _overlap(a: schema.StatusPeriod, b: schema.StatusPeriod) -> bool:
    """Whether two periods (``to`` inclusive, open-ended when absent) share at least one day."""
    a_to = a.to or date.max
    b_to = b.to or date.max
    return a.from_ <= b_to and b.from_ <= a_to


def _problems_from(exc: ValidationError, parsed: LoadedYaml, filename: str) -> list[Problem]:
    problems: list[Problem] = []
    for error in exc.errors():
        path = _data_path(parsed.data, error["loc"])
        where = dotted_path(path) or "(top level)"
        message, hint = _describe(error, path)
        problems.append(Problem(filename, parsed.line_of(path), f"{where}: {message}", hint))
    return sorted(problems, key=lambda p: p.line or 0)


def _data_path(data: Any, loc: tuple[int | str, ...]) -> tuple[str | int, ...]:
    """Map a pydantic error location onto the YAML data, dropping union-tag components.

    A discriminated union adds its tag (``keywords``, ``control_list``...) to the location; the
    tag may also be a real key, so a tag is skipped when the component after it is a key here.
    """
    path: list[str | int] = []
    node = data
    tags = _tags()
    parts = list(loc)
    for index, part in enumerate(parts):
        following = parts[index + 1] if index + 1 < len(parts) else None
        if isinstance(node, dict):
            if part in tags and following is not None and following in node:
                continue
            key = (
                part
                if part in node
                else (
                    part[:-1]
                    if isinstance(part, str) and part.endswith("_") and part[:-1] in node
                    else None
                )
            )
            if key is not None:
                node = node[key]
                path.append(key)
            elif part not in tags:
                path.append(part)  # a missing or extra key: point at it by name
                node = None
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            path.append(part)
    return tuple(path)


def _describe(error: Any, path: tuple[str | int, ...]) -> tuple[str, str]:
    kind = error["type"]
    key = path[-1] if path else ""
    if kind == "extra_forbidden" and key in schema.CRITERION_KEYS:
        return (
            f"unknown key {key!r}",
            "a criterion takes exactly one operator; combine with all/any",
        )
    if kind == "extra_forbidden":
        suggestion = difflib.get_close_matches(str(key), _field_names(), n=1)
        hint = (
            f"did you mean {suggestion[0]!r}?" if suggestion else "remove it or check the spelling"
        )
        return f"unknown key {key!r}", hint
    if kind == "missing":
        return f"missing required key {key!r}", "add it"
    if kind.startswith("date"):
        return f"invalid date {error.get('input')!r}", "write dates as YYYY-MM-DD"
    if kind == "union_tag_invalid":
        kinds = (
            "control_list, measure, end_use_vocabulary, decision_vocabulary, "
            "product_vocabulary, party_list, list_sources"
        )
        return error["msg"], f"kind is one of: {kinds}"
    if kind == "union_tag_not_found":
        return "missing required key 'kind'", "add kind: control_list (or measure)"
    if kind == "criterion":
        return error["msg"], "see the criteria section of rules/README.md"
    if kind == "literal_error":
        return f"{error.get('input')!r} is not allowed: {error['msg']}", ""
    message = str(error["msg"]).removeprefix("Value error, ")
    return message, ""


_FIELD_NAMES: list[str] = []


def _field_names() -> list[str]:
    """Every key the format knows, for 'did you mean' suggestions."""
    if not _FIELD_NAMES:
        names: set[str] = set()
        from exportscreen.ruleset import party_schema

        models = [*vars(schema).values(), *vars(party_schema).values()]
        for model in models:
            if isinstance(model, type) and issubclass(model, BaseModel):
                for name, info in model.model_fields.items():
                    names.add(info.alias or name)
        _FIELD_NAMES.extend(sorted(names))
    return _FIELD_NAMES


def _tags() -> frozenset[str]:
    return frozenset(
        (
            *schema.CRITERION_KEYS,
            "control_list",
            "measure",
            "end_use_vocabulary",
            "decision_vocabulary",
            "product_vocabulary",
            "party_list",
        )
    )
