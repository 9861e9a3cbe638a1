"""The counts behind list totals: exact after many changes, and folded (by a reader of the key, or
by the job runner's idle work for keys nobody reads) without changing any total."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from telconf.seed.loader import load_seed
from telconf.store import Store
from telconf.store.list_counts import COMPACT_AFTER
from telconf.store.phone_number_filter import PhoneNumberFilter

from ..support import create_database, drop_database, engines

NOW = "2026-12-04T00:00:00.000Z"
BASE = 7 * 10**15


@pytest.fixture(params=engines())
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    database = create_database(request.param, tmp_path)
    yield database
    drop_database(database)


async def _rows(store: Store, tag: str) -> tuple[int, int]:
    row = await store.db.fetchone(
        "SELECT COUNT(*), COALESCE(SUM(n), 0) FROM list_counts WHERE dim = 'tag' AND value = ?", ("=" + tag,)
    )
    assert row is not None
    return int(row[0]), int(row[1])


def test_counts_stay_exact_and_are_folded(url: str) -> None:
    async def run() -> None:
        store = await Store.open(url)
        try:
            numbers = [{"id": str(BASE + i), "phone_number": f"+1312777{i:04d}", "tags": ["a"]} for i in range(40)]
            seed = {"organizations": [{"name": "counts", "api_keys": [{"key": "KEYCOUNTS000000000000000000001"}],
                                       "phone_numbers": numbers}]}  # fmt: skip
            await load_seed(store, io.StringIO(json.dumps(seed)))
            org = 1
            # Every number moves from a to b and back, five times: 400 changes to each key.
            for k in range(400):
                tags = ["b"] if (k // 40) % 2 == 0 else ["a"]
                await store.phone_numbers.update(org, BASE + k % 40, {}, NOW, tags=tags)
            a_rows, a_total = await _rows(store, "a")
            b_rows, b_total = await _rows(store, "b")
            assert (a_total, b_total) == (40, 0) and a_rows > COMPACT_AFTER and b_rows > COMPACT_AFTER

            lists = store.phone_numbers.lists
            _, total = await lists.page(org, PhoneNumberFilter(tag="a"), None, 0, 10)
            assert total == 40
            await asyncio.gather(*lists._tasks)  # the reader's fold runs after its answer
            assert await _rows(store, "a") == (1, 40)
            assert (await _rows(store, "b"))[0] == b_rows  # nobody read b

            await lists.fold_crowded()  # the runner's idle work
            assert await _rows(store, "b") == (1, 0)
            _, total = await lists.page(org, PhoneNumberFilter(tag="b"), None, 0, 10)
            assert total == 0
        finally:
            await store.close()

    asyncio.run(run())
