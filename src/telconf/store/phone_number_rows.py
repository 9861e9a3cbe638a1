"""What a phone-number read returns: one typed record per row, named by column.

`PhoneNumberRow._make(row)` builds a record from a driver's row (an sqlite3 tuple or an asyncpg
Record) in C, without a Python loop over the fields: a GET by id is a hot path. The wire shapes
(`resources/phone_numbers/**/models.py`) read it by attribute."""

from __future__ import annotations

from typing import NamedTuple

from ..enums import (
    CallScreening,
    EmergencyStatus,
    ForwardingType,
    MessagingProduct,
    PhoneNumberType,
    RecordingChannels,
    RecordingFormat,
    SourceType,
    Status,
    UsagePaymentMethod,
)

# A truth value as the engines return it: 0/1 on SQLite, a bool on PostgreSQL; read with bool().
Flag = int


class PhoneNumberRow(NamedTuple):
    """The columns every phone-number read selects, in this order. New columns go at the end.
    `messaging_profile_name` is the joined profile's current name (not stored on the number)."""

    id: int
    phone_number: str
    country_iso_alpha2: str
    status: Status
    phone_number_type: PhoneNumberType
    tags: str  # JSON text, embedded verbatim in responses
    deletion_lock_enabled: Flag
    external_pin: str | None
    connection_id: str | None
    connection_name: str | None
    customer_reference: str | None
    billing_group_id: str | None
    emergency_address_id: str | None
    emergency_enabled: Flag
    emergency_status: EmergencyStatus
    messaging_profile_id: str | None
    messaging_profile_name: str | None
    messaging_campaign_id: str | None
    source_type: SourceType | None
    inbound_call_screening: CallScreening
    call_forwarding_enabled: Flag
    call_recording_enabled: Flag
    caller_id_name_enabled: Flag
    cnam_listing_enabled: Flag
    hd_voice_enabled: Flag
    t38_fax_gateway_enabled: Flag
    usage_payment_method: UsagePaymentMethod
    purchased_at: str
    created_at: str
    updated_at: str
    activated_at: str | None
    forwarding_type: ForwardingType | None
    forwards_to: str | None
    inbound_call_recording_channels: RecordingChannels
    inbound_call_recording_format: RecordingFormat
    cnam_listing_details: str | None
    accept_any_rtp_packets_enabled: Flag
    rtp_auto_adjust_enabled: Flag
    tech_prefix_enabled: Flag
    translated_number: str
    messaging_product: MessagingProduct
    bundle_id: str | None


COLUMN_NAMES: tuple[str, ...] = PhoneNumberRow._fields
SELECT_COLUMNS = ", ".join("m.name" if c == "messaging_profile_name" else f"p.{c}" for c in COLUMN_NAMES)
SOURCE = "phone_numbers p LEFT JOIN messaging_profiles m ON m.id = p.messaging_profile_id"
SELECT_FROM = f"SELECT {SELECT_COLUMNS} FROM {SOURCE}"
# A few rows by id (a GET, a shared read, a row locked for a write): the profile's name looked up
# per row costs PostgreSQL about a quarter less than setting up and running the join.
PROFILE_NAME = "(SELECT m.name FROM messaging_profiles m WHERE m.id = {row}.messaging_profile_id)"
BY_ID_COLUMNS = ", ".join(
    PROFILE_NAME.format(row="p") if c == "messaging_profile_name" else f"p.{c}" for c in COLUMN_NAMES
)
BY_ID_SOURCE = "phone_numbers p"
