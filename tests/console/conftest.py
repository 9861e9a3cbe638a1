"""Fixtures of the console rings: one in-process telconf per engine (the HTTP ring) with the admin
API, hence the console, on; for each browser test module, a telconf process and chromium."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, sync_playwright

from telconf.testing.server import TelconfServer, start_telconf

from ..support import create_database, drop_database, engines
from .browser import CONSOLE, launch, require_chromium
from .seeding import ConsoleOrg, org_seed


@pytest.fixture(scope="module", params=engines())
def console_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TelconfServer]:
    url = create_database(request.param, tmp_path_factory.mktemp(f"console-{request.param}"))
    server = start_telconf(database_url=url, in_process=True)
    yield server
    server.stop()
    drop_database(url)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TelconfServer]:
    """A telconf process (SQLite) for the browser tests of one module."""
    require_chromium()
    url = create_database("sqlite", tmp_path_factory.mktemp("console-browser"))
    server = start_telconf(database_url=url)
    yield server
    server.stop()
    drop_database(url)


@pytest.fixture(scope="module")
def chromium(live: TelconfServer) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


def make_org(server: TelconfServer, count: int = 30) -> ConsoleOrg:
    seed, org = org_seed(count)
    server.seed(seed)
    return org


def browser(server: TelconfServer) -> httpx.Client:
    """An httpx client that keeps cookies like a browser, pointed at the server's root."""
    return server.http_client(base_url=server.root_url, follow_redirects=False, timeout=30)


def csrf_of(html: str) -> str:
    marker = 'name="csrf" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def sign_in(http: httpx.Client, secret: str) -> httpx.Response:
    form = http.get(CONSOLE + "/sign-in")
    return http.post(CONSOLE + "/sign-in", data={"csrf": csrf_of(form.text), "token": secret})
