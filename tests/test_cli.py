"""The operator CLI: organisations and keys, proven by using the keys through the SDK."""

from __future__ import annotations

import subprocess
import sys
import uuid

import pytest
import telnyx

from telconf.http.auth import KEY_CACHE_SECONDS
from telconf.testing.server import TelconfServer

from .support import Server


def telconf(server: Server | TelconfServer, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "telconf", *args, "--database", server.database_url],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_orgs_and_keys(telconf_server: TelconfServer) -> None:
    """On the plugin's server, whose clock the test moves to outlast the key cache."""
    server = telconf_server
    name = f"cli-{uuid.uuid4().hex[:8]}"
    created = telconf(server, "orgs", "create", name)
    assert created.returncode == 0, created.stderr
    assert telconf(server, "orgs", "create", name).returncode == 1
    assert name in telconf(server, "orgs", "list").stdout

    key = telconf(server, "keys", "create", "--org", name).stdout.strip()
    read_only = telconf(server, "keys", "create", "--org", name, "--scope", "read_only").stdout.strip()
    assert key.startswith("KEY") and read_only.startswith("KEY") and key != read_only
    listing = telconf(server, "keys", "list", "--org", name).stdout
    assert key not in listing and "read_only" in listing and "active" in listing  # keys are shown once only

    client = server.client(key)
    assert client.phone_numbers.list().data == []
    with pytest.raises(telnyx.PermissionDeniedError):
        server.client(read_only).phone_numbers.update("4000000000000000001", customer_reference="x")

    key_id = listing.splitlines()[0].split("\t")[0]
    assert telconf(server, "keys", "revoke", key_id).returncode == 0
    assert "revoked" in telconf(server, "keys", "list", "--org", name).stdout
    server.admin.advance_clock(KEY_CACHE_SECONDS + 0.2)  # verified keys are remembered for 2 s
    with pytest.raises(telnyx.AuthenticationError):
        client.phone_numbers.list()
    assert telconf(server, "keys", "revoke", key_id).returncode == 1


def test_unknown_org_and_scope_are_refused(server: Server) -> None:
    assert telconf(server, "keys", "create", "--org", "no-such-org").returncode == 1
    assert telconf(server, "keys", "create", "--org", "x", "--scope", "admin").returncode == 1


def test_migrate_reports_the_schema_version(server: Server) -> None:
    result = telconf(server, "migrate")
    assert result.returncode == 0 and "schema at version" in result.stdout
