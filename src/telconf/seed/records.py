"""Seed records of the organisation itself (API keys) and of the documents numbers refer to
(addresses, bundles). Each slice owns its own records (`resources/*/seed.py`)."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any, Literal

import msgspec

from ..formats import OpaqueId
from ..ids import Ids
from ..store.documents import SeedDocument
from ..store.orgs import MAX_KEY_LENGTH, MIN_KEY_LENGTH
from ..store.webhooks import SEED_BYTES
from .problems import SeedError


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


def webhook_signing_seed(value: Any, at: str) -> bytes:
    """An organisation's `webhook_signing_key`: base64 of a 32-byte Ed25519 seed (private key), so
    a test suite can pin the public key (TELNYX_PUBLIC_KEY) its verifier is given."""
    try:
        seed = base64.b64decode(value, validate=True) if isinstance(value, str) else b""
    except (binascii.Error, ValueError):
        seed = b""
    if len(seed) != SEED_BYTES:
        raise SeedError(
            f"{at}: must be the standard base64 of a {SEED_BYTES}-byte Ed25519 seed (44 characters, e.g. the output "
            "of `base64.b64encode(os.urandom(32))`)"
        )
    return seed
