"""NUL in a PATCH is a 422 with a pointer on every engine (it was a 500 on PostgreSQL, where the
connection and interception-app lookups compare it with text columns)."""

from __future__ import annotations

from typing import Any

import pytest

from ...support import Orgs, Server
from .records import mobile, raw

NUL = "a\x00b"


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"connection_id": NUL}, "/connection_id"),
        ({"inbound": {"interception_app_id": NUL}}, "/inbound/interception_app_id"),
        ({"customer_reference": NUL}, "/customer_reference"),
        ({"tags": [NUL]}, "/tags/0"),
    ],
)
def test_nul_in_a_patch_is_422(server: Server, orgs: Orgs, body: dict[str, Any], pointer: str) -> None:
    record = mobile()
    org = orgs.make(mobile_phone_numbers=[record])
    response = raw(server, org.key, "PATCH", f"/mobile_phone_numbers/{record['id']}", json=body)
    assert response.status_code == 422
    assert [e["source"]["pointer"] for e in response.json()["errors"]] == [pointer]
