"""Wire shapes of the phone-number calls, with Telnyx's field names and enums."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

import msgspec

Status = Literal[
    "purchase-pending",
    "purchase-failed",
    "port-pending",
    "port-failed",
    "active",
    "deleted",
    "emergency-only",
    "ported-out",
    "port-out-pending",
    "requirement-info-pending",
    "requirement-info-under-review",
    "requirement-info-exception",
    "provision-pending",
]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]
PhoneNumberType = Literal[
    "local", "toll_free", "mobile", "national", "shared_cost", "landline", "tollfree", "shortcode", "longcode"
]
PHONE_NUMBER_TYPES: tuple[str, ...] = PhoneNumberType.__args__  # type: ignore[attr-defined]
EmergencyStatus = Literal["active", "deprovisioning", "disabled", "provisioning", "provisioning-failed"]
EMERGENCY_STATUSES: tuple[str, ...] = EmergencyStatus.__args__  # type: ignore[attr-defined]
CallScreening = Literal["disabled", "reject_calls", "flag_calls"]
CALL_SCREENINGS: tuple[str, ...] = CallScreening.__args__  # type: ignore[attr-defined]
SourceType = Literal["number_order", "port_request"]
UsagePaymentMethod = Literal["pay-per-minute", "channel"]
USAGE_PAYMENT_METHODS: tuple[str, ...] = UsagePaymentMethod.__args__  # type: ignore[attr-defined]
SORTS = ("purchased_at", "phone_number", "connection_name", "usage_payment_method")
NUMBER_TYPE_FILTERS = ("local", "national", "toll_free", "mobile", "shared_cost")

# The columns every phone-number read selects, in this order; the row readers below rely on it.
# New columns go at the end. `messaging_profile_name` is the joined profile's current name.
COLUMN_NAMES = (
    "id", "phone_number", "country_iso_alpha2", "status", "phone_number_type", "tags", "deletion_lock_enabled",
    "external_pin", "connection_id", "connection_name", "customer_reference", "billing_group_id",
    "emergency_address_id", "emergency_enabled", "emergency_status", "messaging_profile_id",
    "messaging_profile_name", "messaging_campaign_id", "source_type", "inbound_call_screening",
    "call_forwarding_enabled", "call_recording_enabled", "caller_id_name_enabled", "cnam_listing_enabled",
    "hd_voice_enabled", "t38_fax_gateway_enabled", "usage_payment_method", "purchased_at", "created_at",
    "updated_at", "activated_at", "forwarding_type", "forwards_to", "inbound_call_recording_channels",
    "inbound_call_recording_format", "cnam_listing_details", "accept_any_rtp_packets_enabled",
    "rtp_auto_adjust_enabled", "tech_prefix_enabled", "translated_number", "messaging_product", "bundle_id",
)  # fmt: skip
COLUMN = {name: i for i, name in enumerate(COLUMN_NAMES)}
SELECT_FROM = (
    "SELECT "
    + ", ".join("m.name" if c == "messaging_profile_name" else f"p.{c}" for c in COLUMN_NAMES)
    + " FROM phone_numbers p LEFT JOIN messaging_profiles m ON m.id = p.messaging_profile_id"
)


class PhoneNumber(msgspec.Struct, kw_only=True):
    """`NumbersPhoneNumberDetailed`: the full record of GET/PATCH /phone_numbers/{id} and the list."""

    id: str
    record_type: str = "phone_number"
    phone_number: str
    country_iso_alpha2: str
    status: str
    phone_number_type: str
    tags: msgspec.Raw
    deletion_lock_enabled: bool
    external_pin: str | None
    connection_id: str | None
    connection_name: str | None
    customer_reference: str | None
    billing_group_id: str | None
    emergency_address_id: str | None
    emergency_enabled: bool
    emergency_status: str
    messaging_profile_id: str | None
    messaging_profile_name: str | None
    messaging_campaign_id: str | None
    source_type: str | None
    inbound_call_screening: str
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


def from_row(r: Sequence[Any]) -> PhoneNumber:
    return PhoneNumber(
        id=str(r[0]),
        phone_number=r[1],
        country_iso_alpha2=r[2],
        status=r[3],
        phone_number_type=r[4],
        tags=msgspec.Raw(r[5]),
        deletion_lock_enabled=bool(r[6]),
        external_pin=r[7],
        connection_id=r[8],
        connection_name=r[9],
        customer_reference=r[10],
        billing_group_id=r[11],
        emergency_address_id=r[12],
        emergency_enabled=bool(r[13]),
        emergency_status=r[14],
        messaging_profile_id=r[15],
        messaging_profile_name=r[16],
        messaging_campaign_id=r[17],
        source_type=r[18],
        inbound_call_screening=r[19],
        call_forwarding_enabled=bool(r[20]),
        call_recording_enabled=bool(r[21]),
        caller_id_name_enabled=bool(r[22]),
        cnam_listing_enabled=bool(r[23]),
        hd_voice_enabled=bool(r[24]),
        t38_fax_gateway_enabled=bool(r[25]),
        purchased_at=r[27],
        created_at=r[28],
        updated_at=r[29],
        activated_at=r[30],
    )


class SlimPhoneNumber(msgspec.Struct, kw_only=True, omit_defaults=True):
    """The lighter record of GET /phone_numbers/slim; tags and connection name only when asked."""

    id: str
    record_type: str  # no default: omit_defaults would drop it
    phone_number: str
    country_iso_alpha2: str
    status: str
    phone_number_type: str
    external_pin: str | None
    connection_id: str | None
    customer_reference: str | None
    billing_group_id: str | None
    emergency_address_id: str | None
    emergency_enabled: bool
    emergency_status: str
    inbound_call_screening: str
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
    tags: msgspec.Raw | msgspec.UnsetType = msgspec.UNSET
    connection_name: str | None | msgspec.UnsetType = msgspec.UNSET


def slim_from_row(r: Sequence[Any], include_tags: bool, include_connection: bool) -> SlimPhoneNumber:
    return SlimPhoneNumber(
        id=str(r[0]),
        record_type="phone_number",
        phone_number=r[1],
        country_iso_alpha2=r[2],
        status=r[3],
        phone_number_type=r[4],
        external_pin=r[7],
        connection_id=r[8],
        customer_reference=r[10],
        billing_group_id=r[11],
        emergency_address_id=r[12],
        emergency_enabled=bool(r[13]),
        emergency_status=r[14],
        inbound_call_screening=r[19],
        call_forwarding_enabled=bool(r[20]),
        call_recording_enabled=bool(r[21]),
        caller_id_name_enabled=bool(r[22]),
        cnam_listing_enabled=bool(r[23]),
        hd_voice_enabled=bool(r[24]),
        t38_fax_gateway_enabled=bool(r[25]),
        purchased_at=r[27],
        created_at=r[28],
        updated_at=r[29],
        activated_at=r[30],
        tags=msgspec.Raw(r[5]) if include_tags else msgspec.UNSET,
        connection_name=r[9] if include_connection else msgspec.UNSET,
    )


# The delete response's enums are narrower than the full record's (see the API notes): legacy
# type names are shown as their current equivalents there.
DELETE_TYPE_NAMES = {"tollfree": "toll_free", "longcode": "local", "shortcode": "local"}


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


class VerifyOwnership(msgspec.Struct, kw_only=True):
    phone_numbers: list[Annotated[str, msgspec.Meta(max_length=64)]]


class OwnershipFound(msgspec.Struct):
    id: str
    number_val_e164: str


class OwnershipResult(msgspec.Struct):
    found: list[OwnershipFound]
    not_found: list[str]
    record_type: str = "number_ownership_verification"
