"""Mobile-number queries: the document store over `mobile_phone_numbers`, plus the lookups a PATCH
needs to name what an id refers to. Every method takes the organisation first."""

from __future__ import annotations

from typing import Any

import msgspec

from .db import Executor, PostgresDatabase, SqliteDatabase
from .documents import Document, DocumentStore
from .sql import Where

# Newest first, as the phone-number list; the id makes the order total. Served by `mpn_org`.
ORDER = "created_at DESC, id DESC"
_decoder = msgspec.json.Decoder()


class MobilePhoneNumberStore(DocumentStore):
    def __init__(self, db: SqliteDatabase | PostgresDatabase) -> None:
        super().__init__(db, "mobile_phone_numbers")

    async def list_page(self, org_id: int, offset: int, limit: int) -> tuple[list[Document], int]:
        return await self.page(org_id, Where(), ORDER, offset, limit)

    def _json_text(self, path: tuple[str, ...]) -> str:
        """SQL reading the text at `path` in the document. Paths come from code, never from input."""
        if self.db.dialect == "postgres":
            return f"(doc::jsonb #>> '{{{','.join(path)}}}')"
        return f"json_extract(doc, '$.{'.'.join(path)}')"

    async def doc_where(
        self, executor: Executor, org_id: int, path: tuple[str, ...], value: str, named: tuple[str, ...]
    ) -> dict[str, Any] | None:
        """The most recently updated document of the organisation whose text at `path` is `value`
        and whose text at `named` is set: how a new id takes the name the other numbers show."""
        row = await executor.fetchone(
            f"SELECT doc FROM mobile_phone_numbers WHERE org_id = ? AND {self._json_text(path)} = ? "
            f"AND {self._json_text(named)} IS NOT NULL ORDER BY updated_at DESC, id DESC LIMIT 1",
            (org_id, value),
        )
        return _decoder.decode(row[0]) if row else None

    async def phone_number_connection_name(self, executor: Executor, org_id: int, connection_id: str) -> str | None:
        """The name the organisation's (non-mobile) phone numbers show for a connection."""
        row = await executor.fetchone(
            # `|| ''` keeps the connection-name index out: it would walk every named number.
            "SELECT connection_name FROM phone_numbers WHERE org_id = ? AND connection_id = ? "
            "AND connection_name || '' IS NOT NULL LIMIT 1",
            (org_id, connection_id),
        )
        return row[0] if row else None
