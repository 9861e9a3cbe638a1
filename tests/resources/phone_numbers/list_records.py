"""Helpers shared by the list and slim-list rings: records, pages and errors as a user sees them."""

from __future__ import annotations

import random
from typing import Any

import telnyx

from ...support import Org, Orgs, Server


def day(n: int) -> str:
    return f"2024-01-{n:02d}T00:00:00.000Z"


def e164(calling_code: str) -> str:
    """A random number unlikely to collide with any other test's (numbers are unique per server)."""
    return f"+{calling_code}" + "".join(random.choice("23456") for _ in range(10))


def meta(page: Any) -> dict[str, object]:
    assert page.meta is not None
    return dict(page.meta.to_dict())


def error(exc: telnyx.APIStatusError) -> dict[str, Any]:
    body: Any = exc.body
    return dict(body["errors"][0])


def make_inventory(server: Server, specs: list[dict[str, Any]], address_id: str) -> Org:
    """An organisation with one number per spec, created a day apart; `cc` picks the calling code."""
    records = []
    for i, spec in enumerate(specs):
        record = {k: v for k, v in spec.items() if k != "cc"}
        record["phone_number"] = e164(spec.get("cc", "1"))
        record["created_at"] = day(i + 1)
        records.append(record)
    return Orgs(server).make(records, addresses=[{"id": address_id}])
