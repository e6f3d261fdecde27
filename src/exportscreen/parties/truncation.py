"""Names cut to fit a fixed-width field, and the part of a list name that such a cut leaves.

Customs and payment messages hold a party name in fields of fixed width (EDIFACT NAD and SWIFT
name lines: 35 characters; many ERP exports: 30 or 40). A longer name arrives cut, usually in
the middle of a word: "JOINT STOCK COMPANY SEVASTOPOLSKY M" for "... SEVASTOPOLSKY MORSKOY
BANK". Scored as it stands, the stub "M" is an unmatched word and the cut-off words count as
missing, so the list name scores far below what the visible text supports.

A query is read as a cut copy of a list name only on evidence: the query is long enough to have
filled a field, and its last word is the beginning of a longer list word that starts at the same
character position (within a little slack for spacing and punctuation). The words before the
cut are then compared with the same stretch of the list name; the stub is dropped from both.
"""

from __future__ import annotations

MIN_CUT_LENGTH = 20  # folded characters; fields narrower than this do not hold party names
CUT_POSITION_SLACK = 3  # two writings of one name differ by a few spaces or dots before the cut


def cut_point(query_folded: str, candidate_folded: str) -> int | None:
    """Where in `candidate_folded` the query was cut, if the query looks like a cut copy of it.

    Both arguments are folded names (lower-case ASCII words separated by single spaces). Returns
    the character offset of the list word the query's last word is a stub of, or None.
    """
    if len(query_folded) < MIN_CUT_LENGTH:
        return None
    last_space = query_folded.rfind(" ")
    if last_space < 0:
        return None
    stub = query_folded[last_space + 1 :]
    if stub.isdigit() or stub not in candidate_folded:
        return None
    offset = 0
    for word in candidate_folded.split(" "):
        end = offset + len(stub)  # where the cut falls if this word holds the stub
        if end > len(query_folded) + CUT_POSITION_SLACK:
            return None
        if (
            offset > 0
            and len(word) > len(stub)
            and word.startswith(stub)
            and abs(end - len(query_folded)) <= CUT_POSITION_SLACK
        ):
            return offset
        offset += len(word) + 1
    return None


def visible_query(query_folded: str) -> str:
    """The query without the stub of its last word."""
    return query_folded[: query_folded.rfind(" ")].rstrip()
