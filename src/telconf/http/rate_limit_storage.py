"""Where rate-limit counters live, shared by every server process: Redis or the database.

Both backends answer one question per request, `hit(limit, bucket)`: `None` when the request fits
in the limit (and is counted), else the seconds until it would fit (and it is not counted, so a
client that waits as told is let through).

- Redis (`--redis URL`): the `limits` library's moving window (a list of hit times per bucket,
  checked and pushed by one Lua script), exact to the millisecond.
- The database (otherwise): a sliding-window counter over `rate_limit_windows`: one row per bucket
  and clock-aligned window, incremented by an atomic upsert, and the previous window's count
  weighted by how much of it still overlaps the last `expiry` seconds. Plain fixed windows would
  let a burst of twice the limit straddle a window boundary; the weighting approximates the
  moving window with two rows per bucket.
"""

from __future__ import annotations

from typing import Protocol

from limits import RateLimitItem
from limits.aio.storage import RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter

from ..clock import Clock
from ..store.db import Executor

# A 429's wait is never advertised below this (an SDK retrying at once would be limited again).
MIN_WAIT_SECONDS = 0.001
# How often a process deletes windows nobody reads any more (not on every request).
SWEEP_EVERY_SECONDS = 60.0


class WindowStorage(Protocol):
    async def hit(self, limit: RateLimitItem, bucket: str) -> float | None: ...
    async def close(self) -> None: ...


class RedisWindows:
    """Moving windows in Redis through `limits` (redis-py's asyncio client, a pool we own)."""

    KEY_PREFIX = "telconf"
    # `limits` stamps hits with the real time itself (no clock can be given to it), so the wait
    # it implies is measured against the real clock too.
    CLOCK = Clock()

    def __init__(self, url: str) -> None:
        from redis.asyncio import ConnectionPool

        # redis-py reads the URL (redis://, rediss://, unix://); limits gets the pool, documented
        # as its `connection_pool` option, so closing it is ours to do.
        self._pool = ConnectionPool.from_url(url)
        self._storage = RedisStorage(
            "async+redis://",
            implementation="redispy",
            key_prefix=self.KEY_PREFIX,
            connection_pool=self._pool,  # type: ignore[arg-type]  # limits types options as scalars
        )
        self._strategy = MovingWindowRateLimiter(self._storage)

    @classmethod
    async def connect(cls, url: str) -> RedisWindows:
        """Fails at start, not on the first request, when Redis is unreachable."""
        windows = cls(url)
        if not await windows._storage.check():
            await windows.close()
            raise RuntimeError(f"rate limiting: cannot reach Redis at {url}")
        return windows

    async def hit(self, limit: RateLimitItem, bucket: str) -> float | None:
        if await self._strategy.hit(limit, bucket):
            return None
        # The oldest hit still in the window leaves it at `reset_time`, freeing one slot.
        stats = await self._strategy.get_window_stats(limit, bucket)
        return max(stats.reset_time - self.CLOCK.unix(), MIN_WAIT_SECONDS)

    async def close(self) -> None:
        await self._pool.aclose()


# One statement, one round trip: count this hit in the current window and read the previous
# window's count. ON CONFLICT ... RETURNING works on SQLite >= 3.35 and PostgreSQL.
_HIT = """
INSERT INTO rate_limit_windows (bucket, window_start, hits) VALUES (?, ?, 1)
ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit_windows.hits + 1
RETURNING hits, (SELECT p.hits FROM rate_limit_windows p WHERE p.bucket = ? AND p.window_start = ?)
"""
# A refused hit is taken back, so refusals do not push the wait further out.
_UNDO = "UPDATE rate_limit_windows SET hits = hits - 1 WHERE bucket = ? AND window_start = ?"
_SWEEP = "DELETE FROM rate_limit_windows WHERE window_start < ?"


class DatabaseWindows:
    """Sliding-window counters in `rate_limit_windows`, shared by every process on the database.
    Windows are aligned to the Unix clock, so servers sharing a database need synchronised clocks
    (NTP); on one machine they share one clock anyway. Time is `clock.unix()`: real time, moved
    on when a test advances the clock."""

    def __init__(self, db: Executor, longest_window_seconds: int, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock or Clock()
        # Rows older than the previous window of the longest limit are never read again.
        self._keep_seconds = 2 * longest_window_seconds
        self._next_sweep = self._clock.monotonic() + SWEEP_EVERY_SECONDS

    async def hit(self, limit: RateLimitItem, bucket: str) -> float | None:
        now = self._clock.unix()
        expiry = limit.get_expiry()
        window_start = int(now // expiry) * expiry
        row = await self._db.fetchone(_HIT, (bucket, window_start, bucket, window_start - expiry))
        assert row is not None  # RETURNING always yields the upserted row
        hits, previous_hits = row
        current, previous = int(hits), int(previous_hits or 0)
        elapsed = (now - window_start) / expiry  # fraction of the current window gone by
        if previous * (1 - elapsed) + current <= limit.amount:
            await self._sweep_now_and_then()
            return None
        await self._db.execute(_UNDO, (bucket, window_start))
        wait = seconds_until_free(limit.amount, previous, current - 1, elapsed) * expiry
        return max(wait, MIN_WAIT_SECONDS)

    async def _sweep_now_and_then(self) -> None:
        if self._clock.monotonic() < self._next_sweep:
            return
        self._next_sweep = self._clock.monotonic() + SWEEP_EVERY_SECONDS
        await self._db.execute(_SWEEP, (int(self._clock.unix()) - self._keep_seconds,))

    async def close(self) -> None:
        return None  # the database belongs to the store


def seconds_until_free(amount: int, previous: int, current: int, elapsed: float) -> float:
    """In units of the window: how long until `previous * (1 - f) + current + 1 <= amount`,
    where f (now `elapsed`) is the fraction of the current window gone by and `current` counts
    only accepted hits. Within this window the previous window's weight fades; if this window's
    own hits leave no room, the wait runs into the next one, where they become the faded part."""
    room = amount - current - 1
    if room >= 0:
        if previous == 0:
            return 0.0
        needed = 1 - room / previous  # the fraction f at which the faded weight fits
        if needed < 1:
            return max(needed - elapsed, 0.0)
    # In the next window (g of it gone by): current * (1 - g) + 1 <= amount.
    into_next = max(1 - (amount - 1) / current, 0.0) if current > 0 else 0.0
    return (1 - elapsed) + into_next


__all__ = ["DatabaseWindows", "RedisWindows", "WindowStorage", "seconds_until_free"]
