"""Steppable jobs: the job policy and hold / release / advance / fail, seen by the SDK's polling."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import telnyx

from telconf.admin.client import AdminError
from telconf.demo import PROFILE_ID
from telconf.testing.server import TelconfServer, start_telconf

from ..support import create_database, drop_database, engines


def unlocked_numbers(client: Any, count: int) -> list[Any]:
    numbers = [n for n in client.phone_numbers.list(page_size=100).data if not n.deletion_lock_enabled]
    return numbers[:count]


def start_update(client: Any, count: int, tag: str) -> tuple[str, list[Any]]:
    numbers = unlocked_numbers(client, count)
    job = client.phone_numbers.jobs.update_batch(phone_numbers=[n.id for n in numbers], tags=[tag]).data
    return job.id, numbers


def wait_status(client: Any, job_id: str, status: str, seconds: float = 10) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        job = client.phone_numbers.jobs.retrieve(job_id).data
        if job.status == status:
            return job
        assert time.monotonic() < deadline, f"job stayed {job.status}"
        time.sleep(0.05)  # noqa: TID251 (polls a job's status in the server process)


def runner_has_looked(server: TelconfServer, client: Any) -> None:
    """Waits (no fixed pause) until the job runner has looked at every job created so far:
    it claims the oldest runnable job first and was woken by each creation, so once a job created
    now under the immediate policy has completed, any earlier job it could run would have run.
    The sentinel job tags a number of its own; the policy is put back as it was."""
    before = server.admin.job_policy()
    server.admin.set_job_policy("immediate")
    spare = unlocked_numbers(client, 100)[-1]
    sentinel = client.phone_numbers.jobs.update_batch(phone_numbers=[spare.id], tags=["sentinel"]).data
    wait_status(client, sentinel.id, "completed")
    server.admin.set_job_policy(before["policy"], before["seconds"] or 0)


def test_manual_jobs_wait_and_advance_step_by_step(telconf_server: TelconfServer, telnyx_client: Any) -> None:
    assert telconf_server.admin.set_job_policy("manual")["policy"] == "manual"
    job_id, numbers = start_update(telnyx_client, 5, "stepped")
    runner_has_looked(telconf_server, telnyx_client)  # a manual job must not have moved
    waiting = telnyx_client.phone_numbers.jobs.retrieve(job_id).data
    assert waiting.status == "pending" and len(waiting.pending_operations) == 5
    assert telconf_server.admin.job_policy()["policy"] == "manual"

    stepped = telconf_server.admin.advance_job(job_id, 2)
    assert stepped["processed"] == 2 and stepped["held"] is True
    midway = telnyx_client.phone_numbers.jobs.retrieve(job_id).data
    assert midway.status == "in_progress"
    assert len(midway.successful_operations) == 2 and len(midway.pending_operations) == 3

    assert telconf_server.admin.advance_job(job_id)["processed"] == 3
    done = telnyx_client.phone_numbers.jobs.retrieve(job_id).data
    assert done.status == "completed" and len(done.successful_operations) == 5
    assert all(telnyx_client.phone_numbers.retrieve(n.id).data.tags == ["stepped"] for n in numbers)


def test_release_lets_the_runner_finish_a_held_job(telconf_server: TelconfServer, telnyx_client: Any) -> None:
    telconf_server.admin.set_job_policy("manual")
    job_id, _ = start_update(telnyx_client, 3, "released")
    assert telconf_server.admin.release_job(job_id)["held"] is False
    assert len(wait_status(telnyx_client, job_id, "completed").successful_operations) == 3


def test_hold_keeps_a_job_from_running(telconf_server: TelconfServer, telnyx_client: Any) -> None:
    telconf_server.admin.set_job_policy("manual")
    job_id, _ = start_update(telnyx_client, 2, "held")
    telconf_server.admin.release_job(job_id)
    telconf_server.admin.set_job_policy("immediate")
    wait_status(telnyx_client, job_id, "completed")
    with pytest.raises(AdminError, match="422"):
        telconf_server.admin.hold_job(job_id)  # finished jobs cannot be held

    telconf_server.admin.set_job_policy("after_seconds", 3600)
    later_id, _ = start_update(telnyx_client, 2, "later")
    assert telconf_server.admin.hold_job(later_id)["held"] is True
    runner_has_looked(telconf_server, telnyx_client)
    assert telnyx_client.phone_numbers.jobs.retrieve(later_id).data.status == "pending"


def test_fail_ends_a_job_with_errors_on_every_pending_number(telconf_server: TelconfServer, telnyx_client: Any) -> None:
    telconf_server.admin.set_job_policy("manual")
    job_id, numbers = start_update(telnyx_client, 3, "never")
    telconf_server.admin.advance_job(job_id, 1)
    assert telconf_server.admin.fail_job(job_id)["status"] == "failed"
    failed = telnyx_client.phone_numbers.jobs.retrieve(job_id).data
    assert failed.status == "failed" and len(failed.successful_operations) == 1
    assert len(failed.failed_operations) == 2 and failed.pending_operations == []
    error = failed.failed_operations[0].errors[0]
    assert error.code == "10007" and "admin" in (error.detail or "")
    untouched = [telnyx_client.phone_numbers.retrieve(n.id).data.tags for n in numbers[1:]]
    assert ["never"] not in untouched


def test_after_seconds_follows_the_servers_clock(telconf_server: TelconfServer, telnyx_client: Any) -> None:
    telconf_server.admin.freeze_clock("2030-05-05T12:00:00Z")
    telconf_server.admin.set_job_policy("after_seconds", 120)
    job_id, _ = start_update(telnyx_client, 2, "delayed")
    pending = telnyx_client.phone_numbers.jobs.retrieve(job_id).data
    assert pending.status == "pending" and pending.etc is not None
    assert pending.etc.isoformat() >= "2030-05-05T12:02:00"  # the estimate counts from the delay
    runner_has_looked(telconf_server, telnyx_client)
    assert telnyx_client.phone_numbers.jobs.retrieve(job_id).data.status == "pending"
    telconf_server.admin.advance_clock(121)
    wait_status(telnyx_client, job_id, "completed")


def test_a_bulk_update_under_the_manual_policy(telconf_server: TelconfServer, telnyx_client: Any) -> None:
    telconf_server.admin.set_job_policy("manual")
    numbers = [n.phone_number for n in unlocked_numbers(telnyx_client, 3)]
    order = telnyx_client.messaging_numbers_bulk_updates.create(messaging_profile_id=PROFILE_ID, numbers=numbers).data
    assert sorted(order.pending) == sorted(numbers)
    telconf_server.admin.advance_job(order.order_id, 1)
    midway = telnyx_client.messaging_numbers_bulk_updates.retrieve(order.order_id).data
    assert len(midway.success) == 1 and len(midway.pending) == 2
    telconf_server.admin.advance_job(order.order_id)
    done = telnyx_client.messaging_numbers_bulk_updates.retrieve(order.order_id).data
    assert sorted(done.success) == sorted(numbers) and done.pending == []


def test_reset_restores_the_start_policy_and_unknown_jobs_are_404(
    telconf_server: TelconfServer, telnyx_client: Any
) -> None:
    telconf_server.admin.set_job_policy("manual")
    telconf_server.reset()
    assert telconf_server.admin.job_policy()["policy"] == "immediate"
    for call in ("hold_job", "release_job", "advance_job", "fail_job"):
        with pytest.raises(AdminError, match="404"):
            getattr(telconf_server.admin, call)("3fa85f64-5717-4562-b3fc-2c963f66afa6")
    with pytest.raises(AdminError, match="422"):
        telconf_server.admin.set_job_policy("sometimes")
    with pytest.raises(telnyx.NotFoundError):
        telnyx_client.phone_numbers.jobs.retrieve("3fa85f64-5717-4562-b3fc-2c963f66afa6")


@pytest.mark.parametrize("engine", engines())
def test_moving_the_clock_past_etc_expires_a_job_no_worker_took(engine: str, tmp_path: Path) -> None:
    url = create_database(engine, tmp_path)
    server = start_telconf(database_url=url, extra_args=("--no-worker",))
    try:
        client = server.client(max_retries=0)
        job_id, numbers = start_update(client, 2, "never-run")
        pending = client.phone_numbers.jobs.retrieve(job_id).data
        assert pending.status == "pending"
        server.admin.advance_clock(10)  # before its etc (30 s and more ahead): nothing happens
        assert client.phone_numbers.jobs.retrieve(job_id).data.status == "pending"
        server.admin.advance_clock(3600)
        expired = client.phone_numbers.jobs.retrieve(job_id).data
        assert expired.status == "expired" and len(expired.pending_operations) == 2
        assert client.phone_numbers.retrieve(numbers[0].id).data.tags != ["never-run"]
    finally:
        server.stop()
        drop_database(url)
