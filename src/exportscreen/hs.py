"""Harmonized System (HS) commodity codes.

Chinese declarations use 10-digit commodity codes (商品编号); the 2025 announcements cite 8-digit
tariff lines. A shorter code stands for every longer code that starts with it.
"""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s.\-_/]+")
MIN_DIGITS = 4
MAX_DIGITS = 10


def normalize_hs(text: str) -> str:
    """Return the bare digits of an HS code, accepting dots and spaces (``8112.92.90.10``).

    Full-width digits and separators (``８５１６．５０``, as Chinese input methods type them) read
    like ASCII ones. Raises ValueError naming the problem when the code is not 4 to 10 digits.
    """
    digits = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text).strip())
    if not digits:
        raise ValueError("HS code is empty")
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(f"HS code {text!r} must contain only digits (dots and spaces are allowed)")
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        raise ValueError(
            f"HS code {text!r} has {len(digits)} digits; expected {MIN_DIGITS} to {MAX_DIGITS}"
        )
    return digits


def hs_related(code: str, reference: str) -> bool:
    """True when one code is a prefix of the other: they name overlapping goods."""
    return code.startswith(reference) or reference.startswith(code)
