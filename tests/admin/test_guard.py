"""The admin token guards every admin route: each one, walked from the route list itself, refuses
a request without the token or with a wrong one, and a path under the prefix that names no route
reveals nothing more."""

from __future__ import annotations

from unittest.mock import Mock

import pytest

from telconf.admin.routes import routes as admin_routes
from telconf.testing.server import TelconfServer

ADMIN_ROUTES = [
    (method, route.path.replace("{id}", "1").replace("{name}", "snap"))
    for route in admin_routes(Mock())
    for method in sorted(route.methods or ())
    if method != "HEAD"
]


def test_every_admin_route_is_walked() -> None:
    assert len(ADMIN_ROUTES) >= 20 and all(path.startswith("/_telconf/") for _, path in ADMIN_ROUTES)


@pytest.mark.parametrize("authorization", [None, "Bearer not-the-token", "Basic abc"])
def test_every_admin_route_refuses_a_request_without_the_token(
    telconf_server: TelconfServer, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    with telconf_server.http_client(base_url=telconf_server.root_url) as http:
        for method, path in [*ADMIN_ROUTES, ("GET", "/_telconf/no-such-route")]:
            response = http.request(method, path, headers=headers, json={} if method in ("POST", "PUT") else None)
            assert response.status_code == 401, (method, path)
            assert response.json()["errors"][0]["code"] == "10009", (method, path)
        state = telconf_server.admin.clock()  # the token still works, and nothing above changed state
        assert state["frozen"] is False
