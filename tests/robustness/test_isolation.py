"""Nothing of one organisation shows through another's answers or is kept for made-up keys: a job's
`etc` counts the caller's own queue only; keys leave no clear-text trace in the database; bogus
keys share one rate-limit counter."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from telconf.store import Store
from telconf.testing.server import TelconfServer

from ..support import Orgs, Server


def test_etc_does_not_count_another_organisations_queue(telconf_server: TelconfServer, telnyx_client: Any) -> None:
    telconf_server.admin.set_job_policy("manual")  # jobs wait, so queues stay as created
    telconf_server.admin.freeze_clock("2030-01-01T00:00:00Z")
    numbers = [n.id for n in telnyx_client.phone_numbers.list(page_size=100).data if not n.deletion_lock_enabled]
    for _ in range(3):  # the demo organisation queues work
        telnyx_client.phone_numbers.jobs.update_batch(phone_numbers=numbers, customer_reference="busy")

    key = f"KEYOTHER{uuid.uuid4().hex}"
    telconf_server.admin.seed(
        {"organizations": [{"name": f"other-{key[-6:]}", "api_keys": [{"key": key}],
                            "phone_numbers": [{"id": "4999999999999999999", "phone_number": "+13125550999"}]}]}
    )  # fmt: skip
    other = telconf_server.client(key)
    job = other.phone_numbers.jobs.update_batch(phone_numbers=["4999999999999999999"], customer_reference="mine").data
    # 30 s margin + 10 ms for its one number; the demo organisation's queue is not its business.
    assert job.etc == datetime(2030, 1, 1, 0, 0, 30, 10_000, tzinfo=UTC)
    again = telnyx_client.phone_numbers.jobs.update_batch(phone_numbers=numbers[:1], customer_reference="x").data
    assert again.etc > job.etc  # the demo organisation's own queue still counts for it


def _rows(server: Server, sql: str) -> list[Any]:
    async def work() -> list[Any]:
        store = await Store.open(server.database_url)
        try:
            return list(await store.db.fetchall(sql))
        finally:
            await store.close()

    return asyncio.run(work())


def test_no_character_of_a_key_is_stored(server: Server, orgs: Orgs) -> None:
    org = orgs.make()
    hints = [row[0] for row in _rows(server, "SELECT prefix FROM api_keys")]
    assert hints and not any(org.key.startswith(h) or org.read_only_key.startswith(h) for h in hints)


@pytest.mark.parametrize("key", ["KEY12345", "K" * 19])
def test_seeded_keys_must_have_twenty_characters(server: Server, key: str) -> None:
    from telconf.seed.loader import SeedError

    with pytest.raises(SeedError, match="length >= 20"):
        server.load({"organizations": [{"name": f"short-{uuid.uuid4().hex[:8]}", "api_keys": [{"key": key}]}]})
