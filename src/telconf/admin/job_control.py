"""Job control for the admin API: the policy new jobs follow, and holding, releasing, stepping and
failing single jobs (of any organisation; job ids are global)."""

from __future__ import annotations

from typing import Any

from ..clock import iso
from ..errors import Invalid, NotFound
from ..formats import canonical_id
from ..worker.policy import KINDS, JobPolicy
from ..worker.runner import JobRunner


class JobControl:
    def __init__(self, runner: JobRunner, policy: JobPolicy, start_policy: JobPolicy) -> None:
        self.runner = runner
        self.policy = policy
        self.start_policy = start_policy

    def describe_policy(self) -> dict[str, Any]:
        return {"policy": self.policy.kind, "seconds": self.policy.seconds, "text": self.policy.describe()}

    def set_policy(self, kind: str, seconds: float) -> dict[str, Any]:
        if kind not in KINDS:
            raise Invalid.field(f"policy must be one of {', '.join(KINDS)}.", pointer="/policy")
        self.policy.set(JobPolicy(kind, seconds if kind == "after_seconds" else 0.0))
        return self.describe_policy()

    async def expire_due(self) -> int:
        return await self.runner.store.expire(iso(self.runner.clock.now()))

    def reset(self) -> None:
        self.policy.set(self.start_policy)

    async def state(self, job_id: str) -> dict[str, Any]:
        job = await self.runner.find(_known_form(job_id))
        if job is None:
            raise NotFound(f"No job {job_id}.")
        return {
            "id": job.id,
            "status": job.status,
            "held": job.held,
            "not_before": job.not_before,
            "etc": job.etc,
            "numbers": job.item_count,
        }

    async def hold(self, job_id: str) -> dict[str, Any]:
        state = await self.state(job_id)
        job_id = state["id"]
        if not await self.runner.hold(job_id):
            raise _finished(state)
        return await self.state(job_id)

    async def release(self, job_id: str) -> dict[str, Any]:
        state = await self.state(job_id)
        job_id = state["id"]
        if not await self.runner.release_hold(job_id):
            raise _finished(state)
        self.runner.wake()
        return await self.state(job_id)

    async def advance(self, job_id: str, numbers: int | None) -> dict[str, Any]:
        job_id = _known_form(job_id)
        processed = await self.runner.advance(job_id, numbers)
        if processed is None:
            raise NotFound(f"No job {job_id}.")
        return {**await self.state(job_id), "processed": processed}

    async def fail(self, job_id: str) -> dict[str, Any]:
        state = await self.state(job_id)
        job_id = state["id"]
        if not await self.runner.fail(job_id):
            raise _finished(state)
        return await self.state(job_id)


def _known_form(job_id: str) -> str:
    """Job ids are UUIDs (any case); anything else names no job and never reaches the database,
    which could not even compare text holding NUL."""
    canonical = canonical_id(job_id)
    if canonical is None:
        raise NotFound(f"No job {job_id!r}.")
    return canonical


def _finished(state: dict[str, Any]) -> Invalid:
    return Invalid.field(f"The job is already {state['status']}.", pointer="/status")
