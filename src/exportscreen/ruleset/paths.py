"""Where rules files come from: the built-in folder, EXPORTSCREEN_RULES and --rules."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from exportscreen.errors import Problem, RulesError

RULES_ENV = "EXPORTSCREEN_RULES"
YAML_SUFFIXES = (".yaml", ".yml")


def builtin_rules_dir() -> Path:
    """The rules shipped with the package.

    A wheel carries them as ``exportscreen/rules``; an editable install reads the repository's
    top-level ``rules/`` folder, which is the same content.
    """
    packaged = Path(str(resources.files("exportscreen").joinpath("rules")))
    if packaged.is_dir():
        return packaged
    source_tree = Path(__file__).resolve().parents[3] / "rules"
    if source_tree.is_dir():
        return source_tree
    raise RulesError(
        [Problem(str(packaged), None, "built-in rules folder is missing", "reinstall exportscreen")]
    )


DECISION_VOCABULARY = Path("vocabulary") / "decisions.yaml"


def rules_paths(extra: Sequence[Path] = (), *, builtin: bool = True) -> list[Path]:
    """The rules locations to load: built-ins, then ``EXPORTSCREEN_RULES``, then ``--rules``.

    Without the built-in lists, the built-in decision vocabulary still comes first: it is the
    language decisions are written in, not a control list (a user's own vocabulary replaces it).
    """
    paths = [builtin_rules_dir()] if builtin else [builtin_rules_dir() / DECISION_VOCABULARY]
    env = os.environ.get(RULES_ENV, "")
    paths.extend(Path(part) for part in env.split(os.pathsep) if part.strip())
    paths.extend(extra)
    return paths


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Expand folders to the YAML files inside them (sorted, recursive); keep files as given."""
    files: list[Path] = []
    missing: list[Problem] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
            )
        elif path.is_file():
            files.append(path)
        else:
            missing.append(
                Problem(
                    str(path),
                    None,
                    "no such file or folder",
                    "check the path given to --rules or EXPORTSCREEN_RULES",
                )
            )
    if missing:
        raise RulesError(missing)
    return files
