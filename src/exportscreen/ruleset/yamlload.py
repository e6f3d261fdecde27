"""Read YAML into plain data while remembering the line of every value.

Validation errors must name the line to fix, so we compose the YAML node tree ourselves instead of
calling ``yaml.safe_load``. Scalars stay strings (only ``null`` is resolved): pydantic then coerces
them with clear messages, HS codes keep their leading zeros, ``NO`` stays Norway, and a bad date
becomes a validation error at its line rather than a crash inside the YAML library.

Limits (issue 12 C4): a document longer than :data:`MAX_YAML_CHARS` is refused before parsing, and
building the data may visit at most :data:`ALIAS_ALLOWANCE` more nodes than the text has characters,
so aliases cannot blow a few hundred bytes up into gigabytes ("billion laughs"). Without aliases a
document never has more nodes than characters, so no honest file comes near the limit. Nesting
deeper than :data:`MAX_DEPTH` is refused too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # the C loader is several times faster; fall back when libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path = tuple[str | int, ...]
NULL_TAG = "tag:yaml.org,2002:null"
# The largest YAML document read at all (characters); the biggest built-in rules file is ~60,000.
MAX_YAML_CHARS = 32 * 1024 * 1024
# Nodes that alias expansion may add beyond the document's length in characters.
ALIAS_ALLOWANCE = 100_000
# The deepest nesting of mappings and lists read (the built-in rules nest about 12 deep).
MAX_DEPTH = 100


@dataclass(slots=True)
class LoadedYaml:
    """The data of one YAML document, with the 1-based line of every path in it."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    duplicate_keys: list[tuple[Path, int]] = field(default_factory=list)

    def line_of(self, path: Path) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


class YamlSyntaxError(ValueError):
    """The text is not well-formed YAML."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


class YamlLimitError(YamlSyntaxError):
    """The document is too large, or its aliases expand too far (a "YAML bomb")."""


def load_yaml(text: str) -> LoadedYaml:
    """Parse one YAML document; raise :class:`YamlSyntaxError` if it is malformed and
    :class:`YamlLimitError` if it is too large or expands too far. Leading BOMs are ignored."""
    text = text.lstrip("\ufeff")
    if len(text) > MAX_YAML_CHARS:
        raise YamlLimitError(
            f"the document has {len(text):,} characters; the limit is {MAX_YAML_CHARS:,}", None
        )
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise YamlSyntaxError(str(exc.problem or exc), line) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc), None) from None
    result = LoadedYaml(data=None)
    if node is not None:
        result.data = _build(node, (), result, [len(text) + ALIAS_ALLOWANCE])
    return result


def _build(node: yaml.Node, path: Path, out: LoadedYaml, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise YamlLimitError(
            "aliases expand the document beyond "
            f"{ALIAS_ALLOWANCE:,} nodes more than its length (a YAML bomb?)",
            node.start_mark.line + 1,
        )
    if len(path) > MAX_DEPTH:
        raise YamlLimitError(
            f"mappings and lists nest more than {MAX_DEPTH} deep", node.start_mark.line + 1
        )
    out.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):  # its text could be a bomb's expansion
                raise YamlSyntaxError(
                    "a mapping key must be a plain value, not a list or mapping",
                    key_node.start_mark.line + 1,
                )
            key = str(key_node.value)
            if key in mapping:
                out.duplicate_keys.append(((*path, key), key_node.start_mark.line + 1))
            mapping[key] = _build(value_node, (*path, key), out, budget)
            # Point errors about a key at the key's own line, not at where its value starts.
            out.lines[(*path, key)] = key_node.start_mark.line + 1
        return mapping
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, index), out, budget) for index, item in enumerate(node.value)]
    if node.tag == NULL_TAG:
        return None
    return str(node.value)


def dotted_path(path: Path) -> str:
    """A data path as a user reads it: ``items[3].thresholds.param``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
