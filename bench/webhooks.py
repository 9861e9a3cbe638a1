"""Webhook benchmark: signed deliveries per second from one dispatcher to a local receiver, and the
latency from queueing an event (with `wake()`, as the send path does after its commit) to its POST
arriving at the receiver.

    python -m bench.webhooks [--engine sqlite|postgres] [--deliveries 5000] [--latency-runs 50]

The throughput receiver is uvicorn in a process of its own (so it does not share the GIL with the
dispatcher) answering 200 `{}`; the latency receiver is telconf's own test receiver (a thread).
Results are printed and written to bench/results/webhooks-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from telconf.clock import Clock
from telconf.ids import Ids
from telconf.seed.loader import load_seed
from telconf.store import Store
from telconf.store.webhooks import WebhookEvent
from telconf.testing.receiver import WebhookReceiver
from telconf.webhooks.dispatcher import WebhookDispatcher

from .servers import create_pg_database, drop_pg_database, free_port

RESULTS = Path(__file__).resolve().parent / "results"
PG_ADMIN = os.environ.get("TELCONF_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
BATCH = 500


async def _ok(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """The receiver process's app: read the body, answer 200."""
    if scope["type"] != "http":
        return
    while (await receive()).get("more_body"):
        pass
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"{}"})


def _receive(port: int) -> None:
    import uvicorn

    uvicorn.run(_ok, host="127.0.0.1", port=port, log_level="warning", lifespan="off", http="httptools")


def _event(clock: Clock, i: int) -> WebhookEvent:
    payload = {"record_type": "message", "direction": "outbound", "id": str(uuid.uuid4()), "type": "SMS",
               "from": {"phone_number": "+13125550100"}, "to": [{"phone_number": "+13125550111", "status": "sent"}],
               "text": f"benchmark message {i}", "parts": 1, "errors": []}  # fmt: skip
    return WebhookEvent(str(uuid.uuid4()), "message.sent", clock.now_iso(), payload)


async def _org(store: Store) -> int:
    name = f"bench-{uuid.uuid4().hex[:8]}"
    await load_seed(store, io.StringIO(json.dumps({"organizations": [{"name": name}]})))
    org = await store.orgs.by_name(name)
    assert org is not None
    return org.id


async def _queue(store: Store, org_id: int, url: str, count: int) -> None:
    clock = Clock()
    for start in range(0, count, BATCH):
        async with store.db.transaction() as tx:
            for i in range(start, min(start + BATCH, count)):
                await store.webhooks.enqueue(tx, org_id, _event(clock, i), [url], clock.now_iso())


async def _delivered(store: Store) -> int:
    row = await store.db.fetchone("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'delivered'")
    return int(row[0]) if row else 0


async def throughput(url: str, count: int) -> dict[str, Any]:
    store = await Store.open(url)
    port = free_port()
    receiver = subprocess.Popen([sys.executable, "-m", "bench.webhooks", "--receive", str(port)])
    try:
        _wait_listening(port)
        org_id = await _org(store)
        await _queue(store, org_id, f"http://127.0.0.1:{port}/hook", count)
        dispatcher = WebhookDispatcher(store.webhooks, Clock(), Ids())
        started = time.perf_counter()
        task = asyncio.create_task(dispatcher.run())
        while await _delivered(store) < count:
            await asyncio.sleep(0.05)
        elapsed = time.perf_counter() - started
        dispatcher.stop()
        await task
        return {"deliveries": count, "seconds": round(elapsed, 3), "per_second": round(count / elapsed, 1)}
    finally:
        receiver.terminate()
        receiver.wait()
        await store.close()


async def latency(url: str, runs: int) -> dict[str, Any]:
    """Queue one event at a time (committed, then `wake()`), timing until the receiver has it."""
    store = await Store.open(url)
    try:
        org_id = await _org(store)
        dispatcher = WebhookDispatcher(store.webhooks, Clock(), Ids())
        task = asyncio.create_task(dispatcher.run())
        samples = []
        with WebhookReceiver() as receiver:
            for i in range(runs):
                started = time.perf_counter()
                await _queue(store, org_id, receiver.url, 1)
                dispatcher.wake()
                arrived = asyncio.get_running_loop().run_in_executor(None, partial(receiver.wait_for, count=i + 1))
                await arrived
                samples.append((time.perf_counter() - started) * 1000)
        dispatcher.stop()
        await task
        samples.sort()
        return {"runs": runs, "p50_ms": round(statistics.median(samples), 2),
                "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 2), "max_ms": round(samples[-1], 2)}  # fmt: skip
    finally:
        await store.close()


def _wait_listening(port: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/", method="POST", data=b"{}"))
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the receiver did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--deliveries", type=int, default=5000)
    parser.add_argument("--latency-runs", type=int, default=50)
    parser.add_argument("--receive", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.receive:
        _receive(args.receive)
        return
    with tempfile.TemporaryDirectory() as workdir:
        if args.engine == "sqlite":
            throughput_url, latency_url = f"{workdir}/throughput.db", f"{workdir}/latency.db"
        else:
            throughput_url, latency_url = create_pg_database(PG_ADMIN), create_pg_database(PG_ADMIN)
        try:
            result = {
                "engine": args.engine,
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
                "throughput": asyncio.run(throughput(throughput_url, args.deliveries)),
                "latency": asyncio.run(latency(latency_url, args.latency_runs)),
            }
        finally:
            if args.engine == "postgres":
                drop_pg_database(PG_ADMIN, throughput_url)
                drop_pg_database(PG_ADMIN, latency_url)
    print(json.dumps(result, indent=2))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"webhooks-{datetime.now(UTC):%Y%m%dT%H%M%S}.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
