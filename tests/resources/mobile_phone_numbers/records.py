"""Mobile-number seed records and lookups the tests of this slice share."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import httpx
import telnyx

from telconf.store import Store

from ...support import Server


def mobile(**fields: Any) -> dict[str, Any]:
    """A seed record with a fresh id and a fresh US number (numbers are unique per server)."""
    record: dict[str, Any] = {
        "id": str(random.randrange(5 * 10**18, 6 * 10**18)),
        "phone_number": "+1" + str(random.randrange(2 * 10**9, 10**10)),
    }
    record.update(fields)
    return record


def org_uuid(server: Server, name: str) -> str:
    """The organisation's public UUID, as the messaging view shows it."""

    async def work() -> str:
        store = await Store.open(server.database_url, run_migrations=False)
        try:
            org = await store.orgs.by_name(name)
            assert org is not None
            return org.uuid
        finally:
            await store.close()

    return asyncio.run(work())


def error(exc: telnyx.APIStatusError) -> dict[str, Any]:
    body: Any = exc.body
    return dict(body["errors"][0])


def pointers(exc: telnyx.APIStatusError) -> list[str]:
    body: Any = exc.body
    return sorted(e["source"]["pointer"] for e in body["errors"])


def raw(server: Server, key: str, method: str, path: str, **options: Any) -> httpx.Response:
    """A request outside the SDK, e.g. at the single-/v2 paths the docs show."""
    headers = {"Authorization": f"Bearer {key}", **options.pop("headers", {})}
    return httpx.request(method, f"{server.base_url}{path}", headers=headers, timeout=10, **options)
