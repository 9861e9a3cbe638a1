"""The admin API's state, shared by every process serving one database: the clock, the job
policy and the fault rules (one row, with a version every change bumps), and the fault rules'
counters, counted atomically so a rule for "the next 2 requests" fires twice across all workers."""

from __future__ import annotations

from dataclasses import dataclass

from .db import PostgresDatabase, SqliteDatabase

MIGRATION_12 = """
CREATE TABLE admin_state (
    id INTEGER PRIMARY KEY,
    version {bigint} NOT NULL,
    state TEXT NOT NULL
);
CREATE TABLE fault_counts (
    rule_id {bigint} PRIMARY KEY,
    matched {bigint} NOT NULL DEFAULT 0,
    applied {bigint} NOT NULL DEFAULT 0
)
"""


UNLIMITED = 2**62


@dataclass(frozen=True)
class Counts:
    matched: int
    applied: int


class AdminStateStore:
    def __init__(self, db: SqliteDatabase | PostgresDatabase) -> None:
        self.db = db

    async def version(self) -> int:
        row = await self.db.fetchone("SELECT version FROM admin_state WHERE id = 1")
        return int(row[0]) if row else 0

    async def load(self) -> tuple[int, str] | None:
        """(version, the state as JSON text), or None before any process saved one."""
        row = await self.db.fetchone("SELECT version, state FROM admin_state WHERE id = 1")
        return (int(row[0]), str(row[1])) if row else None

    async def save(self, state: str, forget_counts: bool = False) -> int:
        """Store a new state and return its version (one more than any before)."""
        async with self.db.transaction() as tx:
            if forget_counts:
                await tx.execute("DELETE FROM fault_counts")
            row = await tx.fetchone(
                "INSERT INTO admin_state (id, version, state) VALUES (1, 1, ?) "
                "ON CONFLICT (id) DO UPDATE SET version = admin_state.version + 1, state = excluded.state "
                "RETURNING version",
                (state,),
            )
        assert row is not None
        return int(row[0])

    async def match(self, rule_id: int, limit: int | None) -> int | None:
        """Count one more request that a rule matched and return the count so far, this one
        included; None (and nothing counted) once the rule was applied `limit` times."""
        row = await self.db.fetchone(
            "INSERT INTO fault_counts (rule_id, matched) VALUES (?, 1) "
            "ON CONFLICT (rule_id) DO UPDATE SET matched = fault_counts.matched + 1 "
            "WHERE fault_counts.applied < ? RETURNING matched",
            (rule_id, limit if limit is not None else UNLIMITED),
        )
        return int(row[0]) if row is not None else None

    async def apply(self, rule_id: int, limit: int | None) -> bool:
        """Count the rule as applied once more, unless it has been `limit` times already."""
        row = await self.db.fetchone(
            "UPDATE fault_counts SET applied = applied + 1 WHERE rule_id = ? AND applied < ? RETURNING applied",
            (rule_id, limit if limit is not None else UNLIMITED),
        )
        return row is not None

    async def counts(self) -> dict[int, Counts]:
        rows = await self.db.fetchall("SELECT rule_id, matched, applied FROM fault_counts")
        return {int(r[0]): Counts(int(r[1]), int(r[2])) for r in rows}
