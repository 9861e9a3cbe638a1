"""Seed records of the organisation itself (API keys) and of the documents numbers refer to
(addresses, bundles). Each slice owns its own records (`resources/*/seed.py`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec

from ..formats import OpaqueId
from ..ids import Ids
from ..store.documents import SeedDocument
from ..store.orgs import MAX_KEY_LENGTH, MIN_KEY_LENGTH


class SeedApiKey(msgspec.Struct, forbid_unknown_fields=True):
    key: Annotated[str, msgspec.Meta(min_length=MIN_KEY_LENGTH, max_length=MAX_KEY_LENGTH)]
    scope: Literal["read_write", "read_only"] = "read_write"


class SeedAddress(msgspec.Struct, kw_only=True, forbid_unknown_fields=False):
    id: OpaqueId | None = None


class SeedBundle(msgspec.Struct, kw_only=True, forbid_unknown_fields=False):
    id: OpaqueId | None = None


def build_address(record: dict[str, Any], ids: Ids) -> SeedDocument:
    parsed = msgspec.convert(record, SeedAddress)
    return SeedDocument(parsed.id or str(ids.numeric()), {k: v for k, v in record.items() if k != "id"}, {})


def build_bundle(record: dict[str, Any], ids: Ids) -> SeedDocument:
    parsed = msgspec.convert(record, SeedBundle)
    return SeedDocument(parsed.id or ids.uuid(), {k: v for k, v in record.items() if k != "id"}, {})
