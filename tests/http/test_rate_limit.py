"""Rate limiting per API key, through the official SDK: Telnyx's 429 envelope and headers, the
SDK's retry honouring `retry-after-ms`, `RateLimitError` once retries run out, slim's own higher
limit, route overrides, and limits that hold across server processes (one database, or Redis)."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import telnyx

from telconf.store import Store

from ..support import Orgs, Server, create_database, drop_database, engines, free_port

LIMIT = 5  # --rate-limit 5/second
SLIM_LIMIT = 2 * LIMIT  # slim's default: twice the general limit
PROFILES_LIMIT = 3  # the route override below
LIMIT_FLAGS = (
    "--rate-limit", "5/s",
    "--route-rate-limit", "GET /messaging_profiles=3/second",
    "--route-rate-limit", "GET /short_codes=1/hour",
)  # fmt: skip
REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture(scope="module", params=engines())
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    url = create_database(request.param, tmp_path_factory.mktemp(f"rate-{request.param}"))
    yield request.param, url
    drop_database(url)


@pytest.fixture(scope="module")
def limited(database: tuple[str, str]) -> Iterator[Server]:
    """A server limiting every key; counters in its database."""
    srv = Server(*database, free_port())
    srv.start(*LIMIT_FLAGS)
    yield srv
    srv.stop()


@pytest.fixture
def servers(database: tuple[str, str]) -> Iterator[Callable[..., Server]]:
    """More servers on the same database, stopped after the test."""
    started: list[Server] = []

    def start(*flags: str) -> Server:
        srv = Server(*database, free_port())
        started.append(srv)
        srv.start(*flags)
        return srv

    yield start
    for srv in started:
        srv.stop()


def fresh_window() -> None:
    """Begin a burst in the first half of a second. The database counts clock-aligned 1-second
    windows (weighting the previous one), so a quick burst then stays inside one window."""
    while time.time() % 1 > 0.4:
        time.sleep(0.02)  # noqa: TID251 (real server processes: windows align to real seconds)


def refused(call: Callable[[], object]) -> telnyx.RateLimitError:
    with pytest.raises(telnyx.RateLimitError) as caught:
        call()
    return caught.value


def assert_telnyx_429(error: telnyx.RateLimitError, limit: int) -> float:
    """The envelope and headers of a 429; returns the advertised wait in seconds."""
    assert error.status_code == 429
    assert isinstance(error.body, dict)
    [item] = error.body["errors"]
    assert item["code"] == "10011" and item["title"] == "Too many requests"
    assert item["meta"]["url"].endswith("/10011")
    headers = error.response.headers
    wait_ms = int(headers["retry-after-ms"])
    assert 0 < wait_ms <= 2000
    assert int(headers["retry-after"]) >= wait_ms / 1000  # whole seconds, rounded up
    assert headers["x-ratelimit-limit"] == str(limit) and headers["x-ratelimit-remaining"] == "0"
    return wait_ms / 1000


@dataclass
class Wire:
    """What the SDK's HTTP client sent and received, with times: to see its retries."""

    events: list[tuple[str, float, int, httpx.Headers]] = field(default_factory=list)

    def client(self) -> httpx.Client:
        def on_request(request: httpx.Request) -> None:
            self.events.append(("request", time.monotonic(), 0, request.headers))

        def on_response(response: httpx.Response) -> None:
            self.events.append(("response", time.monotonic(), response.status_code, response.headers))

        return httpx.Client(event_hooks={"request": [on_request], "response": [on_response]})

    def assert_retried_after_the_advertised_wait(self) -> None:
        """Every 429 was followed by a retry no sooner than its `retry-after-ms`; the last
        response succeeded."""
        statuses = [status for kind, _, status, _ in self.events if kind == "response"]
        assert statuses[-1] == 200 and 429 in statuses, statuses
        for (kind, at, status, headers), (next_kind, retried_at, _, next_headers) in zip(
            self.events, self.events[1:], strict=False
        ):
            if kind == "response" and status == 429:
                assert next_kind == "request" and next_headers["x-stainless-retry-count"] != "0"
                assert retried_at - at >= int(headers["retry-after-ms"]) / 1000


def retrying_client(server: Server, key: str, wire: Wire, **options: Any) -> telnyx.Telnyx:
    return server.client(key, http_client=wire.client(), **options)


def test_over_the_limit_is_telnyx_429_with_both_retry_headers(limited: Server) -> None:
    client = limited.client(Orgs(limited).make().key, max_retries=0)
    fresh_window()
    for _ in range(LIMIT):
        client.phone_numbers.list()
    assert_telnyx_429(refused(client.phone_numbers.list), LIMIT)


def test_the_sdk_retry_waits_as_told_and_succeeds(limited: Server) -> None:
    key = Orgs(limited).make().key
    client = limited.client(key)
    fresh_window()
    for _ in range(LIMIT):
        client.phone_numbers.list()
    wire = Wire()
    started = time.monotonic()
    page = retrying_client(limited, key, wire, max_retries=2).phone_numbers.list()
    assert page.data == []
    wire.assert_retried_after_the_advertised_wait()
    first_wait = next(int(h["retry-after-ms"]) for kind, _, s, h in wire.events if kind == "response" and s == 429)
    assert time.monotonic() - started >= first_wait / 1000


def test_rate_limit_error_surfaces_when_retries_run_out(limited: Server) -> None:
    key = Orgs(limited).make().key
    limited.client(key).short_codes.list()  # 1/hour: the wait is beyond what the SDK honours
    wire = Wire()
    error = refused(retrying_client(limited, key, wire, max_retries=2).short_codes.list)
    assert error.status_code == 429
    assert [status for kind, _, status, _ in wire.events if kind == "response"] == [429, 429, 429]
    assert float(error.response.headers["retry-after"]) > 60  # so the SDK backed off on its own


def test_slim_has_its_own_higher_limit(limited: Server) -> None:
    client = limited.client(Orgs(limited).make().key)
    fresh_window()
    for _ in range(SLIM_LIMIT):
        client.phone_numbers.slim_list()
    assert_telnyx_429(refused(client.phone_numbers.slim_list), SLIM_LIMIT)
    client.phone_numbers.list()  # the general limit is counted apart


def test_a_route_override_limits_that_route_alone(limited: Server) -> None:
    client = limited.client(Orgs(limited).make().key)
    fresh_window()
    for _ in range(PROFILES_LIMIT):
        client.messaging_profiles.list()
    assert_telnyx_429(refused(client.messaging_profiles.list), PROFILES_LIMIT)
    for _ in range(LIMIT):
        client.phone_numbers.list()


def test_keys_are_limited_independently_and_requests_without_a_key_not_at_all(limited: Server) -> None:
    org = Orgs(limited).make()
    fresh_window()
    for _ in range(LIMIT):
        limited.client(org.key).phone_numbers.list()
    refused(limited.client(org.key).phone_numbers.list)
    limited.client(org.read_only_key).phone_numbers.list()  # another key of the same organisation
    limited.client(Orgs(limited).make().key).phone_numbers.list()
    for _ in range(LIMIT + 2):
        assert httpx.get(limited.base_url + "/phone_numbers").status_code == 401


def burst_across(servers: list[Server], key: str) -> telnyx.RateLimitError:
    """LIMIT requests taking turns between the servers, then one more: refused."""
    clients = [srv.client(key) for srv in servers]
    fresh_window()
    for i in range(LIMIT):
        clients[i % len(clients)].phone_numbers.list()
    return refused(clients[LIMIT % len(clients)].phone_numbers.list)


def test_the_limit_holds_across_server_processes_sharing_the_database(
    limited: Server, servers: Callable[..., Server]
) -> None:
    other = servers(*LIMIT_FLAGS)
    key = Orgs(limited).make().key
    assert_telnyx_429(burst_across([limited, other], key), LIMIT)
    wire = Wire()
    retrying_client(other, key, wire, max_retries=2).phone_numbers.list()
    wire.assert_retried_after_the_advertised_wait()


@pytest.mark.redis
def test_the_limit_holds_across_server_processes_sharing_redis(servers: Callable[..., Server]) -> None:
    # Counter keys hash each API key; Orgs makes random keys, so runs never share counters.
    first, second = servers(*LIMIT_FLAGS, "--redis", REDIS_URL), servers(*LIMIT_FLAGS, "--redis", REDIS_URL)
    key = Orgs(first).make().key
    assert_telnyx_429(burst_across([first, second], key), LIMIT)
    wire = Wire()
    retrying_client(first, key, wire, max_retries=2).phone_numbers.list()
    wire.assert_retried_after_the_advertised_wait()


def test_made_up_keys_share_one_counter(limited: Server) -> None:
    """Counters exist per key that authenticates; every unknown key counts against one shared
    counter, so random keys cannot fill the counter store."""

    async def buckets() -> int:
        store = await Store.open(limited.database_url)
        try:
            row = await store.db.fetchone("SELECT COUNT(DISTINCT bucket) FROM rate_limit_windows")
            return int(row[0]) if row else 0
        finally:
            await store.close()

    before = asyncio.run(buckets())
    answers = set()
    for _ in range(60):
        response = httpx.get(limited.base_url + "/phone_numbers", headers={"Authorization": f"Bearer {uuid.uuid4()}"})
        answers.add(response.status_code)
        assert response.json()["errors"]
    assert asyncio.run(buckets()) - before <= 1
    assert answers == {401, 429}  # shared: made-up keys are limited together
