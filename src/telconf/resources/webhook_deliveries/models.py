"""Wire shapes of `client.webhook_deliveries` (`telnyx.types.WebhookDelivery`, `Attempt`, `HTTP`)."""

from __future__ import annotations

from typing import Any, Literal

import msgspec

DeliveryStatus = Literal["delivered", "failed"]
DELIVERY_STATUSES: tuple[DeliveryStatus, ...] = ("delivered", "failed")


class HttpRequest(msgspec.Struct, kw_only=True):
    url: str | None = None
    headers: list[list[str]] | None = None


class HttpResponse(msgspec.Struct, kw_only=True):
    status: int | None = None
    headers: list[list[str]] | None = None
    body: str | None = None


class Http(msgspec.Struct, kw_only=True):
    request: HttpRequest | None = None
    response: HttpResponse | None = None  # None: no response (a timeout, a refused connection)


class Attempt(msgspec.Struct, kw_only=True):
    status: DeliveryStatus | None = None
    started_at: str | None = None
    finished_at: str | None = None
    errors: list[int] = []
    http: Http | None = None


class Webhook(msgspec.Struct, kw_only=True):
    """The event as it was delivered (`data` of the envelope)."""

    id: str
    event_type: str
    occurred_at: str
    payload: dict[str, Any]
    record_type: Literal["event"] = "event"


class WebhookDelivery(msgspec.Struct, kw_only=True):
    """`status` is null while attempts remain (telconf's; Telnyx lists finished deliveries)."""

    record_type: Literal["webhook_delivery"] = "webhook_delivery"
    id: str
    status: DeliveryStatus | None
    started_at: str | None
    finished_at: str | None
    user_id: str
    webhook: Webhook
    attempts: list[Attempt]  # the most recent first
