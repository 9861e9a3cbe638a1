"""Fault rules make the official SDK retry, give up, time out and lose connections on demand."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest
import telnyx

from telconf.admin.client import AdminError
from telconf.demo import PHONE_NUMBER_ID
from telconf.testing.server import TelconfServer, start_telconf

FAST = {"retry-after-ms": "5"}  # keeps the SDK's retries quick


def attempts(server: TelconfServer) -> list[int]:
    """Statuses of the requests the journal saw, oldest first."""
    return [r["status"] for r in reversed(server.admin.requests())]


def test_fail_twice_then_succeed_is_retried_to_success(telconf_server: TelconfServer) -> None:
    telconf_server.admin.add_faults(
        {"method": "GET", "path": "/phone_numbers/*", "status": 503, "count": 2, "headers": FAST}
    )
    client = telconf_server.client(max_retries=2)
    assert client.phone_numbers.retrieve(PHONE_NUMBER_ID).data.id == PHONE_NUMBER_ID
    assert attempts(telconf_server) == [503, 503, 200]


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (408, telnyx.APIStatusError),
        (409, telnyx.ConflictError),
        (429, telnyx.RateLimitError),
        (500, telnyx.InternalServerError),
        (502, telnyx.InternalServerError),
    ],
)
def test_retries_run_out_and_the_status_error_surfaces(
    telconf_server: TelconfServer, status: int, error: type[Exception]
) -> None:
    telconf_server.admin.add_faults({"path": "/phone_numbers/*", "status": status, "headers": FAST})
    client = telconf_server.client(max_retries=2)
    with pytest.raises(error) as raised:
        client.phone_numbers.retrieve(PHONE_NUMBER_ID)
    assert isinstance(raised.value, telnyx.APIStatusError) and raised.value.status_code == status
    body: Any = raised.value.body
    assert body["errors"][0]["code"] in {"10007", "10008", "10011", "10012"}
    assert attempts(telconf_server) == [status] * 3


def test_x_should_retry_false_stops_the_sdk_at_once(telconf_server: TelconfServer) -> None:
    telconf_server.admin.add_faults({"path": "/phone_numbers/*", "status": 500, "headers": {"x-should-retry": "false"}})
    with pytest.raises(telnyx.InternalServerError):
        telconf_server.client(max_retries=2).phone_numbers.retrieve(PHONE_NUMBER_ID)
    assert attempts(telconf_server) == [500]


def test_retry_after_ms_sets_the_sdks_wait(telconf_server: TelconfServer) -> None:
    telconf_server.admin.add_faults(
        {"path": "/phone_numbers/*", "status": 429, "count": 1, "headers": {"retry-after-ms": "700"}}
    )
    started = time.monotonic()
    telconf_server.client(max_retries=1).phone_numbers.retrieve(PHONE_NUMBER_ID)
    assert time.monotonic() - started >= 0.7


def test_a_dropped_connection_is_an_api_connection_error_and_is_retried(telconf_server: TelconfServer) -> None:
    telconf_server.admin.add_faults({"path": "/phone_numbers/*", "drop": True, "count": 1})
    with pytest.raises(telnyx.APIConnectionError):
        telconf_server.client(max_retries=0).phone_numbers.retrieve(PHONE_NUMBER_ID)
    telconf_server.admin.add_faults({"path": "/phone_numbers/*", "drop": True, "count": 1})
    assert telconf_server.client(max_retries=1).phone_numbers.retrieve(PHONE_NUMBER_ID).data.id == PHONE_NUMBER_ID


def test_latency_beyond_the_clients_timeout_is_an_api_timeout_error(telconf_server: TelconfServer) -> None:
    telconf_server.admin.add_faults({"path": "/phone_numbers/*", "latency_ms": 600, "count": 1})
    with pytest.raises(telnyx.APITimeoutError):
        telconf_server.client(max_retries=0, timeout=0.2).phone_numbers.retrieve(PHONE_NUMBER_ID)


def test_latency_alone_delays_a_normal_answer(telconf_server: TelconfServer, telnyx_client: Any) -> None:
    telconf_server.admin.add_faults({"path": "/phone_numbers/*", "latency_ms": 300, "count": 1})
    started = time.monotonic()
    assert telnyx_client.phone_numbers.retrieve(PHONE_NUMBER_ID).data.id == PHONE_NUMBER_ID
    assert time.monotonic() - started >= 0.3


def test_rules_match_method_path_and_organisation_only(telconf_server: TelconfServer, telnyx_client: Any) -> None:
    telconf_server.admin.add_faults(
        {"method": "PATCH", "path": "/phone_numbers/*", "status": 500, "headers": FAST},
        {"path": "/messaging_profiles", "organization": "someone-else", "status": 500},
    )
    assert telnyx_client.phone_numbers.retrieve(PHONE_NUMBER_ID).data.id == PHONE_NUMBER_ID
    assert telnyx_client.messaging_profiles.list().data
    with pytest.raises(telnyx.InternalServerError):
        telnyx_client.phone_numbers.update(PHONE_NUMBER_ID, tags=["x"])
    telconf_server.admin.add_faults({"path": "/messaging_profiles", "organization": "telconf-demo", "status": 503})
    with pytest.raises(telnyx.InternalServerError):
        telnyx_client.messaging_profiles.list()


def test_after_skips_the_first_matches_and_rules_can_be_listed_and_removed(telconf_server: TelconfServer) -> None:
    telnyx_client = telconf_server.client(max_retries=0)
    (rule,) = telconf_server.admin.add_faults({"path": "/phone_numbers/**", "status": 500, "after": 1, "count": 1})
    assert telnyx_client.phone_numbers.retrieve(PHONE_NUMBER_ID).data.id == PHONE_NUMBER_ID
    with pytest.raises(telnyx.InternalServerError):
        telnyx_client.phone_numbers.retrieve(PHONE_NUMBER_ID)
    assert telnyx_client.phone_numbers.retrieve(PHONE_NUMBER_ID).data.id == PHONE_NUMBER_ID
    listed = telconf_server.admin.faults()
    assert listed[0]["id"] == rule["id"] and listed[0]["applied"] == 1 and listed[0]["matched"] == 2
    telconf_server.admin.call("DELETE", f"/faults/{rule['id']}")
    assert telconf_server.admin.faults() == []


def test_probability_zero_never_fires_and_one_always_does(telconf_server: TelconfServer, telnyx_client: Any) -> None:
    telconf_server.admin.add_faults({"path": "/phone_numbers/*", "status": 500, "probability": 0})
    for _ in range(5):
        telnyx_client.phone_numbers.retrieve(PHONE_NUMBER_ID)
    telconf_server.admin.clear_faults()
    telconf_server.admin.add_faults({"path": "/phone_numbers/*", "status": 500, "probability": 1})
    with pytest.raises(telnyx.InternalServerError):
        telnyx_client.phone_numbers.retrieve(PHONE_NUMBER_ID)


def test_bad_rules_are_refused_with_pointers(telconf_server: TelconfServer) -> None:
    with pytest.raises(AdminError, match="422") as refused:
        telconf_server.admin.add_faults(
            {"status": 200},
            {"status": 500, "probability": 2},
            {"status": 503, "headers": {"x-evil": "a\r\nset-cookie: b"}},
        )
    text = str(refused.value)
    assert "/rules/0/status" in text and "/rules/1/probability" in text and "/rules/2/headers/x-evil" in text
    assert telconf_server.admin.faults() == []


def test_reset_clears_fault_rules(telconf_server: TelconfServer, telnyx_client: Any) -> None:
    telconf_server.admin.add_faults({"path": "/phone_numbers/*", "status": 500})
    telconf_server.reset()
    assert telnyx_client.phone_numbers.retrieve(PHONE_NUMBER_ID).data.id == PHONE_NUMBER_ID


def test_faults_file_applies_from_the_start(tmp_path: Path) -> None:
    rules = tmp_path / "faults.json"
    rules.write_text(json.dumps({"rules": [{"path": "/phone_numbers", "status": 503, "count": 1}]}))
    server = start_telconf(extra_args=("--faults", str(rules)))
    try:
        client = server.client(max_retries=0)
        with pytest.raises(telnyx.InternalServerError):
            client.phone_numbers.list()
        assert client.phone_numbers.list().data
    finally:
        server.stop()


def test_the_async_sdk_retries_the_same_way(telconf_server: TelconfServer) -> None:
    telconf_server.admin.add_faults({"path": "/phone_numbers/*", "status": 503, "count": 2, "headers": FAST})

    async def work() -> str:
        client = telconf_server.async_client(max_retries=2)
        try:
            return (await client.phone_numbers.retrieve(PHONE_NUMBER_ID)).data.id
        finally:
            await client.close()

    assert asyncio.run(work()) == PHONE_NUMBER_ID
    assert attempts(telconf_server) == [503, 503, 200]


def test_a_bad_faults_file_stops_the_start_with_the_rule_named(tmp_path: Path) -> None:
    rules = tmp_path / "faults.json"
    rules.write_text(json.dumps({"rules": [{"path": "/phone_numbers", "status": 200}]}))
    with pytest.raises(RuntimeError, match=r"rules\[0\]/status"):
        start_telconf(extra_args=("--faults", str(rules)))
