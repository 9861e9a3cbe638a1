"""The job runner in process, on a fresh SQLite file and a fresh PostgreSQL database, with a frozen
clock moved by hand: expiry at `etc`, leases (taken over when they lapse, never cut off while live),
release on stop, per-number failures (a number or a messaging profile deleted while the job waited),
and the 90-day window of filter[customer_reference]."""

from __future__ import annotations

import asyncio
import io
import json
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from telconf.api import job_handlers
from telconf.clock import FrozenClock, iso
from telconf.ids import Ids
from telconf.principal import Principal
from telconf.resources.messaging_numbers_bulk_updates.models import BulkUpdate
from telconf.resources.messaging_numbers_bulk_updates.service import MessagingNumbersBulkUpdates
from telconf.resources.phone_numbers.jobs.models import DeleteBatch, PhoneNumbersJob, UpdateBatch
from telconf.resources.phone_numbers.jobs.service import PhoneNumberJobs
from telconf.seed.loader import load_seed
from telconf.store import Store
from telconf.store.jobs import Apply, JobFilter, LeaseLost
from telconf.worker.policy import JobQueue
from telconf.worker.runner import JobRunner

from ..support import create_database, drop_database, engines

START = datetime(2031, 3, 1, 12, 0, 0, tzinfo=UTC)
LEASE = timedelta(seconds=15)


@pytest.fixture(params=engines())
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    url = create_database(request.param, tmp_path)
    yield url
    drop_database(url)


@dataclass
class World:
    store: Store
    clock: FrozenClock
    who: Principal
    numbers: list[dict[str, Any]]
    jobs: PhoneNumberJobs

    @property
    def handlers(self) -> dict[str, Apply]:
        return job_handlers(self.store)

    def runner(self, **options: Any) -> JobRunner:
        return JobRunner(self.store.jobs, self.handlers, self.clock, Ids(), **options)

    def at(self, moment: datetime) -> None:
        self.clock.moment = moment

    async def view(self, job_id: str) -> PhoneNumbersJob:
        return await self.jobs.retrieve(self.who, job_id)

    async def delete_job(self, count: int | None = None) -> PhoneNumbersJob:
        targets = self.numbers if count is None else self.numbers[:count]
        return await self.jobs.delete_batch(self.who, DeleteBatch(phone_numbers=[n["id"] for n in targets]))

    async def remaining(self) -> set[str]:
        """Ids of the organisation's numbers that still exist."""
        found = await self.store.phone_numbers.resolve(self.who.org_id, [n["id"] for n in self.numbers])
        return set(found)

    async def chunk(self, job_id: str, owner: str, size: int) -> bool:
        """One chunk of work by `owner`, as a runner would do it (the job must be claimed by it)."""
        row = await self.store.jobs.get(self.who.org_id, job_id, ("delete_phone_numbers", "update_phone_numbers"))
        assert row is not None
        job = row[0]
        now = self.clock.now()
        _, finished = await self.store.jobs.run_chunk(
            job, owner, self.handlers[job.kind], iso(now), iso(now + LEASE), size
        )
        return finished

    async def claim(self, owner: str) -> str:
        now = self.clock.now()
        job = await self.store.jobs.claim(owner, iso(now), iso(now + LEASE))
        assert job is not None
        return job.id


def scenario(url: str, count: int, body: Callable[[World], Awaitable[None]], **collections: Any) -> None:
    """Run `body` against a store holding one organisation with `count` numbers (and `collections`)."""

    async def main() -> None:
        store = await Store.open(url)
        try:
            name = f"org-{uuid.uuid4().hex[:8]}"
            base = 7 * 10**18 + uuid.uuid4().int % 10**9 * 1000
            numbers = [{"id": str(base + i), "phone_number": f"+1{3_000_000_000 + base % 10**9 + i}"}
                       for i in range(count)]  # fmt: skip
            seed = {"organizations": [{"name": name, "api_keys": [{"key": f"KEY{uuid.uuid4().hex}"}],
                                       "phone_numbers": numbers, **collections}]}  # fmt: skip
            await load_seed(store, io.StringIO(json.dumps(seed)))
            org = await store.orgs.by_name(name)
            assert org is not None
            clock = FrozenClock(START)
            jobs = PhoneNumberJobs(store.phone_numbers, JobQueue(store.jobs, clock, Ids(), lambda: None))
            await body(World(store, clock, Principal(org.id, org.uuid, "read_write"), numbers, jobs))
        finally:
            await store.close()

    asyncio.run(main())


def moment(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_a_pending_job_expires_once_past_its_etc(database: str) -> None:
    async def body(w: World) -> None:
        job = await w.delete_job()
        etc = moment(job.etc)
        assert etc == START + timedelta(seconds=30) + timedelta(milliseconds=10) * 3
        w.at(etc + timedelta(milliseconds=1))
        runner = w.runner()
        assert await runner.run_once() is False  # expired, so there is nothing to run
        expired = await w.view(job.id)
        assert expired.status == "expired" and expired.updated_at == iso(w.clock.now())
        assert len(expired.pending_operations) == 3 and expired.successful_operations == []
        assert await w.remaining() == {n["id"] for n in w.numbers}  # nothing was applied
        w.at(etc + timedelta(minutes=5))
        assert await runner.run_once() is False
        assert (await w.view(job.id)).status == "expired"
        listed, total = await w.jobs.list_jobs(w.who, JobFilter(statuses=("expired",)), True, 0, 20)
        assert total == 1 and [j.id for j in listed] == [job.id]

    scenario(database, 3, body)


def test_a_job_reached_by_its_etc_still_runs(database: str) -> None:
    async def body(w: World) -> None:
        job = await w.delete_job()
        w.at(moment(job.etc))
        assert await w.runner().run_once() is True
        done = await w.view(job.id)
        assert done.status == "completed" and len(done.successful_operations) == 3
        assert await w.remaining() == set()

    scenario(database, 3, body)


def test_expired_jobs_no_longer_count_against_the_active_limit(database: str) -> None:
    async def body(w: World) -> None:
        for number in w.numbers[:20]:
            await w.jobs.delete_batch(w.who, DeleteBatch(phone_numbers=[number["id"]]))
        with pytest.raises(Exception, match="at most 20"):
            await w.jobs.delete_batch(w.who, DeleteBatch(phone_numbers=[w.numbers[20]["id"]]))
        w.at(START + timedelta(minutes=1))
        assert await w.runner().run_once() is False
        _, expired = await w.jobs.list_jobs(w.who, JobFilter(statuses=("expired",)), True, 0, 50)
        assert expired == 20
        job = await w.jobs.delete_batch(w.who, DeleteBatch(phone_numbers=[w.numbers[20]["id"]]))
        assert job.status == "pending"

    scenario(database, 21, body)


def test_a_job_held_under_a_live_lease_is_not_cut_off_at_its_etc(database: str) -> None:
    async def body(w: World) -> None:
        job = await w.delete_job()
        etc = moment(job.etc)
        w.at(etc - timedelta(seconds=1))
        assert await w.claim("worker-a") == job.id
        assert await w.chunk(job.id, "worker-a", 2) is False
        w.at(etc + timedelta(seconds=5))  # past etc, within worker-a's lease
        assert await w.runner().run_once() is False  # neither expired nor taken
        held = await w.view(job.id)
        assert held.status == "in_progress" and len(held.successful_operations) == 2
        while not await w.chunk(job.id, "worker-a", 2):
            pass
        done = await w.view(job.id)
        assert done.status == "completed" and len(done.successful_operations) == 5 and done.failed_operations == []

    scenario(database, 5, body)


def test_an_abandoned_job_is_taken_over_when_its_lease_lapses(database: str) -> None:
    async def body(w: World) -> None:
        job = await w.delete_job()
        assert await w.claim("worker-a") == job.id
        assert await w.chunk(job.id, "worker-a", 2) is False  # then worker-a stalls or dies
        successor = w.runner()
        w.at(START + LEASE - timedelta(milliseconds=1))
        assert await successor.run_once() is False  # the lease still holds
        assert len((await w.view(job.id)).successful_operations) == 2
        w.at(START + LEASE + timedelta(milliseconds=1))
        assert await successor.run_once() is True
        done = await w.view(job.id)
        # Every number deleted exactly once: a repeat would have failed as "not found".
        assert done.status == "completed" and len(done.successful_operations) == 5 and done.failed_operations == []
        assert await w.remaining() == set()
        # worker-a wakes up: it can no longer commit anything for the job.
        with pytest.raises(LeaseLost):
            await w.chunk(job.id, "worker-a", 2)
        await w.store.jobs.release(job.id, "worker-a")
        assert (await w.view(job.id)).status == "completed"

    scenario(database, 5, body)


def test_a_worker_that_lost_its_lease_commits_nothing(database: str) -> None:
    async def body(w: World) -> None:
        job = await w.delete_job()
        assert await w.claim("worker-a") == job.id
        w.at(START + LEASE + timedelta(seconds=1))
        assert await w.claim("worker-b") == job.id
        with pytest.raises(LeaseLost):
            await w.chunk(job.id, "worker-a", 2)
        assert await w.remaining() == {n["id"] for n in w.numbers}
        while not await w.chunk(job.id, "worker-b", 2):
            pass
        done = await w.view(job.id)
        assert len(done.successful_operations) == 5 and done.failed_operations == []

    scenario(database, 5, body)


def test_an_abandoned_job_past_its_etc_expires_keeping_its_progress(database: str) -> None:
    async def body(w: World) -> None:
        job = await w.delete_job()
        assert await w.claim("worker-a") == job.id
        assert await w.chunk(job.id, "worker-a", 2) is False
        w.at(moment(job.etc) + timedelta(milliseconds=1))  # past etc and past the lease
        assert await w.runner().run_once() is False
        expired = await w.view(job.id)
        assert expired.status == "expired"
        assert len(expired.successful_operations) == 2 and len(expired.pending_operations) == 3
        assert len(await w.remaining()) == 3

    scenario(database, 5, body)


def test_a_released_job_is_taken_at_once(database: str) -> None:
    async def body(w: World) -> None:
        job = await w.delete_job()
        assert await w.claim("worker-a") == job.id
        assert await w.chunk(job.id, "worker-a", 2) is False
        await w.store.jobs.release(job.id, "worker-a")
        assert await w.runner().run_once() is True  # no need to wait for the lease
        done = await w.view(job.id)
        assert done.status == "completed" and len(done.successful_operations) == 5 and done.failed_operations == []

    scenario(database, 5, body)


def test_stopping_finishes_the_chunk_and_hands_the_job_back(database: str) -> None:
    async def body(w: World) -> None:
        job = await w.delete_job()
        handlers = w.handlers
        stopping = JobRunner(w.store.jobs, {}, w.clock, Ids(), chunk=2)

        def stop_on_first(apply: Apply) -> Apply:
            async def wrapped(*args: Any) -> list[dict[str, Any]] | None:
                stopping.stop()  # as SIGTERM does, in the middle of a chunk
                return await apply(*args)

            return wrapped

        stopping.handlers = {kind: stop_on_first(apply) for kind, apply in handlers.items()}
        await asyncio.wait_for(stopping.run(), 10)
        released = await w.view(job.id)
        assert released.status == "in_progress"
        assert len(released.successful_operations) == 2 and len(released.pending_operations) == 3
        assert await w.runner().run_once() is True  # taken at once: the lease was released
        done = await w.view(job.id)
        assert done.status == "completed" and len(done.successful_operations) == 5 and done.failed_operations == []

    scenario(database, 5, body)


def test_a_number_deleted_after_the_job_was_created_fails_alone(database: str) -> None:
    async def body(w: World) -> None:
        job = await w.jobs.update_batch(
            w.who, UpdateBatch(phone_numbers=[n["id"] for n in w.numbers], external_pin="1234"), None
        )
        gone = w.numbers[1]
        assert await w.store.phone_numbers.delete(w.who.org_id, int(gone["id"])) not in (None, False)
        assert await w.runner().run_once() is True
        done = await w.view(job.id)
        assert done.status == "completed"
        assert sorted(op.id for op in done.successful_operations) == sorted(w.numbers[i]["id"] for i in (0, 2))
        [failed] = done.failed_operations
        assert (failed.id, failed.phone_number) == (gone["id"], gone["phone_number"])
        assert [(e["code"], e["title"]) for e in failed.errors] == [("10005", "Resource not found")]

    scenario(database, 3, body)


def test_jobs_are_taken_oldest_first(database: str) -> None:
    async def body(w: World) -> None:
        first = await w.delete_job(1)
        w.at(START + timedelta(milliseconds=5))
        second = await w.jobs.delete_batch(w.who, DeleteBatch(phone_numbers=[w.numbers[1]["id"]]))
        assert await w.claim("worker-a") == first.id
        assert await w.claim("worker-b") == second.id  # the first is leased: the next one is taken

    scenario(database, 2, body)


def test_customer_reference_finds_jobs_of_the_last_ninety_days(database: str) -> None:
    async def body(w: World) -> None:
        job = await w.jobs.update_batch(
            w.who, UpdateBatch(phone_numbers=[w.numbers[0]["id"]], customer_reference="quarter"), None
        )
        assert await w.runner().run_once() is True
        by_reference = JobFilter(customer_reference="quarter")
        w.at(START + timedelta(days=89))
        assert [j.id for j in (await w.jobs.list_jobs(w.who, by_reference, False, 0, 20))[0]] == [job.id]
        w.at(START + timedelta(days=91))
        assert (await w.jobs.list_jobs(w.who, by_reference, False, 0, 20))[1] == 0
        assert [j.id for j in (await w.jobs.list_jobs(w.who, JobFilter(), False, 0, 20))[0]] == [job.id]

    scenario(database, 1, body)


def test_a_bulk_update_whose_profile_was_deleted_meanwhile_fails_its_numbers(database: str) -> None:
    profile = str(uuid.uuid4())

    async def body(w: World) -> None:
        queue = JobQueue(w.store.jobs, w.clock, Ids(), lambda: None)
        updates = MessagingNumbersBulkUpdates(w.store.phone_numbers, w.store.messaging_profiles, queue)
        numbers = [n["phone_number"] for n in w.numbers]
        order = await updates.create(w.who, BulkUpdate(messaging_profile_id=profile, numbers=numbers))
        assert sorted(order.pending) == sorted(numbers)
        # Nothing uses the profile yet, so it can be deleted while the order waits.
        assert await w.store.messaging_profiles.delete(w.who.org_id, profile) is not None
        assert await w.runner().run_once() is True
        done = await updates.retrieve(w.who, order.order_id)
        assert done.pending == [] and done.success == [] and sorted(done.failed) == sorted(numbers)
        for number in w.numbers:
            row = await w.store.phone_numbers.get(w.who.org_id, int(number["id"]))
            assert row is not None and row.messaging_profile_id is None
        failures = [e for item in await w.store.jobs.items(order.order_id) for e in item.errors or []]
        assert [(e["code"], e["source"]) for e in failures] == [("10017", {"pointer": "/messaging_profile_id"})] * 2

    scenario(
        database, 2, body, messaging_profiles=[{"id": profile, "name": "Gone", "whitelisted_destinations": ["US"]}]
    )
