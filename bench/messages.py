"""Messaging benchmark: `POST /v2/messages` accepted per second with wrk (32 connections), beside
the raw-ASGI reference answering the same bytes, on SQLite and PostgreSQL, one worker; the
message pump runs meanwhile (each message is moved to `delivered` in the background). Then, with
the profile's webhook at a local receiver: send → `message.sent` latency (sends one at a time) and
the same wrk run with every message's two webhooks delivered meanwhile.

    python -m bench.messages [--engine sqlite|postgres|both] [--duration 10] [--numbers 50]

Results are printed and written to bench/results/messages-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import urllib.request
import uuid
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from telconf.testing.receiver import ReceivedWebhook, WebhookReceiver

from .cpu import CpuMeter
from .servers import Process, create_pg_database, drop_pg_database, load_seed, start_reference, start_telconf
from .wrk import head_script, run_wrk

RESULTS = Path(__file__).resolve().parent / "results"
PG_ADMIN = os.environ.get("TELCONF_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
KEY = "KEYBENCHMESSAGES0000000000000000"
PROFILE = str(uuid.uuid4())

# Each request sends from the next number of the profile to a rotating destination.
_SEND = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local senders = {%(senders)s}
local k = 0
function request()
  k = k + 1
  local body = '{"from":"' .. senders[k %% #senders + 1] .. '","to":"+1312555' .. string.format("%%04d", k %% 10000) ..
    '","text":"Your code is ' .. k .. '"}'
  return wrk.format(nil, "/v2/messages", nil, body)
end
"""


def _is_message(message_id: str, webhook: ReceivedWebhook) -> bool:
    return bool(webhook.payload["id"] == message_id)


def write_seed(path: Path, numbers: int) -> list[str]:
    profile = PROFILE
    senders = [f"+1202{7000000 + i:07d}" for i in range(numbers)]
    org = {
        "name": "bench-messages",
        "api_keys": [{"key": KEY}],
        "messaging_profiles": [{"id": profile, "name": "Bench", "whitelisted_destinations": ["US"]}],
        "phone_numbers": [
            {"id": str(5 * 10**18 + i), "phone_number": n, "messaging_profile_id": profile, "status": "active"}
            for i, n in enumerate(senders)
        ],
    }
    path.write_text(json.dumps({"organizations": [org]}))
    return senders


def send_once(port: int, sender: str) -> bytes:
    body = json.dumps({"from": sender, "to": "+13125550000", "text": "Your code is 0"}).encode()
    headers = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}
    req = urllib.request.Request(f"http://127.0.0.1:{port}/v2/messages", data=body, headers=headers, method="POST")
    with urllib.request.urlopen(req, timeout=30) as response:
        data: bytes = response.read()
    return data


def measure(name: str, script: Path, server: Process, seconds: float, log: Path) -> dict[str, Any]:
    run_wrk(script, server.port, 2)  # warm-up
    meter = CpuMeter(server.process.pid)
    result: dict[str, Any] = run_wrk(script, server.port, seconds, log).as_dict()
    result["cpu"] = meter.stop()
    print(f"  {name:<28} {result['rps']:>8.0f} req/s  p50 {result['p50_ms']:6.2f} ms  p99 {result['p99_ms']:7.2f} ms"
          f"  errors {result['errors_status']}")  # fmt: skip
    return result


def set_webhook(port: int, profile_id: str, url: str) -> None:
    body = json.dumps({"webhook_url": url}).encode()
    headers = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/v2/messaging_profiles/{profile_id}", data=body, headers=headers, method="PATCH"
    )
    with urllib.request.urlopen(req, timeout=30):
        pass


def latency(port: int, sender: str, receiver: WebhookReceiver, count: int) -> dict[str, float]:
    """Send → `message.sent` webhook, one message at a time: from before the POST to the receiver's
    arrival (both this machine's clock)."""
    times = []
    for _ in range(count):
        started = time.time()
        sent = json.loads(send_once(port, sender))["data"]["id"]
        got = receiver.wait_for("message.sent", where=partial(_is_message, sent), timeout=30)
        times.append((got.received_at - started) * 1000)
    times.sort()
    return {"count": count, "p50_ms": round(times[count // 2], 1), "p95_ms": round(times[int(count * 0.95)], 1),
            "max_ms": round(times[-1], 1)}  # fmt: skip


def engine_run(engine: str, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    database = create_pg_database(PG_ADMIN) if engine == "postgres" else str(workdir / "messages.db")
    seed = workdir / "messages-seed.json"
    senders = write_seed(seed, args.numbers)
    try:
        load_seed(seed, database, workdir)
        script = workdir / f"send-{engine}.lua"
        script.write_text(head_script(KEY) + _SEND % {"senders": ",".join(f'"{s}"' for s in senders)})
        bodies = workdir / f"bodies-{engine}"
        bodies.mkdir(exist_ok=True)
        server = start_telconf(database, workdir)
        try:
            (bodies / "send.json").write_bytes(send_once(server.port, senders[0]))
            telconf = measure(f"{engine} telconf send", script, server, args.duration, workdir / "wrk.log")
            with WebhookReceiver() as receiver:
                set_webhook(server.port, PROFILE, receiver.url)
                lat = latency(server.port, senders[0], receiver, args.latency_count)
                print(f"  {engine} send -> message.sent: {lat}")
                hooked = measure(f"{engine} telconf send+webhooks", script, server, args.duration, workdir / "wrk.log")
        finally:
            server.stop()
        reference = start_reference(bodies, workdir)
        try:
            ref = measure(f"{engine} reference send", script, reference, args.duration, workdir / "wrk.log")
        finally:
            reference.stop()
        ratio = round(telconf["rps"] / ref["rps"], 3) if ref["rps"] else None
        print(f"  {engine}: telconf/reference = {ratio}")
        return {"telconf": telconf, "reference": ref, "ratio": ratio, "send_to_sent_webhook": lat,
                "telconf_with_webhooks": hooked}  # fmt: skip
    finally:
        if engine == "postgres":
            drop_pg_database(PG_ADMIN, database)


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench.messages", description=__doc__.split("\n\n")[0])
    p.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    p.add_argument("--duration", type=float, default=10.0)
    p.add_argument("--numbers", type=int, default=50)
    p.add_argument("--latency-count", type=int, default=100)
    args = p.parse_args()
    engines = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
    with tempfile.TemporaryDirectory(prefix="telconf-bench-messages-") as tmp:
        results = {engine: engine_run(engine, args, Path(tmp)) for engine in engines}
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"messages-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}.json"
    out.write_text(json.dumps(results, indent=2))
    print(f"written to {out}")


if __name__ == "__main__":
    main()
