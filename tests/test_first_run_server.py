"""A first run without tracebacks, on a running server: the access log, `--admin-token auto`, a
404 that says the path is not served, `telconf admin jobs policy after_seconds:N`, the pytest
plugin refusing a database that holds data, and test servers that leave no folders behind."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import telnyx

from telconf.admin.client import AdminClient
from telconf.testing.server import DatabaseNotEmpty, TelconfServer, start_telconf

from .support import Server, create_database, drop_database, engines, free_port

pytest_plugins = ["pytester"]


@pytest.fixture(params=engines())
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Server]:
    url = create_database(request.param, tmp_path)
    srv = Server(request.param, url, free_port())
    yield srv
    srv.stop()
    drop_database(url)


def test_the_access_log_and_a_made_up_admin_token(fresh: Server) -> None:
    fresh.start("--demo", "--access-log", "--admin-token", "auto")
    root = fresh.base_url.removesuffix("/v2")
    assert httpx.get(fresh.base_url + "/phone_numbers").status_code == 401
    log = fresh.log.read_text()
    assert '"GET /v2/phone_numbers HTTP/1.1" 401' in log
    token = re.search(r"telconf: admin token: (\S+)", log)
    assert token is not None and token.group(1) != "auto"
    admin = AdminClient(root, token.group(1))
    try:
        assert isinstance(admin.clock(), dict)  # the made-up token opens the admin API
    finally:
        admin.close()


def test_a_path_telconf_does_not_serve_says_so(server: Server) -> None:
    root = server.base_url.removesuffix("/v2")
    headers = {"Authorization": "Bearer KEYnobody000000000000000000"}
    for path, says in [
        ("/phone_numbers", "the base URL must end in /v2"),
        ("/v2/no_such_resource", "telconf serves no /v2/no_such_resource"),
        ("/_telconf/reset", "TELCONF_ADMIN_TOKEN"),
    ]:
        response = httpx.get(root + path, headers=headers)
        assert response.status_code == 404, path
        [error] = response.json()["errors"]
        assert error["code"] == "10005" and says in error["detail"], (path, error)


def test_admin_jobs_policy_takes_the_form_serve_takes(telconf_server: TelconfServer) -> None:
    if telconf_server.in_process:
        pytest.skip("needs a server on a socket")
    env = {**os.environ, "TELCONF_ADMIN_TOKEN": telconf_server.admin_token}

    def policy(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "telconf", "admin", "jobs", "policy", *args, "--url", telconf_server.root_url]
        return subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)

    for args in (["after_seconds:5"], ["after_seconds", "--seconds", "2.5"], ["manual"]):
        result = policy(*args)
        assert result.returncode == 0, result.stderr
    assert telconf_server.admin.job_policy()["policy"] == "manual"
    refused = policy("after_seconds:soon")
    assert refused.returncode == 1 and refused.stderr.startswith("error: job policy must be")
    assert "Traceback" not in refused.stderr


@pytest.mark.parametrize("in_process", [True, False])
def test_test_servers_remove_their_folders_when_they_stop(in_process: bool) -> None:
    server = start_telconf(in_process=in_process)
    folder = Path(server.database_url).parent
    try:
        assert folder.name.startswith("telconf-") and folder.is_dir()
    finally:
        server.stop()
    assert not folder.exists()


def test_a_database_that_holds_data_is_refused_with_a_reason(tmp_path: Path, pytester: pytest.Pytester) -> None:
    used = start_telconf(database_url=str(tmp_path / "used.db"), in_process=True)
    used.stop()
    with pytest.raises(DatabaseNotEmpty, match="already holds data"):
        start_telconf(database_url=str(tmp_path / "used.db"))
    pytester.makepyfile(test_user="def test_list(telnyx_client):\n    telnyx_client.phone_numbers.list()\n")
    result = pytester.runpytest_subprocess(f"--telconf-database={tmp_path / 'used.db'}", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stdout.fnmatch_lines(["*--telconf-database*already holds data*"])


def test_the_sdk_pointed_at_a_base_url_without_v2_is_told_so(server: Server) -> None:
    """The mistake as a user makes it: the SDK's base URL lacks /v2, and the 404 says why."""
    client = telnyx.Telnyx(api_key="KEYnobody000000000000000000", base_url=server.base_url.removesuffix("/v2"))
    with pytest.raises(telnyx.NotFoundError) as caught:
        client.phone_numbers.list()
    body = caught.value.body
    assert isinstance(body, dict)
    assert "the base URL must end in /v2" in body["errors"][0]["detail"]
