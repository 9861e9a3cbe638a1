"""The Messages and Webhook deliveries pages in a real browser (chromium through Playwright, found by
role and label): a message sent through the Python SDK appears in an open page without a reload,
its status follows the lifecycle, "Reply as the handset" reaches the profile's webhook and shows in
the conversation, and a delivery's attempts are shown and re-delivered to the receiver."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from telconf.testing.receiver import WebhookReceiver
from telconf.testing.server import TelconfServer

from .browser import CONSOLE, VIEWPORT, sign_in
from .seeding import ConsoleOrg, org_seed

HANDSET = "+13125550147"
LIVE_MS = 2_000  # "within a couple of seconds"; the page looks every 0.3 s


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    yield context.new_page()
    context.close()


@pytest.fixture
def org(live: TelconfServer) -> ConsoleOrg:
    seed, made = org_seed(6)
    live.seed(seed)
    return made


@pytest.fixture
def receiver(live: TelconfServer, org: ConsoleOrg) -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as hook:
        live.client(org.key).messaging_profiles.update(org.profile_id, webhook_url=hook.url)
        yield hook


def ours(org: ConsoleOrg) -> str:
    return str(org.numbers[0]["phone_number"])


def test_a_sent_message_appears_live_and_follows_its_status(live: TelconfServer, org: ConsoleOrg, page: Page) -> None:
    sign_in(page, live.root_url, org.key)
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Messages").click()
    expect(page.get_by_role("heading", level=1, name="Messages")).to_be_visible()
    expect(page.get_by_text("No messages.")).to_be_visible()
    client = live.client(org.key)
    client.messages.send(from_=ours(org), to=HANDSET, text="First, while you watch")
    link = page.get_by_role("link", name=f"Conversation of {ours(org)} with {HANDSET}")
    expect(link).to_be_visible(timeout=LIVE_MS)  # no reload: the page's own refresh
    link.click()
    expect(page.get_by_role("heading", level=1, name=f"{ours(org)} ↔ {HANDSET}")).to_be_visible()
    sent = client.messages.send(from_=ours(org), to=HANDSET, text="Second, in the open conversation").data
    row = page.locator(f"#m-{sent.id}")
    expect(row).to_contain_text("Second, in the open conversation", timeout=LIVE_MS)
    expect(row).to_contain_text("delivered", timeout=10_000)  # the pump moves it: queued, sent, delivered
    expect(row).to_contain_text("0.0070 USD")


def test_reply_as_the_handset_reaches_the_webhook(
    live: TelconfServer, org: ConsoleOrg, receiver: WebhookReceiver, page: Page
) -> None:
    live.client(org.key).messages.send(from_=ours(org), to=HANDSET, text="Shall we meet at six?")
    sign_in(page, live.root_url, org.key)
    page.goto(live.root_url + CONSOLE + f"/messages/{ours(org)}/{HANDSET}")
    page.get_by_label(f"Message from {HANDSET}").fill("Six works for me")
    page.get_by_role("button", name=f"Send as {HANDSET}").click()
    expect(page.get_by_role("status")).to_contain_text(f"Received from {HANDSET}")
    event = receiver.wait_for("message.received", where=lambda d: d.payload["text"] == "Six works for me")
    assert event.payload["to"][0]["phone_number"] == ours(org)
    event.unwrap(live.client(org.key), key=live.admin.webhook_public_key(org.name))  # signed, verified
    expect(page.get_by_role("table").get_by_text("Six works for me")).to_be_visible()


def test_a_read_only_key_sees_the_reply_form_disabled(live: TelconfServer, org: ConsoleOrg, page: Page) -> None:
    live.client(org.key).messages.send(from_=ours(org), to=HANDSET, text="Just looking")
    sign_in(page, live.root_url, org.read_only_key)
    page.goto(live.root_url + CONSOLE + f"/messages/{ours(org)}/{HANDSET}")
    expect(page.get_by_text("A read-only key cannot reply.")).to_be_visible()
    expect(page.get_by_role("button", name=f"Send as {HANDSET}")).to_be_disabled()


def test_a_delivery_shows_its_attempts_and_is_delivered_again(
    live: TelconfServer, org: ConsoleOrg, receiver: WebhookReceiver, page: Page
) -> None:
    sent = live.client(org.key).messages.send(from_=ours(org), to=HANDSET, text="Watch my webhooks").data
    first = receiver.wait_for("message.sent", where=lambda d: d.payload["id"] == sent.id)
    sign_in(page, live.root_url, org.key)
    page.get_by_role("navigation", name="Console").get_by_role("link", name="Webhook deliveries").click()
    page.get_by_label("Event type").fill("message.sent")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("status")).to_have_text("1 delivery found")
    page.get_by_role("link", name=re.compile(r"^Delivery ")).click()
    expect(page.get_by_role("heading", level=1, name="Delivery of message.sent")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"^Attempt 1"))).to_be_visible(timeout=LIVE_MS)
    signature = first.headers["telnyx-signature-ed25519"]
    expect(page.get_by_role("table", name="Request headers of attempt 1")).to_contain_text(signature)
    expect(page.get_by_role("heading", name="Response: 200")).to_be_visible()
    page.get_by_role("button", name="Re-deliver").click()
    expect(page.get_by_role("status")).to_contain_text("Queued again")
    again = receiver.wait_for("message.sent", where=lambda d: d.payload["id"] == sent.id, count=2)
    assert again.json["data"]["id"] == first.json["data"]["id"]
    # The attempt is recorded just after the receiver answers; the pending page refreshes itself.
    expect(page.get_by_role("heading", name=re.compile(r"^Attempt 1"))).to_be_visible(timeout=5_000)
    expect(page.get_by_label("Request body of attempt 1")).to_contain_text(sent.id)
