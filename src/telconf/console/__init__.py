"""The web console at /_telconf/console: server-rendered pages (Jinja2) over the API's own
services and the admin service, for people rather than programs (see docs/behaviour.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.routing import Route

from ..admin.service import AdminService
from ..ids import Ids
from ..store import Store
from . import numbers, operator, profiles, testing
from .core import Console
from .deliveries import DeliveryPages
from .messaging import MessagePages
from .web import PREFIX


def is_console_path(path: str) -> bool:
    """Whether a path is the console's (which checks its own sessions, not the admin header)."""
    return path == PREFIX or path.startswith(PREFIX + "/")


def _nothing() -> None:
    pass


def console_routes(
    store: Store,
    services: dict[type, Any],
    ids: Ids,
    admin: AdminService | None,
    admin_token: str | None,
    wake_webhooks: Callable[[], None] = _nothing,
) -> list[Route]:
    """The console's routes; `wake_webhooks` tells this process's webhook dispatcher (if it runs
    one) that a reply or a re-delivery queued a delivery."""
    console = Console(store, services, ids, admin, admin_token)
    messages = MessagePages(console, wake_webhooks)
    console.messages_today = messages.today
    pages = [*numbers.pages(console), *profiles.pages(console), *messages.pages()]
    pages += [*DeliveryPages(console, wake_webhooks).pages(), *operator.pages(console), *testing.pages(console)]
    return console.routes(pages)


__all__ = ["PREFIX", "console_routes", "is_console_path"]
