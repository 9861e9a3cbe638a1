"""CSV download benchmark: `client.phone_numbers.csv_downloads` on an inventory of N numbers in one
organisation (seed profile "teams", as bench.lists loads it).

    python -m bench.csv_downloads [--engine sqlite|postgres] [--numbers 1000000]
                                  [--postgres-url URL] [--workdir DIR] [--database URL]

For each case (every number in V1 and in V2; `filter[tag]=bulk`, 60% of them, in V2) against one
`telconf serve` process: the POST's latency, the time until the download is `complete` (polled
every 100 ms), then the file streamed through `url` (rows, MB, seconds). Meanwhile a probe GETs
one number by id every 20 ms and reports its p50/p99/max, to show that producing the file leaves
the server answering. Results are printed. `--database` runs against an inventory already loaded
(this seed, `--numbers` of it) instead of loading one (~90 s for a million on SQLite).
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from .seedgen import Seed, write_seed
from .servers import _pg, load_seed, start_telconf

CASES = {
    "all, V1": "csv_format=V1",
    "all, V2": "csv_format=V2",
    "filter[tag]=bulk, V2": "csv_format=V2&filter%5Btag%5D=bulk",
}


class Client:
    def __init__(self, port: int, key: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.headers = {"Authorization": f"Bearer {key}"}

    def call(self, method: str, path: str) -> tuple[int, bytes]:
        self.conn.request(method, path, headers=self.headers)
        response = self.conn.getresponse()
        return response.status, response.read()

    def stream(self, path: str) -> tuple[int, int]:
        """(rows, bytes) of a file read in 1 MiB pieces, never held whole."""
        self.conn.request("GET", path, headers=self.headers)
        response = self.conn.getresponse()
        assert response.status == 200, response.read()[:500]
        lines = size = 0
        while piece := response.read(1 << 20):
            lines += piece.count(b"\n")
            size += len(piece)
        return lines - 1, size  # less the header


class Probe(threading.Thread):
    """GET /v2/phone_numbers/{id} every 20 ms until stopped: latencies in ms."""

    def __init__(self, port: int, key: str, number_id: str) -> None:
        super().__init__(daemon=True)
        self.client, self.path = Client(port, key), f"/v2/phone_numbers/{number_id}"
        self.stopping = threading.Event()
        self.latencies: list[float] = []

    def run(self) -> None:
        while not self.stopping.wait(0.02):
            started = time.perf_counter()
            status, _ = self.client.call("GET", self.path)
            assert status == 200
            self.latencies.append((time.perf_counter() - started) * 1000)

    def summary(self) -> str:
        if not self.latencies:
            return "no probes"
        ordered = sorted(self.latencies)

        def pick(q: float) -> float:
            return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

        return f"p50 {pick(0.5):.1f} ms, p99 {pick(0.99):.1f} ms, max {ordered[-1]:.1f} ms ({len(ordered)} GETs)"


def run_case(port: int, key: str, number_id: str, query: str) -> dict[str, Any]:
    client = Client(port, key)
    probe = Probe(port, key, number_id)
    probe.start()
    started = time.perf_counter()
    status, body = client.call("POST", f"/v2/phone_numbers/csv_downloads?{query}")
    created = time.perf_counter() - started
    assert status == 200, body
    download = json.loads(body)["data"][0]
    while True:
        status, body = client.call("GET", f"/v2/phone_numbers/csv_downloads/{download['id']}")
        record = json.loads(body)["data"][0]
        if record["status"] != "pending":
            break
        time.sleep(0.1)
    produced = time.perf_counter() - started
    probe.stopping.set()
    probe.join()
    assert record["status"] == "complete", record
    started = time.perf_counter()
    path = "/v2" + record["url"].split("/v2", 1)[1]
    rows, size = client.stream(path)
    streamed = time.perf_counter() - started
    return {"create_ms": created * 1000, "produce_s": produced, "rows": rows, "mb": size / 1e6,
            "download_s": streamed, "probe": probe.summary()}  # fmt: skip


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--engine", choices=("sqlite", "postgres"), default="sqlite")
    p.add_argument("--numbers", type=int, default=1_000_000)
    p.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    p.add_argument("--workdir", type=Path)
    p.add_argument("--database", help="an inventory this benchmark loaded before (kept, not dropped)")
    args = p.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="telconf-bench-csv-"))
    workdir.mkdir(parents=True, exist_ok=True)
    loaded = args.database is None
    if loaded:
        started = time.perf_counter()
        seed = write_seed(workdir / f"seed-teams-{args.numbers}.json", args.numbers, profile="teams")
        print(f"seed written in {time.perf_counter() - started:.1f} s", flush=True)
        if args.engine == "sqlite":
            database = str(workdir / "csv.db")
        else:
            name = f"bench_csv_{uuid.uuid4().hex[:10]}"
            asyncio.run(_pg(args.postgres_url, f"CREATE DATABASE {name}"))
            database = f"{args.postgres_url.rsplit('/', 1)[0]}/{name}"
        print(f"loaded {args.numbers:,} numbers in {load_seed(seed.path, database, workdir):.1f} s", flush=True)
    else:
        seed, database = Seed(workdir / "unused", args.numbers, profile="teams"), args.database
    server = start_telconf(database, workdir)
    try:
        for case, query in CASES.items():
            r = run_case(server.port, seed.api_key, seed.number_id(args.numbers // 2), query)
            print(f"[{args.engine}] {case}: POST {r['create_ms']:.0f} ms; complete after {r['produce_s']:.1f} s; "
                  f"{r['rows']:,} rows, {r['mb']:.0f} MB streamed in {r['download_s']:.1f} s; "
                  f"GET by id meanwhile: {r['probe']}", flush=True)  # fmt: skip
    finally:
        server.stop()
        if loaded and args.engine == "postgres":
            asyncio.run(_pg(args.postgres_url, f"DROP DATABASE IF EXISTS {database.rsplit('/', 1)[1]} WITH (FORCE)"))


if __name__ == "__main__":
    main()
