"""`scripts/screenshots`: the console's main pages as PNGs in docs/console/ (1280x800), taken with
the browser ring's own setup from a server holding the demo inventory and a little activity."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import telnyx
from playwright.sync_api import sync_playwright

from telconf.demo import PROFILE_ID
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


def main() -> int:
    if not CHROMIUM.is_file():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    server = start_telconf()
    try:
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
                "jobs": "/jobs",
                "requests": "/requests",
                "testing": "/testing",
            }
            for name, path in shots.items():
                page.goto(server.root_url + CONSOLE + path)
                page.screenshot(path=str(OUT / f"{name}.png"))
                print(OUT / f"{name}.png")
            browser.close()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
