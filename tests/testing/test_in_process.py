"""In-process mode: the official SDK talks to the ASGI app through no socket, on both engines."""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import telnyx

from telconf.demo import PHONE_NUMBER_ID
from telconf.testing.server import TelconfServer, start_telconf

from ..support import create_database, drop_database, engines


@pytest.fixture(scope="module", params=engines())
def in_process(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TelconfServer]:
    url = create_database(request.param, tmp_path_factory.mktemp(f"in-process-{request.param}"))
    server = start_telconf(database_url=url, in_process=True)
    yield server
    server.stop()
    drop_database(url)


@pytest.fixture
def server(in_process: TelconfServer) -> Iterator[TelconfServer]:
    yield in_process
    in_process.reset()


def test_no_socket_is_involved(server: TelconfServer) -> None:
    assert server.in_process and server.base_url == "http://telconf.in-process/v2"
    client = server.client(max_retries=0)
    assert client.phone_numbers.retrieve(PHONE_NUMBER_ID).data.phone_number == "+19705555098"


def test_the_callers_garbage_collector_is_left_alone(server: TelconfServer) -> None:
    # `telconf serve` freezes its start-up heap out of the collector's sight; inside someone's test
    # run that would keep their objects from ever being collected.
    assert server.client(max_retries=0).phone_numbers.retrieve(PHONE_NUMBER_ID).data is not None
    assert gc.get_freeze_count() == 0


def test_reads_writes_errors_and_pages_behave_as_over_a_socket(server: TelconfServer) -> None:
    client = server.client(max_retries=0)
    assert client.phone_numbers.update(PHONE_NUMBER_ID, tags=["in-process"]).data.tags == ["in-process"]
    assert [n.id for n in client.phone_numbers.list(filter={"tag": "in-process"})] == [PHONE_NUMBER_ID]
    with pytest.raises(telnyx.NotFoundError):
        client.phone_numbers.retrieve("+19705555098")  # a literal `+` in the path reaches the app as is
    with pytest.raises(telnyx.UnprocessableEntityError):
        client.phone_numbers.list(page_size=500)
    with pytest.raises(telnyx.AuthenticationError):
        server.client("not-a-key", max_retries=0).phone_numbers.list()
    every = list(client.phone_numbers.list(page_size=50))
    assert len(every) == len({n.id for n in every}) == client.phone_numbers.list().meta.total_results


def test_jobs_run_in_the_background_in_process(server: TelconfServer) -> None:
    client = server.client(max_retries=0)
    job = client.phone_numbers.jobs.update_batch(phone_numbers=["+19705555098"], tags=["batched"])
    deadline = time.monotonic() + 10
    while client.phone_numbers.jobs.retrieve(job.data.id).data.status != "completed":
        assert time.monotonic() < deadline
        time.sleep(0.05)  # noqa: TID251 (polls a job on the app's own loop thread)
    assert client.phone_numbers.retrieve(PHONE_NUMBER_ID).data.tags == ["batched"]


def test_dropped_connections_and_timeouts_map_to_the_sdks_network_errors(server: TelconfServer) -> None:
    server.admin.add_faults({"path": "/phone_numbers/*", "drop": True, "count": 1})
    with pytest.raises(telnyx.APIConnectionError):
        server.client(max_retries=0).phone_numbers.retrieve(PHONE_NUMBER_ID)
    server.admin.add_faults({"path": "/phone_numbers/*", "latency_ms": 500, "count": 1})
    with pytest.raises(telnyx.APITimeoutError):
        server.client(max_retries=0, timeout=0.1).phone_numbers.retrieve(PHONE_NUMBER_ID)


def test_a_seed_file_replaces_the_demo(tmp_path: Path) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text(
        '{"organizations": [{"name": "own", "api_keys": [{"key": "KEYOWNSEED00000000000000000000"}],'
        ' "phone_numbers": [{"phone_number": "+13125550199"}]}]}'
    )
    server = start_telconf(seed=str(seed), in_process=True)
    try:
        assert server.api_key == "KEYOWNSEED00000000000000000000"
        assert [n.phone_number for n in server.client().phone_numbers.list()] == ["+13125550199"]
    finally:
        server.stop()


def test_the_async_sdk_works_in_process(server: TelconfServer) -> None:
    async def work() -> list[str]:
        client = server.async_client(max_retries=0)
        updated = await client.phone_numbers.update(PHONE_NUMBER_ID, tags=["async"])
        listed = [n.id async for n in client.phone_numbers.list(filter={"tag": "async"})]
        with pytest.raises(telnyx.NotFoundError):
            await client.phone_numbers.retrieve("1")
        await client.close()
        return [*updated.data.tags, *listed]

    assert asyncio.run(work()) == ["async", PHONE_NUMBER_ID]


def test_the_async_sdk_sees_dropped_connections_in_process(server: TelconfServer) -> None:
    server.admin.add_faults({"path": "/phone_numbers/*", "drop": True, "count": 1})

    async def work() -> None:
        client = server.async_client(max_retries=0)
        with pytest.raises(telnyx.APIConnectionError):
            await client.phone_numbers.retrieve(PHONE_NUMBER_ID)
        assert (await client.phone_numbers.retrieve(PHONE_NUMBER_ID)).data.id == PHONE_NUMBER_ID
        await client.close()

    asyncio.run(work())
