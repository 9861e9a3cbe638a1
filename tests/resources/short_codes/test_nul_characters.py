"""NUL in a short code's tags is a 422 with a pointer, as in every other body (PostgreSQL cannot
hold it in text)."""

from __future__ import annotations

import httpx

from ...support import Orgs, Server
from ..messaging_profiles.records import short_code

NUL = "a\x00b"


def test_nul_in_a_short_code_tag_is_422(server: Server, orgs: Orgs) -> None:
    code = short_code()
    org = orgs.make(short_codes=[code])
    response = httpx.patch(
        f"{server.base_url}/short_codes/{code['id']}",
        json={"messaging_profile_id": None, "tags": ["ok", NUL]},
        headers={"Authorization": f"Bearer {org.key}"},
    )
    assert response.status_code == 422
    assert [e["source"]["pointer"] for e in response.json()["errors"]] == ["/tags/1"]
