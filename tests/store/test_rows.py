"""The store's typed records and shared SQL helpers, on each engine: a phone-number read names
real columns, writes and deletes answer with records or a store exception (never a bool), and the
one LIKE escaper matches wildcards literally under the one ESCAPE clause."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from telconf.seed.loader import load_seed
from telconf.store import Store
from telconf.store.phone_number_rows import COLUMN_NAMES, PhoneNumberRow
from telconf.store.phone_numbers import DeletionLocked, NumberRef, PhoneNumberFilter
from telconf.store.sql import LIKE_ESCAPE, Where, like_escape

from ..support import create_database, drop_database, engines

NOW = "2026-12-04T00:00:00.000Z"
BASE = 7 * 10**15


@pytest.fixture(params=engines())
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    database = create_database(request.param, tmp_path)
    yield database
    drop_database(database)


async def _seeded(url: str) -> Store:
    store = await Store.open(url)
    numbers = [
        {"id": str(BASE + 1), "phone_number": "+13125550001", "tags": ["a"]},
        {"id": str(BASE + 2), "phone_number": "+13125550002", "deletion_lock_enabled": True},
    ]
    seed = {"organizations": [{"name": "rows", "api_keys": [{"key": "KEYROWS0000000000000000000001"}],
                               "phone_numbers": numbers}]}  # fmt: skip
    await load_seed(store, io.StringIO(json.dumps(seed)))
    return store


def test_phone_number_records(url: str) -> None:
    async def run() -> None:
        store = await _seeded(url)
        try:
            for column in COLUMN_NAMES:  # every field but the joined name is a stored column
                if column != "messaging_profile_name":
                    await store.db.fetchall(f"SELECT {column} FROM phone_numbers LIMIT 0")
            numbers = store.phone_numbers
            row = await numbers.get(1, BASE + 1)
            assert isinstance(row, PhoneNumberRow) and row.phone_number == "+13125550001" and row.tags == '["a"]'
            rows, total = await numbers.list_page(1, PhoneNumberFilter(), None, 0, 10)
            assert total == 2 and all(isinstance(r, PhoneNumberRow) for r in rows)
            updated = await numbers.update(1, BASE + 1, {"customer_reference": "ref"}, NOW, tags=["b"])
            assert isinstance(updated, PhoneNumberRow)
            assert (updated.customer_reference, updated.tags, updated.updated_at) == ("ref", '["b"]', NOW)
            assert await numbers.update(1, BASE + 9, {"customer_reference": "ref"}, NOW) is None
            assert await numbers.resolve(1, [str(BASE + 1), "+13125550002"]) == {
                str(BASE + 1): NumberRef(BASE + 1, "+13125550001"),
                "+13125550002": NumberRef(BASE + 2, "+13125550002"),
            }
            with pytest.raises(DeletionLocked):
                await numbers.delete(1, BASE + 2)
            assert await numbers.get(1, BASE + 2) is not None  # refused, so kept
            deleted = await numbers.delete(1, BASE + 1)
            assert isinstance(deleted, PhoneNumberRow) and deleted.id == BASE + 1
            assert await numbers.delete(1, BASE + 1) is None
        finally:
            await store.close()

    asyncio.run(run())


@pytest.mark.parametrize("text", ["100%", "a_b", "back\\slash", "plain"])
def test_like_escape_matches_literally(url: str, text: str) -> None:
    async def run() -> None:
        store = await Store.open(url)
        try:
            pattern = f"%{like_escape(text)}%"
            w = Where().add(f"CAST(? AS TEXT) LIKE CAST(? AS TEXT) {LIKE_ESCAPE}", f"x{text}y", pattern)
            row = await store.db.fetchone(f"SELECT {w.sql()}", w.args)
            assert row is not None and bool(row[0])
            decoy = text.replace("%", "Q").replace("_", "Q").replace("\\", "Q")
            if decoy != text:  # the wildcard must not match another character
                w = Where().add(f"CAST(? AS TEXT) LIKE CAST(? AS TEXT) {LIKE_ESCAPE}", decoy, pattern)
                row = await store.db.fetchone(f"SELECT {w.sql()}", w.args)
                assert row is not None and not bool(row[0])
        finally:
            await store.close()

    asyncio.run(run())
