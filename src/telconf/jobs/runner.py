"""Runs jobs in the background: inside `telconf serve` and in any number of `telconf worker`
processes against one database. Jobs are claimed through leases (store/jobs.py); each chunk of
numbers commits with its outcomes; on stop the current chunk finishes and the job is released."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from datetime import timedelta

from ..clock import Clock, iso
from ..ids import Ids
from ..store.jobs import Apply, Job, JobStore, LeaseLost

log = logging.getLogger("telconf.jobs")


class JobRunner:
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
    ) -> None:
        self.store = store
        self.handlers = handlers
        self.clock = clock
        self.owner = f"worker-{ids.uuid()}"
        self.chunk = chunk
        self.lease = timedelta(seconds=lease_seconds)
        self.idle_seconds = idle_seconds
        self.stopping = asyncio.Event()
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """A job was created in this process: look now rather than at the next poll."""
        self._wake.set()

    def stop(self) -> None:
        self.stopping.set()
        self._wake.set()

    async def run(self) -> None:
        while not self.stopping.is_set():
            try:
                worked = await self.run_once()
            except Exception:
                log.exception("job runner step failed; retrying")
                worked = False
            if not worked:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.idle_seconds)

    async def run_once(self) -> bool:
        """Claim one job and work on it until it is done or the runner stops. False if idle."""
        now = self.clock.now()
        await self.store.expire(iso(now))
        if not await self.store.runnable(iso(now)):
            return False
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
                if await self.store.run_chunk(job, self.owner, apply, iso(now), iso(now + self.lease), self.chunk):
                    return
                if self.stopping.is_set():
                    await self.store.release(job.id, self.owner)
                    return
                await asyncio.sleep(0)  # let requests in between chunks
        except LeaseLost:
            log.warning("job %s was taken over by another worker", job.id)
