"""Short-code queries: JSON documents with the code and its profile as columns. Every method takes
the organisation first; no query crosses tenants."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .db import PostgresDatabase, SqliteDatabase
from .documents import Document, DocumentStore
from .sql import Where

ORDER = "created_at, id"


@dataclass(frozen=True)
class ShortCodeFilter:
    messaging_profile_id: str | None = None
    unassigned: bool = False  # only short codes bound to no profile


def short_code_columns(doc: dict[str, Any]) -> dict[str, Any]:
    """The indexed columns a short-code document implies."""
    return {"short_code": doc["short_code"], "messaging_profile_id": doc["messaging_profile_id"]}


class ShortCodeStore(DocumentStore):
    def __init__(self, db: SqliteDatabase | PostgresDatabase) -> None:
        super().__init__(db, "short_codes", ("short_code", "messaging_profile_id"))

    async def list_page(self, org_id: int, f: ShortCodeFilter, offset: int, limit: int) -> tuple[list[Document], int]:
        where = Where()
        if f.unassigned:
            where.add("messaging_profile_id IS NULL")
        elif f.messaging_profile_id is not None:
            where.add("messaging_profile_id = ?", f.messaging_profile_id)
        return await self.page(org_id, where, ORDER, offset, limit)
