"""Time is injected: services ask a Clock, so tests can freeze or move it."""

from __future__ import annotations

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
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class Clock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def now_iso(self) -> str:
        return iso(self.now())


class FrozenClock(Clock):
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


class ControllableClock(Clock):
    """The server's clock, which the admin API can freeze, set and advance (timestamps, job `etc`
    and expiry all read it). Unfrozen, it runs at real speed from wherever it was last set."""

    def __init__(self) -> None:
        self.offset = timedelta(0)
        self.frozen_at: datetime | None = None

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
        step = timedelta(seconds=seconds)
        if self.frozen_at is not None:
            self.frozen_at += step
        else:
            self.offset += step

    def reset(self) -> None:
        """Back to real time."""
        self.offset = timedelta(0)
        self.frozen_at = None
