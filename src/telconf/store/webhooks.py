"""(Interim, replaced by the webhooks branch) Webhook events queued for delivery."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .db import Executor


@dataclass(frozen=True)
class WebhookEvent:
    id: str
    event_type: str
    occurred_at: str
    payload: dict[str, Any]


class WebhookStore:
    def __init__(self, db: object) -> None:
        self.db = db

    async def enqueue(
        self, tx: Executor, org_id: int, event: WebhookEvent, urls: Sequence[str], now: str,
        message_id: str | None = None,
    ) -> None:  # fmt: skip
        if not urls:
            return
        await tx.execute(
            "INSERT INTO webhook_deliveries (id, org_id, event_id, event_type, occurred_at, payload, urls, status, "
            "attempts, created_at, next_attempt_at, message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (event.id, org_id, event.id, event.event_type, event.occurred_at, json.dumps(event.payload),
             json.dumps(list(urls)), "pending", "[]", now, now, message_id),
        )  # fmt: skip
