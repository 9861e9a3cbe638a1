"""Polling and error reading shared by the batch-job and messaging bulk-update tests."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import telnyx
from telnyx.types.bulk_messaging_settings_update_phone_numbers import BulkMessagingSettingsUpdatePhoneNumbers
from telnyx.types.phone_numbers.numbers_phone_numbers_job import NumbersPhoneNumbersJob

from ...support import Orgs, Server, create_database, drop_database, free_port

POLL_SECONDS = 0.05
FINAL = ("completed", "failed", "expired")


def wait_for_job(client: telnyx.Telnyx, job_id: str, timeout: float = 30.0) -> NumbersPhoneNumbersJob:
    """Poll GET /phone_numbers/jobs/{id} every 50 ms until the job is final (or fail at the deadline)."""
    deadline = time.monotonic() + timeout
    while True:
        job = client.phone_numbers.jobs.retrieve(job_id).data
        assert job is not None
        if job.status in FINAL:
            return job
        assert time.monotonic() < deadline, f"job {job_id} is still {job.status} after {timeout} s"
        time.sleep(POLL_SECONDS)  # noqa: TID251 (polls a job the server process runs)


def wait_for_order(
    client: telnyx.Telnyx, order_id: str, timeout: float = 30.0
) -> BulkMessagingSettingsUpdatePhoneNumbers:
    """Poll GET /messaging_numbers_bulk_updates/{order_id} every 50 ms until nothing is pending."""
    deadline = time.monotonic() + timeout
    while True:
        order = client.messaging_numbers_bulk_updates.retrieve(order_id).data
        assert order is not None
        if not order.pending:
            return order
        assert time.monotonic() < deadline, f"order {order_id} still has {len(order.pending)} pending after {timeout} s"
        time.sleep(POLL_SECONDS)  # noqa: TID251 (polls an order the server process runs)


def runner_caught_up(server: Server) -> None:
    """Waits (no fixed pause) until the server's job runner has looked at everything queued so
    far: it claims the oldest runnable job first, so once a job queued now (for an organisation of
    its own) has completed, nothing queued before it can still be waiting to land."""
    org = Orgs(server).make([{}])
    client = server.client(org.key)
    sentinel = client.phone_numbers.jobs.update_batch(phone_numbers=[org.numbers[0]["id"]], external_pin="1").data
    assert sentinel is not None
    wait_for_job(client, sentinel.id)


def pairs(operations: Iterable[Any] | None) -> list[tuple[str | None, str | None]]:
    """(id, phone_number) of job operations, sorted, for order-free comparison."""
    return sorted(((op.id, op.phone_number) for op in operations or []), key=lambda p: (p[0] or "", p[1] or ""))


def targets(numbers: Iterable[dict[str, Any]]) -> list[tuple[str | None, str | None]]:
    """The (id, phone_number) pairs a job's operations should show for these seed records."""
    return sorted((n["id"], n["phone_number"]) for n in numbers)


def problems(caught: pytest.ExceptionInfo[telnyx.APIStatusError]) -> list[tuple[str, str | None]]:
    """(code, pointer or parameter) of each error entry, in the order given."""
    entries = caught.value.body["errors"]  # type: ignore[index]
    return [(e["code"], (e.get("source") or {}).get("pointer") or (e.get("source") or {}).get("parameter"))
            for e in entries]  # fmt: skip


def first_error(caught: pytest.ExceptionInfo[telnyx.APIStatusError]) -> dict[str, Any]:
    return dict(caught.value.body["errors"][0])  # type: ignore[index]


def parse_time(value: str | datetime | None) -> datetime:
    assert value is not None
    return value if isinstance(value, datetime) else datetime.fromisoformat(value.replace("Z", "+00:00"))


def etc_offset(job: NumbersPhoneNumbersJob) -> timedelta:
    """How far after its creation the job is estimated to complete."""
    return parse_time(job.etc) - parse_time(job.created_at)


def idle_server(engine: str, workdir: Path) -> Iterator[Server]:
    """A fresh server started with --no-worker: jobs it accepts stay pending."""
    url = create_database(engine, workdir)
    srv = Server(engine, url, free_port())
    srv.start("--no-worker")
    try:
        yield srv
    finally:
        srv.stop()
        drop_database(url)
