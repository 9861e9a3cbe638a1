"""PostgreSQL's single-statement lanes: a statement the server refuses leaves the lane in use; a
connection the server ends is replaced, and no query waits on it meanwhile."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from telconf.store.coalesce import KeyedRead
from telconf.store.db import PostgresDatabase


def test_lanes_survive_refused_statements_and_killed_connections(pg_url: str) -> None:
    async def run() -> None:
        db = await PostgresDatabase.connect(pg_url)
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


def test_a_read_by_key_does_not_wait_behind_statements_that_hold_every_lane(pg_url: str) -> None:
    """A GET by id must not queue behind PATCHes waiting on their commits: reads by key have
    lanes of their own."""

    async def run() -> None:
        db = await PostgresDatabase.connect(pg_url)
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


def test_reads_of_one_organisation_gather_behind_its_query_in_flight_while_others_go_on(pg_url: str) -> None:
    """While one organisation's shared read is at the server, its next reads wait and go together
    as one query (bigger batches: half the PostgreSQL time a GET with two API workers); another
    organisation's reads take another lane meanwhile."""

    async def run() -> None:
        db = await PostgresDatabase.connect(pg_url)
        read = KeyedRead.build(db.dialect, "t.id, t.v", "t", "t.org", "t.id")
        lanes = db._read_lanes
        assert lanes is not None
        try:
            await db.execute("CREATE TABLE t (org int, id bigint, v text, PRIMARY KEY (org, id))")
            rows = [(o, i, f"{o}-{i}") for o in (1, 2) for i in range(9)]
            await db.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
            sent: list[list[int]] = []  # the keys of each query, as it reaches the server
            reached, release = asyncio.Event(), asyncio.Event()
            original = lanes.run

            class Held:
                """The lane's connection, but the first query stays "in flight" until released."""

                def __init__(self, conn: Any) -> None:
                    self.conn = conn

                async def fetch(self, sql: str, scope: int, keys: list[int]) -> Any:
                    sent.append(sorted(keys))
                    rows = await self.conn.fetch(sql, scope, keys)
                    if len(sent) == 1:
                        reached.set()
                        await release.wait()
                    return rows

            async def run(work: Any) -> Any:
                return await original(lambda conn: work(Held(conn)))

            lanes.run = run  # type: ignore[method-assign]
            first = asyncio.create_task(db.fetch_by_key(read, 1, 0))
            await asyncio.wait_for(reached.wait(), 5)
            waves = []
            for wave in ((1, 2, 3), (4, 5), (6,)):  # arriving over several turns of the loop
                waves += [asyncio.create_task(db.fetch_by_key(read, 1, key)) for key in wave]
                for _ in range(3):  # a few turns of the loop, in which a query could have gone
                    await asyncio.sleep(0)  # noqa: TID251 (a turn of the loop, not time)
            other = await asyncio.wait_for(asyncio.gather(*(db.fetch_by_key(read, 2, k) for k in (7, 8))), 5)
            assert [tuple(r) for r in other if r is not None] == [(7, "2-7"), (8, "2-8")]
            assert not first.done() and not any(task.done() for task in waves)
            release.set()
            found = await asyncio.gather(first, *waves)
            assert [tuple(r) for r in found if r is not None] == [(k, f"1-{k}") for k in range(7)]
            assert sent == [[0], [7, 8], [1, 2, 3, 4, 5, 6]]  # organisation 1's later reads: one query
        finally:
            await asyncio.wait_for(db.close(), 10)

    asyncio.run(run())


def test_reads_by_key_plan_once_and_their_setting_stays_on_their_lanes(pg_url: str) -> None:
    """The read lanes plan a read by key once (PostgreSQL would re-plan each query of a few keys);
    a lane replaced gets the setting again, and the connection it had is closed, not handed to
    the pool, whose queries (lists, counts) keep plans made for their values."""

    async def run() -> None:
        db = await PostgresDatabase.connect(pg_url)
        lanes = db._read_lanes
        assert lanes is not None

        async def modes(conns: list[Any]) -> set[str]:
            return {await conn.fetchval("SHOW plan_cache_mode") for conn in conns}

        try:
            first = list(lanes.held)
            assert await modes(first) == {"force_generic_plan"}
            await db.execute("SELECT pg_terminate_backend(pid) FROM unnest(?::int[]) AS pid",
                             ([c.get_server_pid() for c in first],))  # fmt: skip
            read = KeyedRead.build(db.dialect, "t.k", "(SELECT 1 AS k) t", "t.k", "t.k")
            for _ in range(100):  # reads of several scopes at once use every lane, finding it dead
                await asyncio.gather(*(db.fetch_by_key(read, s, s) for s in range(8)), return_exceptions=True)
                if len(lanes.held) == lanes.SIZE and not lanes._tasks and not set(lanes.held) & set(first):
                    break
                await asyncio.sleep(0.02)  # noqa: TID251 (polls until the lanes are replaced)
            assert len(lanes.held) == lanes.SIZE and not set(lanes.held) & set(first)
            assert await modes(lanes.held) == {"force_generic_plan"}
            # A lane whose work fails in the client (not refused by the server) is replaced alive.
            held, pid = list(lanes.held), lanes.idle[-1].get_server_pid()

            async def broken(conn: Any) -> None:
                raise ConnectionResetError

            with pytest.raises(ConnectionResetError):
                await lanes.run(broken)
            for _ in range(100):
                if len(lanes.held) == lanes.SIZE and not lanes._tasks:
                    break
                await asyncio.sleep(0.02)  # noqa: TID251 (polls until the lane is replaced)
            assert len(set(held) - set(lanes.held)) == 1 and await modes(lanes.held) == {"force_generic_plan"}
            # Its connection was closed, not handed back to the pool with the setting.
            for _ in range(100):
                if await db.fetchone("SELECT count(*) FROM pg_stat_activity WHERE pid = ?", (pid,)) == (0,):
                    break
                await asyncio.sleep(0.02)  # noqa: TID251 (polls until the server sees it closed)
            else:
                raise AssertionError("the replaced lane's connection is still open")
            others = [await db.pool.acquire() for _ in range(db.pool.get_max_size() - 2 * lanes.SIZE)]
            assert await modes(others) == {"auto"}  # every connection the pool has for the rest
            for conn in others:
                await db.pool.release(conn)
            assert await db.fetchone("SHOW plan_cache_mode") == ("auto",)  # the statement lanes
        finally:
            await asyncio.wait_for(db.close(), 10)

    asyncio.run(run())
