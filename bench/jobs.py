"""Batch-job benchmark: how long a 1,000-number update job takes from POST to `completed` as a
client polling every 50 ms sees it, and numbers per second with 1, 2 and 4 `telconf worker`
processes on PostgreSQL over 50 jobs.

    python -m bench.jobs [--engine sqlite|postgres|both] [--numbers 1000000] [--jobs 50]
                         [--quiet-wait 300] [--template NAME | --save-template NAME]

Each phase waits for an idle machine first (other people's runs share the cores) and records the
CPU used by the workers, the API server and the rest of the machine (PostgreSQL, mostly). On
PostgreSQL, `--save-template NAME` keeps a copy of the loaded inventory as database NAME, and
`--template NAME` starts later runs from a copy of it instead of loading the seed (~1 min).
Results are printed and written to bench/results/jobs-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .cpu import _machine, tree_seconds, wait_until_quiet
from .seedgen import Seed, write_seed
from .servers import _pg, create_pg_database, drop_pg_database, free_port, load_seed

RESULTS = Path(__file__).resolve().parent / "results"
JOB_SIZE = 1000
POLL_SECONDS = 0.05
LATENCY_RUNS = 5
PG_ADMIN = os.environ.get("TELCONF_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


class Api:
    def __init__(self, port: int, key: str) -> None:
        self.base = f"http://127.0.0.1:{port}/v2"
        self.headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=self.headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())["data"]  # type: ignore[no-any-return]

    def wait(self, job_id: str, deadline: float = 120.0) -> dict[str, Any]:
        started = time.monotonic()
        while time.monotonic() - started < deadline:
            job = self.call("GET", f"/phone_numbers/jobs/{job_id}")
            if job["status"] not in ("pending", "in_progress"):
                return job
            time.sleep(POLL_SECONDS)
        raise TimeoutError(f"job {job_id} did not finish")


def start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "telconf", *args], stdout=log.open("ab"), stderr=subprocess.STDOUT)


def start_server(database: str, port: int, log: Path, *extra: str) -> subprocess.Popen[bytes]:
    process = start(["serve", "--database", database, "--port", str(port), "--log-level", "warning", *extra], log)
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"telconf did not start: {log.read_text()[-2000:]}")


class Cpu:
    """Cores used over a phase by some processes (and their children), and by the whole machine."""

    def __init__(self, pids: dict[str, list[int]]) -> None:
        self.pids = pids
        self.wall = time.monotonic()
        self.used = {name: sum(tree_seconds(p) for p in group) for name, group in pids.items()}
        self.machine = _machine()

    def stop(self) -> dict[str, float]:
        wall = time.monotonic() - self.wall
        busy, total = _machine()
        cores = {f"{name}_cores": round((sum(tree_seconds(p) for p in group) - self.used[name]) / wall, 2)
                 for name, group in self.pids.items()}  # fmt: skip
        machine = (busy - self.machine[0]) / max(1, total - self.machine[1]) * (os.cpu_count() or 1)
        return {**cores, "machine_cores": round(machine, 2)}


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(30)


def ids(seed: Seed, first: int, count: int) -> list[str]:
    return [seed.number_id(i) for i in range(first, first + count)]


def latency(api: Api, seed: Seed, offset: int) -> list[float]:
    """POST a 1,000-number update job and poll it to completion, a few times."""
    seconds = []
    for run in range(LATENCY_RUNS):
        numbers = ids(seed, offset + run * JOB_SIZE, JOB_SIZE)
        started = time.perf_counter()
        job = api.call("POST", "/phone_numbers/jobs/update_phone_numbers",
                       {"phone_numbers": numbers, "customer_reference": f"bench-{run}", "tags": ["bench"]})  # fmt: skip
        done = api.wait(job["id"])
        seconds.append(time.perf_counter() - started)
        assert done["status"] == "completed" and len(done["successful_operations"]) == JOB_SIZE, done["status"]
    return seconds


def throughput(
    api: Api, seed: Seed, database: str, workers: int, jobs: int, offset: int, log: Path, server: int
) -> dict[str, Any]:
    """Numbers per second for `jobs` emergency-settings jobs of 1,000 numbers (their limit of active
    jobs is 500) with `workers` `telconf worker` processes. The workers are started and paused
    (SIGSTOP) while the jobs are created, so the clock measures processing alone."""
    marker = log.stat().st_size if log.exists() else 0
    processes = [start(["worker", "--database", database], log) for _ in range(workers)]
    try:
        while log.read_text()[marker:].count("processing jobs") < workers:
            time.sleep(0.05)
        for process in processes:
            os.kill(process.pid, signal.SIGSTOP)
        created = [
            api.call("POST", "/phone_numbers/jobs/update_emergency_settings",
                     {"phone_numbers": ids(seed, offset + j * JOB_SIZE, JOB_SIZE), "emergency_enabled": False})["id"]
            for j in range(jobs)
        ]  # fmt: skip
        started = time.perf_counter()
        cpu = Cpu({"workers": [p.pid for p in processes], "server": [server]})
        for process in processes:
            os.kill(process.pid, signal.SIGCONT)
        for job_id in created:
            assert api.wait(job_id, deadline=600)["status"] == "completed"
        elapsed = time.perf_counter() - started
        used = cpu.stop()
    finally:
        for process in processes:
            os.kill(process.pid, signal.SIGCONT)
            stop(process)
    return {"numbers_per_second": round(jobs * JOB_SIZE / elapsed), **used}


def prepare(engine: str, seed: Seed, args: argparse.Namespace, workdir: Path, result: dict[str, Any]) -> str:
    """The loaded inventory: a fresh load of the seed, or on PostgreSQL a copy of `--template`."""
    if engine == "sqlite":
        database = str(workdir / "jobs.db")
        result["load_seconds"] = round(load_seed(seed.path, database, workdir), 1)
        return database
    database = create_pg_database(PG_ADMIN)
    name = database.rsplit("/", 1)[1]
    if args.template:
        asyncio.run(_pg(PG_ADMIN, f"DROP DATABASE {name}"))
        asyncio.run(_pg(PG_ADMIN, f"CREATE DATABASE {name} TEMPLATE {args.template}"))
        result["template"] = args.template
        return database
    result["load_seconds"] = round(load_seed(seed.path, database, workdir), 1)
    if args.save_template:
        asyncio.run(_pg(PG_ADMIN, f"CREATE DATABASE {args.save_template} TEMPLATE {name}"))
    return database


def run_engine(engine: str, seed: Seed, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    log = workdir / f"{engine}.log"
    result: dict[str, Any] = {"engine": engine, "numbers": seed.numbers}
    quiet_until = time.monotonic() + args.quiet_wait
    database = prepare(engine, seed, args, workdir, result)
    try:
        result["busy_before"] = {"latency": wait_until_quiet(quiet_until, warn=False)}
        port = free_port()
        server = start_server(database, port, log)
        api = Api(port, seed.api_key)
        try:
            times = latency(api, seed, 0)
        finally:
            stop(server)
        result["post_to_completed_s"] = {"median": round(statistics.median(times), 3), "max": round(max(times), 3),
                                         "runs": [round(t, 3) for t in times]}  # fmt: skip
        if engine == "postgres":
            server = start_server(database, port, log, "--no-worker")
            try:
                offset = LATENCY_RUNS * JOB_SIZE
                rates, runs = {}, {}
                for workers in (1, 2, 4):
                    result["busy_before"][f"{workers}_workers"] = wait_until_quiet(quiet_until, warn=False)
                    runs[workers] = throughput(api, seed, database, workers, args.jobs, offset, log, server.pid)
                    rates[workers] = runs[workers]["numbers_per_second"]
                    offset += args.jobs * JOB_SIZE
                result["numbers_per_second"] = rates
                result["two_vs_one"] = round(rates[2] / rates[1], 2)
                result["cpu"] = runs
            finally:
                stop(server)
    finally:
        if engine == "postgres":
            drop_pg_database(PG_ADMIN, database)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--numbers", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, default=50)
    parser.add_argument("--quiet-wait", type=float, default=300, help="seconds to wait, in all, for an idle machine")
    parser.add_argument("--template", help="PostgreSQL: copy this loaded bench database instead of seeding")
    parser.add_argument("--save-template", help="PostgreSQL: keep a copy of the loaded inventory under this name")
    args = parser.parse_args()
    needed = (LATENCY_RUNS + 3 * args.jobs) * JOB_SIZE
    if args.numbers < needed:
        parser.error(f"--numbers must be at least {needed} for distinct numbers per job")
    engines = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
    with tempfile.TemporaryDirectory(prefix="telconf-jobs-bench-") as tmp:
        workdir = Path(tmp)
        seed = write_seed(workdir / "seed.json", args.numbers)
        results = [run_engine(engine, seed, args, workdir) for engine in engines]
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"jobs-{stamp}.json").write_text(json.dumps(results, indent=2))
    for result in results:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
