"""Wire shapes of the short-code calls (`telnyx.types.shared.ShortCode`)."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from ..phone_numbers.models import Tags


class ShortCode(msgspec.Struct, kw_only=True):
    """A short code as served; its document holds every field but the id and timestamps."""

    record_type: Literal["short_code"] = "short_code"
    id: str
    short_code: str
    country_code: str = "US"
    messaging_profile_id: str | None = None
    tags: list[str] = []
    created_at: str
    updated_at: str


class ShortCodeUpdate(msgspec.Struct, kw_only=True):
    """Body of PATCH /short_codes/{id}: the profile key is required; `null` or "" unbinds."""

    messaging_profile_id: Annotated[str, msgspec.Meta(max_length=64)] | None
    tags: Tags | msgspec.UnsetType = msgspec.UNSET
