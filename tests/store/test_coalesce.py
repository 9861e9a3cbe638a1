"""Reads by key that arrive together share one query (store/coalesce.py): each still gets its own
row, never another organisation's, sees every write committed before it, and a query that fails
fails only the reads that shared it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from telconf.store.coalesce import KeyedRead
from telconf.store.db import PostgresDatabase, SqliteDatabase, open_database

from ..support import create_database, drop_database, engines


@pytest.fixture(params=engines())
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    database = create_database(request.param, tmp_path)
    yield database
    drop_database(database)


def _count_queries(db: SqliteDatabase | PostgresDatabase) -> list[int]:
    """Counts the queries that answer reads by key (a list of one, so the caller sees it move)."""
    counted = [0]
    if isinstance(db, SqliteDatabase):
        real = db.conn
        turns = db._turns

        class Counting:
            def execute(self, sql: str, args: Any) -> Any:
                counted[0] += 1
                return real.execute(sql, args)

        turns.conn = Counting()  # type: ignore[assignment]
    else:
        lanes = db._read_lanes
        assert lanes is not None
        original = lanes.run

        async def run(work: Any) -> Any:
            counted[0] += 1
            return await original(work)

        lanes.run = run  # type: ignore[method-assign]
    return counted


def test_reads_that_arrive_together_share_a_query_and_stay_in_their_organisation(url: str) -> None:
    async def run() -> None:
        db = await open_database(url)
        read = KeyedRead.build(db.dialect, "t.id, t.org, t.v", "t", "t.org", "t.id")
        try:
            await db.execute("CREATE TABLE t (org int, id bigint, v text, PRIMARY KEY (org, id))")
            await db.executemany(
                "INSERT INTO t VALUES (?, ?, ?)", [(o, i, f"{o}-{i}") for o in (1, 2) for i in range(50)]
            )
            queries = _count_queries(db)
            asks = [(1 + i % 2, i) for i in range(120)]  # ids 50..119 exist in neither organisation
            asks += [(1, 7), (1, 7), (3, 7)]  # the same id twice; an organisation with no rows
            rows = await asyncio.gather(*(db.fetch_by_key(read, org, key) for org, key in asks))
            for (org, key), row in zip(asks, rows, strict=True):
                if key < 50 and org in (1, 2):
                    assert row is not None and tuple(row) == (key, org, f"{org}-{key}")
                else:
                    assert row is None
            assert 0 < queries[0] < len(asks) / 4  # 123 reads shared a handful of queries

            # A read that comes after a write sees it.
            await db.execute("UPDATE t SET v = 'changed' WHERE org = 1 AND id = 3")
            row = await db.fetch_by_key(read, 1, 3)
            assert row is not None and row[2] == "changed"

            if isinstance(db, SqliteDatabase):  # inside a transaction a read never lets others run
                others_ran = asyncio.Event()
                async with db.transaction() as tx:
                    asyncio.get_running_loop().call_soon(others_ran.set)
                    await tx.execute("UPDATE t SET v = 'in the transaction' WHERE org = 1 AND id = 4")
                    row = await db.fetch_by_key(read, 1, 4)
                    assert row is not None and row[2] == "in the transaction" and not others_ran.is_set()

            # A query that fails fails every read that shared it, and the next reads go on.
            bad = read._replace(many=read.many.replace("WHERE", "WHERE 1 / (t.id - t.id) = 1 AND"))
            failed = await asyncio.gather(*(db.fetch_by_key(bad, 1, i) for i in range(10)), return_exceptions=True)
            if db.dialect == "postgres":
                assert all(isinstance(f, Exception) and "division by zero" in str(f) for f in failed)
            else:  # SQLite's 1 / 0 is NULL: no row, no error
                assert failed == [None] * 10
            again = await asyncio.gather(*(db.fetch_by_key(read, 2, i) for i in range(10)))
            assert [r[2] for r in again if r is not None] == [f"2-{i}" for i in range(10)]
        finally:
            await asyncio.wait_for(db.close(), 10)

    asyncio.run(run())
