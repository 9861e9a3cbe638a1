"""A load into an empty inventory, bigger than one batch: batches are written while the next is
read, and the indexes, counts, reference rows and (PostgreSQL) foreign keys are rebuilt at the end.
A clash found in a batch written in the background still leaves nothing behind."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from telconf.seed.loader import BATCH, SeedError, load_seed
from telconf.store import Store

from ..support import create_database, drop_database, engines

BASE = 8 * 10**15
COUNT = 2 * BATCH + 2000  # two full batches written while reading on, and a last one


@pytest.fixture(params=engines())
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    database = create_database(request.param, tmp_path)
    yield database
    drop_database(database)


def _seed(numbers: list[dict[str, Any]]) -> io.StringIO:
    org = {"name": "bulk", "api_keys": [{"key": "KEYBULK0000000000000000000000001"}], "phone_numbers": numbers}
    return io.StringIO(json.dumps({"organizations": [org]}))


def _numbers() -> list[dict[str, Any]]:
    return [
        {"id": str(BASE + i), "phone_number": f"+1312{i:07d}", "tags": ["odd"] if i % 2 else [],
         "customer_reference": f"ref-{i % 3}", "status": "active" if i % 4 else "deleted"}
        for i in range(COUNT)
    ]  # fmt: skip


async def _one(store: Store, sql: str) -> Any:
    row = await store.db.fetchone(sql)
    assert row is not None
    return row[0]


def test_a_clash_in_a_background_batch_loads_nothing_and_the_mended_seed_loads_whole(url: str) -> None:
    async def run() -> None:
        store = await Store.open(url)
        try:
            numbers = _numbers()
            clash = BATCH + 1500  # in the second batch, written while the third is read
            numbers[clash] = {**numbers[clash], "phone_number": numbers[3]["phone_number"]}
            with pytest.raises(SeedError, match=rf"phone_numbers\[{clash}\]: duplicates a record"):
                await load_seed(store, _seed(numbers))
            assert await _one(store, "SELECT COUNT(*) FROM organizations") == 0
            assert await _one(store, "SELECT COUNT(*) FROM phone_numbers") == 0

            await load_seed(store, _seed(_numbers()))
            assert await _one(store, "SELECT COUNT(*) FROM phone_numbers") == COUNT
            assert await _one(store, "SELECT SUM(n) FROM list_counts WHERE dim = 'all'") == COUNT
            total = "SELECT SUM(n) FROM list_counts WHERE dim = '{}' AND value = '{}'"
            assert await _one(store, total.format("tag", "=odd")) == COUNT // 2
            assert await _one(store, total.format("status", "=deleted")) == COUNT // 4
            if store.db.dialect == "postgres":
                assert await _one(store, "SELECT COUNT(*) FROM phone_number_references") == COUNT
                keys = await store.db.fetchall(
                    "SELECT conname FROM pg_constraint WHERE contype = 'f' AND confrelid = 'phone_numbers'::regclass "
                    "AND convalidated ORDER BY conname"
                )
                assert [k[0] for k in keys] == [
                    "phone_number_references_phone_number_id_fkey",
                    "phone_number_tags_phone_number_id_fkey",
                    "phone_number_voicemail_phone_number_id_fkey",
                ]
        finally:
            await store.close()

    asyncio.run(run())
