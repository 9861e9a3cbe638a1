"""NUL in a bulk update's profile id or order id: a 422 and a 404 on every engine (both were
500s on PostgreSQL, found by the OpenAPI ring)."""

from __future__ import annotations

import httpx

from ...support import Orgs, Server


def test_nul_in_the_profile_id_is_422(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    response = httpx.post(
        f"{server.base_url}/messaging_numbers_bulk_updates",
        json={"messaging_profile_id": "a\x00b", "numbers": [org.numbers[0]["phone_number"]]},
        headers={"Authorization": f"Bearer {org.key}"},
    )
    assert response.status_code == 422
    assert [e["source"]["pointer"] for e in response.json()["errors"]] == ["/messaging_profile_id"]


def test_an_order_id_that_is_no_uuid_is_404(server: Server, orgs: Orgs) -> None:
    org = orgs.make()
    for order_id in ("a%00b", "not-an-order"):
        response = httpx.get(
            f"{server.base_url}/messaging_numbers_bulk_updates/{order_id}",
            headers={"Authorization": f"Bearer {org.key}"},
        )
        assert response.status_code == 404
