"""Wire shapes of the phone-number calls, with Telnyx's field names and enums."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from ...enums import (
    CallScreening,
    EmergencyStatus,
    PhoneNumberType,
    SourceType,
    Status,
)
from ...store.phone_number_rows import PhoneNumberRow

# Tags are kept as JSON text and embedded verbatim; the schema says what that text holds.
TagList = Annotated[msgspec.Raw, msgspec.Meta(extra_json_schema={"type": "array", "items": {"type": "string"}})]
SORTS = ("purchased_at", "phone_number", "connection_name", "usage_payment_method")
NUMBER_TYPE_FILTERS = ("local", "national", "toll_free", "mobile", "shared_cost")


class PhoneNumber(msgspec.Struct, kw_only=True):
    """`NumbersPhoneNumberDetailed`: the full record of GET/PATCH /phone_numbers/{id} and the list."""

    id: str
    record_type: Literal["phone_number"] = "phone_number"
    phone_number: str
    country_iso_alpha2: str
    status: Status
    phone_number_type: PhoneNumberType
    tags: TagList
    deletion_lock_enabled: bool
    external_pin: str | None
    connection_id: str | None
    connection_name: str | None
    customer_reference: str | None
    billing_group_id: str | None
    emergency_address_id: str | None
    emergency_enabled: bool
    emergency_status: EmergencyStatus
    messaging_profile_id: str | None
    messaging_profile_name: str | None
    messaging_campaign_id: str | None
    source_type: SourceType | None
    inbound_call_screening: CallScreening
    call_forwarding_enabled: bool
    call_recording_enabled: bool
    caller_id_name_enabled: bool
    cnam_listing_enabled: bool
    hd_voice_enabled: bool
    t38_fax_gateway_enabled: bool
    purchased_at: str
    created_at: str
    updated_at: str
    activated_at: str | None


def from_row(r: PhoneNumberRow) -> PhoneNumber:
    return PhoneNumber(
        id=str(r.id),
        phone_number=r.phone_number,
        country_iso_alpha2=r.country_iso_alpha2,
        status=r.status,
        phone_number_type=r.phone_number_type,
        tags=msgspec.Raw(r.tags),
        deletion_lock_enabled=bool(r.deletion_lock_enabled),
        external_pin=r.external_pin,
        connection_id=r.connection_id,
        connection_name=r.connection_name,
        customer_reference=r.customer_reference,
        billing_group_id=r.billing_group_id,
        emergency_address_id=r.emergency_address_id,
        emergency_enabled=bool(r.emergency_enabled),
        emergency_status=r.emergency_status,
        messaging_profile_id=r.messaging_profile_id,
        messaging_profile_name=r.messaging_profile_name,
        messaging_campaign_id=r.messaging_campaign_id,
        source_type=r.source_type,
        inbound_call_screening=r.inbound_call_screening,
        call_forwarding_enabled=bool(r.call_forwarding_enabled),
        call_recording_enabled=bool(r.call_recording_enabled),
        caller_id_name_enabled=bool(r.caller_id_name_enabled),
        cnam_listing_enabled=bool(r.cnam_listing_enabled),
        hd_voice_enabled=bool(r.hd_voice_enabled),
        t38_fax_gateway_enabled=bool(r.t38_fax_gateway_enabled),
        purchased_at=r.purchased_at,
        created_at=r.created_at,
        updated_at=r.updated_at,
        activated_at=r.activated_at,
    )


class SlimPhoneNumber(msgspec.Struct, kw_only=True, omit_defaults=True):
    """The lighter record of GET /phone_numbers/slim; tags and connection name only when asked."""

    id: str
    record_type: Literal["phone_number"]  # no default: omit_defaults would drop it
    phone_number: str
    country_iso_alpha2: str
    status: Status
    phone_number_type: PhoneNumberType
    external_pin: str | None
    connection_id: str | None
    customer_reference: str | None
    billing_group_id: str | None
    emergency_address_id: str | None
    emergency_enabled: bool
    emergency_status: EmergencyStatus
    inbound_call_screening: CallScreening
    call_forwarding_enabled: bool
    call_recording_enabled: bool
    caller_id_name_enabled: bool
    cnam_listing_enabled: bool
    hd_voice_enabled: bool
    t38_fax_gateway_enabled: bool
    purchased_at: str
    created_at: str
    updated_at: str
    activated_at: str | None
    tags: TagList | msgspec.UnsetType = msgspec.UNSET
    connection_name: str | None | msgspec.UnsetType = msgspec.UNSET


def slim_from_row(r: PhoneNumberRow, include_tags: bool, include_connection: bool) -> SlimPhoneNumber:
    return SlimPhoneNumber(
        id=str(r.id),
        record_type="phone_number",
        phone_number=r.phone_number,
        country_iso_alpha2=r.country_iso_alpha2,
        status=r.status,
        phone_number_type=r.phone_number_type,
        external_pin=r.external_pin,
        connection_id=r.connection_id,
        customer_reference=r.customer_reference,
        billing_group_id=r.billing_group_id,
        emergency_address_id=r.emergency_address_id,
        emergency_enabled=bool(r.emergency_enabled),
        emergency_status=r.emergency_status,
        inbound_call_screening=r.inbound_call_screening,
        call_forwarding_enabled=bool(r.call_forwarding_enabled),
        call_recording_enabled=bool(r.call_recording_enabled),
        caller_id_name_enabled=bool(r.caller_id_name_enabled),
        cnam_listing_enabled=bool(r.cnam_listing_enabled),
        hd_voice_enabled=bool(r.hd_voice_enabled),
        t38_fax_gateway_enabled=bool(r.t38_fax_gateway_enabled),
        purchased_at=r.purchased_at,
        created_at=r.created_at,
        updated_at=r.updated_at,
        activated_at=r.activated_at,
        tags=msgspec.Raw(r.tags) if include_tags else msgspec.UNSET,
        connection_name=r.connection_name if include_connection else msgspec.UNSET,
    )


# The delete response's enums are narrower than the full record's (see the API notes): legacy
# type names are shown as their current equivalents there.


Text = Annotated[str, msgspec.Meta(min_length=1, max_length=255)]
Tags = Annotated[list[Text], msgspec.Meta(max_length=100)]


class PhoneNumberUpdate(msgspec.Struct, kw_only=True, forbid_unknown_fields=False):
    """Body of PATCH /phone_numbers/{id}. Unknown and read-only fields are ignored (see design.md);
    `null` clears the nullable ones."""

    address_id: Text | msgspec.UnsetType = msgspec.UNSET
    billing_group_id: Text | None | msgspec.UnsetType = msgspec.UNSET
    connection_id: Text | None | msgspec.UnsetType = msgspec.UNSET
    customer_reference: Text | None | msgspec.UnsetType = msgspec.UNSET
    external_pin: Text | None | msgspec.UnsetType = msgspec.UNSET
    hd_voice_enabled: bool | msgspec.UnsetType = msgspec.UNSET
    tags: Tags | msgspec.UnsetType = msgspec.UNSET
