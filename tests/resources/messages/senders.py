"""An organisation ready to send: a profile (settings as the test asks) with numbers on it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest
import telnyx

from ...support import Org, Orgs


@dataclass
class Sending:
    org: Org
    profile_id: str
    numbers: list[str]  # the profile's numbers, in seed order

    @property
    def number(self) -> str:
        return self.numbers[0]


def sending_org(orgs: Orgs, count: int = 1, numbers: list[dict[str, Any]] | None = None, **settings: Any) -> Sending:
    profile_id = str(uuid.uuid4())
    profile = {"id": profile_id, "name": "Sending", "whitelisted_destinations": ["US", "CA"], **settings}
    records = numbers if numbers is not None else [{} for _ in range(count)]
    org = orgs.make(
        [{"messaging_profile_id": profile_id, "status": "active", **r} for r in records],
        messaging_profiles=[profile],
    )
    return Sending(org, profile_id, [n["phone_number"] for n in org.numbers])


def error_of(caught: pytest.ExceptionInfo[telnyx.APIStatusError]) -> tuple[int, str, str | None]:
    """(HTTP status, code, pointer) of the first error."""
    entry = caught.value.body["errors"][0]  # type: ignore[index]
    return caught.value.status_code, entry["code"], entry.get("source", {}).get("pointer")
