"""Wire shapes of `client.phone_numbers.csv_downloads` and the file's columns per `csv_format`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import msgspec

from ....store.phone_number_filter import PhoneNumberFilter

CsvFormat = Literal["V1", "V2"]
CSV_FORMATS: tuple[str, ...] = CsvFormat.__args__  # type: ignore[attr-defined]
# The SDK types the status with these four; a job's own statuses map onto them.
CsvDownloadStatus = Literal["pending", "complete", "failed", "expired"]
STATUS_OF_JOB: dict[str, CsvDownloadStatus] = {
    "pending": "pending",
    "in_progress": "pending",
    "completed": "complete",
    "failed": "failed",
    "expired": "expired",
}
FILE_PATH = "/phone_numbers/csv_downloads/{id}/file"


class CsvDownload(msgspec.Struct, kw_only=True):
    """`CsvDownload`: what create, retrieve and list answer (create and retrieve as a list of one)."""

    id: str
    record_type: Literal["csv_download"] = "csv_download"
    status: CsvDownloadStatus
    url: str


@dataclass(frozen=True)
class CsvDownloadRequest:
    """POST /phone_numbers/csv_downloads, parsed from its query string."""

    csv_format: CsvFormat
    selection: PhoneNumberFilter | None  # None: every number
    filter_keys: tuple[tuple[str, str], ...] = ()  # the `filter[...]` keys as sent, kept with the job
    include_managed_accounts: bool = False


def _flag(column: str) -> str:
    """A truth value spelled as JSON spells it, on both engines (0/1 on SQLite, boolean on PostgreSQL)."""
    return f"CASE WHEN p.{column} THEN 'true' ELSE 'false' END"


def _text(expression: str) -> str:
    """Free text: always quoted, quotes doubled (RFC 4180). A null stays null: an empty cell."""
    return f"""'"' || REPLACE({expression}, '"', '""') || '"'"""


def _plain(expression: str) -> str:
    """A value that holds no comma, quote or line break (ids, numbers, enums, timestamps)."""
    return expression


# (header, the cell as SQL over `phone_numbers p` and its messaging profile `m`). Each row is made
# whole by the database, one printf/format call of all its cells (a null prints as nothing), so the
# file is written without a Python loop over the cells. V1 is the phone-number record's own fields
# in the record's order (tags as the record's JSON array); V2 adds its voice and messaging
# settings, named by their paths in those records. An empty cell is a null; `""` an empty string.
V1_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", _plain("p.id")),
    ("phone_number", _plain("p.phone_number")),
    ("country_iso_alpha2", _plain("p.country_iso_alpha2")),
    ("status", _plain("p.status")),
    ("phone_number_type", _plain("p.phone_number_type")),
    ("tags", _text("p.tags")),
    ("deletion_lock_enabled", _flag("deletion_lock_enabled")),
    ("external_pin", _text("p.external_pin")),
    ("connection_id", _text("p.connection_id")),
    ("connection_name", _text("p.connection_name")),
    ("customer_reference", _text("p.customer_reference")),
    ("billing_group_id", _text("p.billing_group_id")),
    ("emergency_address_id", _text("p.emergency_address_id")),
    ("emergency_enabled", _flag("emergency_enabled")),
    ("emergency_status", _plain("p.emergency_status")),
    ("messaging_profile_id", _text("p.messaging_profile_id")),
    ("messaging_profile_name", _text("m.name")),
    ("messaging_campaign_id", _text("p.messaging_campaign_id")),
    ("source_type", _plain("p.source_type")),
    ("inbound_call_screening", _plain("p.inbound_call_screening")),
    ("call_forwarding_enabled", _flag("call_forwarding_enabled")),
    ("call_recording_enabled", _flag("call_recording_enabled")),
    ("caller_id_name_enabled", _flag("caller_id_name_enabled")),
    ("cnam_listing_enabled", _flag("cnam_listing_enabled")),
    ("hd_voice_enabled", _flag("hd_voice_enabled")),
    ("t38_fax_gateway_enabled", _flag("t38_fax_gateway_enabled")),
    ("purchased_at", _plain("p.purchased_at")),
    ("created_at", _plain("p.created_at")),
    ("updated_at", _plain("p.updated_at")),
    ("activated_at", _plain("p.activated_at")),
)
V2_COLUMNS: tuple[tuple[str, str], ...] = (
    *V1_COLUMNS,
    ("voice.usage_payment_method", _plain("p.usage_payment_method")),
    ("voice.tech_prefix_enabled", _flag("tech_prefix_enabled")),
    ("voice.translated_number", _text("p.translated_number")),
    ("voice.call_forwarding.forwarding_type", _plain("p.forwarding_type")),
    ("voice.call_forwarding.forwards_to", _plain("p.forwards_to")),
    ("voice.call_recording.inbound_call_recording_format", _plain("p.inbound_call_recording_format")),
    ("voice.call_recording.inbound_call_recording_channels", _plain("p.inbound_call_recording_channels")),
    ("voice.cnam_listing.cnam_listing_details", _text("p.cnam_listing_details")),
    ("voice.media_features.accept_any_rtp_packets_enabled", _flag("accept_any_rtp_packets_enabled")),
    ("voice.media_features.rtp_auto_adjust_enabled", _flag("rtp_auto_adjust_enabled")),
    ("messaging.messaging_product", _plain("p.messaging_product")),
    ("bundle_id", _text("p.bundle_id")),
)
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {"V1": V1_COLUMNS, "V2": V2_COLUMNS}


def row_sql(fmt: str, dialect: str) -> str:
    """What the walk selects for a format: the row as one CSV line (SQLite's printf, PostgreSQL's
    format: the same `%s`, nulls as empty strings), then its sort key (created_at, id)."""
    cells = [cell for _, cell in COLUMNS[fmt]]
    function = "printf" if dialect == "sqlite" else "format"
    return f"{function}('{','.join(['%s'] * len(cells))}', {', '.join(cells)}), p.created_at, p.id"


def header(fmt: str) -> str:
    return ",".join(name for name, _ in COLUMNS[fmt])
