"""Runs jobs in the background: inside `telconf serve` and in any number of `telconf worker`
processes against one database. Jobs are claimed through leases (store/jobs.py); each chunk of
numbers commits with its outcomes; on stop the current chunk finishes and the job is released.

The admin controls act on one job by id: `advance` works on it in the caller through the same
lease and chunk transaction as a worker (so an item is never processed twice), `hold`,
`release_hold` and `fail` change it in the store."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta

from ..clock import Clock, iso
from ..errors import ErrorItem
from ..ids import Ids
from ..store.jobs import Apply, Job, JobStore, LeaseLost
from .policy import estimate_etc
from .waking import Waking

log = logging.getLogger("telconf.jobs")
FAILED_BY_ADMIN = ErrorItem("10007", "Unexpected error", "The job was failed through telconf's admin API.")


class JobRunner(Waking):
    def __init__(
        self,
        store: JobStore,
        handlers: Mapping[str, Apply],
        clock: Clock,
        ids: Ids,
        *,
        chunk: int = 100,
        lease_seconds: float = 15.0,
        idle_seconds: float = 0.05,
        housekeeping: Callable[[], Awaitable[None]] | None = None,
        housekeeping_seconds: float = 30.0,
    ) -> None:
        self.housekeeping = housekeeping
        self.housekeeping_seconds = housekeeping_seconds
        self._housekept = 0.0
        self.store = store
        self.handlers = handlers
        self.clock = clock
        self.ids = ids
        self.owner = f"worker-{ids.uuid()}"
        self.chunk = chunk
        self.lease = timedelta(seconds=lease_seconds)
        self.idle_seconds = idle_seconds
        super().__init__()

    async def run(self) -> None:
        await self.loop(self.run_once, self.idle_seconds, "job runner step", self._housekeep)

    async def _housekeep(self) -> None:
        """Idle time, now and then: fold the list counts no reader has folded (store/list_counts)."""
        now = self.clock.monotonic()
        if self.housekeeping is None or now - self._housekept < self.housekeeping_seconds:
            return
        self._housekept = now
        try:
            await self.housekeeping()
        except Exception:
            log.exception("housekeeping failed; trying again later")

    async def run_once(self) -> bool:
        """Claim one job and work on it until it is done or the runner stops. False if idle."""
        now = self.clock.now()
        if not await self.store.waiting(iso(now)):  # idle: one query
            return False
        await self.store.expire(iso(now))
        job = await self.store.claim(self.owner, iso(now), iso(now + self.lease))
        if job is None:
            return False
        await self._work(job)
        return True

    async def _work(self, job: Job) -> None:
        apply = self.handlers[job.kind]
        try:
            while True:
                now = self.clock.now()
                _, finished = await self.store.run_chunk(
                    job, self.owner, apply, iso(now), iso(now + self.lease), self.chunk
                )
                if finished:
                    return
                if self.stopping.is_set():
                    await self.store.release(job.id, self.owner)
                    return
                await asyncio.sleep(0)  # let requests in between chunks
        except LeaseLost:
            log.warning("job %s was taken over, held or failed elsewhere; leaving it", job.id)
        except Exception:
            # The chunk rolled back (a failure it could not retry): give the job back at once
            # rather than leave it stalled until the lease lapses.
            with contextlib.suppress(Exception):
                await self.store.release(job.id, self.owner)
            raise

    # -- admin controls ----------------------------------------------------------------------

    async def find(self, job_id: str) -> Job | None:
        return await self.store.find(job_id)

    async def hold(self, job_id: str) -> bool:
        """Keep an active job from running (and from expiring) until released; a chunk under way
        finishes first. False for an unknown or finished job."""
        return await self.store.hold(job_id)

    async def release_hold(self, job_id: str) -> bool:
        """Let a held job run again; if its `etc` passed meanwhile, it is estimated afresh from now.
        False for an unknown or finished job."""
        floor = estimate_etc(self.clock, 0, await self.store.pending_count(job_id))
        released = await self.store.release_hold(job_id, floor)
        if released:
            self.wake()
        return released

    async def fail(self, job_id: str) -> bool:
        """End an active job as `failed`, its pending numbers failed with a 10007 error naming the
        admin API. False for an unknown or finished job."""
        return await self.store.fail(job_id, iso(self.clock.now()), [FAILED_BY_ADMIN.to_json()])

    async def advance(self, job_id: str, numbers: int | None = None) -> int | None:
        """Process up to `numbers` pending items of one job now (all when None), in the caller,
        whether it is held, kept back or leased to a worker; the job is finished once nothing is
        left pending (`advance(id, 0)` finishes a job with nothing pending). Returns how many
        items were processed; None for an unknown job, 0 for a finished one.

        The job is leased to this call for the duration (a worker holding it loses it after its
        current chunk) and given back afterwards, still held if it was."""
        found = await self.store.find(job_id)
        if found is None:
            return None
        owner = f"admin-{self.ids.uuid()}"
        now = self.clock.now()
        job = await self.store.take(job_id, owner, iso(now), iso(now + self.lease))
        if job is None:
            return 0
        apply = self.handlers[job.kind]
        processed = 0
        finished = False
        try:
            while not finished:
                size = self.chunk if numbers is None else min(self.chunk, numbers - processed)
                now = self.clock.now()
                done, finished = await self.store.run_chunk(job, owner, apply, iso(now), iso(now + self.lease), size)
                processed += done
                if numbers is not None and processed >= numbers:
                    break
        except LeaseLost:  # another advance or a fail took it meanwhile
            return processed
        finally:
            if not finished:
                await self.store.release(job.id, owner)
        return processed
