"""Organisations for the console rings: each with its own keys, numbers and a messaging profile,
unique per run so the rings can share one server."""

from __future__ import annotations

import itertools
import random
import uuid
from dataclasses import dataclass
from typing import Any

_BLOCKS = itertools.count(random.randrange(100, 900))
STATUSES = ("active", "active", "active", "port-pending", "purchase-pending")


@dataclass
class ConsoleOrg:
    name: str
    key: str
    read_only_key: str
    profile_id: str
    numbers: list[dict[str, Any]]

    def uuid(self, client: Any) -> str:
        """The organisation's id, as its messaging profile reports it."""
        return str(client.messaging_profiles.retrieve(self.profile_id).data.organization_id)


def org_seed(count: int, tag: str = "blue") -> tuple[dict[str, Any], ConsoleOrg]:
    """One organisation's seed with `count` numbers (every tenth tagged `tag`, every third on the
    profile) and the handles a test needs."""
    block = next(_BLOCKS) * 100_000
    name = f"console-{uuid.uuid4().hex[:8]}"
    profile_id = str(uuid.uuid4())
    key, ro_key = f"KEY{uuid.uuid4().hex}RW", f"KEY{uuid.uuid4().hex}RO"
    numbers = [
        {
            "id": str(5 * 10**18 + block + i),
            "phone_number": f"+1{3_000_000_000 + block + i}",
            "status": STATUSES[i % len(STATUSES)],
            "tags": [tag] if i % 10 == 0 else [],
            **({"messaging_profile_id": profile_id} if i % 3 == 0 else {}),
        }
        for i in range(count)
    ]
    org = {
        "name": name,
        "api_keys": [{"key": key}, {"key": ro_key, "scope": "read_only"}],
        "messaging_profiles": [{"id": profile_id, "name": f"Profile of {name}", "whitelisted_destinations": ["US"]}],
        "phone_numbers": numbers,
    }
    return {"organizations": [org]}, ConsoleOrg(name, key, ro_key, profile_id, numbers)
