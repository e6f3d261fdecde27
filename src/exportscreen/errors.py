"""User-facing error types.

Every error a user can cause (a bad rules file, a bad declaration, a bad option) has its own type
carrying where it happened and how to fix it. The CLI maps all of them to exit code 2 in one place.
"""

from __future__ import annotations

from dataclasses import dataclass


class ExportscreenError(Exception):
    """Base class for errors caused by input the user supplied."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in one file, at one line, with a hint that says how to fix it."""

    file: str
    line: int | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}: {self.message}{hint}"


class RulesError(ExportscreenError):
    """One or more rules files are invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class DeclarationError(ExportscreenError):
    """One or more declaration fields could not be parsed; ``fields`` lists (field, message)."""

    def __init__(self, fields: list[tuple[str, str]], *, source: str | None = None) -> None:
        self.fields = fields
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__(prefix + "; ".join(f"{name}: {message}" for name, message in fields))


class OptionError(ExportscreenError):
    """A command-line option has a value the tool cannot use."""

    def __init__(self, option: str, message: str) -> None:
        self.option = option
        super().__init__(f"{option}: {message}")


class ManifestError(ExportscreenError):
    """A manifest (or its column mapping) cannot be read at all; bad rows are not this."""

    def __init__(self, file: str, line: int | None, message: str, hint: str = "") -> None:
        self.problem = Problem(file, line, message, hint)
        super().__init__(str(self.problem))
