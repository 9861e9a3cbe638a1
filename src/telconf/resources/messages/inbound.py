"""Inbound messages, delivered by the admin API (or `telconf admin inbound`) as a handset would
send them: stored, reported by `message.received` to the receiving number's profile webhooks, and
acted on as carriers do: STOP (and its synonyms) blocks further sends from that number to the
handset, START or UNSTOP lifts the block. An auto-response configured for the keyword is sent
back as a real outbound message, with its own webhooks."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import msgspec

from ...clock import Clock, iso
from ...errors import ApiError, Invalid, NotFound
from ...formats import E164_RE, country_of
from ...ids import Ids
from ...principal import Principal
from ...store.autoresp_configs import AutoRespConfigStore
from ...store.messages import MessageRow, MessageStore
from ...store.webhooks import WebhookEvent, WebhookStore
from .encoding import encode
from .models import InboundMessage, Media, Message, Party, SendMessage
from .refusals import invalid_to
from .senders import SHORT_CODE_RE
from .service import Messages, profile_urls

OPT_OUT = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
OPT_IN = frozenset({"START", "UNSTOP", "YES"})
Reply = tuple[str, str]  # the response text, and the kind of keyword it answers (STOP, START, INFO)
_encoder = msgspec.json.Encoder()
log = logging.getLogger("telconf.messages")


class Inbound:
    def __init__(
        self, store: MessageStore, webhooks: WebhookStore, clock: Clock, ids: Ids, messages: Messages,
        autoresp: AutoRespConfigStore, notify: Callable[[], None] = lambda: None,
    ) -> None:  # fmt: skip
        self.store = store
        self.webhooks = webhooks
        self.clock = clock
        self.ids = ids
        self.messages = messages
        self.autoresp = autoresp
        self.notify = notify  # wakes this process's webhook dispatcher

    async def receive(self, body: InboundMessage) -> Message:
        if not E164_RE.match(body.from_):
            raise Invalid.field("'from' must be a +E.164 number.", pointer="/from")
        if not (E164_RE.match(body.to) or SHORT_CODE_RE.match(body.to)):
            raise invalid_to()
        if not body.text and not body.media_urls:
            raise Invalid.field("Give 'text' or 'media_urls'.", pointer="/text")
        now = self.clock.now()
        async with self.store.db.transaction() as tx:
            found = await self.store.receiver(tx, body.to)
            if found is None:
                raise NotFound(f"No organisation has the number {body.to}.")
            org_id, org_uuid, org_name, number = found
            if number.messaging_profile_id is None:
                raise Invalid.field(f"{body.to} has no messaging profile to receive messages.", pointer="/to")
            profile_doc = await self.store.profile(tx, org_id, number.messaging_profile_id)
            profile: dict[str, Any] = msgspec.json.decode(profile_doc) if profile_doc else {}
            reply = await self._keyword(tx, org_id, number.messaging_profile_id, body, iso(now))
            message = self._record(body, org_uuid, number.messaging_profile_id, iso(now), reply)
            urls = profile_urls(profile)
            await self._store(tx, org_id, message, urls)
            payload = msgspec.to_builtins(message)
            event = WebhookEvent(self.ids.uuid(), "message.received", iso(now), payload)
            await self.webhooks.enqueue(tx, org_id, event, urls, iso(now), message.id)
        self.notify()
        if reply is not None:
            who = Principal(org_id, org_uuid, "read_write", org_name)
            answer = SendMessage(from_=body.to, to=body.from_, text=reply[0])
            try:
                await self.messages.send(who, answer, "send", despite_opt_out=True)
            except ApiError as refused:  # the inbound message stands; only its answer could not go
                log.warning("auto-response from %s to %s not sent: %s", body.to, body.from_, refused)
        return message

    async def _keyword(self, tx: Any, org_id: int, profile_id: str, body: InboundMessage, now: str) -> Reply | None:
        """Act on an opt-out or opt-in keyword (the carriers' own, or one an auto-response setting
        of the profile names for the handset's country); the auto-response to send, if any."""
        text = body.text or ""
        found = await self.autoresp.matching(tx, org_id, profile_id, country_of(body.from_) or "", text)
        keyword = text.strip().upper()
        op = found.op if found is not None else "stop" if keyword in OPT_OUT else "start" if keyword in OPT_IN else None
        if op == "stop":
            await self.store.opt_out(tx, org_id, body.to, body.from_, now)
        elif op == "start":
            await self.store.opt_in(tx, org_id, body.to, body.from_)
        if found is None or not found.resp_text:
            return None
        return found.resp_text, found.op.upper()

    def _record(self, body: InboundMessage, org_uuid: str, profile_id: str, now: str, reply: Reply | None) -> Message:
        encoded = encode(body.text or "", "auto", False)
        assert encoded is not None  # "auto" always encodes
        media = body.media_urls or []
        return Message(
            id=self.ids.uuid(),
            direction="inbound",
            type="MMS" if media or body.subject else "SMS",
            messaging_profile_id=profile_id,
            organization_id=org_uuid,
            from_=Party(phone_number=body.from_, carrier="", line_type="Wireless", status="received"),
            to=[Party(phone_number=body.to, carrier="Telnyx", line_type="", status="webhook_delivered")],
            text=body.text,
            subject=body.subject,
            media=[Media(url=u) for u in media],
            parts=encoded.parts if not media else 1,
            num_chars=encoded.num_chars,
            encoding=encoded.encoding,
            received_at=now,
            autoresponse_type=reply[1] if reply else None,
        )

    async def _store(self, tx: Any, org_id: int, message: Message, urls: list[str]) -> None:
        row = MessageRow(
            message.id, org_id, "inbound", message.messaging_profile_id, message.from_.phone_number,
            message.to[0].phone_number, "received", message.type, message.parts, None, message.received_at,
            message.received_at, None, "0", False, _encoder.encode(urls).decode(), _encoder.encode(message).decode(),
        )  # fmt: skip
        await self.store.insert(tx, row)
