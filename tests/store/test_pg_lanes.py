"""PostgreSQL's single-statement lanes: a statement the server refuses leaves the lane in use; a
connection the server ends is replaced, and no query waits on it meanwhile."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from telconf.store.coalesce import KeyedRead
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


def test_a_read_by_key_does_not_wait_behind_statements_that_hold_every_lane(url: str) -> None:
    """A GET by id must not queue behind PATCHes waiting on their commits: reads by key have
    lanes of their own."""

    async def run() -> None:
        db = await PostgresDatabase.connect(url)
        read = KeyedRead.build(db.dialect, "t.id, t.v", "t", "t.org", "t.id")
        try:
            await db.execute("CREATE TABLE t (org int, id bigint, v text, PRIMARY KEY (org, id))")
            await db.execute("INSERT INTO t VALUES (1, 7, 'seven')")
            assert db._lanes is not None
            # More slow single statements than there are statement lanes: every lane is busy.
            slow = [asyncio.create_task(db.fetchone("SELECT pg_sleep(1)")) for _ in range(db._lanes.SIZE + 1)]
            await asyncio.sleep(0.1)  # noqa: TID251 (lets every slow statement reach the server)
            assert not db._lanes.idle
            assert await db.fetch_by_key(read, 1, 7) == (7, "seven")
            assert not any(task.done() for task in slow)  # answered while every lane was still busy
            await asyncio.gather(*slow)
        finally:
            await asyncio.wait_for(db.close(), 10)

    asyncio.run(run())
