"""``--format jsonl``: one JSON object per input row, written as the row is screened."""

from __future__ import annotations

import json
from typing import IO, cast

from exportscreen.manifest.screen import ManifestInfo, RunSummary
from exportscreen.model import RowResult


class JsonlReporter:
    binary = False

    def __init__(self, out: IO[str] | IO[bytes]) -> None:
        self.out = cast(IO[str], out)

    def start(self) -> None:
        pass

    def row(self, info: ManifestInfo, row: RowResult) -> None:
        record = row.to_dict(info.columns.headers)
        # issue 12 E1: the date the row was screened as of (null: not screened)
        record["screened_as_of"] = row.result.declaration.date.isoformat() if row.result else None
        self.out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")

    def finish(self, summary: RunSummary) -> None:
        self.out.flush()
