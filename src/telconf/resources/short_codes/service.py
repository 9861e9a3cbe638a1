"""Rules of the short-code calls. Knows nothing of HTTP; raises typed errors."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from ...clock import Clock
from ...errors import ASSOCIATION_MISSING, Invalid, NotFound
from ...formats import canonical_id
from ...principal import Principal
from ...store.db import Executor
from ...store.documents import Document
from ...store.messaging_profiles import MessagingProfileStore
from ...store.short_codes import ShortCodeFilter, ShortCodeStore, short_code_columns
from .models import ShortCode, ShortCodeUpdate

NOT_FOUND = "Short code not found."


def short_code_from(document: Document) -> ShortCode:
    # Columns win over the document: documents written before it held every field lack them.
    record = {**document.doc, **document.columns}
    record.update(id=document.id, created_at=document.created_at, updated_at=document.updated_at)
    return msgspec.convert(record, ShortCode)


class ShortCodes:
    def __init__(self, store: ShortCodeStore, profiles: MessagingProfileStore, clock: Clock) -> None:
        self.store = store
        self.profiles = profiles
        self.clock = clock

    async def list(
        self, who: Principal, flt: ShortCodeFilter, offset: int, size: int
    ) -> tuple[Sequence[ShortCode], int]:
        documents, total = await self.store.list_page(who.org_id, flt, offset, size)
        return [short_code_from(d) for d in documents], total

    async def retrieve(self, who: Principal, raw_id: str) -> ShortCode:
        short_code_id = canonical_id(raw_id)
        document = await self.store.get(who.org_id, short_code_id) if short_code_id else None
        if document is None:
            raise NotFound(NOT_FOUND)
        return short_code_from(document)

    async def update(self, who: Principal, raw_id: str, body: ShortCodeUpdate) -> ShortCode:
        short_code_id = canonical_id(raw_id)
        profile_id: str | None = None
        if body.messaging_profile_id:  # null and "" unbind
            profile_id = canonical_id(body.messaging_profile_id)
            if profile_id is None:
                raise _no_such_profile()

        async def bind(current: Document, tx: Executor) -> Document:
            # Checked under the short code's lock; the profile is share-locked until commit.
            if profile_id is not None and not await self.profiles.exists(tx, who.org_id, profile_id):
                raise _no_such_profile()
            doc = {**current.doc, **current.columns, "messaging_profile_id": profile_id}
            if body.tags is not msgspec.UNSET:
                doc["tags"] = [*dict.fromkeys(body.tags)]
            return Document(current.id, doc, current.created_at, self.clock.now_iso(), short_code_columns(doc))

        document = await self.store.update(who.org_id, short_code_id, bind) if short_code_id else None
        if document is None:
            raise NotFound(NOT_FOUND)
        return short_code_from(document)


def _no_such_profile() -> Invalid:
    return Invalid.field(
        "The messaging profile does not exist.", pointer="/messaging_profile_id", code=ASSOCIATION_MISSING
    )
