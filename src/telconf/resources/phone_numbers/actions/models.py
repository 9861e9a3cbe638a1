"""Bodies and results of `client.phone_numbers.actions`."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec


class VerifyOwnership(msgspec.Struct, kw_only=True):
    phone_numbers: list[Annotated[str, msgspec.Meta(max_length=64)]]


class OwnershipFound(msgspec.Struct):
    id: str
    number_val_e164: str


class OwnershipResult(msgspec.Struct):
    found: list[OwnershipFound]
    not_found: list[str]
    record_type: Literal["number_ownership_verification"] = "number_ownership_verification"


class EnableEmergency(msgspec.Struct, kw_only=True):
    emergency_address_id: str
    emergency_enabled: bool


class BundleStatusChange(msgspec.Struct, kw_only=True):
    bundle_id: str | None  # required, but null takes the number out of its bundle
