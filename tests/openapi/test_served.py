"""GET /openapi.json serves the document, without a key."""

from __future__ import annotations

import httpx

from telconf.api import openapi_bytes

from ..support import Server


def test_the_document_is_served_without_a_key(server: Server) -> None:
    response = httpx.get(f"http://127.0.0.1:{server.port}/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.content == openapi_bytes()
