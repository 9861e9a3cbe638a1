"""The console in a real browser (Debian's chromium driven by Playwright), found by role and label
as a person with a screen reader finds things: sign-in and sign-out, every page, a search over a
few thousand numbers, edits refused and saved, a job stepped to completion, a fault rule taking
effect, live updates, and one organisation's key kept out of another's numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import telnyx
from playwright.sync_api import Browser, Page, expect

from telconf.testing.server import TelconfServer

from .browser import CONSOLE, VIEWPORT, sign_in
from .seeding import ConsoleOrg, org_seed

INVENTORY = 3000


@pytest.fixture(scope="module")
def big(live: TelconfServer) -> ConsoleOrg:
    seed, org = org_seed(INVENTORY)
    live.seed(seed)
    return org


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "Fail job …?" and the like: yes
    yield page
    context.close()


def heading(page: Page, name: str | re.Pattern[str]) -> None:
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()


def test_sign_in_refuses_a_bad_token_then_signs_in_and_out(live: TelconfServer, page: Page) -> None:
    page.goto(live.root_url + CONSOLE + "/numbers")  # signed out: sent to the sign-in page
    heading(page, "Sign in to the telconf console")
    page.get_by_label("Admin token or API key").fill("not-the-token")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("neither the admin token nor a live API key")
    sign_in(page, live.root_url, live.admin_token)
    assert live.admin_token not in page.url
    page.get_by_role("button", name="Sign out").click()
    heading(page, "Sign in to the telconf console")
    page.goto(live.root_url + CONSOLE + "/jobs")
    heading(page, "Sign in to the telconf console")


def test_every_page_renders_with_its_heading(live: TelconfServer, big: ConsoleOrg, page: Page) -> None:
    sign_in(page, live.root_url, live.admin_token)
    nav = page.get_by_role("navigation", name="Console")
    for link, title in (
        ("Numbers", re.compile(r"^Numbers")),
        ("Messaging profiles", "Messaging profiles"),
        ("Messages", "Messages"),
        ("Webhook deliveries", "Webhook deliveries"),
        ("Jobs", "Jobs"),
        ("Requests", "Requests"),
        ("Testing controls", "Testing controls"),
        ("Overview", "Overview"),
    ):
        nav.get_by_role("link", name=link).click()
        heading(page, title)
        expect(nav.get_by_role("link", name=link)).to_have_attribute("aria-current", "page")
    page.get_by_label("Organisation", exact=True).select_option(label=big.name)
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name=f"Numbers of {big.name}")).to_be_visible()
    page.get_by_role("link", name=f"Profile of {big.name}").click()
    heading(page, f"Profile of {big.name}")
    expect(page.get_by_role("heading", name=f"Numbers ({INVENTORY // 3})")).to_be_visible()
    page.get_by_role("link", name=big.numbers[0]["phone_number"]).click()
    heading(page, re.compile(re.escape(big.numbers[0]["phone_number"])))
    for section in ("Edit", "Record", "Voice", "Messaging"):
        expect(page.get_by_role("heading", level=2, name=section)).to_be_visible()


def test_numbers_search_over_a_large_inventory(live: TelconfServer, big: ConsoleOrg, page: Page) -> None:
    sign_in(page, live.root_url, big.key)
    expect(page.get_by_role("link", name=f"{INVENTORY:,} numbers")).to_be_visible()
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Numbers").click()
    expect(page.get_by_role("status")).to_have_text(f"{INVENTORY:,} numbers found")
    wanted = big.numbers[1234]
    page.get_by_label("Number contains").fill(wanted["phone_number"][-7:])
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_have_text("1 number found")
    expect(page.get_by_role("link", name=wanted["phone_number"])).to_be_visible()
    page.get_by_label("Number contains").fill("")
    page.get_by_label("Tag").fill("blue")
    page.get_by_label("Status").select_option("active")
    page.get_by_role("button", name="Search").click()
    tagged_active = sum(1 for n in big.numbers if n["tags"] and n["status"] == "active")
    expect(page.get_by_role("status")).to_have_text(f"{tagged_active} numbers found")
    page.get_by_role("link", name="Next page").click()
    expect(page.get_by_text(f"Page 2 of {(tagged_active + 24) // 25}")).to_be_visible()
    page.get_by_label("Number contains").fill("12")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("alert")).to_contain_text("at least three digits")


def test_an_edit_shows_the_api_error_then_saves(live: TelconfServer, big: ConsoleOrg, page: Page) -> None:
    sign_in(page, live.root_url, big.key)
    number = big.numbers[7]
    page.goto(live.root_url + CONSOLE + f"/numbers/{number['id']}")
    page.get_by_label("Customer reference").fill("x" * 256)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("customer_reference")
    page.get_by_label("Customer reference").fill("billing-42")
    page.get_by_label("Tags (comma-separated)").fill("red, green")
    page.get_by_label("Messaging profile").select_option(label=f"Profile of {big.name}")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    record = live.client(big.key).phone_numbers.retrieve(number["id"]).data
    assert (record.customer_reference, record.tags, record.messaging_profile_id) == (
        "billing-42",
        ["red", "green"],
        big.profile_id,
    )


def test_a_job_is_advanced_to_completion(live: TelconfServer, big: ConsoleOrg, page: Page) -> None:
    sign_in(page, live.root_url, live.admin_token)
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Testing controls").click()
    page.get_by_label("Policy", exact=True).select_option("manual")
    page.get_by_role("button", name="Set policy").click()
    expect(page.get_by_role("status").first).to_contain_text("Job policy: manual")
    client = live.client(big.key)
    try:
        job = client.phone_numbers.jobs.update_batch(phone_numbers=[n["id"] for n in big.numbers[20:25]], tags=["x"])
        page.goto(live.root_url + CONSOLE + "/jobs?org=" + big.uuid(client))
        expect(page.get_by_role("progressbar", name=f"Progress of job {job.data.id}")).to_have_attribute("value", "0")
        page.get_by_role("button", name=f"Advance job {job.data.id}").click()
        expect(page.get_by_role("status")).to_contain_text(f"advance: {job.data.id}")
        expect(page.get_by_role("progressbar", name=f"Progress of job {job.data.id}")).to_have_attribute("value", "5")
        assert client.phone_numbers.jobs.retrieve(job.data.id).data.status == "completed"
    finally:
        live.admin.set_job_policy("immediate")


def test_a_fault_rule_takes_effect(live: TelconfServer, big: ConsoleOrg, page: Page) -> None:
    sign_in(page, live.root_url, live.admin_token)
    page.goto(live.root_url + CONSOLE + "/testing")
    number = big.numbers[3]
    page.get_by_label("Method").fill("GET")
    page.get_by_label("Path (below /v2)").fill(f"/phone_numbers/{number['id']}")
    page.get_by_label("Status", exact=True).fill("503")
    page.get_by_label("Times").fill("1")
    page.get_by_role("button", name="Add fault rule").click()
    expect(page.get_by_role("status").first).to_contain_text("Added fault rule")
    client = live.client(big.key, max_retries=0)
    with pytest.raises(telnyx.APIStatusError) as refused:
        client.phone_numbers.retrieve(number["id"])
    assert refused.value.status_code == 503
    assert client.phone_numbers.retrieve(number["id"]).data.id == number["id"]  # once, as the rule says
    rule_id = live.admin.faults()[-1]["id"]
    page.reload()
    page.get_by_role("button", name=f"Remove fault rule {rule_id}").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Removed fault rule {rule_id}")
    assert all(rule["id"] != rule_id for rule in live.admin.faults())


def test_requests_arrive_live(live: TelconfServer, big: ConsoleOrg, page: Page) -> None:
    sign_in(page, live.root_url, big.key)
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Requests").click()
    page.get_by_label("Live updates").check()
    number = big.numbers[11]
    live.client(big.key).phone_numbers.retrieve(number["id"])
    expect(page.get_by_text(f"/v2/phone_numbers/{number['id']}")).to_be_visible(timeout=10_000)


def test_an_organisation_key_cannot_see_another_organisation(live: TelconfServer, big: ConsoleOrg, page: Page) -> None:
    seed, other = org_seed(20)
    live.seed(seed)
    sign_in(page, live.root_url, other.key)
    expect(page.get_by_role("link", name="20 numbers")).to_be_visible()
    expect(page.get_by_role("link", name="Testing controls")).to_have_count(0)
    page.goto(live.root_url + CONSOLE + "/numbers?number=" + big.numbers[5]["phone_number"][-7:])
    expect(page.get_by_role("status")).to_have_text("0 numbers found")
    for path in (f"/numbers/{big.numbers[5]['id']}", f"/profiles/{big.profile_id}"):
        answer = page.goto(live.root_url + CONSOLE + path)
        assert answer is not None and answer.status == 404
    answer = page.goto(live.root_url + CONSOLE + "/testing")
    assert answer is not None and answer.status == 403


def test_cookie_csrf_and_content_security_policy(live: TelconfServer, page: Page) -> None:
    sign_in(page, live.root_url, live.admin_token)
    cookie = next(c for c in page.context.cookies() if c["name"] == "telconf_console")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == CONSOLE
    answer = page.goto(live.root_url + CONSOLE + "/testing")
    assert answer is not None
    csp = answer.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    refused: Any = page.request.post(live.root_url + CONSOLE + "/testing/clock/freeze", form={"at": ""})
    assert refused.status == 403 and live.admin.clock()["frozen"] is False
    page.get_by_role("button", name="Freeze", exact=True).click()  # the page's own form carries the token
    expect(page.get_by_role("status").first).to_contain_text("(frozen)")
    assert live.admin.clock()["frozen"] is True
    page.get_by_role("button", name="Back to real time").click()
