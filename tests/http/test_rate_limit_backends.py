"""Rate-limit rules and counter stores, without a server: parsing, route classes, the sliding
window's wait, and both stores against real Redis and each database engine."""

from __future__ import annotations

import asyncio
import hashlib
import math
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from limits import RateLimitItem

from telconf.clock import FrozenClock
from telconf.errors import TooManyRequests
from telconf.http.rate_limit import RateLimiter, RouteLimits, parse_limit, relative_path
from telconf.http.rate_limit_storage import DatabaseWindows, RedisWindows, seconds_until_free
from telconf.settings import Settings
from telconf.store import Store

from ..support import create_database, drop_database, engines

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.mark.parametrize(
    ("text", "amount", "seconds"),
    [
        ("100/second", 100, 1),
        ("100/s", 100, 1),
        ("100 per second", 100, 1),
        ("10/5 seconds", 10, 5),
        ("10/5s", 10, 5),
        ("600/m", 600, 60),
        ("5000/hour", 5000, 3600),
        ("10/d", 10, 86400),
    ],
)
def test_limits_accept_the_library_notation_and_short_units(text: str, amount: int, seconds: int) -> None:
    item = parse_limit(text)
    assert (item.amount, item.get_expiry()) == (amount, seconds)


@pytest.mark.parametrize("text", ["", "100", "fast", "0/second", "100/fortnight", "1/second;2/minute"])
def test_bad_limits_are_refused_with_the_text_named(text: str) -> None:
    with pytest.raises(ValueError, match="invalid rate limit"):
        parse_limit(text)


def test_bad_route_overrides_are_refused() -> None:
    for text in ["/phone_numbers=5/s", "GET phone_numbers=5/s", "GET /phone_numbers", "GET /phone_numbers=x"]:
        with pytest.raises(ValueError, match="invalid"):
            RouteLimits.from_settings(Settings(route_rate_limits=(text,)))


def test_paths_are_taken_relative_to_v2_and_the_doubled_mobile_prefix_is_one_endpoint() -> None:
    assert relative_path("/v2/phone_numbers/slim") == "/phone_numbers/slim"
    assert relative_path("/v2/v2/mobile_phone_numbers/") == "/mobile_phone_numbers"
    assert relative_path("/health") == "/health"


def limit_of(routes: RouteLimits, method: str, path: str) -> tuple[str, str] | None:
    found = routes.find(method, path)
    return (found[0], str(found[1])) if found else None


def test_each_request_counts_against_one_route_class() -> None:
    routes = RouteLimits.from_settings(
        Settings(
            rate_limit="10/s",
            route_rate_limits=(
                "PATCH /phone_numbers/{id}=2/second",
                "get /mobile_phone_numbers=3/minute",
                "* /messaging_profiles=4/s",
            ),
        )
    )
    assert routes is not None
    assert limit_of(routes, "GET", "/v2/phone_numbers") == ("all", "10 per 1 second")
    assert limit_of(routes, "GET", "/v2/phone_numbers/slim") == ("slim", "20 per 1 second")  # 2x by default
    assert limit_of(routes, "PATCH", "/v2/phone_numbers/123") == ("PATCH /phone_numbers/{id}", "2 per 1 second")
    assert limit_of(routes, "GET", "/v2/phone_numbers/123") == ("all", "10 per 1 second")
    assert limit_of(routes, "GET", "/v2/v2/mobile_phone_numbers") == ("GET /mobile_phone_numbers", "3 per 1 minute")
    assert limit_of(routes, "POST", "/v2/messaging_profiles") == ("* /messaging_profiles", "4 per 1 second")
    assert routes.longest_window_seconds == 60


def test_an_override_of_slim_replaces_its_default_and_routes_alone_limit_only_themselves() -> None:
    routes = RouteLimits.from_settings(Settings(rate_limit="10/s", route_rate_limits=("GET /phone_numbers/slim=50/s",)))
    assert routes is not None
    assert limit_of(routes, "GET", "/v2/phone_numbers/slim") == ("GET /phone_numbers/slim", "50 per 1 second")
    only_slim = RouteLimits.from_settings(Settings(route_rate_limits=("GET /phone_numbers/slim=5/s",)))
    assert only_slim is not None
    assert limit_of(only_slim, "GET", "/v2/phone_numbers") is None
    assert RouteLimits.from_settings(Settings()) is None


@pytest.mark.parametrize(
    ("amount", "previous", "current", "elapsed", "wait"),
    [
        (5, 0, 5, 0.25, 0.75 + 0.2),  # own window full: into the next, until 5 * (1 - g) + 1 <= 5
        (5, 5, 0, 0.1, 0.1),  # the previous window's weight must fade to 4
        (5, 4, 2, 0.5, 0.0),  # fits already (a race): no wait
        (5, 10, 3, 0.5, 0.4),  # the previous weight must fade to 1
        (5, 10, 4, 0.5, 0.5),  # no room left in this window: its end
        (1, 0, 1, 0.0, 2.0),  # one per window: this hit must fade out of the next window too
    ],
)
def test_the_sliding_window_wait_is_when_one_more_request_fits(
    amount: int, previous: int, current: int, elapsed: float, wait: float
) -> None:
    assert seconds_until_free(amount, previous, current, elapsed) == pytest.approx(wait)
    later = elapsed + wait + 1e-9  # past the wait: in this window, or `later - 1` into the next
    in_this_window = previous * (1 - later) + current + 1
    in_the_next = current * (1 - (later - 1)) + 1
    assert (in_this_window if later < 1 else in_the_next) <= amount + 1e-6


def burst(storage: DatabaseWindows | RedisWindows, limit: RateLimitItem, bucket: str, count: int) -> list[float | None]:
    async def run() -> list[float | None]:
        return [await storage.hit(limit, bucket) for _ in range(count)]

    return asyncio.run(run())


@pytest.mark.parametrize("engine", engines())
def test_database_windows_limit_tell_the_wait_and_forget_refusals(engine: str, tmp_path: Path) -> None:
    url = create_database(engine, tmp_path)

    async def run() -> None:
        store = await Store.open(url)
        try:
            # A burst early in a second, so a 1-second window cannot end in the middle of it; the
            # clock stands still until the test moves it.
            clock = FrozenClock(datetime(2030, 1, 1, 12, 0, 0, 100_000, tzinfo=UTC))
            windows = DatabaseWindows(store.db, 1, clock)
            limit, bucket = parse_limit("3/second"), f"test/{uuid.uuid4().hex}"
            results = [await windows.hit(limit, bucket) for _ in range(5)]
            assert results[:3] == [None, None, None]
            assert all(w is not None and 0 < w <= 2 for w in results[3:])
            row = await store.db.fetchone("SELECT SUM(hits) FROM rate_limit_windows WHERE bucket = ?", (bucket,))
            assert row is not None and int(row[0]) == 3  # refused hits were taken back
            clock.advance(math.ceil((results[3] or 0) * 1e6) / 1e6)  # the wait, in the clock's microseconds
            assert await windows.hit(limit, bucket) is None
            # The sweep deletes windows older than twice the longest limit.
            await store.db.execute(
                "INSERT INTO rate_limit_windows (bucket, window_start, hits) VALUES (?, ?, ?)", (bucket, 1000, 9)
            )
            windows._next_sweep = 0
            await windows.hit(parse_limit("100/second"), bucket + "/other")
            assert await store.db.fetchone("SELECT 1 FROM rate_limit_windows WHERE window_start = 1000") is None
        finally:
            await store.close()

    try:
        asyncio.run(run())
    finally:
        drop_database(url)


@pytest.mark.redis
def test_redis_windows_limit_and_tell_the_wait() -> None:
    async def run() -> None:
        windows = await RedisWindows.connect(REDIS_URL)
        try:
            limit, bucket = parse_limit("3/second"), f"test/{uuid.uuid4().hex}"
            results = [await windows.hit(limit, bucket) for _ in range(5)]
            assert results[:3] == [None, None, None]
            assert all(w is not None and 0 < w <= 1 for w in results[3:])
            # `limits` stamps Redis hits with the real time, which no test can move.
            await asyncio.sleep(results[4] or 0)  # noqa: TID251 (Redis: the limits library stamps hits with real time)
            assert await windows.hit(limit, bucket) is None
        finally:
            await windows.close()

    asyncio.run(run())


def test_an_unreachable_redis_fails_at_start() -> None:
    with pytest.raises(RuntimeError, match="cannot reach Redis"):
        asyncio.run(RedisWindows.connect("redis://127.0.0.1:1/0"))


class BrokenStorage:
    async def hit(self, limit: RateLimitItem, bucket: str) -> float | None:
        raise ConnectionError("down")

    async def close(self) -> None:
        return None


class FullStorage:
    def __init__(self) -> None:
        self.buckets: list[str] = []

    async def hit(self, limit: RateLimitItem, bucket: str) -> float | None:
        self.buckets.append(bucket)
        return 0.25

    async def close(self) -> None:
        return None


def test_the_limiter_answers_429_with_both_retry_headers_and_hashes_the_key() -> None:
    routes = RouteLimits.from_settings(Settings(rate_limit="5/s"))
    assert routes is not None
    storage = FullStorage()
    limiter = RateLimiter(routes, storage)
    with pytest.raises(TooManyRequests) as caught:
        asyncio.run(limiter.check("GET", "/v2/phone_numbers", "Bearer KEYsecret"))
    assert caught.value.headers["retry-after-ms"] == "250"
    assert caught.value.headers["Retry-After"] == "1"
    assert caught.value.headers["x-ratelimit-limit"] == "5"
    assert storage.buckets == ["all/" + hashlib.sha256(b"KEYsecret").hexdigest()]
    asyncio.run(limiter.check("GET", "/v2/phone_numbers", None))  # no key: not counted
    assert len(storage.buckets) == 1


def test_a_failing_counter_store_lets_requests_through() -> None:
    routes = RouteLimits.from_settings(Settings(rate_limit="5/s"))
    assert routes is not None
    asyncio.run(RateLimiter(routes, BrokenStorage()).check("GET", "/v2/phone_numbers", "Bearer k"))
