"""Issue 12, "Done when": random inputs never crash ``check``, ``screen`` or ``rules validate``.

Random bytes, random YAML, random CSV dialects and random XLSX workbooks are written to files and
handed to the CLI. Every run must end within 5 s with exit code 0, 1 or 2 and no traceback.

The runs happen in one worker process (this file, run as a script) under a memory limit
(``resource.setrlimit(RLIMIT_AS)``), which takes one JSON request per line on standard input and
answers with the exit code, the time taken and any exception. A worker that dies, or does not
answer in time, fails the example. Hypothesis is derandomised with a fixed number of examples, so
the suite's time stays small and every run tries the same inputs.
"""

from __future__ import annotations

import csv
import io
import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MEMORY_LIMIT = 1536 * 1024 * 1024  # bytes of address space for the worker
TIME_LIMIT = 5.0  # seconds per run
PROFILE = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


# --- the worker ----------------------------------------------------------------------------------


def _worker() -> None:  # pragma: no cover - runs in the subprocess
    import resource
    import traceback

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    from typer.testing import CliRunner

    from exportscreen.cli import app

    runner = CliRunner()
    for line in sys.stdin:
        args = json.loads(line)
        started = time.perf_counter()
        result = runner.invoke(app, args)
        elapsed = time.perf_counter() - started
        crash = None
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            crash = "".join(traceback.format_exception(result.exception))[-3000:]
        answer = {
            "code": result.exit_code,
            "elapsed": elapsed,
            "crash": crash,
            "traceback": "Traceback" in result.output,
            "stderr": result.stderr[-500:],
        }
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


class Worker:
    def __init__(self, home: Path) -> None:
        self.home = home
        env = {k: v for k, v in os.environ.items() if not k.startswith("EXPORTSCREEN_")}
        env["EXPORTSCREEN_CACHE_DIR"] = str(home / "cache")
        env["EXPORTSCREEN_AUDIT_DB"] = str(home / "audit.sqlite3")
        env["COLUMNS"] = "100"
        # The worker's own stderr (not the CLI's, which CliRunner captures) goes to a file.
        self.errors = (home / "worker-stderr.txt").open("w")
        self.process = subprocess.Popen(
            [sys.executable, __file__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
            env=env,
            cwd=home,
        )

    def run(self, *args: str, limit: float = TIME_LIMIT) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(list(args)) + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], limit + 10)
        assert ready, f"no answer within {limit + 10} s: {args}"
        line = self.process.stdout.readline()
        if not line:
            self.errors.flush()
            died = (self.home / "worker-stderr.txt").read_text()[-2000:]
            raise AssertionError(f"the worker died (memory limit?) on {args}: {died}")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=30)
        self.errors.close()


@pytest.fixture(scope="module")
def worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Worker]:
    home = tmp_path_factory.mktemp("property-cli")
    running = Worker(home)
    # Warm the engine cache once, so that each example measures the run, not the first compile.
    running.run("check", "--hs", "8112929010", "--description", "gallium", limit=120)
    yield running
    running.close()


def assert_holds(answer: dict[str, Any], what: str) -> None:
    assert answer["crash"] is None, f"{what}: {answer['crash']}"
    assert not answer["traceback"], f"{what}: {answer['stderr']}"
    assert answer["code"] in (0, 1, 2), f"{what}: exit {answer['code']}: {answer['stderr']}"
    assert answer["elapsed"] < TIME_LIMIT, f"{what}: took {answer['elapsed']:.1f} s"


_counter = iter(range(10**9))


# --- strategies ----------------------------------------------------------------------------------

HEADERS = [
    "HS Code",
    "Description",
    "spec",
    "Destination",
    "Consignee",
    "end user",
    "date",
    "quantity",
    "unit",
    "数量及单位",
    "商品编号",
    "境外收货人",
    "vessel imo",
    "consignee id",
]
CELL_WORDS = [
    "8112929010",
    "2805301100",
    "gallium metal 4N",
    "graphite",
    "DE",
    "US",
    "美国",
    "Lockheed Martin Corporation",
    "2025-06-03",
    "0025-06-03",
    "100千克",
    "IMO 9187629",
    "=1+1",
    "",
]
cells = st.one_of(st.sampled_from(CELL_WORDS), st.text(max_size=40))
header_row = st.lists(
    st.one_of(st.sampled_from(HEADERS), st.text(max_size=12)), min_size=1, max_size=8
)


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[bytes, str | None]:
    """A CSV in a random dialect and encoding; the encoding passed with --encoding, or None."""
    headers = draw(header_row)
    rows = draw(st.lists(st.lists(cells, max_size=10), max_size=8))
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=draw(st.sampled_from([",", ";", "\t", "|"])),
        quotechar=draw(st.sampled_from(['"', "'"])),
        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC])),
        lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"])),
    )
    writer.writerow(headers)
    writer.writerows(rows)
    text = draw(st.sampled_from(["", "\ufeff", "\ufeff\ufeff"])) + buffer.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "gb18030", "utf-16", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    passed = draw(st.sampled_from([None, encoding, "utf-8", "utf-16", "rot13", "big5"]))
    return data, passed


yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30), st.dates()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=20,
)
declaration_like = st.dictionaries(
    st.sampled_from(
        ["hs_code", "description", "destination", "consignee", "date", "quantity", "unit", "x"]
    ),
    st.one_of(st.sampled_from(CELL_WORDS), yaml_values),
    max_size=8,
)
rules_like = st.fixed_dictionaries(
    {"kind": st.sampled_from(["control_list", "measure", "party_list", "vocabulary", "x"])},
    optional={
        "id": st.text(max_size=20),
        "items": st.lists(st.dictionaries(st.text(max_size=10), yaml_values), max_size=3),
        "effective": st.dates(),
    },
)


@st.composite
def yaml_texts(draw: st.DrawFn, mappings: st.SearchStrategy[Any]) -> bytes:
    """Valid YAML of a random mapping, sometimes damaged, with aliases or anchors spliced in."""
    text = yaml.safe_dump(draw(mappings), allow_unicode=True, sort_keys=False)
    damage = draw(st.sampled_from(["none", "cut", "alias", "tab", "dup", "bytes"]))
    if damage == "cut" and text:
        text = text[: draw(st.integers(0, len(text)))]
    elif damage == "alias":
        text = "x: &x [a, b, c]\ny: [*x, *x, *x]\n" + text
    elif damage == "tab":
        text = text.replace("  ", "\t")
    elif damage == "dup":
        text += text.splitlines()[0] + "\n" if text.strip() else ""
    data = text.encode("utf-8")
    if damage == "bytes":
        data += draw(st.binary(max_size=40))
    return data


@st.composite
def xlsx_files(draw: st.DrawFn) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheets = [workbook.active] + [
        workbook.create_sheet(f"S{i}") for i in range(draw(st.integers(0, 2)))
    ]
    for sheet in sheets:
        assert sheet is not None
        if draw(st.booleans()):
            sheet.append([_xlsx_safe(value) for value in draw(header_row)])
        for row in draw(st.lists(st.lists(cells, max_size=8), max_size=6)):
            sheet.append([_xlsx_safe(value) for value in row])
        if sheet is not sheets[-1] and draw(st.booleans()):  # one sheet at least stays visible
            sheet.sheet_state = draw(st.sampled_from(["hidden", "veryHidden"]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_safe(value: str) -> str:
    # openpyxl refuses control characters other than tab, newline and carriage return.
    return "".join(ch for ch in value if ch >= " " or ch in "\t\n\r")


# --- the properties ------------------------------------------------------------------------------


def write(worker: Worker, suffix: str, data: bytes) -> str:
    """Write ``data`` into the worker's directory; return the name the worker opens it by."""
    name = f"input-{next(_counter)}{suffix}"
    (worker.home / name).write_bytes(data)
    return name


@PROFILE
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".xlsx", ".yaml", ".json"]))
def test_random_bytes(worker: Worker, data: bytes, suffix: str) -> None:
    """issue 12, Done when: random bytes as a manifest, a declaration and a rules file."""
    name = write(worker, suffix, data)
    assert_holds(worker.run("screen", name, "--no-progress", "-f", "jsonl"), f"screen {data!r}")
    assert_holds(worker.run("check", "--file", name, "--hs", "2805301100"), f"check {data!r}")
    assert_holds(worker.run("rules", "validate", name), f"rules validate {data!r}")


@PROFILE
@given(case=csv_files())
def test_random_csv_dialects(worker: Worker, case: tuple[bytes, str | None]) -> None:
    """issue 12, Done when: CSV in random dialects and encodings, with or without --encoding."""
    data, encoding = case
    name = write(worker, ".csv", data)
    args = ["screen", name, "--no-progress", "-f", "jsonl", "--jobs", "1"]
    if encoding:
        args += ["--encoding", encoding]
    assert_holds(worker.run(*args), f"screen {data[:200]!r} {encoding}")


@PROFILE
@given(data=yaml_texts(declaration_like))
def test_random_declaration_yaml(worker: Worker, data: bytes) -> None:
    """issue 12, Done when: random YAML declarations for `check --file`."""
    name = write(worker, ".yaml", data)
    assert_holds(worker.run("check", "--file", name, "--format", "json"), f"check {data!r}")


@PROFILE
@given(data=yaml_texts(rules_like))
def test_random_rules_yaml(worker: Worker, data: bytes) -> None:
    """issue 12, Done when: random YAML rules files for `rules validate`."""
    name = write(worker, ".yaml", data)
    assert_holds(worker.run("rules", "validate", name), f"rules validate {data!r}")


@PROFILE
@given(data=xlsx_files())
def test_random_xlsx_workbooks(worker: Worker, data: bytes) -> None:
    """issue 12, Done when: random XLSX workbooks (hidden sheets, formulas, blank headers)."""
    name = write(worker, ".xlsx", data)
    assert_holds(worker.run("screen", name, "--no-progress", "-f", "jsonl"), "screen xlsx")


if __name__ == "__main__":  # the worker process
    _worker()
