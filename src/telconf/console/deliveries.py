"""Webhook deliveries: the organisation's deliveries newest first (filtered by status and event
type), one delivery's attempts (request URL, headers with the signature, body; the response's
status, headers and body), and re-deliver: the same event queued again to the same URLs as a new
pending delivery (`WebhookStore.redeliver`), which this process's dispatcher is woken for."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from starlette.responses import Response

from ..errors import Invalid, NotFound
from ..formats import canonical_id
from ..resources.messages.service import Messages
from ..store.webhooks import Delivery, DeliveryFilter
from ..webhooks.signing import envelope
from .core import Console, ConsolePage, Ctx
from .numbers import PAGE_SIZE
from .profiles import page_number
from .web import page, redirect

STATUSES = ("pending", "delivered", "failed")
EVENT_TYPES = ("message.sent", "message.finalized", "message.received")  # offered; any other is typed
EVENT_TYPE_RE = re.compile(r"^[a-z0-9_.]{1,64}$")


class DeliveryPages:
    def __init__(self, console: Console, wake_webhooks: Callable[[], None]) -> None:
        self.console = console
        self.wake_webhooks = wake_webhooks

    def pages(self) -> list[ConsolePage]:
        return [
            ConsolePage("GET", "/webhooks", self.deliveries),
            ConsolePage("GET", "/webhooks/{id}", self.delivery),
            ConsolePage("POST", "/webhooks/{id}/redeliver", self.redeliver),
        ]

    async def deliveries(self, ctx: Ctx) -> Response:
        who = ctx.principal()
        given = ctx.request.query_params
        f = {"status": given.get("status", "").strip(), "event_type": given.get("event_type", "").strip()}
        if f["status"] and f["status"] not in STATUSES:
            raise Invalid.field(f"status must be one of {', '.join(STATUSES)}.", parameter="status")
        if f["event_type"] and not EVENT_TYPE_RE.match(f["event_type"]):
            raise Invalid.field("event_type must be an event type such as message.sent.", parameter="event_type")
        flt = DeliveryFilter(status=f["status"] or None, event_types=(f["event_type"],) if f["event_type"] else ())
        at = page_number(ctx)
        found, total = await self.console.store.webhooks.list_page(who.org_id, flt, (at - 1) * PAGE_SIZE, PAGE_SIZE)
        values = ctx.values("webhooks", deliveries=found, total=total, at=at, f=f, statuses=STATUSES)
        values.update(pages=(total + PAGE_SIZE - 1) // PAGE_SIZE, event_types=EVENT_TYPES)
        return page("deliveries.html", **values)

    async def delivery(self, ctx: Ctx) -> Response:
        found = await self._find(ctx)
        values = ctx.values("webhooks", delivery=found, attempts=attempts_of(found))
        return page("delivery.html", **values, done=ctx.request.query_params.get("done"))

    async def redeliver(self, ctx: Ctx) -> Response:
        """Queue the delivery's event again (admin, or the organisation's read-write key)."""
        who = ctx.writer()
        old = await self._find(ctx)
        console = self.console
        new = await console.store.webhooks.redeliver(who.org_id, old.id, console.ids.uuid(), _now(console))
        if new is None:
            raise NotFound("No such webhook delivery.")
        self.wake_webhooks()
        return redirect(ctx.link(f"/webhooks/{new.id}", done=f"Queued again as {new.id} (from {old.id})."))

    async def _find(self, ctx: Ctx) -> Delivery:
        who = ctx.principal()
        delivery_id = canonical_id(ctx.request.path_params["id"])
        found = await self.console.store.webhooks.get(who.org_id, delivery_id) if delivery_id else None
        if found is None:
            raise NotFound("No such webhook delivery.")
        return found


def _now(console: Console) -> str:
    messages: Messages = console.service(Messages)
    return messages.clock.now_iso()  # telconf's clock (frozen or advanced by the testing controls)


def attempts_of(delivery: Delivery) -> list[dict[str, Any]]:
    """Each attempt (newest first) as the page shows it, with the body it sent: the envelope is
    rebuilt from the stored event, its attempt number and URL (byte for byte what was signed)."""
    shown = []
    for index, attempt in enumerate(delivery.attempts):
        number = delivery.attempt_count - index
        http = attempt.get("http") or {}
        request = http.get("request") or {}
        url = str(request.get("url", ""))
        shown.append(
            {
                "number": number,
                "attempt": attempt,
                "url": url,
                "headers": request.get("headers") or [],
                "body": envelope(delivery, number, url) if url else "",
                "response": http.get("response"),
            }
        )
    return shown
