"""Messaging profiles in seed files."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from ...ids import Ids
from ...seed.records import SeedDocument


class SeedMessagingProfile(msgspec.Struct, kw_only=True, forbid_unknown_fields=False):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=255)]
    id: str | None = None


def build(record: dict[str, Any], ids: Ids) -> SeedDocument:
    parsed = msgspec.convert(record, SeedMessagingProfile)
    doc = {k: v for k, v in record.items() if k != "id"}
    return SeedDocument(parsed.id or ids.uuid(), doc, {"name": parsed.name})
