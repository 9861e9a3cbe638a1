"""Mobile phone numbers in seed files: validated, and completed with the live API's defaults, so
the stored document is the whole record (the endpoints serve it as stored)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from ...clock import iso
from ...enums import CallScreening
from ...formats import E164, Country, NumericId, Tag, Text, country_of
from ...ids import Ids
from ...store.documents import SeedDocument
from ..phone_numbers.voice.models import CallForwarding, CallRecording, CnamListing
from .models import NoiseSuppression, set_fields

DEFAULTS: dict[str, dict[str, Any]] = {
    "call_forwarding": {"call_forwarding_enabled": True, "forwarding_type": None, "forwards_to": None},
    "call_recording": {
        "inbound_call_recording_channels": "single",
        "inbound_call_recording_enabled": False,
        "inbound_call_recording_format": "wav",
    },
    "cnam_listing": {"cnam_listing_details": None, "cnam_listing_enabled": False},
    "inbound": {"interception_app_id": None, "interception_app_name": None},
    "outbound": {"interception_app_id": None, "interception_app_name": None},
}


class SeedInterception(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    interception_app_id: Text | None = None
    interception_app_name: Text | None = None


class SeedMobilePhoneNumber(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    phone_number: E164
    id: NumericId | None = None
    record_type: Literal["mobile_phone_number"] = "mobile_phone_number"
    sim_card_id: uuid.UUID | None = None
    status: Annotated[str, msgspec.Meta(min_length=1, max_length=64)] = "active"
    country_iso_alpha2: Country | None = None
    mobile_voice_enabled: bool = True
    caller_id_name_enabled: bool = False
    connection_id: Text | None = None
    connection_name: Text | None = None
    connection_type: Text | None = None
    customer_reference: Text | None = None
    inbound_call_screening: CallScreening = "disabled"
    noise_suppression: NoiseSuppression = "disabled"
    call_forwarding: CallForwarding | None = None
    call_recording: CallRecording | None = None
    cnam_listing: CnamListing | None = None
    inbound: SeedInterception | None = None
    outbound: SeedInterception | None = None
    tags: Annotated[list[Tag], msgspec.Meta(max_length=100)] = []
    messaging_profile_id: Text | None = None
    messaging_product: Literal["A2P", "P2P"] = "P2P"
    traffic_type: Literal["A2P", "P2P"] | None = None  # the product's, unless given
    created_at: datetime | None = None
    updated_at: datetime | None = None


def build(record: dict[str, Any], ids: Ids) -> SeedDocument:
    n = msgspec.convert(record, SeedMobilePhoneNumber)
    country = n.country_iso_alpha2 or country_of(n.phone_number)
    if country is None:
        raise msgspec.ValidationError(
            "required for numbers outside the known calling codes - at `$.country_iso_alpha2`"
        )
    doc: dict[str, Any] = {
        "phone_number": n.phone_number,
        "sim_card_id": str(n.sim_card_id) if n.sim_card_id else ids.uuid(),
        "status": n.status,
        "country_iso_alpha2": country,
        "mobile_voice_enabled": n.mobile_voice_enabled,
        "caller_id_name_enabled": n.caller_id_name_enabled,
        "connection_id": n.connection_id,
        "connection_name": n.connection_name,
        "connection_type": n.connection_type,
        "customer_reference": n.customer_reference,
        "inbound_call_screening": n.inbound_call_screening,
        "noise_suppression": n.noise_suppression,
        "tags": list(dict.fromkeys(n.tags)),
        "messaging_profile_id": n.messaging_profile_id,
        "messaging_product": n.messaging_product,
        "traffic_type": n.traffic_type or n.messaging_product,
    }
    for name, defaults in DEFAULTS.items():
        given = getattr(n, name)
        doc[name] = {**defaults, **(set_fields(given) if given is not None else {})}
    # The loader takes the timestamps out into their columns; Telnyx's format keeps them sortable.
    if n.created_at:
        doc["created_at"] = iso(n.created_at)
    if n.updated_at:
        doc["updated_at"] = iso(n.updated_at)
    columns = {"phone_number": n.phone_number, "messaging_profile_id": n.messaging_profile_id}
    return SeedDocument(n.id or str(ids.numeric()), doc, columns)
