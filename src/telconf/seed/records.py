"""Seed records: the API's own field names, the live API's defaults for anything left out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, NamedTuple

import msgspec

from ..formats import E164, Country, NumericId
from ..ids import Ids
from ..resources.phone_numbers.models import (
    CallScreening,
    EmergencyStatus,
    PhoneNumberType,
    SourceType,
    Status,
    UsagePaymentMethod,
)
from ..resources.phone_numbers.voice.models import CallForwarding, CallRecording, CnamListing, MediaFeatures
from ..store.orgs import MAX_KEY_LENGTH, MIN_KEY_LENGTH

Text = Annotated[str, msgspec.Meta(max_length=255)]
Tag = Annotated[str, msgspec.Meta(min_length=1, max_length=255)]


class SeedApiKey(msgspec.Struct, forbid_unknown_fields=True):
    key: Annotated[str, msgspec.Meta(min_length=MIN_KEY_LENGTH, max_length=MAX_KEY_LENGTH)]
    scope: Literal["read_write", "read_only"] = "read_write"


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
    # Timestamps as given; seed/phone_rows.py checks and normalises them (fast for Telnyx's format).
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


class SeedDocument(NamedTuple):
    """A record stored as a JSON document: its id, the whole record, and its indexed columns.
    `created_at`/`updated_at`, when the seed gives them, are taken out of the document."""

    id: str
    doc: dict[str, Any]
    columns: dict[str, Any]


SeedBuilder = Callable[[dict[str, Any], Ids], SeedDocument]


class SeedAddress(msgspec.Struct, kw_only=True, forbid_unknown_fields=False):
    id: NumericId | None = None


class SeedBundle(msgspec.Struct, kw_only=True, forbid_unknown_fields=False):
    id: str | None = None


def build_address(record: dict[str, Any], ids: Ids) -> SeedDocument:
    parsed = msgspec.convert(record, SeedAddress)
    return SeedDocument(parsed.id or str(ids.numeric()), {k: v for k, v in record.items() if k != "id"}, {})


def build_bundle(record: dict[str, Any], ids: Ids) -> SeedDocument:
    parsed = msgspec.convert(record, SeedBundle)
    return SeedDocument(parsed.id or ids.uuid(), {k: v for k, v in record.items() if k != "id"}, {})


# Calling-code prefixes for numbers whose seed record leaves out the country.
CALLING_CODES = {
    "+1": "US",
    "+44": "GB",
    "+49": "DE",
    "+33": "FR",
    "+34": "ES",
    "+39": "IT",
    "+31": "NL",
    "+61": "AU",
    "+353": "IE",
    "+46": "SE",
    "+47": "NO",
    "+45": "DK",
    "+41": "CH",
    "+43": "AT",
    "+32": "BE",
    "+48": "PL",
    "+351": "PT",
    "+55": "BR",
    "+52": "MX",
    "+81": "JP",
    "+64": "NZ",
    "+65": "SG",
    "+27": "ZA",
    "+91": "IN",
}


def country_of(number: str) -> str | None:
    for length in (4, 3, 2):
        country = CALLING_CODES.get(number[:length])
        if country:
            return country
    return None
