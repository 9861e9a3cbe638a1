"""The browser the console rings and `scripts/screenshots` drive: Debian's chromium through
Playwright for Python (Playwright's own browser download cannot work here). Without
/usr/bin/chromium the browser ring is skipped, except in CI (CI=true), where it fails."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright

CHROMIUM = Path(os.environ.get("TELCONF_CHROMIUM", "/usr/bin/chromium"))
VIEWPORT = {"width": 1280, "height": 800}
CONSOLE = "/_telconf/console"


def require_chromium() -> None:
    """Skip (outside CI) or fail (in CI) when the system browser is missing."""
    if CHROMIUM.is_file():
        return
    message = f"{CHROMIUM} is missing (apt-get install chromium): the console's browser ring needs it"
    if os.environ.get("CI") == "true":
        pytest.fail(message + ", and it is required in CI (CI=true)")
    pytest.skip(message)


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=str(CHROMIUM))


def sign_in(page: Page, root_url: str, secret: str) -> None:
    """Sign in through the form, as a person would, and land on the overview."""
    page.goto(root_url + CONSOLE + "/sign-in")
    page.get_by_label("Admin token or API key").fill(secret)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", level=1, name="Overview").wait_for()
