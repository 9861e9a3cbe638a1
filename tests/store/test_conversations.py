"""The console's message queries (store/conversations.py): conversations are the pairs of numbers
newest first with their last message, paged by a keyset cursor without repeating a pair; a pair's
messages are both directions merged; every statement is EXPLAINed and runs on an index."""

from __future__ import annotations

import asyncio
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from telconf.seed.loader import load_seed
from telconf.store import Store
from telconf.store.conversations import ConversationStore
from telconf.store.messages import MessageRow

from ..support import create_database, drop_database, engines
from .test_list_plans import explain, recorded

OURS = ("+13120000001", "+13120000002")
FULL_SCAN = {"sqlite": re.compile(r"^SCAN messages\b"), "postgres": re.compile(r"Seq Scan on messages")}


@pytest.fixture(params=engines())
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    database = create_database(request.param, tmp_path)
    yield database
    drop_database(database)


def message(org_id: int, n: int, ours: str, theirs: str, inbound: bool) -> MessageRow:
    at = f"2026-12-04T10:{n // 60:02d}:{n % 60:02d}.000Z"
    sender, receiver = (theirs, ours) if inbound else (ours, theirs)
    return MessageRow(f"00000000-0000-4000-8000-{n:012d}", org_id, "inbound" if inbound else "outbound", None,
                      sender, receiver, "received" if inbound else "queued", "SMS", 1, None, at, at, None, "0",
                      False, "[]", json.dumps({"text": f"m{n}"}))  # fmt: skip


def test_conversations_and_their_messages_on_indexes(url: str) -> None:
    engine = "postgres" if url.startswith("postgresql://") else "sqlite"

    async def run() -> None:
        store = await Store.open(url)
        try:
            orgs = [{"name": name, "api_keys": [{"key": f"KEYTALK0000000000000000000000{n}"}]}
                    for n, name in enumerate(("talk", "other"))]  # fmt: skip
            seed = {"organizations": orgs}
            await load_seed(store, io.StringIO(json.dumps(seed)))
            org, other = await store.orgs.by_name("talk"), await store.orgs.by_name("other")
            assert org is not None and other is not None
            async with store.db.transaction() as tx:
                for n in range(60):  # 12 handsets, each both ways with one of our two numbers
                    theirs = f"+1415555{n % 12:04d}"
                    await store.messages.insert(tx, message(org.id, n, OURS[n % 12 % 2], theirs, n % 5 == 0))
                await store.messages.insert(tx, message(other.id, 99, OURS[0], "+14155550000", False))
            talk = ConversationStore(store.db)
            with recorded(store.db) as sent:
                first, cursor = await talk.conversations(org.id, None, 5)
                assert [c.theirs for c in first] == [f"+1415555{n % 12:04d}" for n in range(59, 54, -1)]
                assert cursor is not None
                rest, end = await talk.conversations(org.id, cursor, 50)
                assert len(first) + len(rest) == 12 and end is None
                assert {c.theirs for c in first}.isdisjoint({c.theirs for c in rest})
                page, more = await talk.messages(org.id, OURS[1], "+14155550001", None, 3)
                assert [m.id[-2:] for m in page] == ["49", "37", "25"] and more is not None
                older, none = await talk.messages(org.id, OURS[1], "+14155550001", more, 3)
                assert [m.id[-2:] for m in older] == ["13", "01"] and none is None
                assert {m.direction for m in page + older} == {"inbound", "outbound"}
                assert await talk.count_since(org.id, "2026-12-04T10:00:30.000Z") == 30
                assert (await talk.messages(other.id, OURS[1], "+14155550001", None, 3))[0] == []
                async with store.db.transaction() as tx:  # five at one millisecond: paged whole, by id
                    for n in range(100, 105):
                        row = message(org.id, 30, OURS[0], "+14155559999", n % 2 == 0)
                        await store.messages.insert(tx, MessageRow(**{**row.__dict__, "id": row.id[:-3] + str(n)}))
                walked, at = [], None
                for _ in range(4):
                    page, at = await talk.messages(org.id, OURS[0], "+14155559999", at, 2)
                    walked += [m.id[-3:] for m in page]
                    if at is None:
                        break
                assert walked == ["104", "103", "102", "101", "100"]
            for sql, args in sent:
                plan = await explain(store, sql, args)
                assert any(("USING" in line or "Index" in line) for line in plan), (sql, plan)
                assert not any(FULL_SCAN[engine].search(line.strip()) for line in plan), (sql, plan)
                if "from_number = ?" in sql:  # a pair's statements: on the pair's index, not a filter
                    assert any("messages_org_pair" in line for line in plan), (sql, plan)
            assert len({sql for sql, _ in sent}) >= 4
        finally:
            await store.close()

    asyncio.run(run())
