"""Wall time of one `exportscreen check` process against the import floor of its libraries.

The floor is a bare `python -c "import typer, pydantic, yaml, rich, rapidfuzz"`: no CLI can start
faster than the libraries it is built on. The target is a check within 2x of that floor.

    python bench/check_latency.py [--runs 15]

The first check run warms the compiled-rules cache (as a user's first run does); the figures are
for the runs after it. A cold run (cache disabled) is reported as well.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

FLOOR = [sys.executable, "-c", "import typer, pydantic, yaml, rich, rapidfuzz"]
CHECK_ARGS = [
    "check",
    "--hs",
    "8112929010",
    "--description",
    "gallium metal ingots 4N",
    "--destination",
    "DE",
    "--format",
    "json",
    "--fail-on",
    "never",
]


def exportscreen_command() -> list[str]:
    script = shutil.which("exportscreen", path=os.path.dirname(sys.executable))
    return [script] if script else [sys.executable, "-m", "exportscreen"]


def timed(command: list[str], runs: int, env: dict[str, str] | None = None) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per command (default 15)")
    args = parser.parse_args()
    check = exportscreen_command() + CHECK_ARGS
    subprocess.run(check, check=True, stdout=subprocess.DEVNULL)  # warm the rules cache
    floor = timed(FLOOR, args.runs)
    warm = timed(check, args.runs)
    cold = timed(check, max(3, args.runs // 5), env={**os.environ, "EXPORTSCREEN_CACHE_DIR": "off"})
    print(f"{'command':<40} {'median s':>9} {'min s':>7} {'x floor':>8}")
    base = statistics.median(floor)
    for name, times in (
        ("import floor (typer, pydantic, ...)", floor),
        ("exportscreen check (cached rules)", warm),
        ("exportscreen check (no cache)", cold),
    ):
        median = statistics.median(times)
        print(f"{name:<40} {median:>9.3f} {min(times):>7.3f} {median / base:>8.2f}")


if __name__ == "__main__":
    main()
