"""Transport errors, in Telnyx's envelope, for inputs the SDK never sends but a raw client may."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from starlette.requests import Request

from telconf.app import create_app
from telconf.settings import Settings

from ..support import Orgs, Server


def envelope(response: httpx.Response) -> dict[str, object]:
    assert response.headers["content-type"].startswith("application/json")
    [error] = response.json()["errors"]
    assert isinstance(error["code"], str) and error["title"] and error["detail"]
    return dict(error)


@pytest.fixture
def session(server: Server, orgs: Orgs) -> tuple[httpx.Client, str]:
    org = orgs.make([{}])
    client = httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {org.key}"})
    return client, org.numbers[0]["id"]


def test_malformed_json_is_400(session: tuple[httpx.Client, str]) -> None:
    client, number_id = session
    response = client.patch(
        f"/phone_numbers/{number_id}", content=b'{"tags": [', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400 and envelope(response)["code"] == "10023"


def test_non_object_body_is_422(session: tuple[httpx.Client, str]) -> None:
    client, number_id = session
    response = client.patch(f"/phone_numbers/{number_id}", json=["tags"])
    assert response.status_code == 422 and envelope(response)["code"] == "10015"


def test_wrong_content_type_is_415(session: tuple[httpx.Client, str]) -> None:
    client, number_id = session
    response = client.patch(f"/phone_numbers/{number_id}", content=b"tags=a", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415 and envelope(response)["code"] == "10014"


def test_body_too_large_is_413(session: tuple[httpx.Client, str]) -> None:
    client, number_id = session
    body = b'{"customer_reference": "' + b"x" * 2_000_000 + b'"}'
    response = client.patch(f"/phone_numbers/{number_id}", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and envelope(response)["code"] == "10015"


def test_unknown_route_is_404(session: tuple[httpx.Client, str]) -> None:
    client, _ = session
    for path in ("/nothing_here", "/phone_numbers/1/unknown", "/phone_numbers/"):
        response = client.get(path)
        assert response.status_code == 404 and envelope(response)["code"] == "10005"


def test_wrong_method_is_405_with_allow(session: tuple[httpx.Client, str]) -> None:
    client, number_id = session
    response = client.put(f"/phone_numbers/{number_id}", json={})
    assert response.status_code == 405
    assert set(response.headers["allow"].replace(" ", "").split(",")) >= {"GET", "PATCH", "DELETE"}
    assert envelope(response)["code"] == "10015"
    assert client.post("/phone_numbers", json={}).status_code == 405


def test_bad_query_parameters_name_the_parameter(session: tuple[httpx.Client, str]) -> None:
    client, _ = session
    response = client.get("/phone_numbers", params={"page[size]": "abc", "filter[status]": "sleeping"})
    assert response.status_code == 422
    params = sorted(e["source"]["parameter"] for e in response.json()["errors"])
    assert params == ["filter[status]", "page[size]"]


def test_authorization_scheme_other_than_bearer_is_401(server: Server, orgs: Orgs) -> None:
    org = orgs.make()
    response = httpx.get(f"{server.base_url}/phone_numbers", headers={"Authorization": f"Basic {org.key}"})
    assert response.status_code == 401 and envelope(response)["code"] == "10009"


def test_unexpected_failure_is_a_generic_500_without_internals(tmp_path: object) -> None:
    app = create_app(Settings(database_url=":memory:"))

    async def explode(request: Request) -> None:
        raise RuntimeError("secret table name phone_numbers_internal")

    async def call() -> httpx.Response:
        await app.startup()
        try:
            app.routes.add("/v2/explode", explode)
            transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url="http://telconf") as client:
                return await client.get("/v2/explode")
        finally:
            await app.shutdown()

    response = asyncio.run(call())
    assert response.status_code == 500
    error = envelope(response)
    assert error["code"] == "10007"
    assert "secret" not in response.text and "RuntimeError" not in response.text
