"""PostgreSQL's single-statement lanes: a statement the server refuses leaves the lane in use; a
connection the server ends is replaced, and no query waits on it meanwhile."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from telconf.store.db import PostgresDatabase

from ..support import POSTGRES_ENV, create_database, drop_database


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    if not os.environ.get(POSTGRES_ENV):
        pytest.skip(f"{POSTGRES_ENV} is not set")
    database = create_database("postgres", tmp_path)
    yield database
    drop_database(database)


def test_lanes_survive_refused_statements_and_killed_connections(url: str) -> None:
    async def run() -> None:
        db = await PostgresDatabase.connect(url)
        lanes = db._lanes
        assert lanes is not None
        try:
            first = list(lanes.held)
            with pytest.raises(Exception, match="division by zero"):
                await db.fetchone("SELECT 1 / 0")
            assert lanes.held == first  # the server refused the statement; no lane was replaced

            # The server ends every lane's connection (as a restart or an operator would).
            pids = [conn.get_server_pid() for conn in lanes.held]
            await db.execute("SELECT pg_terminate_backend(pid) FROM unnest(?::int[]) AS pid", (pids,))
            answers = await asyncio.gather(
                *(db.fetchone("SELECT ?::int", (i,)) for i in range(40)), return_exceptions=True
            )
            # Queries that drew a dead lane fail as they would through the pool; none hangs.
            assert all(isinstance(a, Exception) or a[0] == i for i, a in enumerate(answers))
            await asyncio.sleep(0.2)  # noqa: TID251 (the server has ended every killed backend by now)
            rows = await asyncio.gather(*(db.fetchone("SELECT ?::int", (i,)) for i in range(40)))
            assert [r[0] for r in rows if r is not None] == list(range(40))  # every one answered
            for _ in range(100):
                if len(lanes.held) == lanes.SIZE and not lanes._tasks:
                    break
                await asyncio.sleep(0.02)  # noqa: TID251 (polls until the lanes are replaced)
            assert len(lanes.held) == lanes.SIZE and not set(lanes.held) & set(first)
        finally:
            await asyncio.wait_for(db.close(), 10)

    asyncio.run(run())


ONE = "SELECT org, id, v FROM t WHERE org = ? AND id = ?"
MANY = "SELECT org, id, v FROM t WHERE org = ? AND id = ANY(?)"


def test_reads_that_arrive_together_share_a_query_and_stay_in_their_organisation(url: str) -> None:
    async def run() -> None:
        db = await PostgresDatabase.connect(url)
        lanes = db._lanes
        assert lanes is not None
        queries = 0
        original = lanes.run

        async def counted(work: Any) -> Any:
            nonlocal queries
            queries += 1
            return await original(work)

        lanes.run = counted  # type: ignore[method-assign]
        try:
            await db.execute("CREATE TABLE t (org int, id bigint, v text, PRIMARY KEY (org, id))")
            await db.executemany(
                "INSERT INTO t VALUES (?, ?, ?)", [(o, i, f"{o}-{i}") for o in (1, 2) for i in range(50)]
            )
            queries = 0
            asks = [(1 + i % 2, i) for i in range(120)]  # ids 50..119 exist in neither organisation
            asks += [(1, 7), (1, 7), (3, 7)]  # the same id twice; an organisation with no rows
            rows = await asyncio.gather(*(db.fetch_by_key(ONE, MANY, (org,), key, key_at=1) for org, key in asks))
            for (org, key), row in zip(asks, rows, strict=True):
                if key < 50 and org in (1, 2):
                    assert row is not None and tuple(row) == (org, key, f"{org}-{key}")
                else:
                    assert row is None
            assert queries < len(asks) / 4  # 123 reads shared a handful of queries

            # A read that comes after a write sees it.
            await db.execute("UPDATE t SET v = 'changed' WHERE org = 1 AND id = 3")
            row = await db.fetch_by_key(ONE, MANY, (1,), 3, key_at=1)
            assert row is not None and row[2] == "changed"

            # A query that fails fails every read that shared it, and the next reads go on.
            bad = "SELECT org, id, v FROM t WHERE org = ? AND id = ANY(?) AND 1 / (id - id) = 1"
            failed = await asyncio.gather(*(db.fetch_by_key(ONE, bad, (1,), i, key_at=1) for i in range(10)),
                                          return_exceptions=True)  # fmt: skip
            assert all(isinstance(f, Exception) and "division by zero" in str(f) for f in failed)  # type: ignore[index]
            again = await asyncio.gather(*(db.fetch_by_key(ONE, MANY, (2,), i, key_at=1) for i in range(10)))
            assert [r[2] for r in again if r is not None] == [f"2-{i}" for i in range(10)]
        finally:
            await asyncio.wait_for(db.close(), 10)

    asyncio.run(run())
