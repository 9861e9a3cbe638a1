"""Seed records of phone numbers, and their rows of `phone_numbers`. Turning records into rows is
the hot loop of a million-number seed, so the common case is a few C-level calls: the Struct as a
tuple, the plain fields picked by one itemgetter, derived and voice columns appended."""

from __future__ import annotations

import operator
import re
from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from ...clock import iso
from ...enums import CallScreening, EmergencyStatus, PhoneNumberType, SourceType, Status, UsagePaymentMethod
from ...formats import E164, Country, NumericId, Tag, Text
from .voice.models import NESTED_COLUMNS, CallForwarding, CallRecording, CnamListing, MediaFeatures


class SeedPhoneNumber(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    phone_number: E164
    id: NumericId | None = None
    record_type: Literal["phone_number"] = "phone_number"
    country_iso_alpha2: Country | None = None
    status: Status = "active"
    phone_number_type: PhoneNumberType = "local"
    tags: Annotated[list[Tag], msgspec.Meta(max_length=100)] = []
    deletion_lock_enabled: bool = False
    external_pin: Text | None = None
    connection_id: Text | None = None
    connection_name: Text | None = None
    customer_reference: Text | None = None
    billing_group_id: Text | None = None
    emergency_address_id: Text | None = None
    emergency_enabled: bool = False
    emergency_status: EmergencyStatus = "disabled"
    messaging_profile_id: Text | None = None
    messaging_profile_name: Text | None = None  # derived from the profile; accepted and ignored
    messaging_campaign_id: Text | None = None
    source_type: SourceType | None = "number_order"
    inbound_call_screening: CallScreening = "disabled"
    call_forwarding_enabled: bool = True
    call_recording_enabled: bool = False
    caller_id_name_enabled: bool = False
    cnam_listing_enabled: bool = False
    hd_voice_enabled: bool = False
    t38_fax_gateway_enabled: bool = False
    usage_payment_method: UsagePaymentMethod = "pay-per-minute"
    # Timestamps as given; `timestamp` below checks and normalises them (fast for Telnyx's format).
    purchased_at: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    activated_at: str | None = None
    # Voice and messaging settings, as the settings endpoints show them; nested fields win over
    # the flat flags above when both are given.
    call_forwarding: CallForwarding | None = None
    call_recording: CallRecording | None = None
    cnam_listing: CnamListing | None = None
    media_features: MediaFeatures | None = None
    tech_prefix_enabled: bool = False
    translated_number: Annotated[str, msgspec.Meta(max_length=32)] = ""
    messaging_product: Literal["A2P", "P2P"] = "A2P"
    bundle_id: Text | None = None


# Columns stored straight from the seed field of the same name.
PLAIN = (
    "phone_number", "status", "phone_number_type", "deletion_lock_enabled", "external_pin", "connection_id",
    "connection_name", "customer_reference", "billing_group_id", "emergency_address_id", "emergency_enabled",
    "emergency_status", "messaging_profile_id", "messaging_campaign_id", "source_type", "inbound_call_screening",
    "call_forwarding_enabled", "call_recording_enabled", "caller_id_name_enabled", "cnam_listing_enabled",
    "hd_voice_enabled", "t38_fax_gateway_enabled", "usage_payment_method", "tech_prefix_enabled",
    "translated_number", "messaging_product", "bundle_id",
)  # fmt: skip
DERIVED = ("id", "org_id", "country_iso_alpha2", "tags", "connection_name_folded", "purchased_at", "created_at",
           "updated_at", "activated_at")  # fmt: skip
VOICE_DEFAULTS = {
    "forwarding_type": None,
    "forwards_to": None,
    "inbound_call_recording_channels": "single",
    "inbound_call_recording_format": "wav",
    "cnam_listing_details": None,
    "accept_any_rtp_packets_enabled": False,
    "rtp_auto_adjust_enabled": True,
}
PHONE_COLUMNS = (*PLAIN, *DERIVED, *VOICE_DEFAULTS)
NESTED = tuple(NESTED_COLUMNS)
_pick = operator.itemgetter(*(SeedPhoneNumber.__struct_fields__.index(c) for c in PLAIN))
_nested_at = tuple(SeedPhoneNumber.__struct_fields__.index(c) for c in NESTED)
_voice_defaults = tuple(VOICE_DEFAULTS.values())
_position = {c: i for i, c in enumerate(PHONE_COLUMNS)}
_CANONICAL = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$(?!\n)")
# UTC to the second, as seeds often are (the bench's are).
_WHOLE_SECONDS_Z = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$(?!\n)")
_json = msgspec.json.Encoder()


def timestamp(value: str | None, field: str) -> str | None:
    """A seed timestamp in Telnyx's format (UTC, milliseconds, `Z`); other ISO forms are converted."""
    if value is None or _CANONICAL.match(value):
        return value
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{field}: expected an ISO 8601 date-time, got {value!r}") from None
    if moment.tzinfo is None:
        raise ValueError(f"{field}: the date-time needs a time zone (e.g. Z)")
    if moment.year >= 1000 and _WHOLE_SECONDS_Z.match(value):  # (strftime pads no shorter year)
        return value[:19] + ".000Z"  # what iso() gives for it, without formatting the date again
    return iso(moment)


def phone_row(n: SeedPhoneNumber, number_id: int, org_id: int, country: str, now: str) -> tuple[Any, ...]:
    values = msgspec.structs.astuple(n)
    created = timestamp(n.created_at, "created_at") or now
    activated = timestamp(n.activated_at, "activated_at") or (created if n.status == "active" else None)
    derived = (
        number_id,
        org_id,
        country,
        _json.encode([*dict.fromkeys(n.tags)]).decode(),
        n.connection_name.lower() if n.connection_name else None,
        timestamp(n.purchased_at, "purchased_at") or created,
        created,
        timestamp(n.updated_at, "updated_at") or created,
        activated,
    )
    row: tuple[Any, ...] = _pick(values) + derived + _voice_defaults
    if any(values[i] is not None for i in _nested_at):
        row = _with_nested(row, n)
    return row


def _with_nested(row: tuple[Any, ...], n: SeedPhoneNumber) -> tuple[Any, ...]:
    """Nested voice objects (rare in seeds) override the flat flags and the defaults."""
    cells = list(row)
    for name, columns in NESTED_COLUMNS.items():
        nested = getattr(n, name)
        if nested is None:
            continue
        for field_name, column in columns.items():
            value = getattr(nested, field_name)
            if value is not msgspec.UNSET:
                cells[_position[column]] = value
    return tuple(cells)
