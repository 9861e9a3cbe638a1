"""Console Messages and Webhook deliveries page times: a database with bench.seedgen's organisation
(--numbers), --messages messages over the last 30 days between its first 20 numbers and --handsets
handsets, and --deliveries webhook deliveries; then each page requested --reps times by a signed-in
admin session (client-side time over loopback HTTP). The server runs with --no-worker, so the
queued deliveries stay as they are.

    python -m bench.console_messages [--database postgresql://...] [--messages 200000] [--reps 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from datetime import timedelta
from pathlib import Path
from tempfile import mkdtemp

import httpx

from telconf.clock import Clock, iso
from telconf.seed.loader import load_seed
from telconf.store import Store
from telconf.store.messages import MessageRow
from telconf.store.webhooks import WebhookEvent

from .console import CONSOLE, time_pages
from .seedgen import ORG_NAME, write_seed

OURS = 20
BATCH = 2_000


def message(org_id: int, i: int, ours: str, theirs: str, at: str) -> MessageRow:
    inbound = i % 4 == 0
    sender, receiver = (theirs, ours) if inbound else (ours, theirs)
    record = json.dumps({"text": f"Message number {i}", "errors": [], "cost": None})
    return MessageRow(f"00000000-0000-4000-8000-{i:012d}", org_id, "inbound" if inbound else "outbound", None,
                      sender, receiver, "received" if inbound else "delivered", "SMS", 1, None, at, at, None, "0",
                      False, "[]", record)  # fmt: skip


async def fill(url: str, numbers: int, messages: int, handsets: int, deliveries: int) -> tuple[str, str]:
    """Load the organisation, its messages and deliveries; (our busiest number, its handset)."""
    seed = Path(mkdtemp()) / "seed.json"
    write_seed(seed, numbers)
    store = await Store.open(url)
    try:
        with seed.open() as f:
            await load_seed(store, f)
        org = await store.orgs.by_name(ORG_NAME)
        assert org is not None
        ours = [f"+1{3_120_000_000 + i}" for i in range(1, 2 * OURS) if i % 10][:OURS]  # seedgen's US numbers
        now = Clock().now()
        span = timedelta(days=30) / max(messages, 1)
        for start in range(0, messages, BATCH):
            async with store.db.transaction() as tx:
                for i in range(start, min(start + BATCH, messages)):
                    at = iso(now - span * (messages - i))
                    await store.messages.insert(tx, message(org.id, i, ours[i % OURS], f"+1415{i % handsets:07d}", at))
        for start in range(0, deliveries, BATCH):
            async with store.db.transaction() as tx:
                for i in range(start, min(start + BATCH, deliveries)):
                    at = iso(now - timedelta(seconds=deliveries - i))
                    event = WebhookEvent(f"00000000-0000-4000-9000-{i:012d}", "message.sent", at, {"id": str(i)})
                    await store.webhooks.enqueue(tx, org.id, event, ["http://127.0.0.1:9/hook"], at)
        return ours[(messages - 1) % OURS], f"+1415{(messages - 1) % handsets:07d}"
    finally:
        await store.close()


def pages(http: httpx.Client, ours: str, theirs: str) -> dict[str, str]:
    listing = http.get(CONSOLE + "/messages").text
    older = re.search(r'href="([^"]+)" rel="next">Older conversations', listing)
    deliveries = http.get(CONSOLE + "/webhooks").text
    delivery = re.search(r'aria-label="Delivery ([0-9a-f-]{36})"', deliveries)
    assert older is not None and delivery is not None
    return {
        "overview (with messages today)": "/",
        "messages (conversations, newest 25)": "/messages",
        "messages, older page": older.group(1).replace("&amp;", "&")[len(CONSOLE) :],
        "a conversation (newest 50)": f"/messages/{ours}/{theirs}",
        "webhook deliveries": "/webhooks",
        "webhook deliveries, status=pending, page 2": "/webhooks?status=pending&page=2",
        "webhook deliveries, event_type=message.sent": "/webhooks?event_type=message.sent",
        "a delivery": f"/webhooks/{delivery.group(1)}",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default=None, help="a fresh database (default: SQLite in a temp dir)")
    parser.add_argument("--numbers", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--handsets", type=int, default=5_000)
    parser.add_argument("--deliveries", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=20)
    args = parser.parse_args()
    url = args.database or str(Path(mkdtemp()) / "console-messages.db")
    ours, theirs = asyncio.run(fill(url, args.numbers, args.messages, args.handsets, args.deliveries))
    time_pages(url, lambda http: pages(http, ours, theirs), args.reps, "--no-worker")
    return 0


if __name__ == "__main__":
    sys.exit(main())
