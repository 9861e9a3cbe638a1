"""Console sessions live in the database, so every process serving it knows them: a session signed
in through one worker of `serve --workers 2` is signed in on the other; signing out through one
process ends it in another; a reset or a restore signs nobody out."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from telconf.app import create_app
from telconf.settings import Settings
from telconf.testing.in_process import InProcessApp
from telconf.testing.server import TelconfServer, start_telconf

from ..support import create_database, drop_database, engines
from .conftest import CONSOLE, browser, csrf_of, make_org, sign_in

PROBE = "console-probe-"
ATTEMPTS = 100  # new connections land on either worker: this many tries reach both


def journal_view(server: TelconfServer, cookies: httpx.Cookies) -> set[str]:
    """The probes in the Requests page (this worker's own journal), on a connection of its own."""
    with browser(server) as http:
        http.cookies.update(cookies)
        page = http.get(CONSOLE + "/requests", params={"path": PROBE})
    assert page.status_code == 200 and "<h1>Requests</h1>" in page.text  # signed in, whichever worker
    return set(re.findall(PROBE + r"(\d+)", page.text))


@pytest.mark.parametrize("engine", engines())
def test_a_session_signed_in_through_one_worker_is_signed_in_on_the_other(engine: str, tmp_path: Path) -> None:
    url = create_database(engine, tmp_path)
    server = start_telconf(database_url=url, extra_args=("--workers", "2"))
    try:
        with browser(server) as http:
            assert sign_in(http, server.admin_token).status_code == 303
            cookies = http.cookies
        # Each worker journals the API requests it answers, and the console's Requests page shows
        # its own worker's journal: a probe seen on one view and missing from a later one proves
        # that the later view was answered by the other worker, with the same session.
        seen: set[str] = set()
        for i in range(ATTEMPTS):
            httpx.get(f"{server.root_url}/v2/{PROBE}{i}")  # a new connection: either worker journals it
            shown = journal_view(server, cookies)
            if seen - shown:
                break
            seen |= shown
        else:
            pytest.fail(f"{ATTEMPTS} new connections never reached the second worker")
        with browser(server) as http:
            http.cookies.update(cookies)
            token = csrf_of(http.get(CONSOLE + "/").text)
            assert http.post(CONSOLE + "/sign-out", data={"csrf": token}).status_code == 303
        for _ in range(10):  # signed out on both workers
            with browser(server) as http:
                http.cookies.update(cookies)
                assert http.get(CONSOLE + "/").headers["location"] == CONSOLE + "/sign-in"
    finally:
        server.stop()
        drop_database(url)


def test_signing_out_through_one_process_ends_the_session_in_another(console_server: TelconfServer) -> None:
    other = InProcessApp(
        create_app(Settings(database_url=console_server.database_url, admin_token=console_server.admin_token))
    )
    other.start()
    try:
        org = make_org(console_server)
        for secret in (console_server.admin_token, org.key):
            here = browser(console_server)
            assert sign_in(here, secret).status_code == 303
            with httpx.Client(transport=other.transport(), base_url=console_server.root_url) as there:
                there.cookies.update(here.cookies)
                page = there.get(CONSOLE + "/numbers")
                assert page.status_code == 200 and "<h1>Numbers" in page.text
                assert there.post(CONSOLE + "/sign-out", data={"csrf": csrf_of(page.text)}).status_code == 303
            assert here.get(CONSOLE + "/numbers").headers["location"] == CONSOLE + "/sign-in"
    finally:
        other.stop()


def test_a_reset_or_a_restore_signs_nobody_out(console_server: TelconfServer) -> None:
    org = make_org(console_server)
    admin, key = browser(console_server), browser(console_server)
    assert sign_in(admin, console_server.admin_token).status_code == 303
    assert sign_in(key, org.key).status_code == 303
    console_server.admin.save_snapshot("signed-in")
    console_server.admin.restore_snapshot("signed-in")
    assert admin.get(CONSOLE + "/").status_code == 200 and key.get(CONSOLE + "/").status_code == 200
    console_server.reset()  # the organisation was made after the baseline: its key is gone, not the admin's session
    assert admin.get(CONSOLE + "/").status_code == 200
    assert key.get(CONSOLE + "/").headers["location"] == CONSOLE + "/sign-in"
    console_server.admin.delete_snapshot("signed-in")
