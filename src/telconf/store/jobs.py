"""Durable jobs: creation, reading, and the runner's claim / chunk / finish steps.

A job is claimed by one worker at a time through a lease (`lease_owner`, `lease_until`); on
PostgreSQL the claim skips rows another worker has locked (`FOR UPDATE SKIP LOCKED`). Each chunk
renews the lease, applies its numbers and records their outcomes in one transaction, so a crash
loses nothing and repeats nothing, and a worker whose lease was taken over cannot commit."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import msgspec

from .db import Executor, PostgresDatabase, SqliteDatabase
from .phone_numbers import bump

_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder()
ACTIVE = ("pending", "in_progress")
JOB_COLUMNS = "id, org_id, kind, status, parameters, customer_reference, created_at, updated_at, etc, item_count"


@dataclass
class Job:
    id: str
    org_id: int
    kind: str
    status: str
    parameters: dict[str, Any]
    customer_reference: str | None
    created_at: str
    updated_at: str
    etc: str
    item_count: int


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


@dataclass
class _Where:
    clauses: list[str] = field(default_factory=list)
    args: list[Any] = field(default_factory=list)


# One item's outcome: None on success, else Telnyx-shaped errors.
Outcome = list[dict[str, Any]] | None
# Applies a chunk of items inside the chunk's transaction, returning their outcomes in order.
Apply = Callable[[Executor, Job, list[JobItem], str], Awaitable[list[Outcome]]]


def _job(row: Sequence[Any]) -> Job:
    return Job(row[0], int(row[1]), row[2], row[3], _decoder.decode(row[4]), row[5], row[6], row[7], row[8],
               int(row[9]))  # fmt: skip


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
        async with self.db.transaction() as tx:
            if self.db.dialect == "postgres":
                # Serialise job creation per organisation so the active-job limit holds.
                await tx.execute("SELECT 1 FROM organizations WHERE id = ? FOR UPDATE", (job.org_id,))
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
                f"INSERT INTO jobs ({JOB_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (job.id, job.org_id, job.kind, job.status, _encoder.encode(job.parameters).decode(),
                 job.customer_reference, job.created_at, job.updated_at, job.etc, job.item_count),
            )  # fmt: skip
            await tx.executemany(
                "INSERT INTO job_items (job_id, position, org_id, given, phone_number_id, phone_number, state, errors) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(job.id, i.position, job.org_id, i.given, i.phone_number_id, i.phone_number, i.state,
                  _encoder.encode(i.errors).decode() if i.errors else None) for i in items],
            )  # fmt: skip
        return True

    async def pending_items(self) -> int:
        """Items waiting in every active job: what a new job queues behind (for its `etc`)."""
        row = await self.db.fetchone(
            "SELECT COUNT(*) FROM job_items i JOIN jobs j ON j.id = i.job_id "
            "WHERE j.status IN ('pending', 'in_progress') AND i.state = 'pending'"
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
        rows = await self.db.fetchall(
            "SELECT position, given, phone_number_id, phone_number, state, errors FROM job_items "
            "WHERE job_id = ? ORDER BY position",
            (job_id,),
        )
        return [_item(r) for r in rows]

    async def list_page(
        self, org_id: int, f: JobFilter, ascending: bool, offset: int, limit: int
    ) -> tuple[list[tuple[Job, list[JobItem]]], int]:
        w = _Where(["org_id = ?"], [org_id])
        if f.nothing:
            w.clauses.append("1 = 0")
        for column, values in (("kind", f.kinds), ("status", f.statuses)):
            if values:
                w.clauses.append(f"{column} IN ({','.join('?' * len(values))})")
                w.args.extend(values)
        if f.customer_reference is not None:
            w.clauses.append("customer_reference = ?")
            w.args.append(f.customer_reference)
        if f.created_after is not None:
            w.clauses.append("created_at >= ?")
            w.args.append(f.created_after)
        targets = []
        if f.numbers:
            targets.append(f"i.phone_number IN ({','.join('?' * len(f.numbers))})")
        if f.number_ids:
            targets.append(f"i.phone_number_id IN ({','.join('?' * len(f.number_ids))})")
        if targets:
            w.clauses.append(
                f"id IN (SELECT i.job_id FROM job_items i WHERE i.org_id = ? AND ({' OR '.join(targets)}))"
            )
            w.args.extend([org_id, *f.numbers, *f.number_ids])
        where = " AND ".join(w.clauses)
        count = await self.db.fetchone(f"SELECT COUNT(*) FROM jobs WHERE {where}", w.args)
        total = int(count[0]) if count else 0
        direction = "ASC" if ascending else "DESC"
        rows = await self.db.fetchall(
            f"SELECT {JOB_COLUMNS} FROM jobs WHERE {where} ORDER BY created_at {direction}, id {direction} "
            "LIMIT ? OFFSET ?",
            [*w.args, limit, offset],
        )
        jobs = [_job(r) for r in rows]
        return [(job, await self.items(job.id)) for job in jobs], total

    # -- the runner side ---------------------------------------------------------------------

    async def runnable(self, now: str) -> bool:
        """A cheap read before trying to claim: is any job waiting or abandoned?"""
        row = await self.db.fetchone(
            "SELECT 1 FROM jobs WHERE status IN ('pending', 'in_progress') "
            "AND (lease_until IS NULL OR lease_until < ?) LIMIT 1",
            (now,),
        )
        return row is not None

    async def expire(self, now: str) -> int:
        """Jobs still unfinished at their `etc` and held by no live worker become `expired`."""
        return await self.db.execute(
            "UPDATE jobs SET status = 'expired', lease_owner = NULL, lease_until = NULL, updated_at = ? "
            "WHERE status IN ('pending', 'in_progress') AND etc < ? AND (lease_until IS NULL OR lease_until < ?)",
            (now, now, now),
        )

    async def claim(self, owner: str, now: str, lease_until: str) -> Job | None:
        """Take the oldest job that is waiting, or whose holder's lease has lapsed."""
        async with self.db.transaction() as tx:
            row = await tx.fetchone(
                "SELECT id FROM jobs WHERE status IN ('pending', 'in_progress') "
                f"AND (lease_until IS NULL OR lease_until < ?) ORDER BY created_at, id LIMIT 1{self._skip_locked}",
                (now,),
            )
            if row is None:
                return None
            await tx.execute(
                "UPDATE jobs SET status = 'in_progress', lease_owner = ?, lease_until = ?, updated_at = ? WHERE id = ?",
                (owner, lease_until, now, row[0]),
            )
            claimed = await tx.fetchone(f"SELECT {JOB_COLUMNS} FROM jobs WHERE id = ?", (row[0],))
            return _job(claimed) if claimed else None

    async def run_chunk(self, job: Job, owner: str, apply: Apply, now: str, lease_until: str, size: int) -> bool:
        """Apply up to `size` pending items and record their outcomes, all in one transaction.
        True when the job is finished. Raises LeaseLost if another worker holds the job now."""
        async with self.db.transaction() as tx:
            held = await tx.execute(
                "UPDATE jobs SET lease_until = ?, updated_at = ? WHERE id = ? AND lease_owner = ? "
                "AND status = 'in_progress'",
                (lease_until, now, job.id, owner),
            )
            if not held:
                raise LeaseLost(job.id)
            rows = await tx.fetchall(
                "SELECT position, given, phone_number_id, phone_number, state, errors FROM job_items "
                "WHERE job_id = ? AND state = 'pending' ORDER BY position LIMIT ?",
                (job.id, size),
            )
            items = [_item(r) for r in rows]
            outcomes = [
                ("failed" if errors else "success", _encoder.encode(errors).decode() if errors else None, job.id,
                 item.position)
                for item, errors in zip(items, await apply(tx, job, items, now) if items else [], strict=True)
            ]  # fmt: skip
            if outcomes:
                await tx.executemany(
                    "UPDATE job_items SET state = ?, errors = ? WHERE job_id = ? AND position = ?", outcomes
                )
                # The numbers changed: retire the organisation's cached list pages, once per chunk
                # and last, so the organisation's row is locked only briefly.
                await bump(tx, job.org_id)
            if len(rows) == size:
                return False
            row = await tx.fetchone("SELECT COUNT(*) FROM job_items WHERE job_id = ? AND state = 'success'", (job.id,))
            succeeded = int(row[0]) if row else 0
            status = "completed" if succeeded or not job.item_count else "failed"
            await tx.execute(
                "UPDATE jobs SET status = ?, lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ?",
                (status, now, job.id),
            )
            return True

    async def release(self, job_id: str, owner: str) -> None:
        """Give a job back (on shutdown) so another worker can take it at once."""
        await self.db.execute(
            "UPDATE jobs SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?", (job_id, owner)
        )


class LeaseLost(Exception):
    """Another worker took the job over (this one stalled past its lease)."""
