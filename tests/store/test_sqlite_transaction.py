"""A SQLite transaction whose COMMIT fails is rolled back whole, and the next one runs."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from telconf.store.db import SqliteDatabase


def test_a_failed_commit_is_rolled_back_and_the_database_stays_usable(tmp_path: Path) -> None:
    async def run() -> None:
        db = SqliteDatabase(str(tmp_path / "telconf.db"))
        try:
            await db.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
            await db.execute(
                "CREATE TABLE child (id INTEGER PRIMARY KEY, "
                "parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)"
            )
            # A deferred foreign key is checked at COMMIT: the statements succeed, the COMMIT fails.
            with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
                async with db.transaction() as tx:
                    await tx.execute("INSERT INTO parent (id) VALUES (1)")
                    await tx.execute("INSERT INTO child (id, parent_id) VALUES (1, 99)")
            assert not db.conn.in_transaction
            async with db.transaction() as tx:
                await tx.execute("INSERT INTO parent (id) VALUES (2)")
            assert await db.fetchall("SELECT id FROM parent") == [(2,)]  # nothing of the failed one
            assert await db.fetchall("SELECT id FROM child") == []
        finally:
            await db.close()

    asyncio.run(run())
