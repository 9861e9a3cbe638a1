"""Messaging-settings shapes (`PhoneNumberWithMessagingSettings`), shared with the profile's
number list. The derived fields follow the number's type and product (see docs/design.md)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import msgspec

from ....enums import MessagingProduct, MessagingType
from ....store.phone_number_rows import PhoneNumberRow
from ..models import TagList, Tags

# Number type -> the messaging `type` enum.
MESSAGING_TYPES: dict[str, MessagingType] = {"toll_free": "tollfree", "tollfree": "tollfree", "shortcode": "shortcode"}
MESSAGING_TYPE_FILTERS = {
    "tollfree": ("toll_free", "tollfree"),
    "shortcode": ("shortcode",),
    "longcode": ("local", "national", "mobile", "landline", "shared_cost", "longcode"),
}


class MessagingFeatureSet(msgspec.Struct):
    domestic_two_way: bool
    international_inbound: bool
    international_outbound: bool


class Features(msgspec.Struct):
    sms: MessagingFeatureSet | None
    mms: MessagingFeatureSet | None


class Health(msgspec.Struct):
    message_count: int = 0
    inbound_outbound_ratio: float = 0.0
    success_ratio: float = 0.0
    spam_ratio: float = 0.0


# (messaging type, product) -> features. P2P opens international SMS; MMS exists only with A2P;
# toll-free A2P is shown as the documentation's example shows it.
FEATURES = {
    ("tollfree", "A2P"): Features(MessagingFeatureSet(True, True, True), None),
    ("longcode", "A2P"): Features(MessagingFeatureSet(True, True, False), MessagingFeatureSet(True, False, False)),
    ("longcode", "P2P"): Features(MessagingFeatureSet(True, True, True), None),
    ("shortcode", "A2P"): Features(MessagingFeatureSet(True, False, False), MessagingFeatureSet(True, False, False)),
}
# Long codes may move to P2P; toll-free numbers and short codes are A2P only.
ELIGIBLE: dict[MessagingType, tuple[MessagingProduct, ...]] = {
    "longcode": ("A2P", "P2P"),
    "tollfree": ("A2P",),
    "shortcode": ("A2P",),
}
EMPTY_HEALTH = Health()


def messaging_type(phone_number_type: str) -> MessagingType:
    return MESSAGING_TYPES.get(phone_number_type, "longcode")


def eligible_products(phone_number_type: str) -> tuple[MessagingProduct, ...]:
    return ELIGIBLE[messaging_type(phone_number_type)]


class PhoneNumberWithMessagingSettings(msgspec.Struct, kw_only=True):
    id: str
    record_type: Literal["messaging_settings"] = "messaging_settings"
    phone_number: str
    messaging_profile_id: str | None
    messaging_product: MessagingProduct
    eligible_messaging_products: Sequence[MessagingProduct]
    traffic_type: MessagingProduct
    type: MessagingType
    country_code: str
    organization_id: str
    tags: TagList
    features: Features
    health: Health
    created_at: str
    updated_at: str


def messaging_from_row(r: PhoneNumberRow, organization_id: str) -> PhoneNumberWithMessagingSettings:
    kind = messaging_type(r.phone_number_type)
    product = r.messaging_product
    return PhoneNumberWithMessagingSettings(
        id=str(r.id),
        phone_number=r.phone_number,
        messaging_profile_id=r.messaging_profile_id,
        messaging_product=product,
        eligible_messaging_products=ELIGIBLE[kind],
        traffic_type=product,
        type=kind,
        country_code=r.country_iso_alpha2,
        organization_id=organization_id,
        tags=msgspec.Raw(r.tags),
        features=FEATURES.get((kind, product)) or FEATURES[(kind, "A2P")],
        health=EMPTY_HEALTH,
        created_at=r.created_at,
        updated_at=r.updated_at,
    )


class MessagingUpdate(msgspec.Struct, kw_only=True):
    """Body of PATCH /phone_numbers/{id}/messaging; `null` or absence keeps a value, and an empty
    `messaging_profile_id` unassigns the number."""

    messaging_profile_id: str | None | msgspec.UnsetType = msgspec.UNSET
    messaging_product: str | None | msgspec.UnsetType = msgspec.UNSET
    tags: Tags | msgspec.UnsetType = msgspec.UNSET
