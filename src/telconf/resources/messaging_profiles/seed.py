"""Messaging profiles in seed files: the API's field names, checked by the same rules as
POST /messaging_profiles, stored as the complete record with the live API's defaults."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from ...clock import iso
from ...errors import Problems
from ...ids import Ids
from ...store.documents import SeedDocument
from ...store.messaging_profiles import profile_columns
from .models import CreateFields, Secret
from .rules import apply_changes, check_settings, new_secret

SeedId = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$(?!\n)")]


class SeedMessagingProfile(CreateFields, kw_only=True, forbid_unknown_fields=True):
    """`whitelisted_destinations` may be left out here (it defaults to ["US"]); the secret and the
    redaction settings, which the API sets itself, may be given."""

    id: SeedId | None = None
    record_type: Literal["messaging_profile"] = "messaging_profile"
    organization_id: str | None = None  # the owning organisation is the one the seed nests it in
    v1_secret: Secret | msgspec.UnsetType = msgspec.UNSET
    redaction_enabled: bool | msgspec.UnsetType = msgspec.UNSET
    redaction_level: Literal[1, 2] | msgspec.UnsetType = msgspec.UNSET
    created_at: datetime | None = None
    updated_at: datetime | None = None


def build(record: dict[str, Any], ids: Ids) -> SeedDocument:
    parsed = msgspec.convert(record, SeedMessagingProfile)
    problems = Problems()
    check_settings(record, problems, creating=True)
    if problems.items:
        # Phrased as msgspec phrases a type error, which the loader turns into `….field[1].sub: …`.
        item = problems.items[0]
        path = "".join(f"[{p}]" if p.isdigit() else f".{p}" for p in (item.pointer or "").split("/")[1:])
        raise msgspec.ValidationError(f"{item.detail.rstrip('.')} - at `${path}`")
    doc = apply_changes({"v1_secret": new_secret(ids)}, parsed)
    return SeedDocument(parsed.id or ids.uuid(), with_timestamps(doc, parsed), profile_columns(doc))


def with_timestamps(doc: dict[str, Any], record: Any) -> dict[str, Any]:
    """The seed's own `created_at`/`updated_at`, in Telnyx's format, for the loader to take out."""
    for name in ("created_at", "updated_at"):
        if getattr(record, name):
            doc[name] = iso(getattr(record, name))
    return doc
