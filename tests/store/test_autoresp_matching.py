"""`AutoRespConfigStore.matching`, the inbound path's question: which setting of the profile, for
the sender's country, has a keyword equal to the whole inbound text (trimmed, ignoring case)."""

from __future__ import annotations

import asyncio
import io
import json
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from telconf.seed.loader import load_seed
from telconf.store import Store
from telconf.store.autoresp_configs import AutoRespFilter, AutoRespRecord, KeywordsTaken
from telconf.store.message_metrics import SLOT_HOUR

from ..support import create_database, drop_database, engines
from .test_list_plans import explain, recorded

NOW = "2026-12-04T00:00:00.000Z"
FULL_SCAN = {
    "sqlite": re.compile(r"^SCAN (autoresp_configs|messages)\b"),
    "postgres": re.compile(r"Seq Scan on (autoresp_configs|messages)"),
}


@pytest.fixture(params=engines())
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    database = create_database(request.param, tmp_path)
    yield database
    drop_database(database)


def _config(profile_id: str, country: str, op: str, *keywords: str, at: str = NOW) -> AutoRespRecord:
    return AutoRespRecord(str(uuid.uuid4()), profile_id, country, op, keywords, f"{op} reply", at, at)


def test_the_whole_trimmed_text_matches_a_keyword_ignoring_case(url: str) -> None:
    mine, other = str(uuid.uuid4()), str(uuid.uuid4())

    async def run() -> None:
        store = await Store.open(url)
        try:
            seed = {"organizations": [
                {"name": "matching", "api_keys": [{"key": "KEYMATCH000000000000000000001"}],
                 "messaging_profiles": [{"id": mine, "name": "Mine", "whitelisted_destinations": ["US"]}]},
                {"name": "other", "api_keys": [{"key": "KEYMATCH000000000000000000002"}],
                 "messaging_profiles": [{"id": other, "name": "Other", "whitelisted_destinations": ["US"]}]},
            ]}  # fmt: skip
            await load_seed(store, io.StringIO(json.dumps(seed)))
            org = await store.orgs.by_name("matching")
            theirs = await store.orgs.by_name("other")
            assert org is not None and theirs is not None
            configs = store.autoresp_configs
            stop = _config(mine, "US", "stop", "STOP", "Opt Out", "straße")
            info = _config(mine, "US", "info", "help")
            canada = _config(mine, "CA", "start", "stop")
            for record in (stop, info, canada):
                assert await configs.create(org.id, record) == record
            await configs.create(theirs.id, _config(other, "US", "info", "HELP"))

            async def match(text: str, country: str = "US", profile: str = mine, org_id: int = org.id) -> str | None:
                found = await configs.matching(store.db, org_id, profile, country, text)
                return found.id if found else None

            assert await match("STOP") == stop.id
            assert await match("  stop\n") == stop.id  # surrounding whitespace is trimmed
            assert await match("opt out") == stop.id and await match("STRASSE") == stop.id  # Unicode case folding
            assert await match("Help") == info.id
            assert await match("stop", "CA") == canada.id  # the sender's country picks the setting
            for text in ("stop please", "STOP!", "opt  out", "", "   ", "help me"):
                assert await match(text) is None, text  # the whole text, not a word in it
            assert await match("stop", "GB") is None
            assert await match("HELP", profile=other) is None  # another organisation's profile
            async with store.db.transaction() as tx:  # the caller's transaction works as well
                found = await configs.matching(tx, org.id, mine, "US", "HELP")
            assert found is not None and found.op == "info" and found.resp_text == "info reply"
            with pytest.raises(KeywordsTaken) as caught:
                await configs.create(org.id, _config(mine, "US", "start", "Start", "stop"))
            assert [(t.index, t.keyword, t.config_id) for t in caught.value.taken] == [(1, "stop", stop.id)]
        finally:
            await store.close()

    asyncio.run(run())


def test_the_settings_and_metrics_queries_use_their_indexes(url: str) -> None:
    """EXPLAIN every statement the settings list, the matching and the metrics send: no full scan."""
    engine = "postgres" if url.startswith("postgresql://") else "sqlite"
    profile_id = str(uuid.uuid4())

    async def run() -> None:
        store = await Store.open(url)
        db = store.db
        try:
            seed = {"organizations": [{"name": "plans", "api_keys": [{"key": "KEYMATCH000000000000000000003"}],
                                       "messaging_profiles": [{"id": profile_id, "name": "P"}]}]}  # fmt: skip
            await load_seed(store, io.StringIO(json.dumps(seed)))
            org = await store.orgs.by_name("plans")
            assert org is not None
            await store.autoresp_configs.create(org.id, _config(profile_id, "US", "stop", "STOP"))
            with recorded(db, "read_all", "read_one", "fetchall") as sent:
                await store.autoresp_configs.list_page(org.id, profile_id, AutoRespFilter(country_code="US"), 0, 20)
                await store.autoresp_configs.matching(db, org.id, profile_id, "US", "stop")
                await store.message_metrics.groups(org.id, profile_id, NOW, "2026-12-05T00:00:00.000Z", SLOT_HOUR)
            for sql, args in sent:
                if "FROM messaging_profiles" in sql or "FROM phone_numbers" in sql:
                    continue  # primary-key lookups
                plan = await explain(store, sql, args)
                assert any(("USING" in line or "Index" in line) for line in plan), (sql, plan)
                assert not any(FULL_SCAN[engine].search(line.strip()) for line in plan), (sql, plan)
            assert any("FROM messages" in sql for sql, _ in sent)
        finally:
            await store.close()

    asyncio.run(run())
