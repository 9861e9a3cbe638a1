"""`AutoRespConfigStore.matching`, the inbound path's question: which setting of the profile, for
the sender's country, has a keyword equal to the whole inbound text (trimmed, ignoring case)."""

from __future__ import annotations

import asyncio
import io
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from telconf.seed.loader import load_seed
from telconf.store import Store
from telconf.store.autoresp_configs import AutoRespRecord, KeywordsTaken

from ..support import create_database, drop_database, engines

NOW = "2026-12-04T00:00:00.000Z"


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
