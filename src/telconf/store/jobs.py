"""Durable jobs: creation, reading, the runner's claim / chunk / finish steps, and the admin
controls (hold, release, take for an advance, fail), which are keyed by job id alone.

A job is claimed by one worker at a time through a lease (`lease_owner`, `lease_until`); on
PostgreSQL the claim skips rows another worker has locked (`FOR UPDATE SKIP LOCKED`). Each chunk
renews the lease, applies its numbers and records their outcomes in one transaction, so a crash
loses nothing and repeats nothing, and a worker whose lease was taken over cannot commit. Every
writer of a job locks its `jobs` row first (the chunk's lease renewal, a hold, a fail, a take), so
they queue behind each other in that order and never deadlock.

A held job (`held`) or one whose `not_before` lies ahead is neither claimed nor expired: holding
stops the clock on `etc` as far as expiry is concerned (releasing moves `etc` on if it has passed)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import msgspec

from ..enums import JobStatus
from .db import Executor, PostgresDatabase, SqliteDatabase, retrying
from .sql import Where

_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder()
ACTIVE = ("pending", "in_progress")
JOB_CREATION_LOCK = 7315002  # pg_advisory_xact_lock(JOB_CREATION_LOCK, organisation): see create()
JOB_COLUMNS = (
    "id, org_id, kind, status, parameters, customer_reference, created_at, updated_at, etc, item_count, held, "
    "not_before"
)
ITEM_COLUMNS = "position, given, phone_number_id, phone_number, state, errors"
# Unfinished, not held, and held by no live lease; RUNNABLE is also no longer kept back (`now`
# bound twice: not_before, then lease_until); RUNNABLE_OR_LATE may instead be past its `etc`, which
# `expire` ends (`now` bound three times).
_FREE = "status IN ('pending', 'in_progress') AND held = FALSE AND {when} AND (lease_until IS NULL OR lease_until < ?)"
RUNNABLE = _FREE.format(when="(not_before IS NULL OR not_before <= ?)")
RUNNABLE_OR_LATE = _FREE.format(when="(not_before IS NULL OR not_before <= ? OR etc < ?)")


@dataclass
class Job:
    id: str
    org_id: int
    kind: str
    status: JobStatus
    parameters: dict[str, Any]
    customer_reference: str | None
    created_at: str
    updated_at: str
    etc: str
    item_count: int
    held: bool = False  # kept back until released (admin `hold`, policy `manual`)
    not_before: str | None = None  # not claimed before this moment (policy `after_seconds`)


@dataclass
class JobItem:
    position: int
    given: str
    phone_number_id: int | None
    phone_number: str | None
    state: str = "pending"
    errors: list[dict[str, Any]] | None = None


@dataclass(frozen=True)
class JobFilter:
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()  # E.164 numbers
    number_ids: tuple[int, ...] = ()
    customer_reference: str | None = None
    created_after: str | None = None
    nothing: bool = False  # e.g. only malformed number filters: no job can match


# One item's outcome: None on success, else Telnyx-shaped errors.
Outcome = list[dict[str, Any]] | None
# Applies a chunk of items inside the chunk's transaction, returning their outcomes in order.
Apply = Callable[[Executor, Job, list[JobItem], str], Awaitable[list[Outcome]]]


def _job(row: Sequence[Any]) -> Job:
    return Job(row[0], int(row[1]), row[2], row[3], _decoder.decode(row[4]), row[5], row[6], row[7], row[8],
               int(row[9]), bool(row[10]), row[11])  # fmt: skip


def _item(row: Sequence[Any]) -> JobItem:
    return JobItem(int(row[0]), row[1], int(row[2]) if row[2] is not None else None, row[3], row[4],
                   _decoder.decode(row[5]) if row[5] else None)  # fmt: skip


class JobStore:
    def __init__(self, db: SqliteDatabase | PostgresDatabase) -> None:
        self.db = db
        self._skip_locked = " FOR UPDATE SKIP LOCKED" if db.dialect == "postgres" else ""

    # -- the API side ------------------------------------------------------------------------

    async def create(self, job: Job, items: Sequence[JobItem], limit: tuple[tuple[str, ...], int] | None) -> bool:
        """Store a job and its items at once; False (nothing stored) when the organisation already
        has `limit[1]` active jobs of the kinds `limit[0]`."""
        return await retrying(lambda: self._create(job, items, limit))

    async def _create(self, job: Job, items: Sequence[JobItem], limit: tuple[tuple[str, ...], int] | None) -> bool:
        async with self.db.transaction() as tx:
            if self.db.dialect == "postgres":
                # Serialise job creation per organisation so the active-job limit holds. An advisory
                # lock, not a row lock on the organisation: `FOR UPDATE` there conflicted with the
                # `FOR KEY SHARE` other writers' foreign-key checks take on that row while the
                # data-version bumps updated it (they no longer exist), and PostgreSQL found
                # deadlocks between job creation and the runner. Job creation alone takes it.
                await tx.execute("SELECT pg_advisory_xact_lock(?, ?::integer)", (JOB_CREATION_LOCK, job.org_id % 2**31))
            if limit is not None:
                kinds, most = limit
                row = await tx.fetchone(
                    f"SELECT COUNT(*) FROM jobs WHERE org_id = ? AND status IN ('pending', 'in_progress') "
                    f"AND kind IN ({','.join('?' * len(kinds))})",
                    (job.org_id, *kinds),
                )
                if row and int(row[0]) >= most:
                    return False
            await tx.execute(
                f"INSERT INTO jobs ({JOB_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (job.id, job.org_id, job.kind, job.status, _encoder.encode(job.parameters).decode(),
                 job.customer_reference, job.created_at, job.updated_at, job.etc, job.item_count, job.held,
                 job.not_before),
            )  # fmt: skip
            await tx.executemany(
                "INSERT INTO job_items (job_id, position, org_id, given, phone_number_id, phone_number, state, errors) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(job.id, i.position, job.org_id, i.given, i.phone_number_id, i.phone_number, i.state,
                  _encoder.encode(i.errors).decode() if i.errors else None) for i in items],
            )  # fmt: skip
        return True

    async def pending_items(self, org_id: int) -> int:
        """Items waiting in the organisation's active jobs: what a new job is estimated to queue
        behind (for its `etc`). Only its own: counting every organisation's queue would let one
        organisation watch another's work through `etc`."""
        row = await self.db.fetchone(
            "SELECT COUNT(*) FROM job_items i JOIN jobs j ON j.id = i.job_id "
            "WHERE j.org_id = ? AND j.status IN ('pending', 'in_progress') AND i.state = 'pending'",
            (org_id,),
        )
        return int(row[0]) if row else 0

    async def get(self, org_id: int, job_id: str, kinds: Sequence[str]) -> tuple[Job, list[JobItem]] | None:
        row = await self.db.fetchone(
            f"SELECT {JOB_COLUMNS} FROM jobs WHERE org_id = ? AND id = ? AND kind IN ({','.join('?' * len(kinds))})",
            (org_id, job_id, *kinds),
        )
        if row is None:
            return None
        job = _job(row)
        return job, await self.items(job.id)

    async def items(self, job_id: str) -> list[JobItem]:
        rows = await self.db.fetchall(f"SELECT {ITEM_COLUMNS} FROM job_items WHERE job_id = ? ORDER BY position",
                                      (job_id,))  # fmt: skip
        return [_item(r) for r in rows]

    async def find(self, job_id: str) -> Job | None:
        """Any organisation's job of any kind, by its (global) id: for the admin API."""
        row = await self.db.fetchone(f"SELECT {JOB_COLUMNS} FROM jobs WHERE id = ?", (job_id,))
        return _job(row) if row else None

    async def list_page(
        self, org_id: int, f: JobFilter, ascending: bool, offset: int, limit: int
    ) -> tuple[list[tuple[Job, list[JobItem]]], int]:
        w = Where().add("org_id = ?", org_id)
        if f.nothing:
            w.add("1 = 0")
        for column, values in (("kind", f.kinds), ("status", f.statuses)):
            if values:
                w.add(f"{column} IN ({','.join('?' * len(values))})", *values)
        if f.customer_reference is not None:
            w.add("customer_reference = ?", f.customer_reference)
        if f.created_after is not None:
            w.add("created_at >= ?", f.created_after)
        targets = []
        if f.numbers:
            targets.append(f"i.phone_number IN ({','.join('?' * len(f.numbers))})")
        if f.number_ids:
            targets.append(f"i.phone_number_id IN ({','.join('?' * len(f.number_ids))})")
        if targets:
            w.add(
                f"id IN (SELECT i.job_id FROM job_items i WHERE i.org_id = ? AND ({' OR '.join(targets)}))",
                org_id, *f.numbers, *f.number_ids,
            )  # fmt: skip
        where = w.sql()
        count = await self.db.read_one(f"SELECT COUNT(*) FROM jobs WHERE {where}", w.args)
        total = int(count[0]) if count else 0
        if offset >= total:  # past the end (an offset beyond int64 could not even be sent)
            return [], total
        direction = "ASC" if ascending else "DESC"
        rows = await self.db.read_all(
            f"SELECT {JOB_COLUMNS} FROM jobs WHERE {where} ORDER BY created_at {direction}, id {direction} "
            "LIMIT ? OFFSET ?",
            [*w.args, limit, offset],
        )
        jobs = [_job(r) for r in rows]
        return [(job, items) for job, items in zip(jobs, await self._items_of(jobs), strict=True)], total

    async def _items_of(self, jobs: Sequence[Job]) -> list[list[JobItem]]:
        """The items of a page of jobs in one query (not one per job)."""
        if not jobs:
            return []
        marks = ",".join("?" * len(jobs))
        rows = await self.db.read_all(
            f"SELECT job_id, {ITEM_COLUMNS} FROM job_items WHERE job_id IN ({marks}) ORDER BY job_id, position",
            [job.id for job in jobs],
        )
        by_job: dict[str, list[JobItem]] = {job.id: [] for job in jobs}
        for row in rows:
            by_job[row[0]].append(_item(row[1:]))
        return [by_job[job.id] for job in jobs]

    # -- the runner side ---------------------------------------------------------------------

    async def waiting(self, now: str) -> bool:
        """A cheap read before expiring and claiming (the runner's one look while idle): is any job
        runnable (waiting, or abandoned) or past its `etc`?"""
        row = await self.db.fetchone(f"SELECT 1 FROM jobs WHERE {RUNNABLE_OR_LATE} LIMIT 1", (now, now, now))
        return row is not None

    async def expire(self, now: str) -> int:
        """Jobs still unfinished at their `etc`, not held and held by no live worker's lease become
        `expired`."""
        return await self.db.execute(
            "UPDATE jobs SET status = 'expired', lease_owner = NULL, lease_until = NULL, updated_at = ? "
            "WHERE status IN ('pending', 'in_progress') AND held = FALSE AND etc < ? "
            "AND (lease_until IS NULL OR lease_until < ?)",
            (now, now, now),
        )

    async def claim(self, owner: str, now: str, lease_until: str) -> Job | None:
        """Take the oldest runnable job: waiting, or abandoned by a worker whose lease has lapsed."""
        return await retrying(lambda: self._claim(owner, now, lease_until))

    async def _claim(self, owner: str, now: str, lease_until: str) -> Job | None:
        async with self.db.transaction() as tx:
            row = await tx.fetchone(
                f"SELECT id FROM jobs WHERE {RUNNABLE} ORDER BY created_at, id LIMIT 1{self._skip_locked}", (now, now)
            )
            if row is None:
                return None
            await tx.execute(
                "UPDATE jobs SET status = 'in_progress', lease_owner = ?, lease_until = ?, updated_at = ? WHERE id = ?",
                (owner, lease_until, now, row[0]),
            )
            claimed = await tx.fetchone(f"SELECT {JOB_COLUMNS} FROM jobs WHERE id = ?", (row[0],))
            return _job(claimed) if claimed else None

    async def run_chunk(
        self, job: Job, owner: str, apply: Apply, now: str, lease_until: str, size: int
    ) -> tuple[int, bool]:
        """Apply up to `size` pending items and record their outcomes, all in one transaction; the
        job is finished in it too once nothing is left pending. Returns (items processed, finished).
        Raises LeaseLost if the job is no longer this owner's (taken over, held, failed). A chunk
        that PostgreSQL aborted (deadlock victim, serialization failure) rolled back whole and runs
        again."""
        return await retrying(lambda: self._run_chunk(job, owner, apply, now, lease_until, size))

    async def _run_chunk(
        self, job: Job, owner: str, apply: Apply, now: str, lease_until: str, size: int
    ) -> tuple[int, bool]:
        async with self.db.transaction() as tx:
            held = await tx.execute(
                "UPDATE jobs SET lease_until = ?, updated_at = ? WHERE id = ? AND lease_owner = ? "
                "AND status = 'in_progress'",
                (lease_until, now, job.id, owner),
            )
            if not held:
                raise LeaseLost(job.id)
            # One row more than the chunk tells whether anything is left after it.
            rows = await tx.fetchall(
                f"SELECT {ITEM_COLUMNS} FROM job_items WHERE job_id = ? AND state = 'pending' "
                "ORDER BY position LIMIT ?",
                (job.id, size + 1),
            )
            items = [_item(r) for r in rows[:size]]
            if items:
                await self._record(tx, job.id, items, await apply(tx, job, items, now))
            if len(rows) > size:
                return len(items), False
            await self._finish(tx, job, now)
            return len(items), True

    async def _record(self, tx: Executor, job_id: str, items: list[JobItem], outcomes: list[Outcome]) -> None:
        """Store a chunk's outcomes: the successes with one statement, the failures one by one (each
        has its own errors). A statement per item cost more than the numbers' own UPDATE."""
        succeeded = []
        failed = []
        for item, errors in zip(items, outcomes, strict=True):
            if errors:
                failed.append((_encoder.encode(errors).decode(), job_id, item.position))
            else:
                succeeded.append(item.position)
        if succeeded:
            await tx.execute(
                "UPDATE job_items SET state = 'success', errors = NULL WHERE job_id = ? "
                f"AND position IN ({','.join('?' * len(succeeded))})",
                (job_id, *succeeded),
            )
        if failed:
            await tx.executemany(
                "UPDATE job_items SET state = 'failed', errors = ? WHERE job_id = ? AND position = ?", failed
            )

    async def _finish(self, tx: Executor, job: Job, now: str) -> None:
        row = await tx.fetchone("SELECT COUNT(*) FROM job_items WHERE job_id = ? AND state = 'success'", (job.id,))
        succeeded = int(row[0]) if row else 0
        status = "completed" if succeeded or not job.item_count else "failed"
        await tx.execute(
            "UPDATE jobs SET status = ?, lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ?",
            (status, now, job.id),
        )

    async def release(self, job_id: str, owner: str) -> None:
        """Give a job back (on shutdown) so another worker can take it at once."""
        await self.db.execute(
            "UPDATE jobs SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?", (job_id, owner)
        )

    # -- admin controls, by job id across organisations ---------------------------------------

    async def hold(self, job_id: str) -> bool:
        """Keep an active job back. Its lease is cleared, so a worker inside a chunk of it finishes
        that chunk (it holds the row lock this waits for) and then stops. False if unknown or final."""
        return bool(
            await self.db.execute(
                "UPDATE jobs SET held = TRUE, lease_owner = NULL, lease_until = NULL "
                "WHERE id = ? AND status IN ('pending', 'in_progress')",
                (job_id,),
            )
        )

    async def release_hold(self, job_id: str, etc_floor: str) -> bool:
        """Let a held job run again; an `etc` that passed while it was held moves to `etc_floor`,
        so the job is not expired the moment it is released. False if unknown or final."""
        return bool(
            await self.db.execute(
                "UPDATE jobs SET held = FALSE, etc = CASE WHEN etc < ? THEN ? ELSE etc END "
                "WHERE id = ? AND status IN ('pending', 'in_progress')",
                (etc_floor, etc_floor, job_id),
            )
        )

    async def pending_count(self, job_id: str) -> int:
        row = await self.db.fetchone("SELECT COUNT(*) FROM job_items WHERE job_id = ? AND state = 'pending'",
                                     (job_id,))  # fmt: skip
        return int(row[0]) if row else 0

    async def take(self, job_id: str, owner: str, now: str, lease_until: str) -> Job | None:
        """Lease an active job to `owner` whatever its hold, delay or current lease (an admin
        advance). A worker inside a chunk of it commits that chunk first (this waits for its row
        lock) and loses the job at its next one. None if unknown or final."""
        async with self.db.transaction() as tx:
            taken = await tx.execute(
                "UPDATE jobs SET status = 'in_progress', lease_owner = ?, lease_until = ?, updated_at = ? "
                "WHERE id = ? AND status IN ('pending', 'in_progress')",
                (owner, lease_until, now, job_id),
            )
            row = await tx.fetchone(f"SELECT {JOB_COLUMNS} FROM jobs WHERE id = ?", (job_id,)) if taken else None
            return _job(row) if row else None

    async def fail(self, job_id: str, now: str, errors: list[dict[str, Any]]) -> bool:
        """End an active job as `failed`: every pending item fails with `errors`, items already done
        keep their outcome. A worker inside a chunk of it commits first, then loses the job."""
        async with self.db.transaction() as tx:
            ended = await tx.execute(
                "UPDATE jobs SET status = 'failed', held = FALSE, lease_owner = NULL, lease_until = NULL, "
                "updated_at = ? WHERE id = ? AND status IN ('pending', 'in_progress')",
                (now, job_id),
            )
            if not ended:
                return False
            await tx.execute(
                "UPDATE job_items SET state = 'failed', errors = ? WHERE job_id = ? AND state = 'pending'",
                (_encoder.encode(errors).decode(), job_id),
            )
            return True


class LeaseLost(Exception):
    """Another worker took the job over (this one stalled past its lease)."""
