"""NUL anywhere in a profile body is a 422 with a pointer, as in every other body (PostgreSQL
cannot hold it in text)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ...support import Orgs, Server
from .records import profile

NUL = "a\x00b"


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"ai_assistant_id": NUL}, "/ai_assistant_id"),
        ({"resource_group_id": NUL}, "/resource_group_id"),
        ({"features": {"x": {"y": NUL}}}, "/features/x/y"),
        ({"features": {NUL: True}}, "/features"),
        ({"url_shortener_settings": {"domain": NUL}}, "/url_shortener_settings/domain"),
    ],
)
def test_nul_in_a_new_profile_is_422(server: Server, orgs: Orgs, body: dict[str, Any], pointer: str) -> None:
    org = orgs.make()
    response = httpx.post(
        f"{server.base_url}/messaging_profiles",
        json={"name": "x", "whitelisted_destinations": ["US"], **body},
        headers={"Authorization": f"Bearer {org.key}"},
    )
    assert response.status_code == 422
    assert [e["source"]["pointer"] for e in response.json()["errors"]] == [pointer]


def test_nul_in_a_profile_secret_is_422(server: Server, orgs: Orgs) -> None:
    seeded = profile()
    org = orgs.make(messaging_profiles=[seeded])
    response = httpx.patch(
        f"{server.base_url}/messaging_profiles/{seeded['id']}",
        json={"v1_secret": NUL},
        headers={"Authorization": f"Bearer {org.key}"},
    )
    assert response.status_code == 422
    assert [e["source"]["pointer"] for e in response.json()["errors"]] == ["/v1_secret"]
