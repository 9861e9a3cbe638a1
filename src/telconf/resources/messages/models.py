"""Wire shapes of `client.messages`: the send bodies as the SDKs send them, and the message record
(`OutboundMessagePayload` / `MessagingInboundMessagePayload`) every call answers."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from ...formats import Text

Url = Annotated[str, msgspec.Meta(min_length=1, max_length=2048)]
# Bounded well past what may be sent (10 parts of GSM-7 is 1,530 characters), so a longer text is
# Telnyx's own 40302 "Message too large" rather than a generic validation error.
Body = Annotated[str, msgspec.Meta(max_length=20_000)]
Sender = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Destination = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
MediaUrls = Annotated[list[Url], msgspec.Meta(max_length=50)]
Subject = Annotated[str, msgspec.Meta(max_length=255)]
Encoding = Literal["auto", "gsm7", "ucs2"]
MessageType = Literal["SMS", "MMS"]
DeliveryStatus = Literal[
    "queued", "sending", "sent", "expired", "sending_failed", "delivery_unconfirmed", "delivered",
    "delivery_failed",
]  # fmt: skip


class SendMessage(msgspec.Struct, kw_only=True):
    """`POST /messages` (and, with `send_at`, `/messages/schedule`): every field any send takes;
    each endpoint checks which it requires."""

    to: Destination
    from_: Sender | None = msgspec.field(default=None, name="from")
    messaging_profile_id: Text | None = None
    text: Body | None = None
    subject: Subject | None = None
    media_urls: MediaUrls | None = None
    type: MessageType | None = None
    auto_detect: bool = False
    encoding: Encoding = "auto"
    send_at: Annotated[str, msgspec.Meta(max_length=64)] | None = None
    webhook_url: Url | None = None
    webhook_failover_url: Url | None = None
    use_profile_webhooks: bool = True


class Party(msgspec.Struct, kw_only=True):
    phone_number: str
    carrier: str = ""
    line_type: str = ""
    status: str | None = None


class Media(msgspec.Struct, kw_only=True):
    url: str
    content_type: str | None = None
    sha256: str | None = None
    size: int | None = None


class Money(msgspec.Struct, kw_only=True):
    amount: str
    currency: str = "USD"


class CostBreakdown(msgspec.Struct, kw_only=True):
    carrier_fee: Money
    rate: Money


class MessageError(msgspec.Struct, kw_only=True):
    code: str
    title: str
    detail: str | None = None


class Message(msgspec.Struct, kw_only=True):
    """A message as stored and served (outbound or inbound)."""

    record_type: Literal["message"] = "message"
    id: str
    direction: Literal["outbound", "inbound"]
    type: MessageType
    messaging_profile_id: str | None
    organization_id: str
    from_: Party = msgspec.field(name="from")
    to: list[Party]
    cc: list[Party] = msgspec.field(default_factory=list)
    text: str | None
    subject: str | None = None
    media: list[Media] = msgspec.field(default_factory=list)
    parts: int
    num_chars: int
    encoding: str
    smart_encoding_applied: bool = False
    cost: Money | None = None
    cost_breakdown: CostBreakdown | None = None
    errors: list[MessageError] = msgspec.field(default_factory=list)
    tags: list[str] = msgspec.field(default_factory=list)
    received_at: str
    sent_at: str | None = None
    completed_at: str | None = None
    valid_until: str | None = None
    wait_seconds: float | None = None
    webhook_url: str | None = None
    webhook_failover_url: str | None = None
    tcr_campaign_id: str | None = None
    tcr_campaign_billable: bool = False
    tcr_campaign_registered: str | None = None
    autoresponse_type: str | None = None  # inbound: the keyword kind an auto-response answered


class InboundMessage(msgspec.Struct, kw_only=True):
    """What the admin API's inbound call takes: a text from any number to one of an
    organisation's numbers or short codes, as the handset would send it."""

    from_: Destination = msgspec.field(name="from")
    to: Destination
    text: Body | None = None
    subject: Subject | None = None
    media_urls: MediaUrls | None = None
