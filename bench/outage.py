"""Nothing lost: messages sent at a steady rate while their webhook receiver is down for 30 s, with
the serving process killed (`kill -9`) halfway through and a `telconf worker` killed too; every
message must still reach `delivered` and every one of its webhooks arrive. Real time throughout
(the default retry pauses, 5 s then 30 s, and 30 s leases).

    python -m bench.outage [--engine sqlite|postgres|both] [--rate 10] [--seconds 40]

Prints, per engine: messages sent, webhooks expected and received (distinct events), duplicates,
and how long after the last send the last one arrived.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from telconf.testing.receiver import WebhookReceiver

from .messages import PG_ADMIN, PROFILE, send_once, set_webhook, write_seed
from .servers import ROOT, create_pg_database, drop_pg_database, load_seed, start_telconf

DEADLINE = 150.0


def worker(database: str, workdir: Path) -> subprocess.Popen[bytes]:
    with (workdir / "worker.log").open("ab") as out:
        return subprocess.Popen([sys.executable, "-m", "telconf", "worker", "--database", database], stdout=out,
                                stderr=subprocess.STDOUT, cwd=ROOT)  # fmt: skip


def run(engine: str, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    database = create_pg_database(PG_ADMIN) if engine == "postgres" else str(workdir / "outage.db")
    seed = workdir / "seed.json"
    senders = write_seed(seed, 10)
    load_seed(seed, database, workdir)
    receiver = WebhookReceiver().start()
    server = start_telconf(database, workdir)
    extra = worker(database, workdir)
    sent: list[str] = []
    try:
        set_webhook(server.port, PROFILE, receiver.url)
        started = time.monotonic()
        killed = down = False
        while (elapsed := time.monotonic() - started) < args.seconds:
            if 5 <= elapsed < 35 and not down:
                receiver.down()
                down = True
            elif elapsed >= 35 and down:
                receiver.up()
                down = False
            if elapsed >= args.seconds / 2 and not killed:
                server.process.send_signal(signal.SIGKILL)  # mid-flight: claimed messages and deliveries
                extra.send_signal(signal.SIGKILL)
                server.process.wait()
                extra.wait()
                server = start_telconf(database, workdir)
                extra = worker(database, workdir)
                killed = True
            body = send_once(server.port, senders[len(sent) % len(senders)])
            sent.append(body.split(b'"id":"', 1)[1].split(b'"', 1)[0].decode())
            time.sleep(1 / args.rate)
        receiver.up()
        last_send, last_send_wall = time.monotonic(), time.time()
        expected = {(i, t) for i in sent for t in ("message.sent", "message.finalized")}

        def seen() -> set[tuple[str, str]]:
            return {(d.payload["id"], d.event_type) for d in receiver.deliveries if d.answered == 200}

        while not expected <= seen() and time.monotonic() - last_send < DEADLINE:
            time.sleep(0.5)
        got = seen() & expected
        ok = [d for d in receiver.deliveries if d.answered == 200]
        result = {
            "messages": len(sent), "webhooks_expected": len(expected), "webhooks_received": len(got),
            "duplicates": len(ok) - len({d.json["data"]["id"] for d in ok}),
            "last_arrival_after_last_send_s": round(max(d.received_at for d in ok) - last_send_wall, 1) if ok else None,
        }  # fmt: skip
        print(f"  {engine}: {result}")
        return result
    finally:
        server.stop()
        extra.send_signal(signal.SIGTERM)
        extra.wait(30)
        receiver.stop()
        if engine == "postgres":
            drop_pg_database(PG_ADMIN, database)


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench.outage", description=__doc__.split("\n\n")[0])
    p.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    p.add_argument("--rate", type=float, default=10.0, help="messages per second")
    p.add_argument("--seconds", type=float, default=40.0, help="how long messages are sent")
    args = p.parse_args()
    for engine in ["sqlite", "postgres"] if args.engine == "both" else [args.engine]:
        with tempfile.TemporaryDirectory(prefix="telconf-outage-") as tmp:
            run(engine, args, Path(tmp))


if __name__ == "__main__":
    main()
