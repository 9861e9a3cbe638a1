from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from telconf.testing.server import TelconfServer, start_telconf

from .support import Orgs, Server, create_database, drop_database, engines, free_port

pytest_plugins = ["tests.rings"]  # the Redis marker, and which rings ran (tests/rings.py)


@pytest.fixture(scope="session", params=engines())
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    workdir: Path = tmp_path_factory.mktemp(request.param)
    url = create_database(request.param, workdir)
    srv = Server(request.param, url, free_port())
    srv.start()
    yield srv
    srv.stop()
    drop_database(url)


@pytest.fixture
def orgs(server: Server) -> Orgs:
    return Orgs(server)


@pytest.fixture(scope="session", params=engines())
def telconf_session(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TelconfServer]:
    """The plugin's server, on each engine: the suite uses `telconf_server` and `telnyx_client`
    exactly as a user's suite does, once per engine."""
    url = create_database(request.param, tmp_path_factory.mktemp(f"plugin-{request.param}"))
    server = start_telconf(database_url=url)
    yield server
    server.stop()
    drop_database(url)
