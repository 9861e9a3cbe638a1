"""Named copies of every data table, kept in the database itself (so every server process sees
them), for the admin API's reset, snapshots and restore.

A snapshot is one msgpack document: per table, its column names and rows. Restoring replaces the
contents of every data table in one transaction. It is meant for test-sized inventories (a few
thousand records restore in milliseconds), not for a million-number production database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec

from .db import Executor, PostgresDatabase, SqliteDatabase
from .list_counts import recount

# Parents before children: inserts go in this order, deletes in reverse. A test keeps this list
# equal to the schema's tables, so a new table cannot be left out of reset and restore.
DATA_TABLES = (
    "organizations",
    "api_keys",
    "phone_numbers",
    "phone_number_tags",
    "phone_number_voicemail",
    "messaging_profiles",
    "short_codes",
    "mobile_phone_numbers",
    "addresses",
    "bundles",
    "jobs",
    "job_items",
    "csv_download_parts",
    "messages",
    "message_opt_outs",
    "message_sticky_senders",
    "message_spend",
    "message_outcome_rules",
    "autoresp_configs",
    "webhook_keys",
    "webhook_deliveries",
)
# Tables that are not data: the schema's own bookkeeping, snapshots, shared rate-limit counters,
# the admin API's shared state, the console's sessions (a reset or restore signs nobody out).
SERVICE_TABLES = (
    "schema_migrations",
    "snapshots",
    "rate_limit_windows",
    "admin_state",
    "fault_counts",
    "console_sessions",
)
BASELINE = "baseline"  # the state reset returns to: what the server was started (or seeded) with


@dataclass(frozen=True)
class SnapshotInfo:
    name: str
    created_at: str
    size_bytes: int


class _Table(msgspec.Struct, array_like=True):
    columns: list[str]
    rows: list[list[Any]]


class SnapshotStore:
    def __init__(self, db: SqliteDatabase | PostgresDatabase) -> None:
        self.db = db
        self._encoder = msgspec.msgpack.Encoder()
        self._decoder = msgspec.msgpack.Decoder(dict[str, _Table])
        self._columns: dict[str, list[str]] = {}

    async def save(self, name: str, now: str) -> SnapshotInfo:
        async with self.db.transaction() as tx:
            data = await self._copy(tx)
            await tx.execute("DELETE FROM snapshots WHERE name = ?", (name,))
            await tx.execute("INSERT INTO snapshots (name, created_at, data) VALUES (?, ?, ?)", (name, now, data))
        return SnapshotInfo(name, now, len(data))

    async def save_if_missing(self, name: str, now: str) -> bool:
        """Several processes start at once (`--workers N`); the first one's copy stands."""
        if await self.db.fetchone("SELECT 1 FROM snapshots WHERE name = ?", (name,)):
            return False
        async with self.db.transaction() as tx:
            data = await self._copy(tx)
            return (
                await tx.execute(
                    "INSERT INTO snapshots (name, created_at, data) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                    (name, now, data),
                )
                > 0
            )

    async def _copy(self, tx: Executor) -> bytes:
        tables = {}
        for table in DATA_TABLES:
            columns = await self._table_columns(tx, table)
            rows = await tx.fetchall(f"SELECT {', '.join(columns)} FROM {table}")
            tables[table] = _Table(columns, [list(row) for row in rows])
        return self._encoder.encode(tables)

    async def restore(self, name: str) -> bool:
        row = await self.db.fetchone("SELECT data FROM snapshots WHERE name = ?", (name,))
        if row is None:
            return False
        tables = self._decoder.decode(bytes(row[0]))
        async with self.db.transaction() as tx:
            for table in reversed(DATA_TABLES):
                await tx.execute(f"DELETE FROM {table}")
            for table in DATA_TABLES:
                saved = tables.get(table)
                if saved is None or not saved.rows:
                    continue
                marks = ", ".join("?" for _ in saved.columns)
                await tx.executemany(f"INSERT INTO {table} ({', '.join(saved.columns)}) VALUES ({marks})", saved.rows)
            # The triggers counted the rows out and back in; fold that into one row per key. The
            # new rows' ids are higher than any seen, so every cached list version is retired.
            await recount(tx, self.db.dialect)
            if self.db.dialect == "postgres":
                await _advance_identities(tx)
        return True

    async def all(self) -> list[SnapshotInfo]:
        rows = await self.db.fetchall("SELECT name, created_at, LENGTH(data) FROM snapshots ORDER BY created_at, name")
        return [SnapshotInfo(r[0], r[1], int(r[2])) for r in rows]

    async def delete(self, name: str) -> bool:
        return await self.db.execute("DELETE FROM snapshots WHERE name = ?", (name,)) > 0

    async def _table_columns(self, tx: Executor, table: str) -> list[str]:
        columns = self._columns.get(table)
        if columns is None:
            if self.db.dialect == "sqlite":
                rows = await tx.fetchall(f"PRAGMA table_info({table})")
                columns = [r[1] for r in rows]
            else:
                rows = await tx.fetchall(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
                    (table,),
                )
                columns = [r[0] for r in rows]
            self._columns[table] = columns
        return columns


async def _advance_identities(tx: Executor) -> None:
    """Rows come back with their ids; PostgreSQL's identity sequences must move past them."""
    rows = await tx.fetchall(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND column_name = 'id' AND is_identity = 'YES'"
    )
    for (table,) in rows:
        if table in DATA_TABLES:
            await tx.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )
