"""The walk a CSV download's job makes (PhoneNumberLists.walk): in steps, it reads exactly the
rows the list shows for the same filter, in the same order, each once, and every statement it
sends runs on an index (the same inventory and checks as test_list_plans)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from telconf.store import Store
from telconf.store.db import Row

from .test_list_plans import FILTERS, FULL_SCAN, explain, store  # noqa: F401 - `store` is the fixture

STEP = 7  # rows per step: every walk takes several


class Recording:
    """An executor that keeps the statements sent through it."""

    def __init__(self, s: Store) -> None:
        self.db, self.sent = s.db, []  # type: ignore[var-annotated]

    async def fetchall(self, sql: str, args: Any = ()) -> list[Row]:
        self.sent.append((sql, list(args)))
        return await self.db.fetchall(sql, args)

    async def fetchone(self, sql: str, args: Any = ()) -> Row | None:
        return await self.db.fetchone(sql, args)


@pytest.mark.parametrize("few", [0, 10**9], ids=["walk-the-sort-order", "sort-the-matches"])
def test_a_walk_reads_the_list_in_order_on_indexes(store: tuple[str, str], few: int) -> None:  # noqa: F811
    engine, url = store

    async def run() -> list[str]:
        s = await Store.open(url)
        problems: list[str] = []
        try:
            lists = s.phone_numbers.lists
            lists.few_floor = few
            for name, flt in FILTERS.items():
                lists.cache.clear()
                listed, _ = await lists.page(1, flt, None, 0, 250)
                executor = Recording(s)
                walked: list[int] = []
                after = None
                while True:
                    rows = await lists.walk(executor, 1, flt, after, STEP, "p.id, p.created_at")  # type: ignore[arg-type]
                    walked += [int(r[0]) for r in rows]
                    if len(rows) < STEP:
                        break
                    after = (str(rows[-1][1]), int(rows[-1][0]))
                if walked != [r.id for r in listed]:
                    problems.append(f"{name}: walked {len(walked)} rows, listed {len(listed)} (or in another order)")
                for sql, args in executor.sent:
                    plan = await explain(s, sql, args)
                    if any(FULL_SCAN[engine].search(line.strip()) for line in plan):
                        problems.append(f"{name}: {' | '.join(plan)}")
        finally:
            await s.close()
        return problems

    problems = asyncio.run(run())
    assert not problems, "\n".join(problems)
