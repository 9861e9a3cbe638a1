"""Seed records and error reading shared by the messaging-profile and short-code tests."""

from __future__ import annotations

import random
import uuid
from typing import Any

import pytest
import telnyx


def profile(name: str = "Support", **fields: Any) -> dict[str, Any]:
    """Profile and short-code ids are primary keys across the server, so each record gets a fresh one."""
    return {"id": str(uuid.uuid4()), "name": name, "whitelisted_destinations": ["US"], **fields}


def short_code(**fields: Any) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "short_code": str(random.randrange(10**4, 10**6)), **fields}


def meta(page: Any) -> dict[str, object]:
    assert page.meta is not None
    return dict(page.meta.to_dict())


def problems(caught: pytest.ExceptionInfo[telnyx.APIStatusError]) -> list[tuple[str, str | None]]:
    """(code, pointer) of each error entry, sorted by pointer."""
    entries = caught.value.body["errors"]  # type: ignore[index]
    return sorted(((e["code"], e.get("source", {}).get("pointer")) for e in entries), key=lambda p: p[1] or "")
