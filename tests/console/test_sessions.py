"""Console sessions without HTTP, in the database on both engines: idle expiry on the clock they
are given, bounded numbers, tokens unguessable even with seeded ids, only the id's hash stored,
page views that read without writing, and every statement on an index."""

from __future__ import annotations

import asyncio
import random
import re
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from telconf.clock import FrozenClock
from telconf.console import sessions
from telconf.console.sessions import (
    IDLE_SECONDS,
    SESSION_ID_LENGTH,
    TOUCH_SECONDS,
    Session,
    Sessions,
    hash_session,
    same_token,
)
from telconf.ids import Ids
from telconf.store import Store, console_sessions

from ..store.test_list_plans import explain
from ..support import create_database, drop_database, engines

FULL_SCAN = re.compile(r"^SCAN console_sessions\b|Seq Scan on console_sessions")


@pytest.fixture(params=engines())
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    database = create_database(request.param, tmp_path)
    yield database
    drop_database(database)


def run(url: str, test: Callable[[Store, FrozenClock], Awaitable[None]]) -> None:
    async def go() -> None:
        store = await Store.open(url)
        try:
            await test(store, FrozenClock(datetime(2030, 1, 1, tzinfo=UTC)))
        finally:
            await store.close()

    asyncio.run(go())


def same(found: Session | None, opened: Session) -> bool:
    return found is not None and (found.id, found.csrf, found.admin, found.key_hash, found.label) == (
        opened.id,
        opened.csrf,
        opened.admin,
        opened.key_hash,
        opened.label,
    )


def test_a_session_unused_for_the_idle_time_is_gone(url: str) -> None:
    async def test(store: Store, clock: FrozenClock) -> None:
        kept_by = Sessions(clock, Ids(), store.console_sessions)
        kept, idle = await kept_by.open(True, None, "admin"), await kept_by.open(False, "hash", "org (key)")
        assert len(kept.id) == SESSION_ID_LENGTH and kept.id != idle.id and kept.csrf != idle.csrf
        other = Sessions(clock, Ids(), store.console_sessions)  # another process on the database
        assert same(await other.find(idle.id), idle) and same(await other.find(kept.id), kept)
        clock.advance(IDLE_SECONDS - 1)
        assert same(await other.find(kept.id), kept)  # using it keeps it
        clock.advance(2)
        assert await kept_by.find(idle.id) is None and same(await kept_by.find(kept.id), kept)
        await other.close(kept.id)
        assert await kept_by.find(kept.id) is None

    run(url, test)


def test_ids_that_were_never_issued_find_nothing(url: str) -> None:
    async def test(store: Store, clock: FrozenClock) -> None:
        given = Sessions(clock, Ids(), store.console_sessions)
        opened = await given.open(True, None, "admin")
        for wrong in (None, "", "x" * SESSION_ID_LENGTH, "short", hash_session(opened.id)):
            assert await given.find(wrong) is None

    run(url, test)


def test_sessions_are_bounded_and_the_longest_unused_makes_way(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sessions, "MAX_SESSIONS", 3)

    async def test(store: Store, clock: FrozenClock) -> None:
        given = Sessions(clock, Ids(), store.console_sessions)
        opened = []
        for _ in range(3):
            opened.append(await given.open(True, None, "admin"))
            clock.advance(TOUCH_SECONDS)
        assert await given.find(opened[0].id) is not None  # seen most recently now
        newest = await given.open(True, None, "admin")
        assert await given.find(opened[1].id) is None
        for kept in (opened[0], opened[2], newest):
            assert same(await given.find(kept.id), kept)
        assert len(await store.db.fetchall("SELECT id_hash FROM console_sessions")) == 3

    run(url, test)


def test_the_database_holds_no_usable_cookie_and_page_views_only_read(url: str) -> None:
    async def test(store: Store, clock: FrozenClock) -> None:
        given = Sessions(clock, Ids(), store.console_sessions)
        opened = await given.open(False, "key-hash", "org (key)")
        rows = await store.db.fetchall("SELECT id_hash, csrf, key_hash, label FROM console_sessions")
        assert [tuple(r) for r in rows] == [(hash_session(opened.id), opened.csrf, "key-hash", "org (key)")]
        assert opened.id not in repr(rows)

        def seen() -> Awaitable[Any]:
            return store.db.fetchone("SELECT last_seen FROM console_sessions")

        first = (await seen())[0]
        clock.advance(TOUCH_SECONDS - 1)
        await given.find(opened.id)
        assert (await seen())[0] == first  # within a minute: no write
        clock.advance(1)
        await given.find(opened.id)
        assert (await seen())[0] == first + TOUCH_SECONDS

    run(url, test)


def test_every_statement_runs_on_an_index(url: str) -> None:
    samples: dict[str, list[Any]] = {
        console_sessions.EXPIRE: [0],
        console_sessions.TRIM: [1000, 9999],
        console_sessions.INSERT: ["h", "c", True, None, "admin", 0, 0],
        console_sessions.FIND: ["h"],
        console_sessions.TOUCH: [0, "h", 0],
        console_sessions.CLOSE: ["h"],
    }
    assert set(samples) == set(console_sessions.STATEMENTS)

    async def test(store: Store, clock: FrozenClock) -> None:
        for sql, args in samples.items():
            plan = [line.strip() for line in await explain(store, sql, args)]
            # SQLite walks an index in order for the cap ("SCAN ... USING COVERING INDEX"): fine.
            assert not any(FULL_SCAN.search(line) and "USING" not in line for line in plan), (sql, plan)

    run(url, test)


def test_tokens_are_unguessable_even_with_seeded_ids(url: str) -> None:
    async def test(store: Store, clock: FrozenClock) -> None:
        first = Sessions(clock, Ids(random.Random(1)), store.console_sessions)
        second = Sessions(clock, Ids(random.Random(1)), store.console_sessions)
        a, b = await first.open(True, None, "admin"), await second.open(True, None, "admin")
        assert a.id != b.id and a.csrf != b.csrf
        assert same_token(a.csrf, a.csrf) and not same_token(b.csrf, a.csrf) and not same_token(None, a.csrf)

    run(url, test)
