"""Wire shapes of the messaging-profile calls, with Telnyx's field names and enums.

`ProfileSettings` is what a profile's JSON document holds, with the live API's defaults; the
request bodies list what each call may change, every field UNSET unless sent."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec

UNSET = msgspec.UNSET
Unset = msgspec.UnsetType

WebhookApiVersion = Literal["1", "2", "2010-04-01"]
# No control characters: the name is also an indexed column, and PostgreSQL refuses NUL in text.
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=255, pattern=r"^[^\x00-\x1f\x7f]+$(?!\n)")]
Destination = Annotated[str, msgspec.Meta(pattern=r"^(?:[A-Z]{2}|\*)$(?!\n)")]
Destinations = Annotated[list[Destination], msgspec.Meta(min_length=1, max_length=300)]
Url = Annotated[str, msgspec.Meta(max_length=2048)]
AlphaSender = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9 ]{1,11}$(?!\n)")]
SpendLimit = Annotated[str, msgspec.Meta(pattern=r"^[0-9]+(?:\.[0-9]+)?$(?!\n)", max_length=32)]
ExternalId = Annotated[str, msgspec.Meta(max_length=64)]
Secret = Annotated[str, msgspec.Meta(min_length=1, max_length=255)]
Weight = Annotated[float, msgspec.Meta(ge=0)]
Domain = Annotated[str, msgspec.Meta(min_length=1, max_length=253)]
Prefix = Annotated[str, msgspec.Meta(max_length=64)]
Features = Annotated[dict[str, Any], msgspec.Meta(max_length=100)]

DEFAULT_DESTINATIONS = ("US",)


# -- what is stored and served -------------------------------------------------------------------


class NumberPoolSettings(msgspec.Struct, kw_only=True):
    long_code_weight: float
    toll_free_weight: float
    skip_unhealthy: bool
    sticky_sender: bool = False
    geomatch: bool = False


class UrlShortenerSettings(msgspec.Struct, kw_only=True):
    domain: str
    prefix: str = ""
    replace_blacklist_only: bool = False
    send_webhooks: bool = False


class ProfileSettings(msgspec.Struct, kw_only=True):
    """A profile's document: every field of the record but its id, owner and timestamps."""

    name: str
    enabled: bool = True
    webhook_url: str | None = None
    webhook_failover_url: str | None = None
    webhook_api_version: WebhookApiVersion = "2"
    whitelisted_destinations: list[str] = msgspec.field(default_factory=lambda: [*DEFAULT_DESTINATIONS])
    number_pool_settings: NumberPoolSettings | None = None
    url_shortener_settings: UrlShortenerSettings | None = None
    alpha_sender: str | None = None
    v1_secret: str = ""
    health_webhook_url: str | None = None
    mms_fall_back_to_sms: bool = False
    mms_transcoding: bool = False
    mobile_only: bool = False
    smart_encoding: bool = False
    daily_spend_limit: str = "0.00"
    daily_spend_limit_enabled: bool = False
    redaction_enabled: bool = False
    redaction_level: int = 2
    ai_assistant_id: str | None = None
    resource_group_id: str | None = None
    features: dict[str, Any] | None = None


SETTINGS_FIELDS = frozenset(f.name for f in msgspec.structs.fields(ProfileSettings))


class MessagingProfile(ProfileSettings, kw_only=True):
    """`MessagingMessagingProfile`: the `data` of every profile call."""

    record_type: Literal["messaging_profile"] = "messaging_profile"
    id: str
    organization_id: str
    created_at: str
    updated_at: str


# -- request bodies ------------------------------------------------------------------------------


class NumberPoolSettingsChange(msgspec.Struct, kw_only=True):
    """A partial object merges into the current settings (or {1, 1, false} when there are none)."""

    long_code_weight: Weight | Unset = UNSET
    toll_free_weight: Weight | Unset = UNSET
    skip_unhealthy: bool | Unset = UNSET
    sticky_sender: bool | Unset = UNSET
    geomatch: bool | Unset = UNSET


class UrlShortenerSettingsChange(msgspec.Struct, kw_only=True):
    domain: Domain | Unset = UNSET
    prefix: Prefix | Unset = UNSET
    replace_blacklist_only: bool | Unset = UNSET
    send_webhooks: bool | Unset = UNSET


class ProfileChanges(msgspec.Struct, kw_only=True):
    """Fields both create and update accept; `null` clears a nullable one."""

    name: Name | Unset = UNSET
    whitelisted_destinations: Destinations | Unset = UNSET
    enabled: bool | Unset = UNSET
    webhook_url: Url | None | Unset = UNSET
    webhook_failover_url: Url | None | Unset = UNSET
    webhook_api_version: WebhookApiVersion | Unset = UNSET
    number_pool_settings: NumberPoolSettingsChange | None | Unset = UNSET
    url_shortener_settings: UrlShortenerSettingsChange | None | Unset = UNSET
    alpha_sender: AlphaSender | None | Unset = UNSET
    daily_spend_limit: SpendLimit | Unset = UNSET
    daily_spend_limit_enabled: bool | Unset = UNSET
    mms_fall_back_to_sms: bool | Unset = UNSET
    mms_transcoding: bool | Unset = UNSET
    mobile_only: bool | Unset = UNSET
    smart_encoding: bool | Unset = UNSET
    ai_assistant_id: ExternalId | None | Unset = UNSET
    features: Features | None | Unset = UNSET


class CreateFields(ProfileChanges, kw_only=True):
    """Fields only a new profile may set (POST bodies and seed records)."""

    name: Name
    health_webhook_url: Annotated[str, msgspec.Meta(max_length=2048)] | None | Unset = UNSET
    resource_group_id: ExternalId | None | Unset = UNSET


class MessagingProfileCreate(CreateFields, kw_only=True):
    """Body of POST /messaging_profiles."""

    whitelisted_destinations: Destinations


class MessagingProfileUpdate(ProfileChanges, kw_only=True):
    """Body of PATCH /messaging_profiles/{id}. `health_webhook_url` and `resource_group_id` are
    create-only in the SDKs and ignored here, like read-only fields."""

    v1_secret: Secret | Unset = UNSET
    redaction_enabled: bool | Unset = UNSET
    redaction_level: Literal[1, 2] | Unset = UNSET


# -- derived records -----------------------------------------------------------------------------


class AlphanumericSenderID(msgspec.Struct, kw_only=True, omit_defaults=True):
    """An item of GET /messaging_profiles/{id}/alphanumeric_sender_ids: the profile's
    `alpha_sender`, as a record. `us_long_code_fallback` is left out: nothing here sets one, and
    the Node SDK types it `us_long_code_fallback?: string` (not null)."""

    record_type: Literal["alphanumeric_sender_id"]
    id: str
    alphanumeric_sender_id: str
    messaging_profile_id: str
    organization_id: str
    us_long_code_fallback: str | None = None


# -- metrics (GET /messaging_profiles/{id}/metrics) ----------------------------------------------
# The SDKs type `data` as an open object; these follow the example in Telnyx's API reference
# (`overview` with `outbound`/`inbound`, `detailed` intervals of labelled metrics) and add what a
# test of a messaging flow wants to read (docs/behaviour.md, "Messaging profile metrics").

MetricsTimeFrame = Literal["1h", "3h", "24h", "3d", "7d", "30d"]
MetricsLabel = Literal["longcode", "tollfree", "shortcode", "alphanumeric"]


class MetricsCost(msgspec.Struct, kw_only=True):
    amount: str  # decimal text, exact
    currency: str


class OutboundMetrics(msgspec.Struct, kw_only=True):
    sent: int  # outbound messages accepted for sending (scheduled and cancelled ones aside)
    delivered: int
    failed: int  # delivery_failed, sending_failed, expired
    errors: float  # failed / sent, 0 when nothing was sent
    delivery_rate: float  # delivered / sent
    parts: int
    cost: MetricsCost
    by_status: dict[str, int]  # every status seen, scheduled and cancelled included


class InboundMetrics(msgspec.Struct, kw_only=True):
    received: int
    parts: int
    cost: MetricsCost


class MetricsOverview(msgspec.Struct, kw_only=True):
    record_type: Literal["messaging_profile_metrics"]
    messaging_profile_id: str
    phone_numbers: int
    outbound: OutboundMetrics
    inbound: InboundMetrics


class LabelMetrics(msgspec.Struct, kw_only=True):
    label: MetricsLabel  # the kind of the profile's side of the messages
    sent: int
    delivered: int
    errors: float
    received: int


class MetricsInterval(msgspec.Struct, kw_only=True):
    timestamp: str  # the interval's start
    metrics: list[LabelMetrics]


class ProfileMetrics(msgspec.Struct, kw_only=True):
    time_frame: MetricsTimeFrame
    interval_seconds: int
    start_time: str  # exclusive
    end_time: str  # inclusive: the clock's now
    overview: MetricsOverview
    detailed: list[MetricsInterval]  # every interval the window touches, oldest first
