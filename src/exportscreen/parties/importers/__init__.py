"""Importers that turn published restricted-party lists into PartyRecord objects."""

from __future__ import annotations

from exportscreen.errors import ExportscreenError


class PartyListError(ExportscreenError, ValueError):
    """A list file is malformed; the message names the file, the line and the problem."""


__all__ = ["PartyListError"]
