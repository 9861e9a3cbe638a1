"""Rules of `client.messages`: which sender, which profile, what the profile allows, what it costs;
then the message is stored, queued for its lifecycle (worker/messages.py) and answered. Knows
nothing of HTTP; every refusal is a typed error with Telnyx's code."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

import msgspec

from ...clock import Clock, iso
from ...errors import Invalid
from ...formats import E164_RE, canonical_id, country_of, is_web_url
from ...ids import Ids
from ...principal import Principal
from ...store.db import Executor
from ...store.messages import MessageRow, MessageStore
from ...store.webhooks import WebhookEvent, WebhookStore
from ...worker.policy import JobPolicy
from .content import Content, content_of
from .models import CostBreakdown, Media, Message, Money, Party, SendMessage
from .prices import DEFAULT, PriceTable, price_of
from .refusals import Refused, bad_request, invalid_to, missing, not_found, spend_limit, stopped
from .senders import SHORT_CODE_RE, Origin, from_alpha, from_pool, from_sender, kind_of, load_profile

Route = Literal["send", "long_code", "short_code", "number_pool", "alphanumeric_sender_id", "schedule"]
SCHEDULE_MIN = timedelta(minutes=5)
SCHEDULE_MAX = timedelta(days=5)
CANCEL_MARGIN = timedelta(minutes=1)
_encoder = msgspec.json.Encoder()


def webhook_urls(body: SendMessage, profile: dict[str, Any]) -> list[str]:
    """Where the message's events go, in order: its own URLs, then (unless `use_profile_webhooks`
    is false) its profile's; each once."""
    own = [u for u in (body.webhook_url, body.webhook_failover_url) if u]
    return list(dict.fromkeys(own + (profile_urls(profile) if body.use_profile_webhooks else [])))


def profile_urls(profile: dict[str, Any]) -> list[str]:
    """A profile's webhook URLs, primary first (inbound messages and profile events go there)."""
    return list(dict.fromkeys(u for u in (profile.get("webhook_url"), profile.get("webhook_failover_url")) if u))


def pace_of(policy: JobPolicy, now: datetime) -> tuple[str, bool, datetime]:
    """How the lifecycle moves under the job policy: (pace, held, first step at)."""
    placed = policy.place(now)
    if placed.held:
        return "manual", True, now
    if placed.not_before is not None:
        return f"{policy.seconds:g}", False, placed.not_before
    return "0", False, now


def _send_at(text: str | None, now: datetime, required: bool) -> datetime | None:
    if text is None:
        if required:
            raise missing("send_at", "Scheduling a message requires 'send_at'.")
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise bad_request("'send_at' must be an ISO 8601 date and time.", "send_at") from None
    if moment.tzinfo is None:
        raise bad_request("'send_at' must name its time zone (for example a trailing Z).", "send_at")
    if not now + SCHEDULE_MIN <= moment <= now + SCHEDULE_MAX:
        raise bad_request("'send_at' must be between 5 minutes and 5 days from now.", "send_at")
    return moment


class Messages:
    def __init__(
        self, store: MessageStore, webhooks: WebhookStore, clock: Clock, ids: Ids, policy: JobPolicy,
        wake: Callable[[], None], prices: PriceTable = DEFAULT,
    ) -> None:  # fmt: skip
        self.prices = prices
        self.store = store
        self.webhooks = webhooks
        self.clock = clock
        self.ids = ids
        self.policy = policy
        self.wake = wake

    async def send(
        self, who: Principal, body: SendMessage, route: Route = "send", *, despite_opt_out: bool = False
    ) -> Message:
        """Send (or schedule) a message; `despite_opt_out` is for auto-responses, which carriers
        send even to a handset that just said STOP."""
        now = self.clock.now()
        send_at = _send_at(body.send_at, now, route == "schedule")
        self._check_shape(body, route)
        if not (E164_RE.match(body.to) or SHORT_CODE_RE.match(body.to)):
            raise invalid_to()
        # What decides the send is read first, outside any transaction (a few indexed reads); the
        # message is then one INSERT, in a transaction with the day's spend only when a limit is on.
        db = self.store.db
        origin = await self._origin(db, who.org_id, body, route)
        content = content_of(body, bool(origin.profile.get("smart_encoding")))
        self._check_profile(origin, body.to)
        if not despite_opt_out and await self.store.opted_out(db, who.org_id, origin.from_number, body.to):
            raise stopped(origin.from_number, body.to)
        price = price_of(self.prices, country_of(body.to), content.type, content.parts)
        message = self._record(who, body, origin, content, price, now)
        row = self._row(who, body, origin, message, send_at, now)
        if origin.profile.get("daily_spend_limit_enabled"):
            async with db.transaction() as tx:
                refusal = await self._spend(tx, who, origin, price.total, now)
                if refusal is None:
                    await self.store.insert(tx, row)
            if refusal is not None:
                raise refusal
        else:
            await self.store.insert(db, row)
        self.wake()
        return message

    def _check_shape(self, body: SendMessage, route: Route) -> None:
        if route in ("long_code", "short_code", "alphanumeric_sender_id") and body.from_ is None:
            raise missing("from")
        if route in ("number_pool", "alphanumeric_sender_id") and body.messaging_profile_id is None:
            raise missing("messaging_profile_id")
        if route == "alphanumeric_sender_id" and not body.text:
            raise missing("text", "Alphanumeric sender IDs send SMS only: 'text' is required.")
        if body.from_ is None and body.messaging_profile_id is None:
            raise missing("from", "Give 'from' (a number, short code or sender ID) or 'messaging_profile_id'.")
        for name, url in (("webhook_url", body.webhook_url), ("webhook_failover_url", body.webhook_failover_url)):
            if url is not None and not is_web_url(url):
                raise Invalid.field("Give an http(s) URL with a host.", pointer=f"/{name}")
        kind = kind_of(body.from_) if body.from_ is not None else None
        expected = {"long_code": "number", "short_code": "short_code", "alphanumeric_sender_id": "alpha"}.get(route)
        if expected is not None and kind != expected:
            detail = f"This endpoint sends from a {expected.replace('_', ' ')}."
            raise Refused("40305", "Invalid 'from' address", detail, "/from")
        if kind == "alpha" and (body.media_urls or body.type == "MMS"):
            raise Refused(
                "40308", "Invalid 'from' address for MMS",
                "MMS can only be sent from US long code numbers and MMS-configured short codes.", "/from",
            )  # fmt: skip

    async def _origin(self, tx: Executor, org_id: int, body: SendMessage, route: Route) -> Origin:
        if body.from_ is None or route == "number_pool":
            named = body.messaging_profile_id or ""
            profile = await load_profile(self.store, tx, org_id, named, "/messaging_profile_id")
            return await from_pool(self.store, tx, self.ids, org_id, profile, body.to)
        if kind_of(body.from_) == "alpha":
            return await from_alpha(self.store, tx, self.ids, org_id, body.from_, body.messaging_profile_id, body.to)
        return await from_sender(self.store, tx, org_id, body.from_, body.messaging_profile_id)

    def _check_profile(self, origin: Origin, to: str) -> None:
        profile = origin.profile
        if not profile.get("enabled", True):
            raise Refused(
                "40312", "Messaging profile is disabled",
                f"The specified messaging profile {origin.profile_id} is disabled.", "/messaging_profile_id",
            )  # fmt: skip
        allowed = profile["whitelisted_destinations"]  # never empty: create, update and seeds require one
        region = country_of(to) if E164_RE.match(to) else None
        if region is not None and "*" not in allowed and region not in allowed:
            raise Refused(
                "40309", "Invalid destination region",
                f"The region {region} for the destination {to} is not included in the messaging profile's "
                "whitelisted destinations.", "/to",
            )  # fmt: skip

    async def _spend(
        self, tx: Executor, who: Principal, origin: Origin, cost: Decimal, now: datetime
    ) -> Refused | None:
        """Add the cost to the profile's day (counted while the limit is enabled); past the limit,
        refuse (and report it once a day by webhook, which the refusal's transaction commits)."""
        day = now.date().isoformat()
        await self.store.lock_spend(tx, who.org_id, origin.profile_id)
        spent, _ = await self.store.spend(tx, origin.profile_id, day)
        profile = origin.profile
        limit = str(profile.get("daily_spend_limit") or "0")
        if spent + cost > Decimal(limit):
            if await self.store.mark_limit_reported(tx, who.org_id, origin.profile_id, day):
                payload = {"configured_limit": limit, "current_cost": str(spent), "profile_id": origin.profile_id}
                event = WebhookEvent(self.ids.uuid(), "messaging-profile.spend-limit-reached", iso(now), payload)
                await self.webhooks.enqueue(tx, who.org_id, event, profile_urls(profile), iso(now))
            return spend_limit(origin.profile_id, limit)
        await self.store.add_spend(tx, who.org_id, origin.profile_id, day, spent + cost)
        return None

    def _record(
        self, who: Principal, body: SendMessage, origin: Origin, content: Content, price: Any, now: datetime
    ) -> Message:
        return Message(
            id=self.ids.uuid(),
            direction="outbound",
            type=content.type,  # type: ignore[arg-type]
            messaging_profile_id=origin.profile_id,
            organization_id=who.org_uuid,
            from_=Party(phone_number=origin.from_number, carrier="Telnyx", line_type=origin.line_type),
            to=[Party(phone_number=body.to, carrier="", line_type="Wireless", status="queued")],
            text=content.text,
            subject=content.subject,
            media=[Media(url=u) for u in content.media_urls],
            parts=content.parts,
            num_chars=content.num_chars,
            encoding=content.encoding,
            smart_encoding_applied=content.smart_encoding_applied,
            cost=Money(amount=f"{price.total:.4f}"),
            cost_breakdown=CostBreakdown(
                carrier_fee=Money(amount=f"{price.carrier_fee:.4f}"), rate=Money(amount=f"{price.rate:.4f}")
            ),
            received_at=iso(now),
            webhook_url=body.webhook_url,
            webhook_failover_url=body.webhook_failover_url,
        )

    def _row(
        self, who: Principal, body: SendMessage, origin: Origin, message: Message, send_at: datetime | None,
        now: datetime,
    ) -> MessageRow:  # fmt: skip
        pace, held, first = pace_of(self.policy, now)
        status = "queued"
        if send_at is not None:
            status, held, first = "scheduled", False, send_at
        urls = webhook_urls(body, origin.profile)
        row = MessageRow(
            message.id, who.org_id, "outbound", origin.profile_id, origin.from_number, body.to, status, message.type,
            message.parts, message.cost.amount if message.cost else None, message.received_at, message.received_at,
            iso(first), pace, held, _encoder.encode(urls).decode(), _encoder.encode(message).decode(),
        )  # fmt: skip
        return row

    async def retrieve(self, who: Principal, message_id: str) -> Message:
        canonical = canonical_id(message_id)
        row = await self.store.get(who.org_id, canonical) if canonical else None
        if row is None:
            raise not_found(message_id)
        return msgspec.json.decode(row.record, type=Message)

    async def cancel_scheduled(self, who: Principal, message_id: str) -> Message:
        """Only a scheduled message more than a minute before its `send_at` can be cancelled; it is
        removed, and answered once more with its status `cancelled`."""
        canonical = canonical_id(message_id)
        if canonical is None:
            raise not_found(message_id)
        now = self.clock.now()
        async with self.store.db.transaction() as tx:
            row = await self.store.locked(tx, who.org_id, canonical)
            if row is None or row.direction != "outbound":
                raise not_found(message_id)
            if row.status != "scheduled" or row.step_at is None or row.step_at <= iso(now + CANCEL_MARGIN):
                detail = "Only messages with status=scheduled and send_at more than a minute from now can be cancelled."
                raise bad_request(detail, "id")
            await self.store.delete(tx, who.org_id, canonical)
        message = msgspec.json.decode(row.record, type=Message)
        for party in message.to:
            party.status = "cancelled"
        return message
