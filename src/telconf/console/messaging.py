"""Messages: the organisation's conversations (one per pair of its number and the other party) and
each conversation's messages, newest first, both refreshed live by the page's script (see
static/console.js); and "Reply as the handset", which delivers an inbound message from the other
party through `Inbound.receive`, the admin API's own path (so `message.received` goes to the
profile's webhooks). Queries: store/conversations.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import msgspec
from starlette.responses import Response

from ..clock import iso
from ..errors import ApiError, Invalid, NotFound
from ..formats import E164_RE, UUID_RE
from ..http.body import convert
from ..resources.messages.inbound import Inbound
from ..resources.messages.models import InboundMessage
from ..resources.messages.senders import SHORT_CODE_RE
from ..resources.messages.service import Messages
from ..store.conversations import ConversationStore, Cursor
from ..store.messages import MessageRow
from .core import Console, ConsolePage, Ctx
from .web import page, problems_of, redirect

CONVERSATIONS_SHOWN = 25
MESSAGES_SHOWN = 50
LIVE_MS = 300  # how often an open Messages page looks for news (a sent message shows within 1 s)
TIMESTAMP_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


class MessagePages:
    def __init__(self, console: Console, wake_webhooks: Callable[[], None]) -> None:
        self.console = console
        self.store = ConversationStore(console.store.db)
        messages: Messages = console.service(Messages)
        self.clock = messages.clock
        self.inbound = Inbound(
            console.store.messages, console.store.webhooks, messages.clock, console.ids, messages,
            console.store.autoresp_configs, wake_webhooks,
        )  # fmt: skip
        self.wake_webhooks = wake_webhooks

    def pages(self) -> list[ConsolePage]:
        return [
            ConsolePage("GET", "/messages", self.conversations),
            ConsolePage("GET", "/messages/{ours}/{theirs}", self.conversation),
            ConsolePage("POST", "/messages/{ours}/{theirs}", self.reply),
        ]

    async def today(self, org_id: int) -> int:
        """Messages sent or received since midnight UTC (telconf's clock), for the Overview."""
        now = self.clock.now()
        midnight = datetime(now.year, now.month, now.day, tzinfo=UTC)
        return await self.store.count_since(org_id, iso(midnight))

    async def conversations(self, ctx: Ctx) -> Response:
        who = ctx.principal()
        before = cursor_of(ctx)
        found, more = await self.store.conversations(who.org_id, before, CONVERSATIONS_SHOWN)
        rows = [(c, shown(c.last)) for c in found]
        values = ctx.values("messages", conversations=rows, next=cursor_text(more), first=before is None)
        return page("messages.html", **values, live_ms=LIVE_MS)

    async def conversation(self, ctx: Ctx, problems: list[dict[str, str]] | None = None) -> Response:
        who = ctx.principal()
        ours, theirs = pair_of(ctx)
        before = cursor_of(ctx)
        found, more = await self.store.messages(who.org_id, ours, theirs, before, MESSAGES_SHOWN)
        if not found and before is None:
            raise NotFound("No conversation between these numbers.")
        values = ctx.values("messages", ours=ours, theirs=theirs, messages=[shown(m) for m in found], live_ms=LIVE_MS)
        values.update(next=cursor_text(more), first=before is None, problems=problems or [])
        values.update(done=ctx.request.query_params.get("done"), text=ctx.form.get("text", "") if problems else "")
        return page("conversation.html", 422 if problems else 200, **values)

    async def reply(self, ctx: Ctx) -> Response:
        """Reply as the handset: an inbound message from `theirs` to `ours`. The admin and an
        organisation's read-write key may, for the organisation's own numbers; a read-only key not."""
        who = ctx.writer()
        ours, theirs = pair_of(ctx)
        held = await self.console.store.messages.receiver(self.console.store.db, ours)
        if held is None or held[0] != who.org_id:
            raise NotFound("No conversation between these numbers.")
        try:
            body = convert({"from": theirs, "to": ours, "text": ctx.form.get("text", "")}, InboundMessage)
            message = await self.inbound.receive(body)
        except ApiError as error:
            if error.status == 404:
                raise
            return await self.conversation(ctx, problems_of(error))
        self.wake_webhooks()
        return redirect(ctx.link(f"/messages/{ours}/{theirs}", done=f"Received from {theirs}: {message.id}"))


def pair_of(ctx: Ctx) -> tuple[str, str]:
    ours, theirs = ctx.request.path_params["ours"], ctx.request.path_params["theirs"]
    if not (E164_RE.match(ours) or SHORT_CODE_RE.match(ours)) or not E164_RE.match(theirs):
        raise NotFound("No conversation between these numbers.")
    return ours, theirs


def cursor_of(ctx: Ctx) -> Cursor | None:
    """The `before` parameter: where the previous page ended (received_at and id, `_` between)."""
    raw = ctx.request.query_params.get("before", "")
    if not raw:
        return None
    at, _, id = raw.partition("_")
    if not TIMESTAMP_RE.match(at) or not UUID_RE.match(id):
        raise Invalid.field("before must be where a previous page ended.", parameter="before")
    return at, id


def cursor_text(cursor: Cursor | None) -> str | None:
    return f"{cursor[0]}_{cursor[1]}" if cursor else None


def shown(row: MessageRow) -> dict[str, Any]:
    """What a page shows of one message: its row and the fields of its record."""
    record: dict[str, Any] = msgspec.json.decode(row.record)
    cost = record.get("cost")
    return {
        "row": row,
        "text": record.get("text") or "",
        "subject": record.get("subject"),
        "media": [m.get("url", "") for m in record.get("media") or []],
        "cost": f"{cost['amount']} {cost.get('currency', '')}".strip() if cost else None,
        "sent_at": record.get("sent_at"),
        "completed_at": record.get("completed_at"),
        "errors": [f"{e.get('code')} {e.get('title')}" for e in record.get("errors") or []],
    }
