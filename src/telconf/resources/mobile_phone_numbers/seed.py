"""Mobile phone numbers in seed files."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from ...ids import Ids
from ...seed.records import SeedDocument

E164 = Annotated[str, msgspec.Meta(pattern=r"^\+[1-9]\d{1,14}$")]
NumericId = Annotated[str, msgspec.Meta(pattern=r"^[1-9]\d{0,18}$")]


class SeedMobilePhoneNumber(msgspec.Struct, kw_only=True, forbid_unknown_fields=False):
    phone_number: E164
    id: NumericId | None = None


def build(record: dict[str, Any], ids: Ids) -> SeedDocument:
    parsed = msgspec.convert(record, SeedMobilePhoneNumber)
    doc = {k: v for k, v in record.items() if k not in ("id", "phone_number")}
    return SeedDocument(parsed.id or str(ids.numeric()), doc, {"phone_number": parsed.phone_number})
