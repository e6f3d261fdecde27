"""End-to-end throughput and peak memory of `exportscreen screen` on a large generated manifest.

A manifest of N rows (default 100,000) is generated deterministically (random.Random(seed)) into
a temporary directory: Chinese declaration headers, rows in Chinese or in English, about 30 %
strategic minerals (some above, some below their thresholds, some without the parameter) and 70 %
ordinary goods; consignees drawn from a pool of N/10 invented names (so about 10 % of rows bring
a new name), a few of them listed parties under variant spellings, and an end user on some rows.

Each configuration runs as a child process, exactly as a user runs it:

    exportscreen screen FILE --format jsonl -o /dev/null --no-progress --jobs J [--party-list SDN]

once with --jobs 1 (classification in the one process) and once with --jobs auto (worker
processes, one per usable CPU, at most 4), `--repeat` times each (default 3); the summary gives
the min and median of every figure over the repeats.

Wall time covers everything (start-up, loading rules and lists, reading, screening, writing).
CPU time (user + system) comes from os.wait4 on the child and includes the worker processes the
child started and reaped, so it shows the total work, which on a shared machine is steadier
than wall time.

Memory: the process tree (the child and every process it forked) is sampled every SAMPLE_EVERY
seconds from /proc (Linux only). Three figures:
- peak MB: the sum over every process of its own peak resident set (VmHWM, last sampled value;
  for the main process also at least os.wait4's ru_maxrss, which is the largest single process
  of the tree). Pages a forked worker still shares with its parent count once per process, and
  the per-process peaks need not fall at the same moment, so this overstates what the tree held
  at any one time: it is the conservative figure the targets are checked against.
- sampled MB: the largest sum of current RSS over the tree at one sampling moment (still counts
  shared pages once per process; can miss a peak between samples).
- PSS MB: the largest sum of proportional set sizes (/proc/PID/smaps_rollup), in which a page
  shared by k processes counts 1/k in each: the physical memory the tree used, best estimate.
Without /proc only wait4's ru_maxrss is available (the largest single process), and it is shown.

Targets: at 100k rows with the SDN list added, >= 5,000 rows/s and < 500 MB; no memory growth
from 100k to 400k rows (--compare-sizes, which also runs 400k rows with the 100k file's names,
to tell growth with the file's length from growth with its number of distinct names).

Run from the repository root:
    python bench/manifest.py [--rows 100000] [--seed 20250601] [--sdn PATH] [--repeat 3]
                             [--jobs 1 --jobs auto] [--compare-sizes]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

DEFAULT_SDN = Path("/work/shared/data/ofac-sdn-2021/sdn.csv")
FIRST_DAY = date(2024, 1, 1)
HEADERS = (
    "商品编号",
    "商品名称",
    "规格型号",
    "数量及单位",
    "总价",
    "币制",
    "最终目的国（地区）",
    "境外收货人",
    "境外收货人国别",
    "最终用户",
    "最终用途",
    "出口日期",
)


@dataclass(frozen=True)
class Goods:
    hs: str
    en: str
    zh: str
    spec_en: str  # may hold one {} for a varying value
    spec_zh: str
    values: tuple[str, ...] = ("",)
    unit_zh: str = "千克"
    weight: int = 1


# Weights: ordinary goods dominate real manifests; the minerals make the classifier and its
# parameter extraction do real work. Specs vary over a few values each, as they do in practice.
GOODS = (
    Goods("8112929010", "gallium metal ingots", "金属镓锭", "purity {}", "纯度{}",
          ("99.99%", "99.999%", "99.9999%"), weight=3),
    Goods("8112921010", "germanium ingots", "锗锭", "{}", "{}", ("5N", "6N"), weight=2),
    Goods("3801909010", "isostatic graphite blocks", "等静压石墨块",
          "purity {}, flexural strength 45 MPa, density 1.85 g/cm3",
          "纯度{} 抗折强度45MPa 体积密度1.85g/cm3", ("99.5%", "99.95%", "99.995%"), weight=3),
    Goods("3801909010", "high-purity graphite powder", "高纯石墨粉", "purity {}", "纯度{}",
          ("99.9%", "99.99%"), weight=1),
    Goods("2825800010", "antimony trioxide", "三氧化二锑", "Sb2O3 {}", "Sb2O3含量{}",
          ("99.5%", "99.8%", "99.99%", ""), weight=3),
    Goods("2841801000", "ammonium paratungstate", "仲钨酸铵", "WO3 {}", "WO3含量{}",
          ("88.5%", "89%"), weight=2),
    Goods("2846901500", "dysprosium oxide", "氧化镝", "Dy2O3/TREO {}", "Dy2O3/TREO {}",
          ("99.5%", "99.9%"), weight=1),
    Goods("8505111000", "sintered NdFeB magnets", "烧结钕铁硼磁体", "grade {}", "牌号{}",
          ("N45SH, Dy 2.5%", "N52", "N42, Dy-free"), unit_zh="个", weight=3),
    Goods("7105102000", "synthetic diamond micropowder", "人造金刚石微粉", "particle size {}",
          "粒度{}", ("10-20 µm", "40 µm", "60 µm"), weight=1),
    Goods("8507600090", "lithium-ion battery cells", "锂离子电芯", "energy density {}",
          "能量密度{}", ("250 Wh/kg", "280 Wh/kg", "320 Wh/kg"), unit_zh="个", weight=3),
    Goods("8471300000", "laptop computers", "笔记本电脑", "{} inch", "{}英寸",
          ("13", "14", "15.6"), unit_zh="台", weight=8),
    Goods("6109100022", "men's cotton T-shirts", "男式棉制针织T恤衫", "{} cotton", "{}棉",
          ("100%", "95%"), unit_zh="件", weight=10),
    Goods("6907210000", "porcelain floor tiles", "瓷质地砖", "{} mm", "{}mm",
          ("600 x 600", "800 x 800"), weight=8),
    Goods("8539520000", "LED lamps", "LED灯泡", "{} W", "{}W", ("5", "9", "12"),
          unit_zh="个", weight=8),
    Goods("7408110000", "copper wire", "铜线", "diameter {}", "直径{}", ("0.8 mm", "2 mm"),
          weight=6),
    Goods("9403300000", "office desks, wooden", "木制办公桌", "{}", "{}",
          ("1400 x 700 mm", "1600 x 800 mm"), unit_zh="张", weight=6),
    Goods("8516600000", "electric rice cookers", "电饭煲", "{} L", "{}升", ("3", "5"),
          unit_zh="台", weight=6),
    Goods("3926909090", "plastic storage boxes", "塑料收纳箱", "{} L", "{}升", ("20", "45"),
          unit_zh="个", weight=6),
    Goods("7318159090", "stainless steel bolts", "不锈钢螺栓", "M{}", "M{}", ("8", "10", "12"),
          weight=6),
    Goods("6402991000", "sports shoes", "运动鞋", "size {}", "尺码{}", ("40", "42", "44"),
          unit_zh="双", weight=6),
)  # fmt: skip

# Destination as written on declarations: an ISO code in English rows, the Chinese name in others.
COUNTRIES = (
    ("DE", "德国"), ("US", "美国"), ("JP", "日本"), ("KR", "韩国"), ("NL", "荷兰"),
    ("FR", "法国"), ("GB", "英国"), ("IT", "意大利"), ("VN", "越南"), ("IN", "印度"),
    ("SG", "新加坡"), ("AU", "澳大利亚"), ("BR", "巴西"), ("MX", "墨西哥"), ("TH", "泰国"),
)  # fmt: skip
WORDS = (
    "Nordwind", "Alder", "Baltic", "Cobalt Bay", "Delta", "Everest", "Fjord", "Granite",
    "Harbor", "Iberia", "Juniper", "Kestrel", "Lakeside", "Meridian", "Northstar", "Orchid",
    "Pioneer", "Quartz", "Riverside", "Summit", "Tidewater", "Unity", "Vista", "Westgate",
    "Yarrow", "Zenith", "Crescent", "Bluewater", "Redwood", "Silverline", "Oakridge", "Sunrise",
)  # fmt: skip
TRADES = (
    "Trading", "Industries", "Components", "Materials", "Electronics", "Logistics", "Supply",
    "Imports", "Distribution", "Technologies", "Metals", "Home Goods", "Apparel", "Tools",
)  # fmt: skip
FORMS = ("GmbH", "Ltd", "Ltd.", "LLC", "Inc.", "B.V.", "S.A.", "Co., Ltd.", "Pty Ltd", "SARL",
         "S.r.l.", "K.K.", "Pte. Ltd.", "Corp.")  # fmt: skip
CJK_PARTS = ("东", "瀛", "精", "密", "汉", "江", "海", "通", "联", "合", "星", "辰", "华",
             "信", "达", "远", "富", "源", "新", "成")  # fmt: skip
CJK_FORMS = ("株式会社", "有限公司", "贸易公司", "商事株式会社")
# Listed parties under the variant spellings a manifest would carry: about 1 % of consignees.
LISTED = (
    "GENERAL-DYNAMICS LAND SYSTEMS, INC.", "Lockheed Martin Corp.", "Skydio Inc",
    "Subaru Corp.", "斯巴鲁株式会社", "洛克希德·马丁公司", "TDK Corp", "Raytheon Missile Systems",
)  # fmt: skip
END_USERS = (
    "Regional Power Utility", "University Materials Lab", "Army Research Laboratory",
    "Municipal Transit Authority", "Naval Systems Command", "Automotive Plant No. 3",
)  # fmt: skip
END_USES = ("civil construction", "consumer electronics", "military night-vision optics",
            "research", "军用雷达", "民用")  # fmt: skip


def consignee_pool(size: int, rng: random.Random) -> list[tuple[str, str]]:
    """``size`` distinct (name, country code) pairs: mostly Latin, some CJK, ~1 % listed."""
    names: dict[str, str] = {}
    while len(names) < size:
        roll = rng.random()
        country = rng.choice(COUNTRIES)[0]
        if roll < 0.01:
            name = rng.choice(LISTED)
            name = name if name not in names else f"{name} {rng.randrange(100)}"
        elif roll < 0.15:
            stem = "".join(rng.choice(CJK_PARTS) for _ in range(rng.randrange(2, 5)))
            name = stem + rng.choice(CJK_FORMS)
        else:
            words = rng.sample(WORDS, rng.randrange(1, 3))
            name = f"{' '.join(words)} {rng.choice(TRADES)} {rng.choice(FORMS)}"
            if name in names:  # the vocabulary runs out near 100k names: number the branches
                name = f"{name} ({rng.randrange(1, 999)})"
        names.setdefault(name, country)
    return list(names.items())


def manifest_rows(rows: int, seed: int, consignees: int) -> Iterator[list[str]]:
    rng = random.Random(seed)
    pool = consignee_pool(max(1, consignees), rng)
    weights = [goods.weight for goods in GOODS]
    names = dict(COUNTRIES)
    for _ in range(rows):
        goods = rng.choices(GOODS, weights)[0]
        value = rng.choice(goods.values)
        chinese = rng.random() < 0.5
        name, country = rng.choice(pool)
        # One shipment in ten goes elsewhere than the consignee's country (transshipment check).
        destination = country if rng.random() < 0.9 else rng.choice(COUNTRIES)[0]
        quantity = rng.randrange(1, 5000)
        end_user, end_use = "", ""
        if rng.random() < 0.1:
            end_user, end_use = rng.choice(END_USERS), rng.choice(END_USES)
        # Shipment dates over 2024-2026, so measures starting and ending in between all apply.
        day = (FIRST_DAY + timedelta(days=rng.randrange(3 * 365))).strftime("%Y%m%d")
        yield [
            goods.hs,
            goods.zh if chinese else goods.en,
            (goods.spec_zh if chinese else goods.spec_en).format(value).strip(),
            f"{quantity}{goods.unit_zh}",
            f"{quantity * rng.randrange(2, 400)}",
            "美元" if chinese else "USD",
            names[destination] if chinese else destination,
            name,
            names[country] if chinese else country,
            end_user,
            end_use,
            day if chinese else f"{day[:4]}-{day[4:6]}-{day[6:]}",
        ]


def write_manifest(path: Path, rows: int, seed: int, consignees: int) -> None:
    # Streamed to disk, so generating 400k rows does not inflate this process either.
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(manifest_rows(rows, seed, consignees))


def exportscreen_command() -> list[str]:
    script = shutil.which("exportscreen", path=os.path.dirname(sys.executable))
    return [script] if script else [sys.executable, "-m", "exportscreen"]


@dataclass(frozen=True)
class Run:
    label: str
    rows: int
    seconds: float  # wall time
    cpu_seconds: float  # user + system of the child and its reaped workers
    peak_mb: float  # sum of every process's own peak RSS (see the module docstring)
    sampled_mb: float | None  # largest sampled sum of RSS over the tree
    pss_mb: float | None  # largest sampled sum of PSS over the tree
    processes: int  # processes seen in the tree (1: no workers)
    exit_code: int
    # (seconds since start, tree RSS MB) every SAMPLE_EVERY seconds, where /proc allows it
    samples: tuple[tuple[float, float], ...] = ()

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds

    def rss_at(self, fraction: float) -> float | None:
        """Tree RSS at ``fraction`` of the run's wall time (the last sample before)."""
        before = [mb for at, mb in self.samples if at <= fraction * self.seconds]
        return before[-1] if before else None


SAMPLE_EVERY = 0.25


def _status_kb(pid: int, *fields: str) -> dict[str, int]:
    found: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                name = line.split(":", 1)[0]
                if name in fields:
                    found[name] = int(line.split()[1])
    except (OSError, ValueError):  # not Linux, or the process has just exited
        return {}
    return found


def _pss_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _descendants(pid: int) -> list[int]:
    """Every process forked from ``pid``, at any depth (children of any of its threads)."""
    found: list[int] = []
    stack = [pid]
    while stack:
        parent = stack.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{parent}/task/{task}/children", encoding="ascii") as handle:
                    children = [int(c) for c in handle.read().split()]
            except (OSError, ValueError):
                continue
            found.extend(children)
            stack.extend(children)
    return found


class TreeSampler:
    """Per-process peaks and tree-wide sums of RSS and PSS, from /proc."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.hwm_kb: dict[int, int] = {}  # pid -> its peak RSS (VmHWM), last seen
        self.samples: list[tuple[float, float]] = []
        self.max_rss_kb: int | None = None
        self.max_pss_kb: int | None = None

    def sample(self, at: float) -> None:
        rss_total = 0
        pss_total: int | None = 0
        seen = False
        for pid in [self.root, *_descendants(self.root)]:
            status = _status_kb(pid, "VmRSS", "VmHWM")
            if "VmRSS" not in status:
                continue
            seen = True
            rss_total += status["VmRSS"]
            self.hwm_kb[pid] = max(self.hwm_kb.get(pid, 0), status.get("VmHWM", 0))
            pss = _pss_kb(pid)
            pss_total = None if pss is None or pss_total is None else pss_total + pss
        if not seen:
            return
        self.samples.append((at, rss_total / 1024))
        self.max_rss_kb = max(self.max_rss_kb or 0, rss_total)
        if pss_total is not None:
            self.max_pss_kb = max(self.max_pss_kb or 0, pss_total)


def run_screen(label: str, manifest: Path, rows: int, extra: Sequence[str]) -> Run:
    command = [
        *exportscreen_command(),
        "screen",
        str(manifest),
        "--format",
        "jsonl",
        "-o",
        os.devnull,
        "--no-progress",
        *extra,
    ]
    # stderr to a file, not a pipe: nobody reads a pipe while the child runs, so it could fill.
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        sampler = TreeSampler(process.pid)
        while True:
            # os.wait4 gives this child's own rusage (with the workers it reaped);
            # getrusage(RUSAGE_CHILDREN) would report the largest child so far, hiding a
            # smaller second run behind the first.
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            sampler.sample(time.perf_counter() - started)
            time.sleep(SAMPLE_EVERY)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # already reaped: tell Popen
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    if process.returncode not in (0, 1, 2):
        raise SystemExit(f"{label}: exportscreen exited {process.returncode}\n{stderr}")
    if process.returncode == 2 and stderr.strip():
        raise SystemExit(f"{label}: exportscreen could not run\n{stderr}")
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    divisor = 1024 * 1024 if sys.platform == "darwin" else 1024
    largest = usage.ru_maxrss / divisor  # the largest single process of the tree
    main_peak = max(
        sampler.hwm_kb.get(process.pid, 0) / 1024, 0 if len(sampler.hwm_kb) > 1 else largest
    )
    others = sum(kb for pid, kb in sampler.hwm_kb.items() if pid != process.pid) / 1024
    peak = max(main_peak + others, largest)
    return Run(
        label,
        rows,
        seconds,
        usage.ru_utime + usage.ru_stime,
        peak,
        None if sampler.max_rss_kb is None else sampler.max_rss_kb / 1024,
        None if sampler.max_pss_kb is None else sampler.max_pss_kb / 1024,
        max(1, len(sampler.hwm_kb)),
        process.returncode,
        tuple(sampler.samples),
    )


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def print_table(runs: Sequence[Run]) -> None:
    print(
        f"{'run':<52}{'rows':>9}{'wall s':>8}{'rows/s':>8}{'cpu s':>8}{'rows/cpu s':>11}"
        f"{'procs':>6}{'MB@25%':>8}{'peak MB':>8}{'sampled':>8}{'PSS MB':>7}{'exit':>5}"
    )
    for run in runs:
        # Rates of a one-row run would only restate its start-up time.
        rate = f"{run.rows_per_second:,.0f}" if run.rows > 1 else "-"
        cpu_rate = f"{run.rows / run.cpu_seconds:,.0f}" if run.rows > 1 else "-"
        early = _mb(run.rss_at(0.25)) if run.rows > 1 else "-"
        print(
            f"{run.label:<52}{run.rows:>9,}{run.seconds:>8.2f}{rate:>8}{run.cpu_seconds:>8.2f}"
            f"{cpu_rate:>11}{run.processes:>6}{early:>8}{run.peak_mb:>8.0f}"
            f"{_mb(run.sampled_mb):>8}{_mb(run.pss_mb):>7}{run.exit_code:>5}"
        )


def by_configuration(runs: Sequence[Run]) -> dict[str, list[Run]]:
    """The repeats of each configuration, by label without its "#n" suffix, in first-run order."""
    groups: dict[str, list[Run]] = {}
    for run in runs:
        groups.setdefault(run.label.split(" #")[0], []).append(run)
    return groups


def print_summary(runs: Sequence[Run]) -> None:
    """Min and median over the repeats of each configuration."""
    groups = by_configuration(runs)
    print(
        f"{'configuration':<52}{'n':>3}{'rows/s min':>12}{'median':>9}{'max':>8}"
        f"{'cpu s med':>10}{'peak MB max':>12}{'PSS MB max':>11}"
    )
    for label, group in groups.items():
        if group[0].rows <= 1:
            seconds = sorted(r.seconds for r in group)
            print(f"{label:<52}{len(group):>3}  start-up s min {seconds[0]:.2f}, "
                  f"median {statistics.median(seconds):.2f}")  # fmt: skip
            continue
        rates = sorted(r.rows_per_second for r in group)
        pss = [r.pss_mb for r in group if r.pss_mb is not None]
        print(
            f"{label:<52}{len(group):>3}{rates[0]:>12,.0f}{statistics.median(rates):>9,.0f}"
            f"{rates[-1]:>8,.0f}{statistics.median(r.cpu_seconds for r in group):>10.1f}"
            f"{max(r.peak_mb for r in group):>12.0f}{_mb(max(pss) if pss else None):>11}"
        )


@dataclass(frozen=True)
class Case:
    rows: int
    consignees: int  # size of the consignee pool: the distinct names the party memo will hold

    @property
    def label(self) -> str:
        return f"{self.rows:,} rows, {self.consignees:,} names"


def compare_memory(runs: Sequence[Run], cases: Sequence[Case], configs: Sequence[str]) -> None:
    """Does peak memory grow with the file? Within one 400k run and across the runs."""
    base, more_names, more_rows = cases
    by_label = by_configuration(runs)
    for config in configs:
        print(f"{config}:")
        small = max(by_label[f"{config}, {base.label}"], key=lambda r: r.peak_mb)
        for case in (more_rows, more_names):
            large = max(by_label[f"{config}, {case.label}"], key=lambda r: r.peak_mb)
            # Within the run: tree RSS a quarter of the way in (about the first 100k rows of
            # 400k) against the largest sample. One run, so free of run-to-run noise.
            quarter = large.rss_at(0.25)
            if quarter is not None and large.sampled_mb is not None:
                grows = large.sampled_mb > quarter * 1.10
                print(
                    f"  {case.label}: {quarter:.0f} MB at 25 % of the run, largest sample "
                    f"{large.sampled_mb:.0f} MB ({large.sampled_mb - quarter:+.0f} MB): "
                    f"{'GROWS' if grows else 'flat'} within the run"
                )
            # Across runs: peaks of separate processes differ by up to ~10 MB per process even
            # for the same file (allocator and collector timing), so only a larger step means
            # growth.
            print(
                f"  peak {small.peak_mb:.0f} MB (PSS {_mb(small.pss_mb)}) at {base.label} -> "
                f"{large.peak_mb:.0f} MB (PSS {_mb(large.pss_mb)}) at {case.label} "
                f"({large.peak_mb - small.peak_mb:+.0f} MB across runs)"
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20250601)
    parser.add_argument("--sdn", type=Path, default=DEFAULT_SDN, help="OFAC sdn.csv to add")
    parser.add_argument(
        "--jobs",
        action="append",
        default=None,
        help="--jobs value to run with (repeatable; default: 1 and auto)",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each configuration (default 3)"
    )
    parser.add_argument(
        "--audit",
        type=Path,
        default=None,
        help="also record the runs in this audit store (default: --no-audit, so the benchmark "
        "neither measures nor fills the user's audit store)",
    )
    parser.add_argument(
        "--compare-sizes",
        action="store_true",
        help="screen 100k and 400k rows (with 10k and with 40k names) and compare peak memory",
    )
    args = parser.parse_args(argv)

    sdn: Path | None = args.sdn
    if sdn is not None and not sdn.is_file():
        print(f"note: {sdn} not found; skipping the runs with the SDN list added")
        sdn = None
    audit = ["--audit-db", str(args.audit)] if args.audit else ["--no-audit"]
    lists: dict[str, list[str]] = {"built-in lists": []}
    if sdn:
        lists["built-in + SDN"] = ["--party-list", str(sdn)]
    configs: dict[str, list[str]] = {
        f"{name}, --jobs {jobs}": [*extra, "--jobs", jobs, *audit]
        for name, extra in lists.items()
        for jobs in args.jobs or ["1", "auto"]
    }

    if args.compare_sizes:
        # 400k rows twice: with 10 % distinct names (40k, as in real files) and with the same 10k
        # names as the 100k file, which tells growth with rows from growth with distinct names.
        cases = [Case(100_000, 10_000), Case(400_000, 40_000), Case(400_000, 10_000)]
    else:
        cases = [Case(args.rows, max(1, args.rows // 10))]

    with tempfile.TemporaryDirectory(prefix="exportscreen-bench-") as tmp:
        directory = Path(tmp)
        one_row = directory / "one-row.csv"
        write_manifest(one_row, 1, args.seed, 1)
        manifests: dict[Case, Path] = {}
        for case in cases:
            began = time.perf_counter()
            manifests[case] = directory / f"manifest-{case.rows}-{case.consignees}.csv"
            write_manifest(manifests[case], case.rows, args.seed, case.consignees)
            megabytes = manifests[case].stat().st_size / 1e6
            took = time.perf_counter() - began
            print(f"generated {case.label} ({megabytes:.1f} MB) in {took:.1f} s")

        # The first runs compile the rules and index the SDN list into the user cache, as a
        # user's first run does; they are not measured, so every measured run starts warm.
        for extra in lists.values():
            run_screen("warm-up", one_row, 1, [*extra, "--no-audit"])
        runs: list[Run] = []
        # Repeats interleave the configurations, so a burst of load on the machine does not
        # fall on all the runs of one configuration.
        for repeat in range(1, args.repeat + 1):
            for name, extra in lists.items():
                label = f"start-up (1 row), {name} #{repeat}"
                runs.append(run_screen(label, one_row, 1, [*extra, *audit]))
            for case in cases:
                for config, extra in configs.items():
                    label = f"{config}, {case.label} #{repeat}"
                    runs.append(run_screen(label, manifests[case], case.rows, extra))
                    print(f"  {label}: {runs[-1].rows_per_second:,.0f} rows/s", flush=True)

    print()
    print_table(runs)
    print()
    print_summary(runs)
    if args.compare_sizes:
        print()
        compare_memory(runs, cases, list(configs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
