"""Party fields that hold more than one name: intermediaries, order parties, addresses.

Bills of lading, invoices and manifests often put two parties in one consignee field
("GLOBAL TRADING LTD C/O DANDONG DONGYUAN INDUSTRIAL CO", "TO THE ORDER OF BANK MELLAT"), or
follow the name with its address on the same line or the next ones. Scored as one name, a listed
party behind an innocent one is diluted below the threshold, and an address drags any name down.
This module splits such a field into the names it holds; the matcher screens each of them as
well as the field as written.

Only explicit evidence splits a field: line breaks and separators (`;`, ` / `, ` | `), markers
of a party acting for another (C/O, ON BEHALF OF, TO THE ORDER OF, ...), and address parts,
recognised by a digit or an address word in a comma-separated segment that is not the first.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from exportscreen.countries import find_country
from exportscreen.parties import legal_forms as lf
from exportscreen.parties.normalize import fold, normalize_name
from exportscreen.parties.places import place_cuts


class FieldPart(NamedTuple):
    """One name found in a party field, and where it was found (for explanations)."""

    text: str
    where: str  # "after 'C/O'", "part 2", "before the address", ...


_LINES = re.compile(r"\s*[\r\n]+\s*")
# Separators between whole names on one line. A slash counts only with spaces around it:
# IMPORT/EXPORT and A/S are one name.
_SEPARATORS = re.compile(r"\s*(?:;|\s\|\s|\s//?\s)\s*")

# One party acting for, or receiving for, another. Phrases that also occur inside names are left
# out: bare ORDER OF (SOVEREIGN MILITARY ORDER OF MALTA), CARE OF (ENDOWMENT FOR CARE OF
# LEBANESE ... FAMILIES), AGENTS FOR without AS, and VIA (an Italian street, or a routing note).
_MARKERS = (
    r"c\s*/\s*o",
    r"c\\o",
    r"o\s*/\s*b",
    r"(?:for\s+and\s+)?on\s+behalf\s+of",
    r"for\s+(?:the\s+)?account\s+of",
    r"acting\s+for",
    r"as\s+agents?\s+for",
    r"to\s+(?:the\s+)?order\s+of",
    r"to\s+order",
    r"attn\.?:?",
    r"attention:?",
    r"aux\s+bons\s+soins\s+de",
    r"pour\s+le\s+compte\s+de",
    r"por\s+cuenta\s+de",
    r"en\s+nombre\s+de",
    r"a\s+nombre\s+de",
    r"im\s+auftrag\s+von",
)
_MARKER = re.compile(
    r"(?<![\w/])(" + "|".join(_MARKERS) + r")(?![\w/])",
    re.IGNORECASE,
)

# Words that make a comma-separated segment an address (street, building, box) in the languages
# of trade papers, when they open or close the segment ("Calle 10", "Karkh District", "Ibex
# House"): inside a segment they are name words (CULTURE AND BUILDING SOCIETY).
_ADDRESS_WORDS = frozenset(
    {
        "no",
        "nr",
        "street",
        "st",
        "strasse",
        "road",
        "rd",
        "highway",
        "carretera",
        "chemin",
        "avenue",
        "ave",
        "avenida",
        "calle",
        "carrera",
        "rue",
        "ulitsa",
        "prospekt",
        "blvd",
        "boulevard",
        "lane",
        "house",
        "building",
        "bldg",
        "edificio",
        "tower",
        "floor",
        "fl",
        "piso",
        "room",
        "rm",
        "suite",
        "unit",
        "flat",
        "oficina",
        "plot",
        "block",
        "blk",
        "box",
        "pob",
        "district",
        "zone",
        "km",
    }
)
# Abbreviations that are address words only with their dot: UL. (ulitsa), but UL in HAMEED UL.
_DOTTED_ADDRESS_WORDS = frozenset({"ul", "av", "str", "pr"})
_SEGMENT_WORDS = re.compile(r"[^\W\d_]+\.?")
_DIGIT_OR_BOX = re.compile(r"\d|\bp\.?\s?o\.?\s?box\b", re.IGNORECASE)
_PO_BOX = re.compile(r"\s+(?=p\.?\s?o\.?\s?box\b)", re.IGNORECASE)
# A line that only says how to reach the party.
_CONTACT_LINE = re.compile(r"^\s*(?:tel|phone|fax|e-?mail|contact|attn)\b", re.IGNORECASE)
MIN_PART_LETTERS = 3  # shorter leftovers ("LTD", "S.A") are not names on their own
MIN_COUNTRY_LETTERS = 4  # "SA", "AG", "UAE" are legal forms or too short to be read as countries


def split_party_field(text: str) -> list[FieldPart]:
    """The names a party field holds, in order; empty when the field is a single name.

    The first line is a name (perhaps followed by its address). Later lines of a block are
    mostly address, city and contact lines, so they count as names only when they open with a
    marker (C/O ...) or carry a legal form; a city alone ("BOGOTA") must not be screened as a
    party. The field as written is not among the parts: callers screen it anyway.
    """
    chunks: list[tuple[str, str]] = []  # (text, where)
    lines = [line for line in _LINES.split(text.strip()) if line.strip()]
    for number, line in enumerate(lines, start=1):
        if number > 1 and not _names_a_party(line):
            continue
        on_line = [c for c in _SEPARATORS.split(line) if c.strip()]
        for part, chunk in enumerate(on_line, start=1):
            where = [f"line {number}"] if len(lines) > 1 else []
            if len(on_line) > 1:
                where.append(f"part {part}")
            chunks.append((chunk, " ".join(where)))
    parts: list[FieldPart] = []
    for chunk, where_chunk in chunks:
        pieces = _MARKER.split(chunk)
        # re.split with one group alternates: text, marker, text, marker, ...
        for position in range(0, len(pieces), 2):
            piece = pieces[position]
            marker = pieces[position - 1] if position > 0 else ""
            following = pieces[position + 1] if position + 1 < len(pieces) else ""
            name, had_address = _without_address(piece)
            if sum(ch.isalpha() for ch in name) < MIN_PART_LETTERS or _is_legal_form(name):
                continue  # a leftover, or a legal form alone (FEDERAL STATE UNITARY ENTERPRISE)
            where = [where_chunk] if where_chunk else []
            if marker:
                where.append(f"after {_label(marker)!r}")
            elif following:
                where.append(f"before {_label(following)!r}")
            if had_address:
                where.append("before the address")
            parts.append(FieldPart(name, ", ".join(where)))
            # A place or street written after the name on the same line (NAME CITY, NAME
            # (COUNTRY), NAME - CITY, NAME 12 STREET CITY): the names before it as well.
            for cut in place_cuts(name):
                if sum(ch.isalpha() for ch in cut.name) < MIN_PART_LETTERS or _is_legal_form(
                    cut.name
                ):
                    continue
                label = "place" if cut.kind == "place" else "address"
                parts.append(
                    FieldPart(cut.name, ", ".join([*where, f"before the {label} {cut.tail!r}"]))
                )
    # A part found nowhere in particular is the field as written, which callers screen anyway.
    return [part for part in parts if part.where]


def _names_a_party(line: str) -> bool:
    """A later line of a block that names a party: it opens with a marker, or it carries a
    legal form and is no address or contact line."""
    if _MARKER.match(line.strip()):
        return True
    if _CONTACT_LINE.match(line) or _is_address(line):
        return False
    return bool(normalize_name(line).legal_forms)


def _label(marker: str) -> str:
    return " ".join(marker.upper().split())


def _is_address(line: str) -> bool:
    return _looks_like_address(line.split(",", 1)[0])


def _looks_like_address(segment: str) -> bool:
    """A digit or a P.O. BOX anywhere, or an address word opening or closing the segment."""
    if _DIGIT_OR_BOX.search(segment):
        return True
    words = _SEGMENT_WORDS.findall(segment)
    for word in {words[0], words[-1]} if words else ():
        bare = word.rstrip(".").casefold()
        if bare in _ADDRESS_WORDS or (word.endswith(".") and bare in _DOTTED_ADDRESS_WORDS):
            return True
    return False


def _without_address(piece: str) -> tuple[str, bool]:
    """The name before an address, and whether one was cut off.

    The address starts before a P.O. BOX, or at the earliest comma-separated segment (never
    the first) that holds a digit or opens or closes with an address word ("NO. 12", "Ibex
    House"), that follows a segment of several words ending in a legal form ("CO., LTD., Haven
    Court"), or, when the field ends with a
    country ("..., Ontario, Canada") and the first segment has several words, right after the
    first segment. Segments that are only a legal form stay with the name ("ANGLO-CARIBBEAN
    CO., LTD.").
    """
    before_box = _PO_BOX.split(piece, maxsplit=1)
    segments = before_box[0].split(",")
    cut = len(segments)
    for index in range(1, len(segments)):
        if _looks_like_address(segments[index]):
            cut = index
            break
    for index in range(len(segments) - 1):
        # One word is as likely a surname (PAO, Hua Chiang) as a bare legal form.
        if len(segments[index].split()) > 1 and _ends_with_legal_form(segments[index]):
            cut = min(cut, _after_legal_forms(segments, index + 1))
            break
    last = segments[-1].strip()
    # A trailing country is weaker evidence: the name must not be one word of a name written
    # with commas ("Winters, Lynn and Jackson", "SMITH, JOHN").
    if (
        len(segments) > 2
        and len(segments[0].split()) > 1
        and sum(ch.isalpha() for ch in last) >= MIN_COUNTRY_LETTERS
        and find_country(last) is not None
    ):
        cut = min(cut, _after_legal_forms(segments, 1))
    name = ",".join(segments[:cut]).strip(" ,")
    return name, len(before_box) > 1 or cut < len(segments)


def _legal_keys(text: str) -> tuple[str, ...]:
    return tuple(lf.fold_spelling(word) for word in fold(text).split())


def _is_legal_form(segment: str) -> bool:
    keys = _legal_keys(segment)
    return bool(keys) and keys in lf.LEGAL_PHRASES


def _ends_with_legal_form(segment: str) -> bool:
    keys = _legal_keys(segment)
    return any(
        keys[-size:] in lf.LEGAL_PHRASES
        for size in range(1, min(lf.MAX_PHRASE_TOKENS, len(keys)) + 1)
    )


def _after_legal_forms(segments: list[str], start: int) -> int:
    """The first segment from `start` on that is not a bare legal form."""
    while start < len(segments) and _is_legal_form(segments[start]):
        start += 1
    return start
