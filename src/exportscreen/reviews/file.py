"""Reading and writing the reviews file: strict parsing with file and line for every problem,
and a fixed, diff-friendly way of writing it back."""

from __future__ import annotations

import contextlib
import difflib
import os
from datetime import date
from pathlib import Path
from typing import Any, Final

import yaml

from exportscreen.errors import Problem
from exportscreen.reviews.model import (
    _ALIASES,
    _DATE,
    _KEYS,
    _PLAIN,
    _REQUIRED,
    Review,
    ReviewsError,
    check_text,
)
from exportscreen.ruleset.yamlload import LoadedYaml, YamlSyntaxError, dotted_path, load_yaml


def parse_reviews(raw: bytes, filename: str) -> tuple[list[Review], list[Problem]]:
    """Every valid review in the file and every problem found, sorted by line."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = f"not UTF-8 text ({exc.reason} at byte {exc.start})"
        return [], [Problem(filename, None, message, "save the file as UTF-8")]
    try:
        parsed = load_yaml(text)
    except YamlSyntaxError as exc:
        message = f"YAML syntax error: {exc}"
        return [], [Problem(filename, exc.line, message, "check indentation and quoting")]
    problems = [
        Problem(filename, line, f"duplicate key {dotted_path(path)!r}", "remove one of the two")
        for path, line in parsed.duplicate_keys
    ]
    data = parsed.data
    if data is None:  # an empty file, or only comments: no reviews yet
        return [], problems
    if not isinstance(data, dict):
        problems.append(
            Problem(filename, 1, "a reviews file must be a mapping", "start it with 'reviews:'")
        )
        return [], problems
    for key in data:
        if key != "reviews":
            problems.append(
                Problem(
                    filename,
                    parsed.line_of((key,)),
                    f"unknown key {key!r}",
                    "the file has one top-level key, 'reviews'",
                )
            )
    if "reviews" not in data:
        problems.append(
            Problem(filename, 1, "missing required key 'reviews'", "start the file with 'reviews:'")
        )
    entries = data.get("reviews")
    if entries is None:  # "reviews:" with nothing under it, after the last one was deleted
        entries = []
    if not isinstance(entries, list):
        problems.append(
            Problem(
                filename,
                parsed.line_of(("reviews",)),
                "reviews: must be a list of reviews",
                "write each review as an item starting with '- '",
            )
        )
        entries = []
    reviews: list[tuple[int, Review]] = []
    for index, entry in enumerate(entries):
        review, entry_problems = _parse_entry(entry, index, parsed, filename)
        problems.extend(entry_problems)
        if review is not None:
            reviews.append((index, review))
    problems.extend(_duplicates(entries, reviews, parsed, filename))
    problems.sort(key=lambda p: p.line or 0)
    return [review for _, review in reviews], problems


def _parse_entry(
    entry: Any, index: int, parsed: LoadedYaml, filename: str
) -> tuple[Review | None, list[Problem]]:
    base = ("reviews", index)
    where = f"reviews[{index}]"
    if not isinstance(entry, dict):
        return None, [
            Problem(
                filename,
                parsed.line_of(base),
                f"{where}: each review must be a mapping",
                "write 'name: ...', 'list: ...' and so on under the '- '",
            )
        ]
    problems: list[Problem] = []

    def add(field: str, message: str, hint: str = "") -> None:
        line = parsed.line_of((*base, field)) if field in entry else parsed.line_of(base)
        problems.append(Problem(filename, line, f"{where}.{field}: {message}", hint))

    for key in entry:
        if key not in _KEYS:
            guess = _ALIASES.get(key) or next(
                iter(difflib.get_close_matches(key, _KEYS, n=1)), None
            )
            hint = f"did you mean {guess!r}?" if guess else "remove it or check the spelling"
            add(key, f"unknown key {key!r}", hint)
    values: dict[str, Any] = {}
    for key in _KEYS:
        value = entry.get(key)
        if value is None:
            if key in _REQUIRED:
                add(key, f"missing required key {key!r}", "add it")
            continue
        if not isinstance(value, str):
            add(key, "must be a single value, not a list or mapping")
            continue
        if key in ("reviewed_on", "expires"):
            day = _parse_date(value)
            if day is None:
                add(key, f"invalid date {value!r}", "write dates as YYYY-MM-DD")
            else:
                values[key] = day
            continue
        problem = check_text(key, value)
        if problem:
            add(key, *problem)
        else:
            values[key] = value
    if problems:
        return None, problems
    try:
        review = Review.create(
            id=values.get("id"),
            name=values["name"],
            country=values.get("country"),
            list_id=values["list"],
            entity_id=values["entity"],
            verdict=values["verdict"],
            reviewer=values["reviewer"],
            reason=values["reason"],
            reviewed_on=values["reviewed_on"],
            expires=values.get("expires"),
        )
    except ReviewsError as exc:  # checks across fields, such as expiry before review
        for found in exc.problems:
            field, _, message = found.message.partition(": ")
            add(field, message, found.hint)
        return None, problems
    return review, []


def _parse_date(value: str) -> date | None:
    # Only YYYY-MM-DD: fromisoformat would also take "20261120", which nobody means in a review.
    if not _DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _duplicates(
    entries: list[Any], reviews: list[tuple[int, Review]], parsed: LoadedYaml, filename: str
) -> list[Problem]:
    """Two reviews of the same hit, or two with the same id: ambiguous, so both are errors.

    Explicit ids are checked on every entry, valid or not, so a duplicate id shows up together
    with the entry's other problems rather than only after they are fixed.
    """
    problems: list[Problem] = []
    by_key: dict[tuple[str, str | None, str, str], int] = {}
    key_duplicates: set[int] = set()
    for index, review in reviews:
        line = parsed.line_of(("reviews", index)) or 0
        if review.key in by_key:
            key_duplicates.add(index)
            problems.append(
                Problem(
                    filename,
                    line,
                    f"reviews[{index}]: {review.name!r} against {review.list_id}/"
                    f"{review.entity_id} is already reviewed at line {by_key[review.key]}",
                    "keep one of the two reviews",
                )
            )
        else:
            by_key[review.key] = line
    ids: dict[int, str] = {index: review.id for index, review in reviews}
    for index, entry in enumerate(entries):
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            ids[index] = entry["id"]
    first_line: dict[str, int] = {}
    for index in sorted(ids):
        line = parsed.line_of(("reviews", index, "id")) or 0
        if index in key_duplicates:  # already reported, and its id would only repeat that
            continue
        if ids[index] in first_line:
            problems.append(
                Problem(
                    filename,
                    line,
                    f"reviews[{index}].id: duplicate id {ids[index]!r} "
                    f"(first at line {first_line[ids[index]]})",
                    "give each review a unique id",
                )
            )
        else:
            first_line[ids[index]] = line
    return problems


# --- writing ---------------------------------------------------------------------------------


def fields_of(review: Review) -> list[tuple[str, str]]:
    """(key, YAML scalar) in file order; absent optional values are left out."""
    fields: list[tuple[str, str]] = [
        ("id", _scalar(review.id)),
        ("name", _quoted(review.name)),
    ]
    if review.country is not None:
        fields.append(("country", _scalar(review.country)))
    fields += [
        ("list", _scalar(review.list_id)),
        ("entity", _scalar(review.entity_id)),
        ("verdict", review.verdict),
        ("reviewer", _quoted(review.reviewer)),
        ("reason", _quoted(review.reason)),
        ("reviewed_on", review.reviewed_on.isoformat()),
    ]
    if review.expires is not None:
        fields.append(("expires", review.expires.isoformat()))
    return fields


def _scalar(value: str) -> str:
    """An id written plain when every YAML reader takes it as that same text, else quoted.

    "NO", "null" or "2026-01-01" would be read back as false, null or a date by other tools
    that load this file with ordinary YAML, so they are quoted.
    """
    if _PLAIN.fullmatch(value) and yaml.safe_load(value) == value:
        return value
    return _quoted(value)


# Escapes for characters that YAML does not allow raw in a double-quoted scalar, or that it
# would fold (line breaks).
_ESCAPES: Final = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
    "\ufeff": "\\ufeff",
}


def _quoted(value: str) -> str:
    """A double-quoted YAML scalar: free text such as names and reasons is always quoted."""
    out = ['"']
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _printable(char):
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    out.append('"')
    return "".join(out)


def _printable(char: str) -> bool:
    """YAML's printable set (spec §5.1), minus what ``_ESCAPES`` handles."""
    code = ord(char)
    return (
        0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file beside ``path`` and rename it over ``path``.

    The temporary file is created with mode 0o666 so the umask applies as for any new file
    (mkstemp would make it 0o600, and the reviews file is shared through the repository); an
    existing file keeps its mode.
    """
    directory = path.parent
    temp = directory / f".{path.name}.{os.getpid()}.tmp"
    try:
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:  # left over from a crashed run of a process with this pid
            temp.unlink()
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise ReviewsError(
            [Problem(str(path), None, f"cannot write file: {exc.strerror}", "check the folder")]
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileNotFoundError):  # a new file keeps the umask's mode
            os.chmod(temp, path.stat().st_mode & 0o7777)
        os.replace(temp, path)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ReviewsError(
                [Problem(str(path), None, f"cannot write file: {exc.strerror}")]
            ) from None
        raise
