"""Queueing events into a live server's database, as the messages slice does in its transactions,
and waiting for what the server's dispatcher does with them."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import Any

from telconf.clock import Clock
from telconf.store import Store
from telconf.store.webhooks import WebhookEvent, delivery_id

from .support import enqueue, message_event

POLL_SECONDS = 0.05


def queue(
    database_url: str, org_name: str, urls: Sequence[str], event_types: Sequence[str], now: str | None = None
) -> list[WebhookEvent]:
    """Queue one message-like event per type for the organisation, due at `now` (the server's clock;
    default the real time); the server delivers them."""

    async def work() -> list[WebhookEvent]:
        store = await Store.open(database_url, run_migrations=False)
        try:
            org = await store.orgs.by_name(org_name)
            assert org is not None
            events = [message_event(Clock(), event_type) for event_type in event_types]
            for event in events:
                await enqueue(store, org.id, event, urls, now or Clock().now_iso())
            return events
        finally:
            await store.close()

    return asyncio.run(work())


def wait_attempts(client: Any, event: WebhookEvent, count: int, timeout: float = 10.0) -> Any:
    """The delivery of `event` once the server has recorded `count` attempts of it."""
    deadline = time.monotonic() + timeout
    while True:
        delivery = client.webhook_deliveries.retrieve(delivery_id(event.id)).data
        if len(delivery.attempts) >= count:
            return delivery
        assert time.monotonic() < deadline, f"{len(delivery.attempts)} attempts recorded after {timeout} s"
        time.sleep(POLL_SECONDS)  # noqa: TID251 (polls what the server process records)


def node_fixture(database_url: str, org: dict[str, Any]) -> dict[str, Any]:
    """What tests/node/webhooks.test.mjs verifies: deliveries the server signed for `org` (seeded with
    the pinned key), caught by a receiver, and one signed by telconf 301 s ago."""
    from telconf.testing.receiver import WebhookReceiver
    from telconf.webhooks.signing import sign, signing_key

    from .support import PUBLIC_KEY, SIGNING_KEY

    with WebhookReceiver() as receiver:
        events = queue(database_url, org["name"], [receiver.url], ["message.sent", "message.finalized"])
        received = [receiver.wait_for(where=lambda d, e=e: d.json["data"]["id"] == e.id) for e in events]
    stale_body = received[0].body
    stale = sign(signing_key(SIGNING_KEY), stale_body, time.time() - 301)
    return {
        **org,
        "public_key": PUBLIC_KEY,
        "deliveries": [
            {"id": delivery_id(e.id), "body": d.body, "headers": d.headers}
            for e, d in zip(events, received, strict=True)
        ],
        "stale": {"body": stale_body, "headers": stale},
    }
