"""An organisation ready to send: a profile (settings as the test asks) with numbers on it."""

from __future__ import annotations

import time
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


def sending_org(
    orgs: Orgs, count: int = 1, numbers: list[dict[str, Any]] | None = None, signing_key: str | None = None,
    **settings: Any,
) -> Sending:  # fmt: skip
    profile_id = str(uuid.uuid4())
    profile = {"id": profile_id, "name": "Sending", "whitelisted_destinations": ["US", "CA"], **settings}
    records = numbers if numbers is not None else [{} for _ in range(count)]
    org = orgs.make(
        [{"messaging_profile_id": profile_id, "status": "active", **r} for r in records],
        messaging_profiles=[profile],
        **({"webhook_signing_key": signing_key} if signing_key else {}),
    )
    return Sending(org, profile_id, [n["phone_number"] for n in org.numbers])


def error_of(caught: pytest.ExceptionInfo[telnyx.APIStatusError]) -> tuple[int, str, str | None]:
    """(HTTP status, code, pointer) of the first error."""
    entry = caught.value.body["errors"][0]  # type: ignore[index]
    return caught.value.status_code, entry["code"], entry.get("source", {}).get("pointer")


def wait_for_status(client: telnyx.Telnyx, message_id: str, wanted: str, seconds: float = 10) -> Any:
    """The message once its recipient's status is `wanted` (the server's pump moves it)."""
    deadline = time.monotonic() + seconds
    while True:
        found = client.messages.retrieve(message_id).data
        assert found is not None and found.to is not None
        if found.to[0].status == wanted or time.monotonic() > deadline:
            assert found.to[0].status == wanted, found.to[0].status
            return found
        time.sleep(0.02)  # noqa: TID251 (polls a message that the server's pump moves)
