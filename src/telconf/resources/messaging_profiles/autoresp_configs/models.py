"""Wire shapes of `client.messaging_profiles.autoresp_configs`, as the SDKs type them
(`AutoRespConfig`, `AutorespConfigCreateParams`), and the bounds telconf puts on them."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

AutoRespOp = Literal["start", "stop", "info"]

MAX_KEYWORDS = 50
MAX_KEYWORD_LENGTH = 64
# Ten GSM-7 parts of 153 characters is the longest SMS; a longer reply could never be sent.
MAX_RESP_TEXT = 1530

Keyword = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_KEYWORD_LENGTH)]
Keywords = Annotated[list[Keyword], msgspec.Meta(min_length=1, max_length=MAX_KEYWORDS)]
RespText = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_RESP_TEXT)]
CountryCode = Annotated[str, msgspec.Meta(min_length=1, max_length=16)]  # checked against ISO 3166-1


class AutoRespConfigCreate(msgspec.Struct, kw_only=True):
    """Body of POST and PUT (a PUT replaces every field; a `resp_text` left out is cleared)."""

    country_code: CountryCode
    keywords: Keywords
    op: AutoRespOp
    resp_text: RespText | None = None


class AutoRespConfig(msgspec.Struct, kw_only=True, omit_defaults=True):
    """`AutoRespConfig`, the `data` of every call but delete. `resp_text` is left out when there is
    none: the Node SDK types it `resp_text?: string` (not null)."""

    id: str
    country_code: str
    created_at: str
    keywords: list[str]
    op: AutoRespOp
    updated_at: str
    resp_text: str | None = None
