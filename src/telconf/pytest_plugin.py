"""pytest plugin (installed with telconf): a clean telconf per test, and the official SDK on it.

Fixtures:
- `telconf_server`: a running telconf (a process on a free port, or the app in-process) with its
  own database, reset to its start state after every test; `.base_url`, `.api_key`, `.client()`,
  `.async_client()`, `.seed(...)` and `.admin` (snapshots, clock, faults, job control, request journal).
- `telnyx_client`: `telnyx.Telnyx` pointed at it with the start inventory's API key.
- `webhook_receiver`: a local URL that records the webhooks it is sent (`testing/receiver.py`):
  `.url`, `.deliveries`, `.events(type)`, `.wait_for(type, where=...)`, `.status`, `.down()`/`.up()`.
Marker: `@pytest.mark.telconf_seed(seed)` loads a seed (a dict or a file path) for one test.
Options (command line or ini): `telconf_mode` socket | in_process, `telconf_seed` (a seed file the
server starts with; default: the demo inventory), `telconf_database` (default: a fresh SQLite file).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .preflight import Problem
from .testing.receiver import WebhookReceiver
from .testing.server import DatabaseNotEmpty, TelconfServer, start_telconf


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("telconf")
    group.addoption("--telconf-mode", choices=("socket", "in_process"), help="How telconf_server runs.")
    group.addoption("--telconf-seed", help="Seed file telconf_server starts with (default: the demo).")
    group.addoption("--telconf-database", help="Database URL for telconf_server (default: a new SQLite file).")
    parser.addini("telconf_mode", "socket | in_process", default="socket")
    parser.addini("telconf_seed", "Seed file telconf_server starts with", default="")
    parser.addini("telconf_database", "Database URL for telconf_server", default="")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "telconf_seed(seed): load a seed (dict or file path) for this test")


def _option(config: pytest.Config, name: str) -> str | None:
    value = config.getoption(f"--telconf-{name}") or config.getini(f"telconf_{name}")
    return str(value) if value else None


@pytest.fixture(scope="session")
def telconf_session(pytestconfig: pytest.Config) -> Iterator[TelconfServer]:
    """One telconf for the session; `telconf_server` resets it between tests. A database that
    cannot serve (not empty, unreachable) ends the run with one message, not a 401 per test."""
    try:
        server = start_telconf(
            database_url=_option(pytestconfig, "database"),
            seed=_option(pytestconfig, "seed"),
            in_process=_option(pytestconfig, "mode") == "in_process",
        )
    except (DatabaseNotEmpty, Problem) as exc:
        pytest.exit(f"telconf: --telconf-database: {exc}", returncode=pytest.ExitCode.USAGE_ERROR)
    yield server
    server.stop()


@pytest.fixture
def telconf_server(telconf_session: TelconfServer, request: pytest.FixtureRequest) -> Iterator[TelconfServer]:
    for marker in request.node.iter_markers("telconf_seed"):
        telconf_session.seed(marker.args[0])
    try:
        yield telconf_session
    finally:
        telconf_session.reset()


@pytest.fixture
def telnyx_client(telconf_server: TelconfServer) -> Any:
    return telconf_server.client()


@pytest.fixture
def webhook_receiver() -> Iterator[WebhookReceiver]:
    """A webhook URL on 127.0.0.1 that records every delivery, for this test."""
    with WebhookReceiver() as receiver:
        yield receiver
