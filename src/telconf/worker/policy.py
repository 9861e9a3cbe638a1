"""When a new job may run: at once (`immediate`, as Telnyx does), only when released or advanced
through the admin API (`manual`: the job is created held), or not before N seconds have passed
(`after_seconds:N`). The app holds one JobPolicy and hands it to every job-creating service; the
admin API changes it in place, so jobs created afterwards follow the new policy.

Also here: a job's estimated completion (`etc`), which the policy pushes back by its delay."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from ..clock import Clock, iso

Kind = Literal["immediate", "manual", "after_seconds"]
KINDS: tuple[Kind, ...] = ("immediate", "manual", "after_seconds")
# An honest estimate of completion: a margin, plus the queue ahead and this job at a pace the
# runner keeps on a small machine.
ETC_MARGIN = timedelta(seconds=30)
ETC_PER_NUMBER = timedelta(milliseconds=10)


def estimate_etc(clock: Clock, queued: int, own: int, start: datetime | None = None) -> str:
    """`start` (default now) + margin + 10 ms per number queued ahead and in the job."""
    return iso((start or clock.now()) + ETC_MARGIN + ETC_PER_NUMBER * (queued + own))


@dataclass(frozen=True)
class Placement:
    """How a job starts out under a policy."""

    held: bool
    not_before: datetime | None

    def not_before_iso(self) -> str | None:
        return iso(self.not_before) if self.not_before is not None else None


@dataclass
class JobPolicy:
    kind: Kind = "immediate"
    seconds: float = 0.0

    @classmethod
    def parse(cls, text: str) -> JobPolicy:
        """`immediate`, `manual` or `after_seconds:N` (N ≥ 0, may be fractional); ValueError else."""
        name, _, argument = text.strip().partition(":")
        if name in ("immediate", "manual") and not argument:
            return cls(name)  # type: ignore[arg-type]
        if name == "after_seconds" and argument:
            try:
                seconds = float(argument)
            except ValueError:
                seconds = -1.0
            if seconds >= 0 and seconds != float("inf"):
                return cls("after_seconds", seconds)
        raise ValueError(f"job policy must be immediate, manual or after_seconds:N (N ≥ 0), not {text!r}")

    def describe(self) -> str:
        if self.kind != "after_seconds":
            return self.kind
        return f"after_seconds:{self.seconds:g}"

    def set(self, other: JobPolicy) -> None:
        """Adopt `other` in place: every service holding this object sees the change."""
        self.kind, self.seconds = other.kind, other.seconds

    def place(self, now: datetime) -> Placement:
        if self.kind == "manual":
            return Placement(held=True, not_before=None)
        if self.kind == "after_seconds":
            return Placement(held=False, not_before=now + timedelta(seconds=self.seconds))
        return Placement(held=False, not_before=None)
