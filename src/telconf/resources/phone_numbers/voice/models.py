"""Voice-settings shapes (`PhoneNumberWithVoiceSettings` and its nested objects).

Every nested field defaults to UNSET, so one Struct serves a PATCH (only what was sent) and a seed
record (defaults filled in by `VoiceColumns`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec

from ....enums import (
    CallScreening,
    EmergencyStatus,
    ForwardingType,
    RecordingChannels,
    RecordingFormat,
    UsagePaymentMethod,
)
from ....errors import Invalid
from ....formats import E164
from ....store.phone_number_rows import PhoneNumberRow

CnamDetails = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9 ]{1,15}$(?!\n)")]
Translated = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9+*#]{0,32}$(?!\n)")]
UNSET = msgspec.UNSET
Unset = msgspec.UnsetType


class CallForwarding(msgspec.Struct, kw_only=True, omit_defaults=True):
    call_forwarding_enabled: bool | Unset = UNSET
    forwarding_type: ForwardingType | None | Unset = UNSET
    forwards_to: E164 | None | Unset = UNSET


class CallRecording(msgspec.Struct, kw_only=True, omit_defaults=True):
    inbound_call_recording_channels: RecordingChannels | Unset = UNSET
    inbound_call_recording_enabled: bool | Unset = UNSET
    inbound_call_recording_format: RecordingFormat | Unset = UNSET


class CnamListing(msgspec.Struct, kw_only=True, omit_defaults=True):
    cnam_listing_details: CnamDetails | None | Unset = UNSET
    cnam_listing_enabled: bool | Unset = UNSET


class MediaFeatures(msgspec.Struct, kw_only=True, omit_defaults=True):
    accept_any_rtp_packets_enabled: bool | Unset = UNSET
    rtp_auto_adjust_enabled: bool | Unset = UNSET
    t38_fax_gateway_enabled: bool | Unset = UNSET


class VoiceUpdate(msgspec.Struct, kw_only=True):
    """Body of PATCH /phone_numbers/{id}/voice. Nested objects merge field by field."""

    call_forwarding: CallForwarding | Unset = UNSET
    call_recording: CallRecording | Unset = UNSET
    caller_id_name_enabled: bool | Unset = UNSET
    cnam_listing: CnamListing | Unset = UNSET
    inbound_call_screening: CallScreening | Unset = UNSET
    media_features: MediaFeatures | Unset = UNSET
    tech_prefix_enabled: bool | Unset = UNSET
    translated_number: Translated | Unset = UNSET
    usage_payment_method: UsagePaymentMethod | Unset = UNSET


# Nested field -> the phone_numbers column that holds it.
NESTED_COLUMNS: dict[str, dict[str, str]] = {
    "call_forwarding": {
        "call_forwarding_enabled": "call_forwarding_enabled",
        "forwarding_type": "forwarding_type",
        "forwards_to": "forwards_to",
    },
    "call_recording": {
        "inbound_call_recording_channels": "inbound_call_recording_channels",
        "inbound_call_recording_enabled": "call_recording_enabled",
        "inbound_call_recording_format": "inbound_call_recording_format",
    },
    "cnam_listing": {"cnam_listing_details": "cnam_listing_details", "cnam_listing_enabled": "cnam_listing_enabled"},
    "media_features": {
        "accept_any_rtp_packets_enabled": "accept_any_rtp_packets_enabled",
        "rtp_auto_adjust_enabled": "rtp_auto_adjust_enabled",
        "t38_fax_gateway_enabled": "t38_fax_gateway_enabled",
    },
}
FLAT_COLUMNS = (
    "caller_id_name_enabled",
    "inbound_call_screening",
    "tech_prefix_enabled",
    "translated_number",
    "usage_payment_method",
)


def voice_changes(body: VoiceUpdate) -> dict[str, Any]:
    """The columns a voice PATCH sets: only the fields sent, nested ones included (a deep merge)."""
    changes: dict[str, Any] = {}
    for name, columns in NESTED_COLUMNS.items():
        nested = getattr(body, name)
        if nested is UNSET:
            continue
        for field, column in columns.items():
            value = getattr(nested, field)
            if value is not UNSET:
                changes[column] = value
    for name in FLAT_COLUMNS:
        value = getattr(body, name)
        if value is not UNSET:
            changes[name] = value
    return changes


def check_cnam(enabled: bool, details: str | None) -> None:
    """A CNAM listing needs both halves: enabled with details, details only when enabled."""
    if enabled and not details:
        raise Invalid.field(
            "cnam_listing_details is required when cnam_listing_enabled is true.",
            pointer="/cnam_listing/cnam_listing_details",
        )
    if details and not enabled:
        raise Invalid.field(
            "cnam_listing_details requires cnam_listing_enabled to be true.",
            pointer="/cnam_listing/cnam_listing_enabled",
        )


class Emergency(msgspec.Struct):
    emergency_address_id: str | None
    emergency_enabled: bool
    emergency_status: EmergencyStatus


class CallForwardingOut(msgspec.Struct):
    call_forwarding_enabled: bool
    forwarding_type: ForwardingType | None
    forwards_to: str | None


class CallRecordingOut(msgspec.Struct):
    inbound_call_recording_channels: RecordingChannels
    inbound_call_recording_enabled: bool
    inbound_call_recording_format: RecordingFormat


class CnamListingOut(msgspec.Struct):
    cnam_listing_details: str | None
    cnam_listing_enabled: bool


class MediaFeaturesOut(msgspec.Struct):
    accept_any_rtp_packets_enabled: bool
    rtp_auto_adjust_enabled: bool
    t38_fax_gateway_enabled: bool


class PhoneNumberWithVoiceSettings(msgspec.Struct, kw_only=True):
    id: str
    record_type: Literal["voice_settings"] = "voice_settings"
    phone_number: str
    connection_id: str | None
    customer_reference: str | None
    tech_prefix_enabled: bool
    translated_number: str
    usage_payment_method: UsagePaymentMethod
    inbound_call_screening: CallScreening
    caller_id_name_enabled: bool
    call_forwarding: CallForwardingOut
    call_recording: CallRecordingOut
    cnam_listing: CnamListingOut
    media_features: MediaFeaturesOut
    emergency: Emergency
    bundle_id: str | None


def voice_from_row(r: PhoneNumberRow) -> PhoneNumberWithVoiceSettings:
    return PhoneNumberWithVoiceSettings(
        id=str(r.id),
        phone_number=r.phone_number,
        connection_id=r.connection_id,
        customer_reference=r.customer_reference,
        tech_prefix_enabled=bool(r.tech_prefix_enabled),
        translated_number=r.translated_number,
        usage_payment_method=r.usage_payment_method,
        inbound_call_screening=r.inbound_call_screening,
        caller_id_name_enabled=bool(r.caller_id_name_enabled),
        call_forwarding=CallForwardingOut(bool(r.call_forwarding_enabled), r.forwarding_type, r.forwards_to),
        call_recording=CallRecordingOut(
            r.inbound_call_recording_channels,
            bool(r.call_recording_enabled),
            r.inbound_call_recording_format,
        ),
        cnam_listing=CnamListingOut(r.cnam_listing_details, bool(r.cnam_listing_enabled)),
        media_features=MediaFeaturesOut(
            bool(r.accept_any_rtp_packets_enabled),
            bool(r.rtp_auto_adjust_enabled),
            bool(r.t38_fax_gateway_enabled),
        ),
        emergency=Emergency(r.emergency_address_id, bool(r.emergency_enabled), r.emergency_status),
        bundle_id=r.bundle_id,
    )
