"""`serve --workers 2` with the admin API behaves as one server: a fault rule, the frozen clock and
the job policy set through one process hold in the other, and a rule's `count` is counted across
both. Each request below opens a new connection, so the kernel spreads them over the workers."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from telconf.admin.client import AdminClient
from telconf.demo import DEMO_KEY, PHONE_NUMBER_ID
from telconf.testing.process import ServerProcess

from ..support import create_database, drop_database, engines, free_port

TOKEN = "shared-state-token-" + uuid.uuid4().hex
REQUESTS = 20


@pytest.fixture(params=engines())
def two_workers(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerProcess]:
    url = create_database(request.param, tmp_path)
    server = ServerProcess(url, free_port(), tmp_path / "serve.log", admin_token=TOKEN)
    server.start("--demo", "--workers", "2")
    yield server
    server.stop()
    drop_database(url)


def _get(server: ServerProcess, path: str, **kwargs: object) -> httpx.Response:
    headers = {"Authorization": f"Bearer {DEMO_KEY}"}
    with httpx.Client(base_url=server.root_url + "/v2", headers=headers, timeout=30) as fresh:  # a new connection
        return fresh.request(kwargs.pop("method", "GET"), path, **kwargs)  # type: ignore[arg-type]


def test_both_workers_serve_and_answer_by_the_shared_state(two_workers: ServerProcess) -> None:
    admin = AdminClient(two_workers.root_url, TOKEN)
    try:
        admin.add_faults({"method": "GET", "path": "/phone_numbers/*", "status": 503})
        statuses = [_get(two_workers, f"/phone_numbers/{PHONE_NUMBER_ID}").status_code for _ in range(REQUESTS)]
        assert statuses == [503] * REQUESTS

        admin.call("DELETE", "/faults")
        admin.freeze_clock("2031-02-03T04:05:06.789Z")
        stamps = {
            _get(two_workers, f"/phone_numbers/{PHONE_NUMBER_ID}", method="PATCH", json={"tags": [str(i)]}).json()[
                "data"
            ]["updated_at"]
            for i in range(REQUESTS)
        }
        assert stamps == {"2031-02-03T04:05:06.789Z"}

        admin.set_job_policy("manual")
        assert {admin.job_policy()["policy"] for _ in range(REQUESTS)} == {"manual"}
    finally:
        admin.close()


def test_a_counted_rule_fires_exactly_count_times_across_workers(two_workers: ServerProcess) -> None:
    admin = AdminClient(two_workers.root_url, TOKEN)
    try:
        (rule,) = admin.add_faults({"method": "GET", "path": "/phone_numbers/*", "status": 500, "count": 3, "after": 2})
        statuses = [_get(two_workers, f"/phone_numbers/{PHONE_NUMBER_ID}").status_code for _ in range(REQUESTS)]
        assert statuses == [200, 200, 500, 500, 500] + [200] * (REQUESTS - 5)
        (listed,) = admin.faults()
        assert listed["id"] == rule["id"] and listed["applied"] == 3 and listed["matched"] == 5
    finally:
        admin.close()
