"""`scripts/screenshots`: the console's main pages as PNGs in docs/console/ (1280x800), taken with
the browser ring's own setup from a server holding the demo inventory and a little activity."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import telnyx
from playwright.sync_api import sync_playwright

from telconf.demo import FIRST_NUMBER, PROFILE_ID
from telconf.testing.receiver import WebhookReceiver
from telconf.testing.server import TelconfServer, start_telconf

from .browser import CHROMIUM, CONSOLE, VIEWPORT, launch, sign_in

OUT = Path(__file__).resolve().parents[2] / "docs" / "console"


def activity(server: TelconfServer) -> None:
    """Requests in the journal, a held job and a fault rule, so the pages have something to show."""
    client = server.client(max_retries=0)
    numbers = client.phone_numbers.list(page_size=50).data
    client.phone_numbers.list(filter={"status": "active"}, page_size=5)
    client.messaging_profiles.list()
    for bad in ("1", "999"):
        with contextlib.suppress(telnyx.NotFoundError):  # two 404s for the journal
            client.phone_numbers.retrieve(bad)
    server.admin.set_job_policy("manual")
    targets = [n.id for n in numbers if not n.deletion_lock_enabled][:40]
    job = client.phone_numbers.jobs.update_batch(phone_numbers=targets, tags=["campaign"]).data
    server.admin.advance_job(job.id, 15)
    server.admin.add_faults({"method": "GET", "path": "/phone_numbers/**", "status": 503, "count": 3})
    server.admin.save_snapshot("before-campaign")


FULL_PAGE = ("delivery",)  # its attempts are below the fold
HANDSETS = ("+13125550147", "+14155550199", "+16465550123")


def messaging(server: TelconfServer, receiver: WebhookReceiver) -> str:
    """A few conversations, a reply from a handset, and webhooks (one answered 500 first); the id
    of a delivery to show."""
    client = server.client(max_retries=0)
    client.messaging_profiles.update(PROFILE_ID, webhook_url=receiver.url)
    ours = FIRST_NUMBER["phone_number"]
    for handset, text in zip(
        HANDSETS, ("Your order has shipped.", "Reminder: dentist at 3pm.", "Code: 482913"), strict=True
    ):
        client.messages.send(from_=ours, to=handset, text=text)
    receiver.wait_for("message.finalized", count=3, timeout=30)
    server.inbound(HANDSETS[0], ours, "Thanks! When will it arrive?")
    receiver.status = 500  # the next delivery's first attempt fails
    client.messages.send(from_=ours, to=HANDSETS[0], text="Tomorrow between 9 and 12.")
    receiver.wait_for("message.sent", where=lambda d: d.answered == 500, timeout=30)
    receiver.status = 200
    deliveries = client.webhook_deliveries.list().data or []
    retried = [d for d in deliveries if any(a.status == "failed" for a in d.attempts or [])]
    return str((retried or deliveries)[0].id)


def main() -> int:
    if not CHROMIUM.is_file():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    server = start_telconf()
    receiver = WebhookReceiver().start()
    try:
        delivery = messaging(server, receiver)  # first: activity() holds new jobs and messages
        activity(server)
        with sync_playwright() as playwright:
            browser = launch(playwright)
            page = browser.new_page(viewport=VIEWPORT)  # type: ignore[arg-type]
            page.goto(server.root_url + CONSOLE + "/sign-in")
            page.screenshot(path=str(OUT / "sign-in.png"))
            sign_in(page, server.root_url, server.admin_token)
            shots = {
                "overview": "/",
                "numbers": "/numbers?tag=support&status=active",
                "number": "/numbers/1293384261075731499",
                "profile": f"/profiles/{PROFILE_ID}",
                "messages": "/messages",
                "conversation": f"/messages/{FIRST_NUMBER['phone_number']}/{HANDSETS[0]}",
                "deliveries": "/webhooks",
                "delivery": f"/webhooks/{delivery}",
                "jobs": "/jobs",
                "requests": "/requests",
                "testing": "/testing",
            }
            for name, path in shots.items():
                page.goto(server.root_url + CONSOLE + path)
                page.screenshot(path=str(OUT / f"{name}.png"), full_page=name in FULL_PAGE)
                print(OUT / f"{name}.png")
            browser.close()
    finally:
        receiver.stop()
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
