"""`telconf admin ...` against a running server: the admin API's operations from the shell."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from telconf.demo import PHONE_NUMBER_ID
from telconf.testing.server import TelconfServer


def admin(server: TelconfServer, *args: str, token: str | None = None) -> subprocess.CompletedProcess[str]:
    target = ["--url", server.root_url, "--token", token or server.admin_token]
    return subprocess.run(
        [sys.executable, "-m", "telconf", "admin", *args, *target],
        capture_output=True,
        text=True,
        timeout=60,
    )


def admin_json(server: TelconfServer, *args: str) -> Any:
    done = admin(server, *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(autouse=True)
def _no_leftover_snapshot(telconf_server: TelconfServer) -> Iterator[None]:
    yield
    if any(s["name"] == "cli" for s in telconf_server.admin.snapshots()):
        telconf_server.admin.delete_snapshot("cli")


def test_snapshots_clock_faults_and_requests_from_the_cli(
    telconf_server: TelconfServer, telnyx_client: Any, tmp_path: Path
) -> None:
    telnyx_client.phone_numbers.update(PHONE_NUMBER_ID, tags=["from-cli"])
    assert admin_json(telconf_server, "snapshot", "save", "cli")["name"] == "cli"
    assert "cli" in [s["name"] for s in admin_json(telconf_server, "snapshot", "list")]
    telnyx_client.phone_numbers.update(PHONE_NUMBER_ID, tags=["later"])
    admin_json(telconf_server, "snapshot", "restore", "cli")
    assert telnyx_client.phone_numbers.retrieve(PHONE_NUMBER_ID).data.tags == ["from-cli"]
    admin_json(telconf_server, "snapshot", "delete", "cli")

    assert admin_json(telconf_server, "clock", "freeze", "--at", "2033-03-03T00:00:00Z")["frozen"] is True
    assert admin_json(telconf_server, "clock", "advance", "60")["now"] == "2033-03-03T00:01:00.000Z"

    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps({"rules": [{"path": "/phone_numbers/*", "status": 503}]}))
    assert admin_json(telconf_server, "faults", "add", str(rules))[0]["status"] == 503
    assert len(admin_json(telconf_server, "faults", "list")) == 1
    admin_json(telconf_server, "faults", "clear")

    assert admin_json(telconf_server, "requests", "--limit", "1")[0]["method"] == "GET"
    assert admin_json(telconf_server, "reset")["restored"] == "baseline"
    assert telnyx_client.phone_numbers.retrieve(PHONE_NUMBER_ID).data.tags == ["support", "west"]


def test_a_seed_file_from_the_cli(telconf_server: TelconfServer, tmp_path: Path) -> None:
    seed = tmp_path / "seed.json"
    org = {"name": "cli-org", "api_keys": [{"key": "KEYCLIORG000000000000000000000"}], "phone_numbers": []}
    seed.write_text(json.dumps({"organizations": [org]}))
    assert admin_json(telconf_server, "seed", str(seed))["api_keys"] == 1
    assert telconf_server.client("KEYCLIORG000000000000000000000").phone_numbers.list().data == []


def test_a_wrong_token_fails_with_the_servers_error(telconf_server: TelconfServer) -> None:
    done = admin(telconf_server, "reset", token="nope")
    assert done.returncode == 1 and "401" in done.stderr


def test_messages_from_the_cli(telconf_server: TelconfServer, telnyx_client: Any) -> None:
    profile = telnyx_client.messaging_profiles.list().data[0]
    number = telnyx_client.messaging_profiles.list_phone_numbers(profile.id).data[0].phone_number
    received = admin_json(telconf_server, "messages", "inbound", "--from", "+13125550199", "--to", number,
                          "--text", "hello from a handset")  # fmt: skip
    assert received["direction"] == "inbound" and received["text"] == "hello from a handset"
    assert telnyx_client.messages.retrieve(received["id"]).data.direction == "inbound"
    admin_json(telconf_server, "messages", "outcome", "+13125550198", "expired")
    assert {"phone_number": "+13125550198", "outcome": "expired"} in admin_json(telconf_server, "messages", "outcomes")[
        "rules"
    ]
    admin_json(telconf_server, "jobs", "policy", "manual")
    sent = telnyx_client.messages.send(from_=number, to="+13125550198", text="held").data
    assert admin_json(telconf_server, "messages", "advance", sent.id)["to"][0]["status"] == "sending"
    for problem in (("inbound", "--from", "12", "--to", number, "--text", "x"), ("advance", "not-a-message")):
        done = admin(telconf_server, "messages", *problem)
        assert done.returncode == 1 and done.stderr.startswith("error: ") and done.stderr.count("\n") == 1
