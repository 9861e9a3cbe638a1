"""Short codes in seed files (the only way short codes are created)."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from ...ids import Ids
from ...seed.records import SeedDocument


class SeedShortCode(msgspec.Struct, kw_only=True, forbid_unknown_fields=False):
    short_code: Annotated[str, msgspec.Meta(pattern=r"^\d{3,8}$")]
    id: str | None = None
    messaging_profile_id: str | None = None


def build(record: dict[str, Any], ids: Ids) -> SeedDocument:
    parsed = msgspec.convert(record, SeedShortCode)
    doc = {k: v for k, v in record.items() if k not in ("id", "short_code", "messaging_profile_id")}
    columns = {"short_code": parsed.short_code, "messaging_profile_id": parsed.messaging_profile_id}
    return SeedDocument(parsed.id or ids.uuid(), doc, columns)
