"""Time is injected: services ask a Clock, so tests can freeze or move it. This module and
ids.py are the only ones that read the machine's clock or draw randomness (a lint rule holds the
rest of telconf to it: `[tool.ruff.lint.flake8-tidy-imports]` in pyproject.toml).

A Clock gives two readings. `now()` is the date telconf shows and stores (timestamps, a job's
`etc`, expiry). `monotonic()` and `unix()` measure how much time went by, for the key cache, the
rate-limit windows and the job runner's housekeeping: they run at real speed, never go back, and
move forward when a test advances the clock, so a test expires a cached key or a rate-limit window
by advancing the clock instead of sleeping."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

# The admin API keeps the clock between these (see Bounds in docs/design.md): far enough inside
# datetime's range that any offset telconf adds (a job's `etc`, 90 days back for a filter) stays
# valid, and every timestamp keeps four year digits, so stored timestamps still sort as text.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)


def within_bounds(moment: datetime) -> bool:
    return EARLIEST <= moment <= LATEST


def iso(moment: datetime) -> str:
    """Telnyx's timestamp format: ISO 8601, UTC, milliseconds, `Z`."""
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    # isoformat keeps four year digits and is twice as quick as strftime; "+00:00" becomes "Z".
    return moment.isoformat(timespec="milliseconds")[:-6] + "Z"


class Clock:
    """The real clock. Subclasses move time for tests."""

    # Seconds a test has moved elapsed time forward (see `advance` below).
    advanced = 0.0

    def now(self) -> datetime:
        return datetime.now(UTC)

    def now_iso(self) -> str:
        return iso(self.now())

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back, for deadlines within this process."""
        return time.monotonic() + self.advanced

    def unix(self) -> float:
        """Seconds since the Unix epoch, for windows aligned across processes on one database
        (rate limits): real time, which servers sharing a database agree on, plus any advance."""
        return time.time() + self.advanced

    def wall(self) -> float:
        """Seconds since the Unix epoch as other machines' clocks read them, never moved by the
        admin API: for webhook signatures, which receivers check against their own clock (±300 s),
        so a test that advances the server's clock by an hour still gets verifiable webhooks."""
        return time.time()


class FrozenClock(Clock):
    """A clock standing still at `moment` (elapsed time too) until a test advances it."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment

    def monotonic(self) -> float:
        return self.moment.timestamp()

    def unix(self) -> float:
        return self.moment.timestamp()

    def wall(self) -> float:
        return self.moment.timestamp()

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


class ControllableClock(Clock):
    """The server's clock, which the admin API can freeze, set and advance (timestamps, job `etc`
    and expiry all read it). Unfrozen, it runs at real speed from wherever it was last set."""

    def __init__(self) -> None:
        self.offset = timedelta(0)
        self.frozen_at: datetime | None = None
        self.advanced = 0.0

    def now(self) -> datetime:
        if self.frozen_at is not None:
            return self.frozen_at
        return datetime.now(UTC) + self.offset

    @property
    def frozen(self) -> bool:
        return self.frozen_at is not None

    def freeze(self, at: datetime | None = None) -> None:
        self.frozen_at = at or self.now()

    def unfreeze(self) -> None:
        """Runs on from the frozen moment, not from real time."""
        if self.frozen_at is not None:
            self.offset = self.frozen_at - datetime.now(UTC)
            self.frozen_at = None

    def set(self, at: datetime) -> None:
        if self.frozen_at is not None:
            self.frozen_at = at
        else:
            self.offset = at - datetime.now(UTC)

    def advance(self, seconds: float) -> None:
        """Moves the date, and elapsed time too when forward: cached keys and rate-limit windows
        expire as if the time had passed. Freezing, setting or resetting the date leaves elapsed
        time running at real speed (a clock set back does not keep a key cached longer)."""
        step = timedelta(seconds=seconds)
        self.advanced += max(seconds, 0.0)
        if self.frozen_at is not None:
            self.frozen_at += step
        else:
            self.offset += step

    def reset(self) -> None:
        """Back to real time (elapsed time keeps its advances: it never goes back)."""
        self.offset = timedelta(0)
        self.frozen_at = None
