"""Tenant-scoped storage for records kept as a JSON document plus a few indexed columns
(messaging profiles, short codes, mobile numbers). Their rich nested settings are read and
written whole; an update is a read-modify-write under a row lock inside one transaction, so
concurrent updates of different fields never lose each other's changes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import msgspec

from ..ids import Ids
from .coalesce import KeyedRead
from .db import Executor, PostgresDatabase, SqliteDatabase
from .sql import Where

_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder()


@dataclass
class Document:
    id: str
    doc: dict[str, Any]
    created_at: str
    updated_at: str
    columns: dict[str, Any] = field(default_factory=dict)


Mutation = Callable[[Document, Executor], Awaitable[Document | None]]


class SeedDocument(NamedTuple):
    """A record stored as a JSON document: its id, the whole record, and its indexed columns.
    `created_at`/`updated_at`, when the seed gives them, are taken out of the document."""

    id: str
    doc: dict[str, Any]
    columns: dict[str, Any]


SeedBuilder = Callable[[dict[str, Any], Ids], SeedDocument]


class DocumentStore:
    def __init__(self, db: SqliteDatabase | PostgresDatabase, table: str, columns: Sequence[str] = ()) -> None:
        self.db = db
        self.table = table
        self.columns = tuple(columns)
        names = ", ".join(("id", "doc", "created_at", "updated_at", *self.columns))
        self._select = f"SELECT {names} FROM {table}"
        self._by_id = KeyedRead.build(db.dialect, names, table, f"{table}.org_id", f"{table}.id")
        self._lock = " FOR UPDATE" if db.dialect == "postgres" else ""

    def _read(self, row: Sequence[Any]) -> Document:
        return Document(
            id=str(row[0]),
            doc=_decoder.decode(row[1]),
            created_at=row[2],
            updated_at=row[3],
            columns=dict(zip(self.columns, row[4:], strict=True)),
        )

    async def get(self, org_id: int, record_id: str) -> Document | None:
        row = await self.db.fetch_by_key(self._by_id, org_id, record_id)
        return self._read(row) if row else None

    async def page(self, org_id: int, where: Where, order: str, offset: int, limit: int) -> tuple[list[Document], int]:
        clauses = " AND ".join(["org_id = ?", *where.clauses])
        args = [org_id, *where.args]
        # Both on an (org_id, ...) index; on SQLite off the event loop, as every list read.
        count = await self.db.read_one(f"SELECT COUNT(*) FROM {self.table} WHERE {clauses}", args)
        total = int(count[0]) if count else 0
        if offset >= total:
            return [], total
        rows = await self.db.read_all(
            f"{self._select} WHERE {clauses} ORDER BY {order} LIMIT ? OFFSET ?", [*args, limit, offset]
        )
        return [self._read(r) for r in rows], total

    async def insert(self, org_id: int, record: Document) -> None:
        names = ("id", "org_id", "doc", "created_at", "updated_at", *record.columns)
        values = (record.id, org_id, _encoder.encode(record.doc).decode(), record.created_at, record.updated_at,
                  *record.columns.values())  # fmt: skip
        await self.db.execute(
            f"INSERT INTO {self.table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", values
        )

    async def update(self, org_id: int, record_id: str, mutate: Mutation) -> Document | None:
        """Lock the row, let `mutate` change the record (it may read or write other rows through the
        executor, or raise to abort), and store what it returns. None when the record is absent."""
        async with self.db.transaction() as tx:
            row = await tx.fetchone(f"{self._select} WHERE org_id = ? AND id = ?{self._lock}", (org_id, record_id))
            if row is None:
                return None
            changed = await mutate(self._read(row), tx)
            if changed is None:
                return self._read(row)
            sets = ["doc = ?", "updated_at = ?", *(f"{c} = ?" for c in changed.columns)]
            await tx.execute(
                f"UPDATE {self.table} SET {', '.join(sets)} WHERE org_id = ? AND id = ?",
                (_encoder.encode(changed.doc).decode(), changed.updated_at, *changed.columns.values(), org_id,
                 record_id),
            )  # fmt: skip
            return changed

    async def delete(self, org_id: int, record_id: str, guard: Mutation | None = None) -> Document | None:
        """Delete and return the record; `guard` may raise to refuse (it runs under the row lock)."""
        async with self.db.transaction() as tx:
            row = await tx.fetchone(f"{self._select} WHERE org_id = ? AND id = ?{self._lock}", (org_id, record_id))
            if row is None:
                return None
            record = self._read(row)
            if guard is not None:
                await guard(record, tx)
            await tx.execute(f"DELETE FROM {self.table} WHERE org_id = ? AND id = ?", (org_id, record_id))
            return record
