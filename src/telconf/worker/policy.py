"""When a new job may run: at once (`immediate`, as Telnyx does), only when released or advanced
through the admin API (`manual`: the job is created held), or not before N seconds have passed
(`after_seconds:N`). The app holds one JobPolicy and hands it to every job-creating service; the
admin API changes it in place, so jobs created afterwards follow the new policy.

Also here: a job's estimated completion (`etc`), which the policy pushes back by its delay, and
`JobQueue`, through which every job-creating slice puts its pending job."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from ..clock import Clock, iso
from ..ids import Ids
from ..store.jobs import Job, JobItem, JobStore

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


def new_job(
    clock: Clock, ids: Ids, policy: JobPolicy, org_id: int, kind: str, parameters: dict[str, Any],
    reference: str | None, queued: int, items: int,
) -> Job:  # fmt: skip
    """A pending job as the policy places it: held (manual), or kept back until `not_before`
    (after_seconds, its `etc` counted from then), or runnable at once."""
    now = clock.now()
    placed = policy.place(now)
    return Job(
        id=ids.uuid(),
        org_id=org_id,
        kind=kind,
        status="pending",
        parameters=parameters,
        customer_reference=reference,
        created_at=iso(now),
        updated_at=iso(now),
        etc=estimate_etc(clock, queued, items, start=placed.not_before),
        item_count=items,
        held=placed.held,
        not_before=placed.not_before_iso(),
    )


# Kinds of job, and how many of them an organisation may have pending or in progress at once.
ActiveLimit = tuple[tuple[str, ...], int]


class JobQueue:
    """Where job-creating services put their jobs: placed by the policy, stored with their items
    (refused past an active-job limit), and this process's runner woken."""

    def __init__(
        self,
        jobs: JobStore,
        clock: Clock,
        ids: Ids,
        wake: Callable[[], None],
        policy: JobPolicy | None = None,
    ) -> None:
        self.jobs = jobs
        self.clock = clock
        self.ids = ids
        self.wake = wake
        self.policy = policy if policy is not None else JobPolicy()

    async def enqueue(
        self,
        org_id: int,
        kind: str,
        parameters: dict[str, Any],
        items: Sequence[JobItem],
        reference: str | None = None,
        limit: ActiveLimit | None = None,
    ) -> Job | None:
        """The job created, or None when `limit` refuses it (nothing is stored then)."""
        queued = await self.jobs.pending_items(org_id)
        job = new_job(self.clock, self.ids, self.policy, org_id, kind, parameters, reference, queued, len(items))
        if not await self.jobs.create(job, list(items), limit):
            return None
        self.wake()
        return job
