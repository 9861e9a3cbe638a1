"""The telconf benchmark: seed N numbers, load them, drive telconf and a raw-ASGI reference with wrk.

    python -m bench.run [--engine sqlite|postgres|both] [--numbers 1000000] [--duration 10]

Prints a table and writes bench/results/<timestamp>.json; docs/benchmarks.md explains the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import report
from .cpu import CpuMeter, speed_probe, wait_until_quiet
from .reference import SCENARIOS
from .seedgen import Seed, write_seed
from .servers import (
    Process,
    create_pg_database,
    database_mb,
    drop_pg_database,
    load_seed_timed,
    start_reference,
    start_telconf,
)
from .wrk import CONNECTIONS, THREADS, get_script, patch_script, run_wrk, static_script

RESULTS = Path(__file__).resolve().parent / "results"
PAGE_SIZE = 250
DEEP_PAGE = 2000
SAMPLE_IDS = 10_000
WORKER_PAIRS = 5  # one worker against two, judged on the median
PAIRED = ("get", "patch")  # scenarios also run as pairs of telconf and the reference, one after the other
LIST_PATH = "/v2/phone_numbers?filter%5Bstatus%5D=active&page%5Bsize%5D=250&page%5Bnumber%5D="
# The settings views of the same inventory, a page of 250 each (issue: voice and messaging lists).
SETTINGS_PATHS = {
    "voice": "/v2/phone_numbers/voice?page%5Bsize%5D=250&page%5Bnumber%5D=1",
    "messaging": "/v2/phone_numbers/messaging?page%5Bsize%5D=250&page%5Bnumber%5D=1",
}


class Bench:
    def __init__(self, args: argparse.Namespace, workdir: Path, seed: Seed) -> None:
        self.args = args
        self.workdir = workdir
        self.seed = seed
        self.log = workdir / "wrk.log"

    def sample_ids(self, shift: int) -> list[str]:
        """Ids spread over the whole table; `shift` keeps the GET and PATCH sets apart."""
        count = min(SAMPLE_IDS, self.seed.numbers)
        step = self.seed.numbers // count
        return [self.seed.number_id(j * step + (shift + j * 7) % step) for j in range(count)]

    def request(self, port: int, path: str, method: str = "GET", body: bytes | None = None) -> tuple[bytes, float]:
        """One request outside wrk, to capture a body; returns it and its time in ms."""
        headers = {"Authorization": f"Bearer {self.seed.api_key}", "Content-Type": "application/json"}
        req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method=method, headers=headers)
        started = time.perf_counter()
        with urllib.request.urlopen(req, timeout=120) as response:
            data: bytes = response.read()
        return data, round((time.perf_counter() - started) * 1000, 2)

    def wrk(self, name: str, script: str, server: Process) -> dict[str, Any]:
        path = self.workdir / f"{name}.lua"
        path.write_text(script)
        if self.args.warmup:
            run_wrk(path, server.port, self.args.warmup)
        meter = CpuMeter(server.process.pid)
        result: dict[str, Any] = run_wrk(path, server.port, self.args.duration, self.log).as_dict()
        result["cpu"] = cpu = meter.stop()
        print(
            f"  {name:<30} {result['rps']:>9.0f} req/s  p50 {result['p50_ms']:6.2f} ms  p99 {result['p99_ms']:7.2f} ms"
            f"  cores: server {cpu['server_cores']:.2f}, wrk {cpu['wrk_cores']:.2f}, other {cpu['other_cores']:.2f}"
            + (f", stolen by the host {cpu['stolen_cores']:.2f}" if cpu["stolen_cores"] >= report.STOLEN else "")
        )
        return result

    def engine(self, engine: str, database: str) -> dict[str, Any]:
        out: dict[str, Any] = {"database": "sqlite" if engine == "sqlite" else "postgresql"}
        print(f"[{engine}] loading {self.seed.numbers:,} numbers")
        out["speed_probe_ms"] = speed_probe()
        wall, cpu = load_seed_timed(self.seed.path, database, self.workdir)
        out["load_seconds"], out["load_cpu_seconds"] = round(wall, 1), round(cpu, 1)
        out["database_mb"] = database_mb(database)
        print(
            f"  loaded in {out['load_seconds']} s ({out['load_cpu_seconds']} s of CPU in telconf); "
            f"database {out['database_mb']} MB; speed probe {out['speed_probe_ms']} ms"
        )
        bodies = self.workdir / f"bodies-{engine}"
        bodies.mkdir(exist_ok=True)
        key = self.seed.api_key
        get_ids, patch_ids = self.sample_ids(0), self.sample_ids(1)
        telconf: dict[str, Any] = {}
        server = start_telconf(database, self.workdir)
        try:
            out["first_request_ms"], deep = self.capture(server, bodies, get_ids[0])
            out["deep_page"] = deep
            scripts = {
                "get": get_script(key, get_ids),
                "list1": static_script(key, LIST_PATH + "1"),
                "list2000": static_script(key, LIST_PATH + str(deep)),
                "patch": patch_script(key, patch_ids),
                **{name: static_script(key, path) for name, path in SETTINGS_PATHS.items()},
            }
            # Lists run before PATCH: every write retires the list cache (by design), and the
            # list figures are meant for a read-mostly inventory.
            for name in ("get", "list1", "list2000", *SETTINGS_PATHS):
                telconf[name] = self.wrk(f"{engine}-telconf-{name}", scripts[name], server)
            patched, _ = self.request(
                server.port, f"/v2/phone_numbers/{patch_ids[-1]}", "PATCH", b'{"customer_reference":"capture"}'
            )
            (bodies / "patch.json").write_bytes(patched)
            telconf["patch"] = self.wrk(f"{engine}-telconf-patch", scripts["patch"], server)
            out["mixed"] = self.mixed(engine, scripts, server)
            out["rss_mb"] = server.rss_mb()
        finally:
            server.stop()
        out["telconf"] = telconf
        out["body_bytes"] = {name: (bodies / f"{name}.json").stat().st_size for name in SCENARIOS}
        out["reference"] = self.reference(engine, scripts, bodies)
        two = start_telconf(database, self.workdir, workers=2)
        try:
            out["get_2_workers"] = self.wrk(f"{engine}-telconf-get-2-workers", scripts["get"], two)
        finally:
            two.stop()
        out["worker_pairs"] = self.worker_pairs(engine, scripts["get"], database)
        out["reference_pairs"] = self.reference_pairs(engine, scripts, database, bodies)
        return out

    def reference_pairs(
        self, engine: str, scripts: dict[str, str], database: str, bodies: Path
    ) -> dict[str, list[dict[str, Any]]]:
        """GET by id and PATCH on telconf, each followed at once by the same run on the reference,
        three times (both servers up, one idle while the other is driven): the machine's speed
        drifts over minutes (the reference's own GET rate spans 22,000-34,000 req/s across runs of
        one day), and the runs above measure telconf and the reference minutes apart."""
        pairs: dict[str, list[dict[str, Any]]] = {name: [] for name in PAIRED}
        telconf, reference = start_telconf(database, self.workdir), start_reference(bodies, self.workdir)
        try:
            for n in (1, 2, 3):
                for name in PAIRED:
                    ours = self.wrk(f"{engine}-telconf-{name}-pair{n}", scripts[name], telconf)
                    theirs = self.wrk(f"{engine}-reference-{name}-pair{n}", scripts[name], reference)
                    ratio = round(ours["rps"] / theirs["rps"], 3)
                    pairs[name].append({"telconf": ours, "reference": theirs, "ratio": ratio})
        finally:
            telconf.stop()
            reference.stop()
        return pairs

    def worker_pairs(self, engine: str, script: str, database: str) -> list[dict[str, Any]]:
        """GET by id with one worker and with two, one right after the other, five times over, on
        the same database as it now is: the machine's noise moves both runs of a pair alike (the
        one-worker run above was made before the writes, minutes earlier). The order alternates
        (one then two, two then one, ...), so a machine speeding up or slowing down over the pairs
        favours neither side; single pairs here span about 1.1-1.5x, hence five."""
        pairs = []
        for n in range(1, WORKER_PAIRS + 1):
            pair = {}
            for workers in (1, 2) if n % 2 else (2, 1):
                server = start_telconf(database, self.workdir, workers=workers)
                try:
                    pair[workers] = self.wrk(f"{engine}-telconf-get-pair{n}-{workers}w", script, server)
                finally:
                    server.stop()
            pairs.append({"one": pair[1], "two": pair[2], "ratio": round(pair[2]["rps"] / pair[1]["rps"], 3)})
        return pairs

    def mixed(self, engine: str, scripts: dict[str, str], server: Process) -> dict[str, Any]:
        """GET by id and PATCH at once, half the connections each: reads beside writes."""
        paths = {name: self.workdir / f"{engine}-mixed-{name}.lua" for name in ("get", "patch")}
        for name, path in paths.items():
            path.write_text(scripts[name])
        half = CONNECTIONS // 2
        with ThreadPoolExecutor(2) as pool:
            running = {name: pool.submit(run_wrk, path, server.port, self.args.duration, None, half)
                       for name, path in paths.items()}  # fmt: skip
            out = {name: job.result().as_dict() for name, job in running.items()}
        get, patch = out["get"], out["patch"]
        print(
            f"  {engine + '-telconf-mixed':<30} GET {get['rps']:>7.0f} req/s (p99 {get['p99_ms']:.2f} ms),"
            f" PATCH {patch['rps']:>6.0f} req/s (p99 {patch['p99_ms']:.2f} ms)"
        )
        return out

    def capture(self, server: Process, bodies: Path, number_id: str) -> tuple[dict[str, float], int]:
        """Saves the real bodies the reference will serve; times each first (uncached) request."""
        first: dict[str, float] = {}
        body, first["get"] = self.request(server.port, f"/v2/phone_numbers/{number_id}")
        (bodies / "get.json").write_bytes(body)
        body, first["list1"] = self.request(server.port, LIST_PATH + "1")
        (bodies / "list1.json").write_bytes(body)
        page = json.loads(body)
        if len(page["data"]) != PAGE_SIZE:
            raise RuntimeError(f"filter[status]=active matched fewer than {PAGE_SIZE} numbers")
        # A smaller --numbers has fewer pages; the deepest full page then stands in for page 2,000.
        deep = min(DEEP_PAGE, page["meta"]["total_results"] // PAGE_SIZE)
        body, first["list2000"] = self.request(server.port, LIST_PATH + str(deep))
        (bodies / "list2000.json").write_bytes(body)
        for name, path in SETTINGS_PATHS.items():
            body, first[name] = self.request(server.port, path)
            (bodies / f"{name}.json").write_bytes(body)
        # The same deep page again: served from the remembered page key, as wrk will see it.
        _, first["list2000_again"] = self.request(server.port, LIST_PATH + str(deep))
        print(f"  first requests (ms): {first}; {page['meta']['total_results']:,} active numbers")
        return first, deep

    def reference(self, engine: str, scripts: dict[str, str], bodies: Path) -> dict[str, Any]:
        server = start_reference(bodies, self.workdir)
        try:
            return {name: self.wrk(f"{engine}-reference-{name}", scripts[name], server) for name in SCENARIOS}
        finally:
            server.stop()


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    p.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    p.add_argument("--numbers", type=int, default=1_000_000, help="phone numbers in the seed (default 1,000,000)")
    p.add_argument("--duration", type=float, default=10, help="seconds per measured wrk run (default 10)")
    p.add_argument("--warmup", type=float, default=2, help="seconds of unmeasured wrk before each run; 0 for none")
    p.add_argument(
        "--postgres-url",
        default=os.environ.get("TELCONF_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
        help="server where a fresh bench_* database is created and dropped",
    )
    p.add_argument("--quiet-wait", type=float, default=300, help="seconds to wait, in all, for an idle machine")
    p.add_argument("--workdir", type=Path, help="keep the seed, logs and scripts here (default: a temp dir, removed)")
    return p.parse_args()


def main() -> None:
    args = parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="telconf-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    results: dict[str, Any] = {"started": datetime.now(UTC).isoformat(timespec="seconds"), "engines": {}}
    try:
        seed_path = workdir / f"seed-{args.numbers}.json"
        gen = time.perf_counter()
        seed = write_seed(seed_path, args.numbers)
        print(
            f"seed: {args.numbers:,} numbers, {seed_path.stat().st_size / 1e6:.0f} MB, "
            f"written in {time.perf_counter() - gen:.1f} s"
        )
        bench = Bench(args, workdir, seed)
        results["machine"] = report.machine(args.postgres_url if args.engine != "sqlite" else None)
        quiet_until = time.monotonic() + args.quiet_wait  # one budget for the whole run
        results["machine"]["busy_before"] = {}
        results["config"] = {
            "numbers": args.numbers,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "wrk": f"-t{THREADS} -c{CONNECTIONS} --latency",
            "page_size": PAGE_SIZE,
        }
        for engine in ("sqlite", "postgres") if args.engine == "both" else (args.engine,):
            results["machine"]["busy_before"][engine] = wait_until_quiet(quiet_until)
            if engine == "sqlite":
                database = str(workdir / "bench.db")
                results["engines"][engine] = bench.engine(engine, database)
                for path in workdir.glob("bench.db*"):
                    path.unlink()
            else:
                database = create_pg_database(args.postgres_url)
                try:
                    results["engines"][engine] = bench.engine(engine, database)
                finally:
                    drop_pg_database(args.postgres_url, database)
    finally:
        RESULTS.mkdir(exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        if (workdir / "wrk.log").exists():  # wrk's own text output, kept beside the figures
            shutil.copy(workdir / "wrk.log", RESULTS / f"{stamp}.wrk.log")
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    results["machine"]["speed_probe_end_ms"] = speed_probe()
    results["total_seconds"] = round(time.monotonic() - started, 1)
    if report.source() != results["machine"]["source"]:
        # Servers start several times per run; an edit meanwhile means they ran different code.
        results["source_changed_during_run"] = report.source()
        print("warning: src/ changed during the run; the figures may mix two versions of the code")
    results["targets"] = report.evaluate(results)
    out = RESULTS / f"{stamp}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(report.table(results))
    print(f"\nwritten {out}")


if __name__ == "__main__":
    main()
