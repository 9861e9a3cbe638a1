"""Wire shapes of `client.mobile_phone_numbers`, with Telnyx's field names and enums.

The nested voice objects are the same Telnyx types the phone-number voice settings use, so they
are shared with that slice; `inbound`/`outbound` are the mobile-only interception apps."""

from __future__ import annotations

from typing import Any, Literal

import msgspec

from ...enums import CallScreening, MessagingProduct
from ..phone_numbers.messaging.models import FEATURES as LONG_CODE_FEATURES
from ..phone_numbers.messaging.models import MessagingFeatureSet
from ..phone_numbers.models import Tags, Text
from ..phone_numbers.voice.models import (
    CallForwarding,
    CallForwardingOut,
    CallRecording,
    CallRecordingOut,
    CnamListing,
    CnamListingOut,
)

UNSET = msgspec.UNSET
Unset = msgspec.UnsetType
NoiseSuppression = Literal["inbound", "outbound", "both", "disabled"]
# The request takes a boolean; the record shows (and stores) the enum.
NOISE_SUPPRESSION = {True: "both", False: "disabled"}


class InterceptionOut(msgspec.Struct):
    interception_app_id: str | None
    interception_app_name: str | None


class MobilePhoneNumber(msgspec.Struct, kw_only=True):
    """`MobilePhoneNumber`: the record of GET/PATCH /mobile_phone_numbers/{id} and the list."""

    id: str
    record_type: Literal["mobile_phone_number"] = "mobile_phone_number"
    phone_number: str
    sim_card_id: str
    status: str
    country_iso_alpha2: str
    mobile_voice_enabled: bool
    caller_id_name_enabled: bool
    connection_id: str | None
    connection_name: str | None
    connection_type: str | None
    customer_reference: str | None
    inbound_call_screening: CallScreening
    noise_suppression: NoiseSuppression
    call_forwarding: CallForwardingOut
    call_recording: CallRecordingOut
    cnam_listing: CnamListingOut
    inbound: InterceptionOut
    outbound: InterceptionOut
    tags: list[str]
    created_at: str
    updated_at: str


class SmsFeatures(msgspec.Struct):
    sms: MessagingFeatureSet | None


# A mobile number is a long code: its SMS features are the phone-number messaging rules' for one
# (P2P opens international SMS); it has no MMS.
FEATURES = {product: SmsFeatures(LONG_CODE_FEATURES[("longcode", product)].sms) for product in ("A2P", "P2P")}


class MobilePhoneNumberWithMessagingSettings(msgspec.Struct, kw_only=True):
    """`MobilePhoneNumberWithMessagingSettings`: no health, no eligible products, `type` only
    `longcode`, `features` only `sms`."""

    id: str
    record_type: Literal["messaging_settings"] = "messaging_settings"
    phone_number: str
    messaging_profile_id: str | None
    messaging_product: MessagingProduct
    traffic_type: MessagingProduct
    type: Literal["longcode"] = "longcode"
    country_code: str
    organization_id: str
    features: SmsFeatures
    tags: list[str]
    created_at: str
    updated_at: str


def record(record_id: str, doc: dict[str, Any], created_at: str, updated_at: str) -> MobilePhoneNumber:
    """The wire record from a stored document (which holds every field but these four)."""
    return msgspec.convert({**doc, "id": record_id, "created_at": created_at, "updated_at": updated_at},
                           MobilePhoneNumber)  # fmt: skip


def messaging_record(
    record_id: str, doc: dict[str, Any], created_at: str, updated_at: str, organization_id: str
) -> MobilePhoneNumberWithMessagingSettings:
    product = doc["messaging_product"]
    return MobilePhoneNumberWithMessagingSettings(
        id=record_id,
        phone_number=doc["phone_number"],
        messaging_profile_id=doc["messaging_profile_id"],
        messaging_product=product,
        traffic_type=doc.get("traffic_type") or product,
        country_code=doc["country_iso_alpha2"],
        organization_id=organization_id,
        features=FEATURES.get(product, FEATURES["A2P"]),
        tags=doc["tags"],
        created_at=created_at,
        updated_at=updated_at,
    )


# -- PATCH body ------------------------------------------------------------------------------


class Interception(msgspec.Struct, kw_only=True, omit_defaults=True):
    """`inbound`/`outbound` in a PATCH: only the app id is writable (its name is derived)."""

    interception_app_id: Text | None | Unset = UNSET


class MobilePhoneNumberUpdate(msgspec.Struct, kw_only=True):
    """Body of PATCH /mobile_phone_numbers/{id}. Unknown and read-only fields are ignored; nested
    objects merge field by field; `null` clears the nullable fields."""

    call_forwarding: CallForwarding | Unset = UNSET
    call_recording: CallRecording | Unset = UNSET
    caller_id_name_enabled: bool | Unset = UNSET
    cnam_listing: CnamListing | Unset = UNSET
    connection_id: Text | None | Unset = UNSET
    customer_reference: Text | None | Unset = UNSET
    inbound: Interception | Unset = UNSET
    inbound_call_screening: CallScreening | Unset = UNSET
    noise_suppression: bool | Unset = UNSET
    outbound: Interception | Unset = UNSET
    tags: Tags | Unset = UNSET


def set_fields(part: msgspec.Struct) -> dict[str, Any]:
    """The fields a nested PATCH object sent (`null` included), as plain values."""
    return {f: getattr(part, f) for f in part.__struct_fields__ if getattr(part, f) is not UNSET}
