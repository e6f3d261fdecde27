"""Data made safe for the outputs that show it: no terminal control, no spreadsheet formulas.

Manifests, declarations and party lists come from outside; their text is shown on terminals, in
CI logs, in HTML pages and in spreadsheets. Two kinds of text would act instead of being shown:

- control characters (C0 and C1, DEL) start ANSI/OSC escape sequences that recolour, retitle or
  rewrite a terminal, hide lines or create links; bidirectional overrides reorder what is shown.
  :func:`printable` replaces each with a visible escape (``\\x1b``, ``\\u202e``).
- a spreadsheet cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return is a formula
  to Excel, LibreOffice and WPS (CSV injection). :func:`spreadsheet_cell` prefixes such a cell
  with ``'`` as OWASP recommends; a plain number such as ``-12.5`` is left alone.
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_STARTS", "printable", "spreadsheet_cell"]

# C0 controls except tab and newline, DEL, C1 controls, and the bidirectional overrides and
# isolates ("Trojan Source"): none of them is text a reader needs to see as is.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_NEWLINE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str, *, newlines: bool = True) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``); newlines are kept
    unless ``newlines`` is False (then they are escaped too, for one-line formats)."""
    pattern = _CONTROL if newlines else _CONTROL_OR_NEWLINE
    return pattern.sub(_escape, text)


def spreadsheet_cell(text: str) -> str:
    """``text`` as a spreadsheet shows it, never as a formula (OWASP CSV injection)."""
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text
