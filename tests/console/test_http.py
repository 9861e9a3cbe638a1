"""The console's rules, over HTTP without a browser (in-process, both engines): sign-in, cookies,
CSRF, security headers, and that each session sees and changes exactly what its token or key may
through the API."""

from __future__ import annotations

import asyncio
import re

import httpx
import pytest

from telconf.app import create_app
from telconf.settings import Settings
from telconf.store import Store
from telconf.testing.in_process import InProcessApp
from telconf.testing.server import TelconfServer

from .conftest import CONSOLE, browser, csrf_of, make_org, sign_in

PAGES = ("/", "/numbers", "/profiles", "/messages", "/webhooks", "/jobs", "/requests", "/testing")


def signed_in(server: TelconfServer, secret: str) -> httpx.Client:
    http = browser(server)
    answer = sign_in(http, secret)
    assert answer.status_code == 303 and answer.headers["location"] == CONSOLE + "/"
    return http


def test_sign_in_sets_a_strict_http_only_cookie_and_never_puts_the_token_in_a_url(
    console_server: TelconfServer,
) -> None:
    http = browser(console_server)
    answer = sign_in(http, console_server.admin_token)
    assert answer.status_code == 303
    cookie = next(v for k, v in answer.headers.multi_items() if k == "set-cookie" and "telconf_console=" in v)
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/_telconf/console" in cookie
    assert "Secure" not in cookie  # plain http here; https adds it
    assert console_server.admin_token not in answer.headers["location"] + cookie
    overview = http.get(CONSOLE + "/")
    assert overview.status_code == 200 and "<h1>Overview</h1>" in overview.text


@pytest.mark.parametrize("secret", ["not-the-token", "KEY" + "0" * 40, ""])
def test_a_bad_token_is_refused_and_opens_no_session(console_server: TelconfServer, secret: str) -> None:
    http = browser(console_server)
    answer = sign_in(http, secret)
    assert answer.status_code == 401 and "neither the admin token nor a live API key" in answer.text
    assert "telconf_console" not in {c.name for c in http.cookies.jar}
    assert http.get(CONSOLE + "/numbers").headers["location"] == CONSOLE + "/sign-in"


def test_sign_in_without_its_form_token_is_refused(console_server: TelconfServer) -> None:
    http = browser(console_server)
    answer = http.post(CONSOLE + "/sign-in", data={"token": console_server.admin_token})
    assert answer.status_code == 401 and "expired" in answer.text
    assert http.get(CONSOLE + "/").status_code == 303  # still signed out


def test_every_page_carries_the_security_headers(console_server: TelconfServer) -> None:
    http = signed_in(console_server, console_server.admin_token)
    for path in (*PAGES, "/sign-in"):
        answer = http.get(CONSOLE + path)
        csp = answer.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["cache-control"] == "no-store"
        assert "<script>" not in answer.text and not re.search(r"<[^>]+\son[a-z]+=", answer.text), path  # inline


def test_pages_need_a_session(console_server: TelconfServer) -> None:
    http = browser(console_server)
    for path in PAGES:
        assert http.get(CONSOLE + path).headers["location"] == CONSOLE + "/sign-in", path
    assert http.post(CONSOLE + "/testing/clock/freeze", data={}).status_code == 401
    assert console_server.admin.clock()["frozen"] is False


def test_a_post_without_the_csrf_token_is_refused(console_server: TelconfServer) -> None:
    http = signed_in(console_server, console_server.admin_token)
    for form in ({}, {"csrf": "x" * 32}, {"csrf": ""}):
        answer = http.post(CONSOLE + "/testing/clock/freeze", data=form)
        assert answer.status_code == 403 and "did not come from this console" in answer.text
    assert console_server.admin.clock()["frozen"] is False
    token = csrf_of(http.get(CONSOLE + "/testing").text)
    assert http.post(CONSOLE + "/testing/clock/freeze", data={"csrf": token}).status_code == 303
    assert console_server.admin.clock()["frozen"] is True
    assert http.post(CONSOLE + "/testing/clock/real", data={"csrf": token}).status_code == 303


def test_sign_out_ends_the_session(console_server: TelconfServer) -> None:
    http = signed_in(console_server, console_server.admin_token)
    old = dict(http.cookies)
    token = csrf_of(http.get(CONSOLE + "/").text)
    out = http.post(CONSOLE + "/sign-out", data={"csrf": token})
    assert out.status_code == 303 and out.headers["location"] == CONSOLE + "/sign-in"
    replay = browser(console_server)
    replay.cookies.update(old)  # the old cookie is worth nothing now
    assert replay.get(CONSOLE + "/").headers["location"] == CONSOLE + "/sign-in"


def test_an_organisation_key_sees_its_own_numbers_only(console_server: TelconfServer) -> None:
    mine, theirs = make_org(console_server), make_org(console_server)
    theirs_uuid = theirs.uuid(console_server.client(theirs.key))
    http = signed_in(console_server, mine.key)
    listing = http.get(CONSOLE + "/numbers").text
    assert mine.numbers[-1]["phone_number"] in listing  # newest first
    assert not any(n["phone_number"] in listing for n in theirs.numbers)
    assert "30 numbers found" in listing
    their_number = theirs.numbers[0]
    missing = http.get(CONSOLE + f"/numbers/{their_number['id']}")
    assert missing.status_code == 404 and "<h1>Not found</h1>" in missing.text and "Sign out" in missing.text
    assert http.get(CONSOLE + f"/numbers?org={theirs_uuid}").status_code == 404
    assert http.get(CONSOLE + f"/profiles/{theirs.profile_id}").status_code == 404
    search = http.get(CONSOLE + "/numbers", params={"number": their_number["phone_number"][2:]}).text
    assert "0 numbers found" in search
    overview = http.get(CONSOLE + "/").text
    assert mine.name in overview and theirs.name not in overview
    token = csrf_of(overview)
    assert http.post(CONSOLE + f"/numbers/{their_number['id']}", data={"csrf": token, "tags": "x"}).status_code == 404
    assert http.get(CONSOLE + "/testing").status_code == 403
    assert http.post(CONSOLE + "/testing/reset", data={"csrf": token}).status_code == 403
    assert console_server.client(theirs.key).phone_numbers.retrieve(their_number["id"]).data.tags == ["blue"]


def test_a_read_only_key_changes_nothing(console_server: TelconfServer) -> None:
    org = make_org(console_server)
    http = signed_in(console_server, org.read_only_key)
    number = org.numbers[1]
    page = http.get(CONSOLE + f"/numbers/{number['id']}").text
    assert "read-only" in page and "<fieldset disabled>" in page
    answer = http.post(
        CONSOLE + f"/numbers/{number['id']}", data={"csrf": csrf_of(page), "customer_reference": "changed"}
    )
    assert answer.status_code == 403
    assert console_server.client(org.key).phone_numbers.retrieve(number["id"]).data.customer_reference is None


def test_an_edit_is_validated_as_the_api_validates_it(console_server: TelconfServer) -> None:
    org = make_org(console_server)
    http = signed_in(console_server, org.key)
    number = org.numbers[1]
    path = CONSOLE + f"/numbers/{number['id']}"
    token = csrf_of(http.get(path).text)
    refused = http.post(path, data={"csrf": token, "customer_reference": "r" * 256, "tags": "a, b"})
    assert refused.status_code == 422 and "customer_reference" in refused.text
    sdk = console_server.client(org.key)
    assert sdk.phone_numbers.retrieve(number["id"]).data.tags == []  # nothing half-written
    hostile = "<script>alert(1)</script>"
    saved = http.post(path, data={"csrf": token, "customer_reference": hostile, "tags": "a, b"})
    assert saved.status_code == 303
    record = sdk.phone_numbers.retrieve(number["id"]).data
    assert record.customer_reference == hostile and record.tags == ["a", "b"]
    shown = http.get(saved.headers["location"]).text
    assert hostile not in shown and "&lt;script&gt;alert(1)&lt;/script&gt;" in shown


def test_the_admin_picks_any_organisation(console_server: TelconfServer) -> None:
    org = make_org(console_server)
    org_uuid = org.uuid(console_server.client(org.key))
    http = signed_in(console_server, console_server.admin_token)
    page = http.get(CONSOLE + "/numbers", params={"org": org_uuid})
    assert page.status_code == 200 and org.numbers[-1]["phone_number"] in page.text
    number = http.get(CONSOLE + f"/numbers/{org.numbers[0]['id']}", params={"org": org_uuid})
    assert number.status_code == 200
    assert http.get(CONSOLE + "/numbers", params={"org": "no-such-org"}).status_code == 404


def test_the_console_is_off_unless_the_admin_api_or_the_flag_turns_it_on(console_server: TelconfServer) -> None:
    off = InProcessApp(create_app(Settings(database_url=console_server.database_url)))
    off.start()
    try:
        with httpx.Client(transport=off.transport(), base_url="http://x") as http:
            assert http.get(CONSOLE + "/sign-in").status_code == 404
    finally:
        off.stop()
    org = make_org(console_server)
    on = InProcessApp(create_app(Settings(database_url=console_server.database_url, console=True)))
    on.start()
    try:
        with httpx.Client(transport=on.transport(), base_url="http://x") as http:
            assert sign_in(http, "anything-else-at-all").status_code == 401
            assert sign_in(http, org.key).status_code == 303
            assert http.get(CONSOLE + "/testing").status_code == 403
            assert http.get(CONSOLE + "/numbers").status_code == 200
    finally:
        on.stop()


def revoke(database_url: str, org_name: str, scope: str) -> None:
    """Revoke an organisation's key of `scope` in the database, as `telconf keys revoke` does."""

    async def work() -> None:
        store = await Store.open(database_url)
        try:
            org = await store.orgs.by_name(org_name)
            assert org is not None
            key = next(k for k in await store.orgs.keys(org.id) if k.scope == scope)
            assert await store.orgs.revoke_key(key.id, "2026-01-01T00:00:00.000Z")
        finally:
            await store.close()

    asyncio.run(work())


def test_revoking_the_key_ends_its_sessions(console_server: TelconfServer) -> None:
    org = make_org(console_server)
    http = signed_in(console_server, org.read_only_key)
    assert http.get(CONSOLE + "/numbers").status_code == 200
    revoke(console_server.database_url, org.name, "read_only")
    assert http.get(CONSOLE + "/numbers").headers["location"] == CONSOLE + "/sign-in"
    assert sign_in(browser(console_server), org.read_only_key).status_code == 401


def test_the_static_files_are_served_with_their_types(console_server: TelconfServer) -> None:
    http = browser(console_server)  # no session needed
    script = http.get(CONSOLE + "/static/console.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert http.get(CONSOLE + "/static/console.css").headers["content-type"].startswith("text/css")
    assert http.get(CONSOLE + "/static/nothing.js").status_code == 404
    assert http.get(CONSOLE + "/static/..%2Fcore.py").status_code == 404


def test_a_key_session_sees_every_page_but_the_testing_controls(console_server: TelconfServer) -> None:
    org = make_org(console_server)
    http = signed_in(console_server, org.key)
    headings = {"/": "Overview", "/numbers": f"Numbers of {org.name}", "/profiles": "Messaging profiles"}
    headings.update({"/messages": "Messages", "/webhooks": "Webhook deliveries"})
    headings.update({"/jobs": "Jobs", "/requests": "Requests", f"/profiles/{org.profile_id}": f"Profile of {org.name}"})
    for path, title in headings.items():
        answer = http.get(CONSOLE + path)
        assert answer.status_code == 200 and f"<h1>{title}</h1>" in answer.text, path
        assert "Testing controls" not in answer.text  # not even in the menu
