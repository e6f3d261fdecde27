"""Keeping the public party lists current: download, verify, keep versions, resolve by name.

``sources`` reads where each list comes from (``rules/sources/party-lists.yaml``, overridable
per list); ``download`` fetches one URL with conditional requests, timeouts and retries;
``store`` keeps every verified version of a list with its metadata in the user data directory
and switches the current one atomically; ``update`` ties them together (and imports files
obtained elsewhere); ``use`` turns ``--party-list ofac`` into the current file and says when
that file is too old. Nothing here prints; nothing in ``check`` or ``screen`` downloads.
"""

from __future__ import annotations

from exportscreen.errors import ExportscreenError


class ListError(ExportscreenError):
    """A fetched list cannot be used or stored; the message says which list and why."""


class ListTooOldError(ListError):
    """A screening asked for lists no older than a limit (``--max-list-age``) and one is older."""


__all__ = ["ListError", "ListTooOldError"]
