"""The test-tooling benchmark: official-SDK calls per second against telconf in-process and over
a socket, measured in one run and interleaved (the machine is shared), and the time of a reset.

    python -m bench.sdk [--engine sqlite|postgres] [--calls 2000] [--rounds 5] [--resets 50]

Both servers hold the demo inventory (a few hundred records). A call is `phone_numbers.retrieve`
through `telnyx.Telnyx` with strict validation, the way a user's test makes it. Results are
printed and written to bench/results/sdk-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from telconf.demo import PHONE_NUMBER_ID
from telconf.testing.server import TelconfServer, start_telconf

from .cpu import machine_busy
from .servers import create_pg_database, drop_pg_database

RESULTS = Path(__file__).resolve().parent / "results"
PG_ADMIN = os.environ.get("TELCONF_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def calls_per_second(server: TelconfServer, calls: int) -> float:
    client = server.client(max_retries=0)
    client.phone_numbers.retrieve(PHONE_NUMBER_ID)  # connection and caches warm
    started = time.perf_counter()
    for _ in range(calls):
        client.phone_numbers.retrieve(PHONE_NUMBER_ID)
    return calls / (time.perf_counter() - started)


def reset_ms(server: TelconfServer, resets: int) -> dict[str, float]:
    client = server.client(max_retries=0)
    wall, inside = [], []
    for i in range(resets):
        client.phone_numbers.update(PHONE_NUMBER_ID, tags=[f"bench-{i}"])  # something to undo
        started = time.perf_counter()
        result = server.reset()
        wall.append((time.perf_counter() - started) * 1000)
        inside.append(float(result["elapsed_ms"]))
    return {
        "median_ms": round(statistics.median(wall), 2),
        "p90_ms": round(sorted(wall)[int(0.9 * len(wall))], 2),
        "server_median_ms": round(statistics.median(inside), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--resets", type=int, default=50)
    args = parser.parse_args()

    urls: list[str | None] = [None, None]
    if args.engine == "postgres":
        urls = [create_pg_database(PG_ADMIN), create_pg_database(PG_ADMIN)]
    busy = machine_busy()
    socket = start_telconf(database_url=urls[0])
    in_process = start_telconf(database_url=urls[1], in_process=True)
    try:
        rounds: list[dict[str, float]] = []
        for _ in range(args.rounds):
            rounds.append(
                {
                    "socket": calls_per_second(socket, args.calls),
                    "in_process": calls_per_second(in_process, args.calls),
                }
            )
        result: dict[str, Any] = {
            "engine": args.engine,
            "machine_busy_before": busy,
            "calls_per_round": args.calls,
            "socket_calls_per_s": round(statistics.median(r["socket"] for r in rounds)),
            "in_process_calls_per_s": round(statistics.median(r["in_process"] for r in rounds)),
            "ratio_in_process_over_socket": round(statistics.median(r["in_process"] / r["socket"] for r in rounds), 2),
            "reset_socket": reset_ms(socket, args.resets),
            "reset_in_process": reset_ms(in_process, args.resets),
        }
    finally:
        socket.stop()
        in_process.stop()
        for url in urls:
            if url:
                drop_pg_database(PG_ADMIN, url)
    print(json.dumps(result, indent=2))
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    (RESULTS / f"sdk-{args.engine}-{stamp}.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
