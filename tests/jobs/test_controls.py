"""Job controls for the admin API, in process on both engines with a frozen clock: the job policy
(manual jobs are created held, after_seconds:N ones are kept back until then), hold and release,
advance (work on one job now, in the caller, without ever processing an item twice) and fail."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from telconf.ids import Ids
from telconf.resources.messaging_numbers_bulk_updates.models import BulkUpdate
from telconf.resources.messaging_numbers_bulk_updates.service import MessagingNumbersBulkUpdates
from telconf.resources.phone_numbers.jobs.models import DeleteBatch, PhoneNumbersJob
from telconf.resources.phone_numbers.jobs.service import PhoneNumberJobs
from telconf.store.jobs import LeaseLost
from telconf.worker.policy import ETC_MARGIN, ETC_PER_NUMBER, JobPolicy, JobQueue

from ..support import create_database, drop_database, engines
from .test_runner import START, World, moment, scenario

UNKNOWN = "00000000-0000-4000-8000-000000000000"


@pytest.fixture(params=engines())
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    url = create_database(request.param, tmp_path)
    yield url
    drop_database(url)


def under(w: World, policy: JobPolicy) -> PhoneNumberJobs:
    return PhoneNumberJobs(w.store.phone_numbers, JobQueue(w.store.jobs, w.clock, Ids(), lambda: None, policy))


async def delete_all(jobs: PhoneNumberJobs, w: World) -> PhoneNumbersJob:
    return await jobs.delete_batch(w.who, DeleteBatch(phone_numbers=[n["id"] for n in w.numbers]))


def counts(job: PhoneNumbersJob) -> tuple[int, int, int]:
    return len(job.successful_operations), len(job.failed_operations), len(job.pending_operations)


@pytest.mark.parametrize(
    ("text", "described"),
    [("immediate", "immediate"), ("manual", "manual"), ("after_seconds:5", "after_seconds:5"),
     (" after_seconds:0.5 ", "after_seconds:0.5"), ("after_seconds:0", "after_seconds:0")],
)  # fmt: skip
def test_a_policy_reads_and_describes_itself(text: str, described: str) -> None:
    assert JobPolicy.parse(text).describe() == described


@pytest.mark.parametrize(
    "text", ["", "later", "manual:3", "after_seconds", "after_seconds:", "after_seconds:-1", "after_seconds:x",
             "after_seconds:inf", "after_seconds:nan"],
)  # fmt: skip
def test_a_malformed_policy_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="immediate, manual or after_seconds"):
        JobPolicy.parse(text)


def test_a_manual_job_waits_held_and_does_not_expire_until_released(database: str) -> None:
    async def body(w: World) -> None:
        job = await delete_all(under(w, JobPolicy("manual")), w)
        found = await w.store.jobs.find(job.id)
        assert found is not None and found.held and found.not_before is None and found.status == "pending"
        runner = w.runner()
        w.at(moment(job.etc) + timedelta(hours=1))  # long past its etc
        assert await runner.run_once() is False  # neither claimed nor expired
        assert (await w.view(job.id)).status == "pending"
        assert await w.remaining() == {n["id"] for n in w.numbers}
        assert await runner.release_hold(job.id) is True
        released = await w.view(job.id)
        # Its etc had passed while held: estimated afresh, so it is not expired on release.
        assert moment(released.etc) == w.clock.now() + ETC_MARGIN + ETC_PER_NUMBER * 3
        assert await runner.run_once() is True
        done = await w.view(job.id)
        assert done.status == "completed" and counts(done) == (3, 0, 0)

    scenario(database, 3, body)


def test_an_after_seconds_job_is_kept_back_until_then(database: str) -> None:
    async def body(w: World) -> None:
        job = await delete_all(under(w, JobPolicy.parse("after_seconds:5")), w)
        found = await w.store.jobs.find(job.id)
        assert found is not None and not found.held and found.not_before is not None
        assert moment(found.not_before) == START + timedelta(seconds=5)
        assert moment(job.etc) == START + timedelta(seconds=5) + ETC_MARGIN + ETC_PER_NUMBER * 2
        runner = w.runner()
        w.at(START + timedelta(seconds=5) - timedelta(milliseconds=1))
        assert await runner.run_once() is False
        assert (await w.view(job.id)).status == "pending"
        w.at(START + timedelta(seconds=5))
        assert await runner.run_once() is True
        assert (await w.view(job.id)).status == "completed"

    scenario(database, 2, body)


def test_a_changed_policy_applies_to_jobs_created_afterwards(database: str) -> None:
    async def body(w: World) -> None:
        policy = JobPolicy()
        jobs = under(w, policy)
        first = await jobs.delete_batch(w.who, DeleteBatch(phone_numbers=[w.numbers[0]["id"]]))
        policy.set(JobPolicy.parse("manual"))
        second = await jobs.delete_batch(w.who, DeleteBatch(phone_numbers=[w.numbers[1]["id"]]))
        queue = JobQueue(w.store.jobs, w.clock, Ids(), lambda: None, policy)
        updates = MessagingNumbersBulkUpdates(w.store.phone_numbers, w.store.messaging_profiles, queue)
        order = await updates.create(w.who, BulkUpdate(messaging_profile_id="", numbers=[w.numbers[2]["phone_number"]]))
        held = {job_id: (await w.store.jobs.find(job_id)).held for job_id in (first.id, second.id, order.order_id)}  # type: ignore[union-attr]
        assert held == {first.id: False, second.id: True, order.order_id: True}
        assert policy.describe() == "manual"

    scenario(database, 3, body)


def test_holding_a_job_under_way_stops_its_worker_after_the_chunk(database: str) -> None:
    async def body(w: World) -> None:
        job = await w.delete_job()
        assert await w.claim("worker-a") == job.id
        assert await w.chunk(job.id, "worker-a", 2) is False
        runner = w.runner()
        assert await runner.hold(job.id) is True
        with pytest.raises(LeaseLost):  # its lease is gone: it commits nothing more
            await w.chunk(job.id, "worker-a", 2)
        assert await runner.run_once() is False  # held: nobody takes it
        held = await w.view(job.id)
        assert held.status == "in_progress" and counts(held) == (2, 0, 3)
        assert await runner.release_hold(job.id) is True
        assert await runner.run_once() is True
        done = await w.view(job.id)
        # Every number deleted exactly once: a repeat would have failed as "not found".
        assert done.status == "completed" and counts(done) == (5, 0, 0)
        assert await runner.hold(job.id) is False  # finished
        assert await runner.release_hold(job.id) is False

    scenario(database, 5, body)


def test_advance_works_on_a_held_job_in_steps(database: str) -> None:
    async def body(w: World) -> None:
        job = await delete_all(under(w, JobPolicy("manual")), w)
        runner = w.runner(chunk=2)
        assert await runner.advance(job.id, 3) == 3  # two chunks: 2 + 1
        step = await w.view(job.id)
        assert step.status == "in_progress" and counts(step) == (3, 0, 2)
        found = await w.store.jobs.find(job.id)
        assert found is not None and found.held  # still held, and its lease given back
        assert await runner.run_once() is False
        assert len(await w.remaining()) == 2
        assert await runner.advance(job.id) == 2  # the rest; the job finishes with its last chunk
        done = await w.view(job.id)
        assert done.status == "completed" and counts(done) == (5, 0, 0)
        assert await runner.advance(job.id) == 0
        assert await runner.advance(UNKNOWN) is None

    scenario(database, 5, body)


def test_advance_ignores_not_before_and_zero_finishes_an_emptied_job(database: str) -> None:
    async def body(w: World) -> None:
        later = under(w, JobPolicy.parse("after_seconds:60"))
        job = await later.delete_batch(w.who, DeleteBatch(phone_numbers=[n["id"] for n in w.numbers[:2]]))
        runner = w.runner()
        assert await runner.advance(job.id, 2) == 2  # exactly what was pending: finished with it
        assert (await w.view(job.id)).status == "completed"
        # A job with nothing pending that no worker has finished yet (a manual bulk update whose
        # numbers all failed at creation) is finished by advancing it by nothing.
        queue = JobQueue(w.store.jobs, w.clock, Ids(), lambda: None, JobPolicy("manual"))
        updates = MessagingNumbersBulkUpdates(w.store.phone_numbers, w.store.messaging_profiles, queue)
        order = await updates.create(w.who, BulkUpdate(messaging_profile_id="", numbers=["+15550000001"]))
        assert order.pending == [] and order.failed == ["+15550000001"]
        assert (await w.store.jobs.find(order.order_id)).status == "pending"  # type: ignore[union-attr]
        assert await runner.advance(order.order_id, 0) == 0
        assert (await w.store.jobs.find(order.order_id)).status == "failed"  # type: ignore[union-attr]

    scenario(database, 3, body)


def test_advance_takes_a_job_from_its_worker_without_repeating_an_item(database: str) -> None:
    async def body(w: World) -> None:
        job = await w.delete_job()
        assert await w.claim("worker-a") == job.id
        assert await w.chunk(job.id, "worker-a", 2) is False
        runner = w.runner()
        assert await runner.advance(job.id, 2) == 2
        with pytest.raises(LeaseLost):
            await w.chunk(job.id, "worker-a", 2)
        assert await runner.run_once() is True  # given back: taken at once, not after the lease
        done = await w.view(job.id)
        assert done.status == "completed" and counts(done) == (5, 0, 0)
        assert await w.remaining() == set()

    scenario(database, 5, body)


def test_advance_racing_the_background_runner_processes_each_item_once(database: str) -> None:
    async def body(w: World) -> None:
        job = await w.delete_job()
        background = w.runner(chunk=1, idle_seconds=0.001)
        task = asyncio.create_task(background.run())
        try:
            advanced = 0
            while (await w.view(job.id)).status not in ("completed", "failed"):
                advanced += await w.runner(chunk=1).advance(job.id, 1) or 0
        finally:
            background.stop()
            await asyncio.wait_for(task, 10)
        done = await w.view(job.id)
        # A number deleted twice would show as a failed operation ("not found").
        assert done.status == "completed" and counts(done) == (30, 0, 0), counts(done)
        assert advanced <= 30 and await w.remaining() == set()

    scenario(database, 30, body)


def test_fail_ends_a_job_failing_what_is_pending(database: str) -> None:
    async def body(w: World) -> None:
        job = await w.delete_job()
        assert await w.claim("worker-a") == job.id
        assert await w.chunk(job.id, "worker-a", 2) is False
        runner = w.runner()
        w.at(START + timedelta(seconds=1))
        assert await runner.fail(job.id) is True
        with pytest.raises(LeaseLost):
            await w.chunk(job.id, "worker-a", 2)
        failed = await w.view(job.id)
        assert failed.status == "failed" and counts(failed) == (2, 3, 0)
        assert moment(failed.updated_at) == START + timedelta(seconds=1)
        for operation in failed.failed_operations:
            [error] = operation.errors
            assert (error["code"], error["title"]) == ("10007", "Unexpected error")
            assert "admin API" in error["detail"]
        assert len(await w.remaining()) == 3  # the failed numbers were left alone
        assert await runner.run_once() is False
        assert await runner.fail(job.id) is False  # already final
        assert await runner.advance(job.id) == 0

    scenario(database, 5, body)


def test_unknown_ids_are_reported_as_such(database: str) -> None:
    async def body(w: World) -> None:
        runner = w.runner()
        assert await runner.find(UNKNOWN) is None
        assert await runner.hold(UNKNOWN) is False
        assert await runner.release_hold(UNKNOWN) is False
        assert await runner.fail(UNKNOWN) is False
        assert await runner.advance(UNKNOWN, 5) is None
        job = await w.delete_job()
        found = await runner.find(job.id)  # any organisation's job, by id alone
        assert found is not None and found.org_id == w.who.org_id and found.kind == "delete_phone_numbers"

    scenario(database, 1, body)
