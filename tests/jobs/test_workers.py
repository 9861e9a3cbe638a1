"""`telconf worker` processes against one PostgreSQL database, next to `telconf serve --no-worker`:
two workers share a backlog, a worker killed mid-job is replaced once its lease lapses, a worker
stopped with SIGTERM finishes its chunk and hands its job back. Delete jobs make a repeat visible: a
number deleted twice would show as a failed operation ("not found").

The workers run unmodified. To act at a known point of a job, the test holds database locks
(`Gate`): a lock on the `jobs` table that a worker's first write waits on (so two workers start
together), or a row lock on one item of a job, so that a worker's second chunk stops before it can
commit, whatever the speed of the machine."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from ..support import POSTGRES_ENV, Org, Orgs, Server, create_database, drop_database, free_port

pytestmark = pytest.mark.skipif(not os.environ.get(POSTGRES_ENV), reason=f"{POSTGRES_ENV} is not set")

DEADLINE = 60.0
CHUNK = 100  # the runner's chunk size
OWNER = re.compile(r"telconf worker (worker-[0-9a-f-]+) processing jobs")
T = TypeVar("T")


@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def owner(self, timeout: float = 20.0) -> str:
        """The lease owner name the worker announces once it runs."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = OWNER.search(self.output())
            if found:
                return found.group(1)
            assert self.process.poll() is None, f"worker exited: {self.output()}"
            time.sleep(0.02)  # noqa: TID251 (polls a worker process's log)
        raise AssertionError(f"worker did not start: {self.output()}")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(15)


class Gate:
    """Direct database access for the test: reads, and the locks a worker waits on (the `jobs` table
    in EXCLUSIVE mode, which plain reads pass, or one job item's row)."""

    def __init__(self, url: str) -> None:
        import asyncpg

        self.loop = asyncio.new_event_loop()
        self.conn: Any = self.run(asyncpg.connect(url))
        self.watch: Any = self.run(asyncpg.connect(url))
        self.tx: Any = None

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(work)

    def close(self) -> None:
        self.run(self.conn.close())
        self.run(self.watch.close())
        self.loop.close()

    def shut(self) -> None:
        self.tx = self.conn.transaction()
        self.run(self.tx.start())
        self.run(self.conn.execute("LOCK TABLE jobs IN EXCLUSIVE MODE"))

    def open(self) -> None:
        self.run(self.tx.commit())
        self.tx = None

    def hold_item(self, job_id: str, position: int) -> None:
        """Lock one item of a job: the chunk holding it waits, uncommitted, until the gate opens."""
        self.tx = self.conn.transaction()
        self.run(self.tx.start())
        sql = "SELECT 1 FROM job_items WHERE job_id = $1 AND position = $2 FOR UPDATE"
        assert self.run(self.conn.fetch(sql, job_id, position))

    def waiting(self, count: int) -> None:
        """Until `count` sessions wait for a lock the gate holds."""
        sql = "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        deadline = time.monotonic() + DEADLINE
        while self.run(self.watch.fetchval(sql)) < count:
            assert time.monotonic() < deadline, "workers did not reach the gate"
            time.sleep(0.01)  # noqa: TID251 (polls pg_stat_activity for the workers' lock waits)

    def query(self, sql: str, *args: Any) -> list[Any]:
        return list(self.run(self.watch.fetch(sql, *args)))


@dataclass
class Cluster:
    server: Server
    workdir: Path
    gate: Gate
    workers: list[Worker] = field(default_factory=list)

    def worker(self) -> Worker:
        log = self.workdir / f"worker-{len(self.workers)}.log"
        process = subprocess.Popen(
            [sys.executable, "-m", "telconf", "worker", "--database", self.server.database_url],
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        started = Worker(process, log)
        self.workers.append(started)
        return started

    def job(self, org: Org, job_id: str) -> dict[str, Any]:
        """The job as GET /phone_numbers/jobs/{id} shows it."""
        response = httpx.get(
            f"{self.server.base_url}/phone_numbers/jobs/{job_id}", headers={"Authorization": f"Bearer {org.key}"}
        )
        assert response.status_code == 200, response.text
        return dict(response.json()["data"])

    def wait(self, org: Org, job_id: str, timeout: float = DEADLINE) -> dict[str, Any]:
        """Poll the job every 50 ms until it is final."""
        deadline = time.monotonic() + timeout
        while True:
            job = self.job(org, job_id)
            if job["status"] in ("completed", "failed", "expired"):
                return job
            assert time.monotonic() < deadline, f"job {job_id} still {job['status']}: {self.logs()}"
            time.sleep(0.05)  # noqa: TID251 (polls a job that worker processes run)

    def logs(self) -> str:
        return "\n".join(f"--- {w.log.name}\n{w.output()}" for w in self.workers)

    def delete_job(self, org: Org, numbers: list[dict[str, Any]]) -> str:
        client = self.server.client(org.key)
        job = client.phone_numbers.jobs.delete_batch(phone_numbers=[n["id"] for n in numbers]).data
        assert job is not None and job.status == "pending"
        return job.id

    def all_gone(self, org: Org) -> bool:
        page = self.server.client(org.key).phone_numbers.list(page_size=1)
        return page.meta is not None and page.meta.total_results == 0

    def outcomes(self, job_id: str | None = None) -> dict[str, int]:
        """Item states as stored, per state."""
        if job_id is None:
            rows = self.gate.query("SELECT state, COUNT(*) FROM job_items GROUP BY state")
        else:
            rows = self.gate.query("SELECT state, COUNT(*) FROM job_items WHERE job_id = $1 GROUP BY state", job_id)
        return {row[0]: int(row[1]) for row in rows}


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    url = create_database("postgres", tmp_path)
    server = Server("postgres", url, free_port())
    server.start("--no-worker")
    running = Cluster(server, tmp_path, Gate(url))
    try:
        yield running
    finally:
        for worker in running.workers:
            if worker.process.poll() is None:
                worker.process.kill()
                worker.process.wait(10)
        running.gate.close()
        server.stop()
        drop_database(url)


def count(job: dict[str, Any]) -> tuple[int, int, int]:
    """(successful, failed, pending) operations of a job."""
    return len(job["successful_operations"]), len(job["failed_operations"]), len(job["pending_operations"])


def test_two_workers_drain_a_backlog_each_number_once(cluster: Cluster) -> None:
    org = Orgs(cluster.server).make([{} for _ in range(20 * 50)])
    jobs = [cluster.delete_job(org, org.numbers[i * 50 : (i + 1) * 50]) for i in range(20)]
    # Both start behind the gate, so a slow start does not leave one of them nothing to do.
    cluster.gate.shut()
    first, second = cluster.worker(), cluster.worker()
    cluster.gate.waiting(2)
    owners = {first.owner(), second.owner()}
    assert len(owners) == 2
    cluster.gate.open()

    # A finished job keeps no trace of its worker, so watch the leases while the two drain the queue.
    held: dict[str, set[str]] = {job_id: set() for job_id in jobs}
    deadline = time.monotonic() + DEADLINE
    while True:
        rows = cluster.gate.query("SELECT id, status, lease_owner FROM jobs")
        for row in rows:
            if row["lease_owner"]:
                held[row["id"]].add(row["lease_owner"])
        if all(row["status"] in ("completed", "failed", "expired") for row in rows):
            break
        assert time.monotonic() < deadline, f"jobs not finished in {DEADLINE} s: {cluster.logs()}"
        time.sleep(0.002)  # noqa: TID251 (polls the leases worker processes hold)

    for job_id in jobs:
        job = cluster.job(org, job_id)
        assert job["status"] == "completed" and count(job) == (50, 0, 0), (job_id, count(job))
    assert cluster.all_gone(org)
    assert cluster.outcomes() == {"success": 1000}
    # Both did work, and no job changed hands (a lease is 15 s; nobody stalled).
    assert set().union(*held.values()) == owners, f"lease owners seen: {held}"
    assert all(len(who) <= 1 for who in held.values()), held
    assert "taken over" not in cluster.logs()
    for worker in (first, second):
        assert worker.stop() == 0
        assert "telconf worker stopped" in worker.output()


def test_a_killed_worker_is_replaced_once_its_lease_lapses(cluster: Cluster) -> None:
    org = Orgs(cluster.server).make([{} for _ in range(1000)])
    job_id = cluster.delete_job(org, org.numbers)
    cluster.gate.hold_item(job_id, CHUNK + CHUNK // 2)
    doomed = cluster.worker()
    doomed_owner = doomed.owner()
    cluster.gate.waiting(1)  # one chunk committed; the second is under way, waiting for the item
    os.kill(doomed.process.pid, signal.SIGKILL)
    doomed.process.wait(10)
    killed_at = time.monotonic()
    cluster.gate.open()
    # It died in the middle: the first chunk done, the second rolled back, the job still leased to it.
    stranded = cluster.job(org, job_id)
    assert stranded["status"] == "in_progress" and count(stranded) == (CHUNK, 0, 1000 - CHUNK)
    remaining = cluster.server.client(org.key).phone_numbers.list(page_size=1).meta
    assert remaining is not None and remaining.total_results == 1000 - CHUNK
    [(owner, lease_until)] = cluster.gate.query("SELECT lease_owner, lease_until FROM jobs WHERE id = $1", job_id)
    assert owner == doomed_owner

    successor = cluster.worker()
    finished = cluster.wait(org, job_id)
    assert finished["status"] == "completed" and count(finished) == (1000, 0, 0), count(finished)
    assert cluster.all_gone(org)
    assert cluster.outcomes(job_id) == {"success": 1000}
    # The successor took over only once the dead worker's lease had lapsed.
    assert finished["updated_at"] > lease_until
    assert time.monotonic() - killed_at > 5
    assert successor.stop() == 0


def test_sigterm_finishes_the_chunk_and_hands_the_job_back(cluster: Cluster) -> None:
    org = Orgs(cluster.server).make([{} for _ in range(1000)])
    job_id = cluster.delete_job(org, org.numbers)
    cluster.gate.hold_item(job_id, CHUNK + CHUNK // 2)
    leaving = cluster.worker()
    leaving.owner()
    cluster.gate.waiting(1)  # one chunk committed; the second is under way, waiting for the item
    leaving.process.send_signal(signal.SIGTERM)
    time.sleep(0.2)  # noqa: TID251 (SIGTERM's handling shows nothing to wait on)
    assert leaving.process.poll() is None  # it does not drop the chunk it is in
    cluster.gate.open()
    assert leaving.process.wait(15) == 0
    assert "telconf worker stopped" in leaving.output()
    handed_back = cluster.job(org, job_id)
    # The chunk under way was finished, not cut, and no other was started.
    assert handed_back["status"] == "in_progress" and count(handed_back) == (2 * CHUNK, 0, 1000 - 2 * CHUNK)
    assert cluster.gate.query("SELECT lease_owner, lease_until FROM jobs WHERE id = $1", job_id) == [(None, None)]

    started = time.monotonic()
    successor = cluster.worker()
    finished = cluster.wait(org, job_id)
    assert time.monotonic() - started < 10  # taken at once, not after the 15 s lease
    assert finished["status"] == "completed" and count(finished) == (1000, 0, 0), count(finished)
    assert cluster.all_gone(org)
    assert cluster.outcomes(job_id) == {"success": 1000}
    assert successor.stop() == 0
