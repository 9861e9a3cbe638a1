"""Messaging-profile queries: JSON documents with the name as a column (joined into phone numbers,
filtered on). Every method takes the organisation first; no query crosses tenants."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .db import Executor, PostgresDatabase, SqliteDatabase
from .documents import Document, DocumentStore
from .sql import LIKE_ESCAPE, Where, like_escape

# Oldest first, so a profile created while a client pages does not shift the pages it has read.
ORDER = "created_at, id"


@dataclass(frozen=True)
class ProfileFilter:
    names: tuple[str, ...] = ()  # exact matches, all of which must hold
    name_contains: str | None = None  # case-insensitive


def profile_columns(doc: dict[str, Any]) -> dict[str, Any]:
    """The indexed columns a profile document implies."""
    return {"name": doc["name"], "name_folded": doc["name"].lower()}


class MessagingProfileStore(DocumentStore):
    def __init__(self, db: SqliteDatabase | PostgresDatabase) -> None:
        super().__init__(db, "messaging_profiles", ("name", "name_folded"))
        self._share = " FOR SHARE" if db.dialect == "postgres" else ""

    async def list_page(self, org_id: int, f: ProfileFilter, offset: int, limit: int) -> tuple[list[Document], int]:
        where = Where()
        for name in f.names:
            where.add("name = ?", name)
        if f.name_contains is not None:
            where.add(f"name_folded LIKE ? {LIKE_ESCAPE}", f"%{like_escape(f.name_contains.lower())}%")
        return await self.page(org_id, where, ORDER, offset, limit)

    async def exists(self, executor: Executor, org_id: int, profile_id: str) -> bool:
        """Whether the organisation has this profile. On PostgreSQL the row stays share-locked until
        the caller's transaction ends, so the profile cannot be deleted while something joins it."""
        row = await executor.fetchone(
            f"SELECT 1 FROM messaging_profiles WHERE org_id = ? AND id = ?{self._share}", (org_id, profile_id)
        )
        return row is not None

    async def usage(self, executor: Executor, org_id: int, profile_id: str) -> tuple[int, int, int]:
        """How many phone numbers, mobile phone numbers and short codes of the organisation use it."""
        counts = []
        for table in ("phone_numbers", "mobile_phone_numbers", "short_codes"):
            row = await executor.fetchone(
                f"SELECT COUNT(*) FROM {table} WHERE org_id = ? AND messaging_profile_id = ?", (org_id, profile_id)
            )
            counts.append(int(row[0]) if row else 0)
        return counts[0], counts[1], counts[2]
