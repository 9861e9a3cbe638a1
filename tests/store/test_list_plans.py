"""Every documented filter and sort of the phone-number lists, alone and in the combinations users
make, runs on an index: the statements the lists really send are EXPLAINed on each engine, and a
full scan of phone_numbers or phone_number_tags fails the test. On PostgreSQL sequential scans are
priced out (`enable_seqscan = off`), so a Seq Scan in the plan means no index could serve it."""

from __future__ import annotations

import asyncio
import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from telconf.seed.loader import load_seed
from telconf.store import Store
from telconf.store.db import PostgresDatabase
from telconf.store.phone_number_filter import PhoneNumberFilter

from ..support import create_database, drop_database, engines

F = PhoneNumberFilter
FILTERS: dict[str, PhoneNumberFilter] = {
    "none": F(),
    "tag": F(tag="bulk"),
    "digits": F(phone_number_digits="555"),
    "status": F(statuses=("active",)),
    "statuses": F(statuses=("active", "port-pending")),
    "country": F(countries=("US",)),
    "connection_id": F(connection_id="c1"),
    "connection_name_eq": F(connection_name=("eq", "trunk")),
    "connection_name_contains": F(connection_name=("contains", "run")),
    "payment": F(usage_payment_method="channel"),
    "billing_group": F(billing_group_id="bg-1"),
    "billing_group_null": F(billing_group_id="null"),
    "emergency_address": F(emergency_address_id="72913456729313"),
    "customer_reference": F(customer_reference="r1"),
    "type": F(number_types=("local", "longcode")),
    "source": F(source_type="port_request"),
    "without_tags": F(without_tags=True),
    "profile": F(messaging_profile_id="5a0a2e9c-1111-4c55-9a35-5d5b1d0f7a11"),
    "has_bundle": F(has_bundle=True),
    "exact_numbers": F(phone_numbers=("+13125550100", "+13125550101")),
    "contains": F(phone_number_contains="5550"),
    "tag+status": F(tag="bulk", statuses=("active",)),
    "tag+digits": F(tag="bulk", phone_number_digits="555"),
    "status+country": F(statuses=("active",), countries=("US",)),
    "tag+country+type": F(tag="bulk", countries=("US",), number_types=("local", "longcode")),
}
SORTS = [None, "purchased_at", "phone_number", "connection_name", "usage_payment_method", "phone_number_desc"]
FULL_SCAN = {
    # SQLite: "SCAN p" (the table) or a scan of a whole index, across every organisation.
    "sqlite": re.compile(r"^SCAN (p|t|phone_numbers|phone_number_tags)\b(?! VIRTUAL)"),
    "postgres": re.compile(r"Seq Scan on (phone_numbers|phone_number_tags)"),
}


def seed() -> dict[str, Any]:
    numbers = [
        {
            "phone_number": f"+1312555{i:04d}",
            "tags": ["bulk", f"team-{i % 5}"] if i % 3 else [f"team-{i % 5}"],
            "status": "active" if i % 4 else "port-pending",
            "connection_id": f"c{i % 3}",
            "connection_name": "trunk",
            "customer_reference": f"r{i % 7}",
            "billing_group_id": "bg-1" if i % 2 else None,
        }
        for i in range(200)
    ]
    return {"organizations": [{"name": "plans", "api_keys": [{"key": "KEYPLANS000000000000000000000001"}],
                               "phone_numbers": numbers}]}  # fmt: skip


@contextmanager
def recorded(db: Any, *methods: str) -> Iterator[list[tuple[str, list[Any]]]]:
    """Keeps the statements sent through the database's `methods` (default: the list reads) while
    the block runs; the methods are the database's own again after it."""
    sent: list[tuple[str, list[Any]]] = []
    originals = {name: getattr(db, name) for name in methods or ("read_all", "read_one")}

    def recording(original: Any) -> Any:
        async def record(sql: str, args: Any = ()) -> Any:
            sent.append((sql, list(args)))
            return await original(sql, args)

        return record

    for name, original in originals.items():
        setattr(db, name, recording(original))
    try:
        yield sent
    finally:
        for name, original in originals.items():
            setattr(db, name, original)


async def explain(store: Store, sql: str, args: list[Any]) -> list[str]:
    db = store.db
    if isinstance(db, PostgresDatabase):
        async with db.transaction() as tx:
            await tx.execute("SET LOCAL enable_seqscan = off")
            rows = await tx.fetchall("EXPLAIN " + sql, args)
        return [str(r[0]) for r in rows]
    rows = await db.fetchall("EXPLAIN QUERY PLAN " + sql, args)
    return [str(r[3]) for r in rows]


@pytest.fixture(scope="module", params=engines())
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    url = create_database(request.param, Path(tmp_path_factory.mktemp("plans")))

    async def load() -> None:
        s = await Store.open(url)
        try:
            await load_seed(s, io.StringIO(json.dumps(seed())))
        finally:
            await s.close()

    asyncio.run(load())
    yield request.param, url
    drop_database(url)


@pytest.mark.parametrize("few", [0, 10**9], ids=["walk-the-sort-order", "sort-the-matches"])
def test_every_filter_and_sort_uses_an_index(store: tuple[str, str], few: int) -> None:
    engine, url = store

    async def run() -> list[str]:
        s = await Store.open(url)
        problems: list[str] = []
        try:
            lists = s.phone_numbers.lists
            lists.few_floor = few  # both plans: filters applied on the walk, and matches sorted
            for name, flt in FILTERS.items():
                for sort in SORTS:
                    lists.cache.clear()
                    with recorded(s.db) as sent:
                        for offset in (0, 20, 100):  # the first page, the next one (by key), a jump
                            await lists.page(1, flt, sort, offset, 20)
                    for sql, args in sent:
                        plan = await explain(s, sql, args)
                        if any(FULL_SCAN[engine].search(line.strip()) for line in plan):
                            problems.append(f"{name} sort={sort}: {' | '.join(plan)}")
        finally:
            await s.close()
        return problems

    problems = asyncio.run(run())
    assert not problems, "\n".join(problems)


def test_the_lists_answer_what_the_plans_select(store: tuple[str, str]) -> None:
    """The planned statements give the same rows whichever plan is taken."""
    _, url = store

    async def run() -> None:
        s = await Store.open(url)
        try:
            lists = s.phone_numbers.lists
            for flt in FILTERS.values():
                for sort in SORTS:
                    pages = []
                    for few in (0, 10**9):
                        lists.few_floor = few
                        lists.cache.clear()
                        rows, total = await lists.page(1, flt, sort, 0, 250)
                        pages.append(([r[0] for r in rows], total))
                    assert pages[0] == pages[1], (flt, sort)
                    assert pages[0][1] == len(pages[0][0])
        finally:
            await s.close()

    asyncio.run(run())
