"""Rules of `client.webhook_deliveries`: reading only, the caller's organisation's deliveries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import msgspec

from ...errors import NotFound
from ...formats import canonical_id
from ...principal import Principal
from ...store.webhooks import Delivery, DeliveryFilter, WebhookStore
from .models import Attempt, DeliveryStatus, Webhook, WebhookDelivery

NOT_FOUND = "Webhook delivery not found."


def delivery_from(delivery: Delivery, user_id: str) -> WebhookDelivery:
    event = delivery.event
    return WebhookDelivery(
        id=delivery.id,
        status=None if delivery.status == "pending" else cast(DeliveryStatus, delivery.status),
        started_at=delivery.started_at,
        finished_at=delivery.finished_at,
        user_id=user_id,
        webhook=Webhook(id=event.id, event_type=event.event_type, occurred_at=event.occurred_at, payload=event.payload),
        attempts=msgspec.convert(delivery.attempts, list[Attempt]),
    )


class WebhookDeliveries:
    def __init__(self, store: WebhookStore) -> None:
        self.store = store

    async def list(
        self, who: Principal, flt: DeliveryFilter, offset: int, size: int
    ) -> tuple[Sequence[WebhookDelivery], int]:
        deliveries, total = await self.store.list_page(who.org_id, flt, offset, size)
        return [delivery_from(d, who.org_uuid) for d in deliveries], total

    async def retrieve(self, who: Principal, raw_id: str) -> WebhookDelivery:
        delivery_id = canonical_id(raw_id)
        delivery = await self.store.get(who.org_id, delivery_id) if delivery_id else None
        if delivery is None:
            raise NotFound(NOT_FOUND)
        return delivery_from(delivery, who.org_uuid)
