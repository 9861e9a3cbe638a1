"""The machine description, the figures table and the target checks, as Markdown."""

from __future__ import annotations

import asyncio
import hashlib
import os
import platform
import sqlite3
import statistics
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

LABELS = {
    "get": "GET by id",
    "list1": "list page 1 (250 rows)",
    "list2000": "list page {deep} (250 rows)",
    "voice": "voice settings page 1 (250 rows)",
    "messaging": "messaging settings page 1 (250 rows)",
    "patch": "PATCH",
}
ROWS = 250


def machine(postgres_url: str | None) -> dict[str, Any]:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    mem_kb = int(next(line.split()[1] for line in meminfo if line.startswith("MemTotal")))
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split("[")[0].strip()
    info: dict[str, Any] = {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "wrk": wrk,
    }
    info["source"] = source()
    if postgres_url:
        import asyncpg

        async def version() -> str:
            conn = await asyncpg.connect(postgres_url)
            try:
                return str(await conn.fetchval("SHOW server_version"))
            finally:
                await conn.close()

        info["postgresql"] = asyncio.run(version())
    return info


def source() -> dict[str, Any]:
    """The commit measured, and the files that differed from it (read-only git calls)."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", "--no-optional-locks", *args], capture_output=True, text=True, cwd=ROOT)
        return done.stdout

    changed = [line[3:] for line in git("status", "--porcelain", "--", "src").splitlines()]
    # A digest of the code as it is on disk: tells whether two runs (or a run's start and end) saw
    # the same code even when it differs from the commit.
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src").rglob("*.py")):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return {
        "commit": git("rev-parse", "--short", "HEAD").strip(),
        "uncommitted_src_files": changed,
        "src_sha256": digest.hexdigest()[:16],
    }


def _ms(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def table(results: dict[str, Any]) -> str:
    lines = [
        "| engine | scenario | telconf req/s | p50 ms | p99 ms | reference req/s | telconf/reference |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for engine, e in results["engines"].items():
        for name, label in LABELS.items():
            t, r = e["telconf"][name], e["reference"][name]
            scenario = label.format(deep=format(e["deep_page"], ","))
            lines.append(
                f"| {engine} | {scenario} | {t['rps']:,.0f} | {_ms(t['p50_ms'])} | "
                f"{_ms(t['p99_ms'])} | {r['rps']:,.0f} | {t['rps'] / r['rps']:.2f}× |"
            )
        two = e["get_2_workers"]
        lines.append(
            f"| {engine} | GET by id, `--workers 2` | {two['rps']:,.0f} | {_ms(two['p50_ms'])} | "
            f"{_ms(two['p99_ms'])} | | {two['rps'] / e['telconf']['get']['rps']:.2f}× of 1 worker |"
        )
        if e.get("worker_pairs"):
            ratios = ", ".join(f"{pair['ratio']:.2f}×" for pair in e["worker_pairs"])
            lines.append(
                f"| {engine} | GET by id, 2 workers vs 1, {len(e['worker_pairs'])} pairs run one after the other "
                "| | | | | "
                f"{ratios} (median {pair_ratio(e):.2f}×) |"
            )
        for name, pairs in e.get("reference_pairs", {}).items():
            ratios = ", ".join(f"{pair['ratio']:.2f}×" for pair in pairs)
            lines.append(
                f"| {engine} | {LABELS[name]} vs the reference, {len(pairs)} pairs run one after the other "
                f"| | | | | {ratios} (median {reference_ratio(e, name):.2f}×) |"
            )
        for name, run in e.get("mixed", {}).items():  # runs before the mixed scenario have none
            label = {"get": "GET beside PATCH", "patch": "PATCH beside GET"}[name]
            lines.append(
                f"| {engine} | {label} (16 + 16 clients) | {run['rps']:,.0f} | "
                f"{_ms(run['p50_ms'])} | {_ms(run['p99_ms'])} | | |"
            )
    errors = [
        f"{engine} {name}: {run['errors_status']} non-2xx, {run['errors_socket']} socket errors"
        for engine, e in results["engines"].items()
        for name, run in [*e["telconf"].items(), ("get_2_workers", e["get_2_workers"])]
        if run["errors_status"] or run["errors_socket"]
    ]
    out = "\n".join(lines) + "\n\n" + targets(results)
    probes = [f"{engine} {e['speed_probe_ms']} ms" for engine, e in results["engines"].items() if "speed_probe_ms" in e]
    if probes:  # runs before the probe existed have none
        end = results["machine"].get("speed_probe_end_ms")
        out += (
            "\n\nSpeed probe (one core, a fixed piece of Python; less is faster; the load, rows/s and "
            "req/s scale with it): before each engine " + ", ".join(probes) + (f"; at the end {end} ms" if end else "")
        )
    if errors:
        out += "\n\nErrors during the runs: " + "; ".join(errors)
    if disturbed(results):
        out += "\n\nOther processes took CPU during: " + ", ".join(disturbed(results))
    if stolen(results):
        out += "\n\nThe host took CPU from this machine (steal) during: " + ", ".join(stolen(results))
    return out


# Cores' worth of CPU the host took from a run (`/proc/stat`'s steal) above which the run is named:
# a throttled virtual machine stalls for tens of milliseconds at a time, which shows in p99.
STOLEN = 0.02


def _telconf_runs(e: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """One engine's telconf runs by name: one worker, two workers, and the pairs of the two."""
    runs = {**{f"telconf {n}": r for n, r in e["telconf"].items()}, "2 workers": e["get_2_workers"]}
    for i, pair in enumerate(e.get("worker_pairs", []), start=1):
        runs |= {f"pair {i}, 1 worker": pair["one"], f"pair {i}, 2 workers": pair["two"]}
    for name, pairs in e.get("reference_pairs", {}).items():
        runs |= {f"{name} pair {i}": pair["telconf"] for i, pair in enumerate(pairs, start=1)}
    return runs


def _reference_runs(e: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """One engine's reference runs by name, the paired ones too."""
    runs = {f"reference {n}": r for n, r in e["reference"].items()}
    for name, pairs in e.get("reference_pairs", {}).items():
        runs |= {f"reference {name} pair {i}": pair["reference"] for i, pair in enumerate(pairs, start=1)}
    return runs


def stolen(results: dict[str, Any]) -> list[str]:
    """Runs during which the host took CPU from this virtual machine (runs saved before this was
    recorded have no figure)."""
    found = []
    for engine, e in results["engines"].items():
        runs = _telconf_runs(e) | _reference_runs(e)
        found += [
            f"{engine} {name} ({r['cpu']['stolen_cores']:.2f} cores)"
            for name, r in runs.items()
            if r["cpu"].get("stolen_cores", 0) >= STOLEN
        ]
    return found


def disturbed(results: dict[str, Any], limit: float = 0.25) -> list[str]:
    """Runs during which something outside the bench used CPU. Only runs where nothing else
    should: every reference run, and telconf on SQLite (on PostgreSQL its backends count)."""
    found = []
    for engine, e in results["engines"].items():
        runs = _reference_runs(e)
        if engine == "sqlite":
            runs |= _telconf_runs(e)
        found += [
            f"{engine} {name} ({r['cpu']['other_cores']:.2f} cores)"
            for name, r in runs.items()
            if r["cpu"]["other_cores"] > limit
        ]
    return found


def pair_ratio(e: dict[str, Any]) -> float:
    """Two workers against one: the median of the pairs run one after the other (bench/run.py's
    worker_pairs); runs saved before there were pairs compare with the one-worker GET run."""
    pairs = e.get("worker_pairs")
    if not pairs:
        return float(e["get_2_workers"]["rps"] / e["telconf"]["get"]["rps"])
    return float(statistics.median(pair["ratio"] for pair in pairs))


@dataclass(frozen=True)
class Check:
    label: str
    goal: str
    value: Callable[[dict[str, Any]], float]  # from one engine's results
    ok: Callable[[float, str], bool]  # (value, engine): PostgreSQL has goals of its own (issue 12)
    fmt: str


def reference_ratio(e: dict[str, Any], name: str) -> float:
    """telconf against the reference: the median of the pairs run one after the other (bench/run.py's
    reference_pairs); other scenarios, and runs saved before there were pairs, compare the main runs."""
    pairs = e.get("reference_pairs", {}).get(name)
    if not pairs:
        return float(e["telconf"][name]["rps"] / e["reference"][name]["rps"])
    return float(statistics.median(pair["ratio"] for pair in pairs))


def _ratio(name: str) -> Callable[[dict[str, Any]], float]:
    return lambda e: reference_ratio(e, name)


def _rows(name: str) -> Callable[[dict[str, Any]], float]:
    return lambda e: e["telconf"][name]["rps"] * ROWS


CHECKS = [
    Check("GET by id vs reference (median of pairs)", "≥ 0.35×", _ratio("get"), lambda v, _: v >= 0.35, "{:.2f}×"),
    Check(
        "PATCH vs reference (median of pairs)",
        "≥ 0.13× (PostgreSQL ≥ 0.10×)",
        _ratio("patch"),
        lambda v, engine: v >= (0.10 if engine == "postgres" else 0.13),
        "{:.2f}×",
    ),
    Check("list page 1, rows/s", "≥ 60,000", _rows("list1"), lambda v, _: v >= 60_000, "{:,.0f}"),
    Check("list page 2,000, rows/s", "≥ 60,000", _rows("list2000"), lambda v, _: v >= 60_000, "{:,.0f}"),
    Check("voice settings page, rows/s", "(reported)", _rows("voice"), lambda v, _: True, "{:,.0f}"),
    Check("messaging settings page, rows/s", "(reported)", _rows("messaging"), lambda v, _: True, "{:,.0f}"),
    # The server's time per page is 1 / req/s of its one worker (wrk's latency adds queueing).
    Check(
        "page 2,000 time / page 1 time",
        "≤ 2×",
        lambda e: e["telconf"]["list1"]["rps"] / e["telconf"]["list2000"]["rps"],
        lambda v, _: v <= 2,
        "{:.2f}×",
    ),
    Check("load of the seed", "≤ 60 s", lambda e: e["load_seconds"], lambda v, _: v <= 60, "{:.1f} s"),
    Check("server RSS after the runs", "≤ 200 MB", lambda e: e["rss_mb"]["VmRSS"], lambda v, _: v <= 200, "{:.0f} MB"),
    Check(
        "GET by id, 2 workers vs 1 (median of pairs)",
        "PostgreSQL ≥ 1.2×",
        pair_ratio,
        lambda v, engine: engine != "postgres" or v >= 1.2,
        "{:.2f}×",
    ),
]


def evaluate(results: dict[str, Any]) -> dict[str, dict[str, tuple[float, bool]]]:
    return {
        engine: {c.label: (round(c.value(e), 3), c.ok(c.value(e), engine)) for c in CHECKS}
        for engine, e in results["engines"].items()
    }


def targets(results: dict[str, Any]) -> str:
    engines = list(results["engines"])
    verdicts = evaluate(results)
    lines = ["| target | goal | " + " | ".join(engines) + " |", "|---|---|" + "---:|" * len(engines)]
    for c in CHECKS:
        cells = []
        for engine in engines:
            value, ok = verdicts[engine][c.label]
            cells.append(c.fmt.format(value) + ("" if ok else " **missed**"))
        lines.append(f"| {c.label} | {c.goal} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine_line(results: dict[str, Any]) -> str:
    m = results["machine"]
    parts = [
        f"{m['cores']} × {m['cpu']}",
        f"{m['memory_gb']} GB RAM",
        f"Linux {m['kernel']}",
        f"Python {m['python']}",
        f"SQLite {m['sqlite']}",
    ]
    if "postgresql" in m:
        parts.append(f"PostgreSQL {m['postgresql']}")
    return (
        ", ".join(parts) + f", {m['wrk']}; telconf at {m['source']['commit']} (src digest {m['source']['src_sha256']})"
    )


if __name__ == "__main__":
    # `python -m bench.report bench/results/<timestamp>.json`: the tables of a saved run again.
    import json
    import sys

    saved = json.loads(Path(sys.argv[1]).read_text())
    print(machine_line(saved) + "\n\n" + table(saved))
