"""Shared by the webhook tests: a pinned signing key, message-like events, and queueing them
straight into a store (the messages slice queues them in its own transactions)."""

from __future__ import annotations

import asyncio
import base64
import uuid
from collections.abc import Sequence
from typing import Any

from nacl.signing import SigningKey

from telconf.clock import Clock
from telconf.store import Store
from telconf.store.webhooks import WebhookEvent
from telconf.webhooks.dispatcher import WebhookDispatcher

SEED = bytes(range(32))
SIGNING_KEY = base64.b64encode(SEED).decode()
PUBLIC_KEY = base64.b64encode(bytes(SigningKey(SEED).verify_key)).decode()


def message_event(clock: Clock, event_type: str = "message.sent", text: str = "Hello, world!") -> WebhookEvent:
    """A `message.sent` event as the messages slice makes one (typed by the SDK as
    DeliveryUpdateWebhookEvent)."""
    now = clock.now_iso()
    payload: dict[str, Any] = {
        "record_type": "message",
        "direction": "outbound",
        "id": str(uuid.uuid4()),
        "type": "SMS",
        "messaging_profile_id": str(uuid.uuid4()),
        "from": {"phone_number": "+13125550100", "carrier": "Telnyx", "line_type": "Wireless"},
        "to": [{"phone_number": "+13125550111", "status": "sent", "carrier": "T-Mobile USA", "line_type": "Wireless"}],
        "text": text,
        "media": [],
        "webhook_url": None,
        "webhook_failover_url": None,
        "encoding": "GSM-7",
        "parts": 1,
        "tags": [],
        "cost": {"amount": "0.0040", "currency": "USD"},
        "received_at": now,
        "sent_at": now,
        "completed_at": None,
        "valid_until": None,
        "errors": [],
    }
    return WebhookEvent(str(uuid.uuid4()), event_type, now, payload)


async def enqueue(store: Store, org_id: int, event: WebhookEvent, urls: Sequence[str], now: str) -> None:
    async with store.db.transaction() as tx:
        await store.webhooks.enqueue(tx, org_id, event, urls, now, message_id=event.payload.get("id"))


async def settle(dispatcher: WebhookDispatcher) -> None:
    """Run the dispatcher until nothing is due or in flight (at the current clock)."""
    while True:
        busy = await dispatcher.step()
        if dispatcher._inflight:
            await asyncio.gather(*dispatcher._inflight.values())
        elif not busy:
            return
