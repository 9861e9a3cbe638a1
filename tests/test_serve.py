"""`telconf serve`: the demo inventory, state surviving a restart, several worker processes."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from telconf.demo import ADDRESS_ID, DEMO_KEY, PHONE_NUMBER_ID, PROFILE_ID

from .support import Server, create_database, drop_database, engines, free_port


@pytest.fixture(params=engines())
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Server]:
    url = create_database(request.param, tmp_path)
    srv = Server(request.param, url, free_port())
    yield srv
    srv.stop()
    drop_database(url)


def test_demo_inventory_answers_the_documented_examples(fresh: Server) -> None:
    fresh.start("--demo")
    client = fresh.client(DEMO_KEY)
    number = client.phone_numbers.retrieve(PHONE_NUMBER_ID).data
    assert number is not None
    assert number.messaging_profile_id == PROFILE_ID and number.emergency_address_id == ADDRESS_ID
    page = client.phone_numbers.list(page_size=250)
    assert page.meta is not None and (page.meta.total_results or 0) >= 200
    assert {n.phone_number_type for n in page.data} >= {"local", "toll_free"}
    assert "API key: " + DEMO_KEY in fresh.log.read_text()


def test_an_operator_is_told_at_start_up_when_postgres_autovacuum_is_off(fresh: Server) -> None:
    fresh.start()
    told = "PostgreSQL's autovacuum is off" in fresh.log.read_text()
    if fresh.engine == "sqlite":
        assert not told
        return
    off = asyncio.run(_pg_setting(fresh.database_url, "autovacuum")) == "off"
    assert told == off


async def _pg_setting(url: str, name: str) -> str:
    conn = await asyncpg.connect(url)
    try:
        return str(await conn.fetchval("SELECT current_setting($1)", name))
    finally:
        await conn.close()


def test_state_survives_a_restart(fresh: Server) -> None:
    fresh.start("--demo")
    fresh.client(DEMO_KEY).phone_numbers.update(PHONE_NUMBER_ID, tags=["after-restart"])
    fresh.client(DEMO_KEY).phone_numbers.delete(fresh.client(DEMO_KEY).phone_numbers.list().data[-1].id)
    total = fresh.client(DEMO_KEY).phone_numbers.list().meta
    fresh.stop()
    fresh.start("--demo")  # the database holds data: the demo is not loaded again
    client = fresh.client(DEMO_KEY)
    number = client.phone_numbers.retrieve(PHONE_NUMBER_ID).data
    assert number is not None and number.tags == ["after-restart"]
    assert client.phone_numbers.list().meta == total
    assert "already holds data" in fresh.log.read_text()


def test_seed_flag_and_refused_seed(fresh: Server, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"organizations": [{"name": "x", "phone_numbers": [{"phone_number": "12"}]}]}))
    with pytest.raises(RuntimeError, match=r"phone_numbers\[0\]\.phone_number"):
        fresh.start("--seed", str(bad))
    good = tmp_path / "good.json"
    good.write_text(
        json.dumps(
            {
                "organizations": [
                    {
                        "name": "x",
                        "api_keys": [{"key": "KEY-seeded-x-000000000000"}],
                        "phone_numbers": [{"phone_number": "+13125550000"}],
                    }
                ]
            }
        )
    )
    fresh.start("--seed", str(good))
    assert [n.phone_number for n in fresh.client("KEY-seeded-x-000000000000").phone_numbers.list()] == ["+13125550000"]


def test_two_worker_processes_serve_the_same_state(fresh: Server) -> None:
    fresh.start("--demo", "--workers", "2")

    def totals() -> set[int | None]:
        # Each new client opens new connections, which land on either process.
        return {m.total_results for m in (fresh.client(DEMO_KEY).phone_numbers.list().meta for _ in range(8)) if m}

    [before] = totals()  # both processes now hold this count in their list caches
    fresh.client(DEMO_KEY).phone_numbers.delete(fresh.client(DEMO_KEY).phone_numbers.list().data[0].id)
    assert totals() == {before - 1}
    for i in range(4):
        fresh.client(DEMO_KEY).phone_numbers.update(PHONE_NUMBER_ID, customer_reference=f"ref-{i}")
        seen = {
            fresh.client(DEMO_KEY).phone_numbers.retrieve(PHONE_NUMBER_ID).data.customer_reference  # type: ignore[union-attr]
            for _ in range(4)
        }
        assert seen == {f"ref-{i}"}


def test_the_readme_seed_example_loads(fresh: Server, tmp_path: Path) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    example = readme.split("A seed is JSON:\n\n```json\n", 1)[1].split("```", 1)[0]
    seed = tmp_path / "readme.json"
    seed.write_text(example)
    fresh.start("--seed", str(seed))
    [number] = list(fresh.client("KEYacme-dev-0001-00000000").phone_numbers.list())
    assert number.messaging_profile_name == "Support" and number.tags == ["support"]
