"""Short codes in seed files (the only way short codes are created), stored as the complete record:
`country_code` defaults to US (short codes have no calling code to derive it from), `tags` to []."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from ...formats import Country
from ...ids import Ids
from ...store.documents import SeedDocument
from ...store.short_codes import short_code_columns
from ..messaging_profiles.countries import COUNTRY_CODES
from ..messaging_profiles.seed import SeedId, with_timestamps
from ..phone_numbers.models import Tags


class SeedShortCode(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    short_code: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{3,8}$(?!\n)")]
    id: SeedId | None = None
    record_type: Literal["short_code"] = "short_code"
    country_code: Country = "US"
    messaging_profile_id: SeedId | None = None
    tags: Tags = []
    created_at: datetime | None = None
    updated_at: datetime | None = None


def build(record: dict[str, Any], ids: Ids) -> SeedDocument:
    if record.get("messaging_profile_id") == "":
        record = {**record, "messaging_profile_id": None}  # "" means unbound, as on PATCH
    parsed = msgspec.convert(record, SeedShortCode)
    if parsed.country_code not in COUNTRY_CODES:
        raise msgspec.ValidationError("Expected an ISO 3166-1 alpha-2 country code - at `$.country_code`")
    doc: dict[str, Any] = {
        "short_code": parsed.short_code,
        "country_code": parsed.country_code,
        "messaging_profile_id": parsed.messaging_profile_id,
        "tags": [*dict.fromkeys(parsed.tags)],
    }
    return SeedDocument(parsed.id or ids.uuid(), with_timestamps(doc, parsed), short_code_columns(doc))
