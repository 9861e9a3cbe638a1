"""The admin API under hostile input: nesting, digits of other scripts, NUL in names and ids, and
clock moves to where time cannot go. Each is a 4xx envelope that changes nothing; the API keeps
answering afterwards."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from telconf.demo import PHONE_NUMBER_ID
from telconf.testing.server import TelconfServer

DEEP = "[" * 1000 + "]" * 1000


def _admin(server: TelconfServer, method: str, path: str, content: str | None = None, **params: str) -> httpx.Response:
    with server.http_client() as http:
        return http.request(
            method,
            f"{server.root_url}/_telconf{path}",
            content=content,
            params=params,
            headers={"Authorization": f"Bearer {server.admin_token}", "Content-Type": "application/json"},
        )


def _status(response: httpx.Response) -> tuple[int, list[str]]:
    return response.status_code, [e["code"] for e in response.json()["errors"]]


@pytest.mark.parametrize("path", ["/seed", "/faults", "/snapshots", "/clock/set", "/jobs/policy"])
def test_deep_bodies_are_refused(telconf_server: TelconfServer, path: str) -> None:
    method = "PUT" if path == "/jobs/policy" else "POST"
    assert _status(_admin(telconf_server, method, path, DEEP)) == (400, ["10023"])
    assert _status(_admin(telconf_server, method, path, '{"organizations": ' + DEEP + "}")) == (400, ["10023"])


def test_numbers_in_the_admin_api_are_ascii_digits(telconf_server: TelconfServer) -> None:
    assert _admin(telconf_server, "GET", "/requests", limit="²").status_code == 422
    assert _admin(telconf_server, "GET", "/requests", limit="٢").status_code == 422
    assert _admin(telconf_server, "DELETE", "/faults/²").status_code == 422
    assert _admin(telconf_server, "DELETE", "/faults/99999999999999999999999").status_code == 422


def test_nul_in_snapshot_names_job_ids_and_seeds(telconf_server: TelconfServer) -> None:
    for method, path in [
        ("POST", "/snapshots/a%00b/restore"),
        ("DELETE", "/snapshots/a%00b"),
        ("POST", "/jobs/a%00b/hold"),
        ("POST", "/jobs/a%00b/release"),
        ("POST", "/jobs/a%00b/advance"),
        ("POST", "/jobs/a%00b/fail"),
    ]:
        assert _status(_admin(telconf_server, method, path, "{}")) == (404, ["10005"]), path
    assert _admin(telconf_server, "POST", "/snapshots", '{"name": "a\\u0000b"}').status_code == 422
    assert _admin(telconf_server, "POST", "/snapshots", '{"name": "snap\\n"}').status_code == 422
    seed = '{"organizations": [{"name": "nul\\u0000org", "api_keys": [{"key": "KEYNULORG00000000000000000"}]}]}'
    response = _admin(telconf_server, "POST", "/seed", seed)
    assert response.status_code == 422 and "NUL" in response.json()["errors"][0]["detail"]


@pytest.mark.parametrize(
    ("path", "body", "pointer"),
    [
        ("/clock/set", {"at": "2030-01-01T00:00:00"}, "/at"),  # no zone: no instant
        ("/clock/freeze", {"at": "2030-01-01T00:00:00"}, "/at"),
        ("/clock/set", {"at": "9999-12-31T23:59:59Z"}, "/at"),
        ("/clock/set", {"at": "0001-01-01T00:00:00Z"}, "/at"),
        ("/clock/freeze", {"at": "9500-01-01T00:00:00Z"}, "/at"),
    ],
)
def test_the_clock_refuses_moments_it_cannot_keep(
    telconf_server: TelconfServer, telnyx_client: Any, path: str, body: dict[str, Any], pointer: str
) -> None:
    import json

    before = telconf_server.admin.clock()["frozen"]
    response = _admin(telconf_server, "POST", path, json.dumps(body))
    assert response.status_code == 422 and response.json()["errors"][0]["source"] == {"pointer": pointer}
    assert telconf_server.admin.clock()["frozen"] == before
    assert telnyx_client.phone_numbers.retrieve(PHONE_NUMBER_ID).data.id == PHONE_NUMBER_ID


def test_the_clock_stays_usable_at_its_bounds(telconf_server: TelconfServer, telnyx_client: Any) -> None:
    telconf_server.admin.set_clock("8999-12-31T00:00:00Z")
    response = _admin(telconf_server, "POST", "/clock/advance", '{"seconds": 315360000}')
    assert response.status_code == 422 and response.json()["errors"][0]["source"] == {"pointer": "/seconds"}
    assert telnyx_client.phone_numbers.update(PHONE_NUMBER_ID, tags=["late"]).data.updated_at.startswith("8999")
    telconf_server.admin.set_clock("1970-01-02T00:00:00Z")
    assert _admin(telconf_server, "POST", "/clock/advance", '{"seconds": -172800}').status_code == 422
    jobs = telnyx_client.phone_numbers.jobs.list(filter={"customer_reference": "x"})  # reaches 90 days back
    assert jobs.data == []
