"""PATCHes that wait for a lane together share one statement (store/write_batches.py): each still
gets its own row, with its own values and time, in its own organisation; a number written twice at
once is written twice; tag rows and list totals stay exact; and a batch the server refuses is sent
again one write at a time, so only the write at fault fails."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from telconf.seed.loader import load_seed
from telconf.store import Store
from telconf.store.db import PostgresDatabase
from telconf.store.phone_number_filter import PhoneNumberFilter
from telconf.store.write_batches import BatchedWrite

from ..support import create_database, drop_database, engines

BASE = 8 * 10**15


@pytest.fixture(params=engines())
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    database = create_database(request.param, tmp_path)
    yield database
    drop_database(database)


def _count_statements(store: Store) -> list[int]:
    """Statements sent on PostgreSQL's write lanes (a list of one, so the caller sees it move)."""
    counted = [0]
    if isinstance(store.db, PostgresDatabase) and store.db._lanes is not None:
        lanes = store.db._lanes
        original_run = lanes.run

        async def run(work: Any) -> Any:
            counted[0] += 1
            return await original_run(work)

        async def fetchrow(sql: str, args: Any) -> Any:
            counted[0] += 1
            return await original_run(lambda conn: conn.fetchrow(sql, *args))

        lanes.run = run  # type: ignore[method-assign]
        lanes.fetchrow = fetchrow  # type: ignore[method-assign]
    return counted


def test_writes_that_wait_together_each_get_their_own_row(url: str) -> None:
    async def run() -> None:
        store = await Store.open(url)
        try:
            numbers = [{"id": str(BASE + i), "phone_number": f"+1312888{i:04d}", "tags": ["a"]} for i in range(60)]
            other = [{"id": str(BASE + 100), "phone_number": "+13128889999"}]
            seed = {"organizations": [
                {"name": "batches", "api_keys": [{"key": "KEYBATCH0000000000000000000001"}], "phone_numbers": numbers},
                {"name": "other", "api_keys": [{"key": "KEYBATCH0000000000000000000002"}], "phone_numbers": other},
            ]}  # fmt: skip
            await load_seed(store, io.StringIO(json.dumps(seed)))
            statements = _count_statements(store)
            numbers_store = store.phone_numbers

            def write(i: int, number: int, org: int = 1) -> Any:
                now = f"2026-12-05T00:00:{i % 60:02d}.{i:03d}Z"
                tags = [f"t{i % 3}", "all", f"t{i % 3}"] if i % 2 == 0 else None  # a tag twice keeps one
                return numbers_store.update(org, number, {"customer_reference": f"ref-{i}"}, now, tags=tags)

            asks = [(i, BASE + i, 1) for i in range(60)]
            asks += [(61, BASE + 1, 1), (63, BASE + 999, 1), (65, BASE + 100, 1), (67, BASE + 2, 2)]  # no tags
            rows = await asyncio.gather(*(write(i, number, org) for i, number, org in asks))
            for (i, number, _), row in zip(asks[:60], rows[:60], strict=True):
                assert row is not None and (row.id, row.customer_reference) == (number, f"ref-{i}"), i
                assert row.updated_at == f"2026-12-05T00:00:{i % 60:02d}.{i:03d}Z"
                expected_tags = [f"t{i % 3}", "all"] if i % 2 == 0 else ["a"]
                assert json.loads(row.tags) == expected_tags, i
            second = rows[60]  # the same number twice at once: both writes happen, each answered
            assert second is not None and second.customer_reference == "ref-61"
            assert rows[61:] == [None, None, None]  # no such number; another organisation's numbers
            if isinstance(store.db, PostgresDatabase):
                assert 0 < statements[0] < len(asks) / 2  # writes of one shape shared statements

            current = await numbers_store.get(1, BASE + 1)
            assert current is not None and current.customer_reference in ("ref-1", "ref-61")
            untouched = await numbers_store.get(2, BASE + 100)
            assert untouched is not None and untouched.customer_reference is None

            lists = numbers_store.lists
            for tag, total in (("all", 30), ("a", 30), ("t0", 10), ("t1", 10), ("t2", 10)):
                page, counted = await lists.page(1, PhoneNumberFilter(tag=tag), None, 0, 250)
                assert counted == len(page) == total, tag
            page, counted = await lists.page(1, PhoneNumberFilter(customer_reference="ref-7"), None, 0, 250)
            assert counted == 1 and page[0].id == BASE + 7
        finally:
            await store.close()

    asyncio.run(run())


def test_a_refused_batch_goes_again_one_write_at_a_time(pg_url: str) -> None:
    async def run() -> None:
        db = await PostgresDatabase.connect(pg_url)
        try:
            await db.execute("CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL CHECK (v >= 0))")
            await db.executemany("INSERT INTO t VALUES (?, 0)", [(i,) for i in range(40)])

            def one(item: tuple[int, int]) -> tuple[str, list[Any]]:
                return "UPDATE t SET v = ? WHERE id = ? RETURNING id, v", [item[1], item[0]]

            def many(items: list[tuple[int, int]]) -> tuple[str, list[Any]]:
                values = "unnest(?::int[], ?::int[]) AS x(id, v)"
                sql = f"UPDATE t SET v = x.v FROM {values} WHERE t.id = x.id RETURNING t.id, t.v"
                return sql, [[i for i, _ in items], [v for _, v in items]]

            kind = BatchedWrite(one, many, 0)
            asks = [(i % 40, -1 if i == 17 else i + 1) for i in range(80)]  # each row twice; one bad value
            answers = await asyncio.gather(
                *(db.write_batched(kind, "t", key, (key, v)) for key, v in asks), return_exceptions=True
            )
            for (key, v), answer in zip(asks, answers, strict=True):
                if v < 0:
                    assert isinstance(answer, Exception) and "check constraint" in str(answer)
                else:
                    assert not isinstance(answer, BaseException) and tuple(answer) == (key, v)
            row = await db.fetchone("SELECT v FROM t WHERE id = 17")
            assert row is not None and row[0] == 58  # the good write of row 17 happened all the same
        finally:
            await db.close()

    asyncio.run(run())
