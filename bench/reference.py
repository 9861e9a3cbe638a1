"""The raw-ASGI reference: the least any ASGI app can do per request under the same uvicorn setup.

It answers with the exact bytes telconf returned for each scenario (captured by the bench into
the directory named by BENCH_BODIES), so both servers write the same sizes; the gap between them
is telconf's own work: routing, auth, parsing, the database, encoding.
Serve: BENCH_BODIES=DIR uvicorn bench.reference:app --loop uvloop --http httptools --lifespan off
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

SCENARIOS = ("get", "list1", "list2000", "voice", "messaging", "patch")
MESSAGE_SCENARIOS = ("send",)  # bench/messages.py
_DIR = Path(os.environ.get("BENCH_BODIES", "."))
_NAMES = (*SCENARIOS, *MESSAGE_SCENARIOS)
_BODIES = {name: (_DIR / f"{name}.json").read_bytes() for name in _NAMES if (_DIR / f"{name}.json").exists()}
_HEADERS = {
    name: [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    for name, body in _BODIES.items()
}


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    more = True
    while more:  # read the request body, as any real handler must
        more = (await receive()).get("more_body", False)
    if scope["method"] == "PATCH":
        name = "patch"
    elif scope["method"] == "POST" and scope["path"] == "/v2/messages":
        name = "send"
    elif scope["path"].endswith(("/voice", "/messaging")):
        name = scope["path"].rsplit("/", 1)[1]
    elif scope["path"].endswith("/phone_numbers"):
        name = "list2000" if b"=2000" in scope["query_string"] else "list1"
    else:
        name = "get"
    body = _BODIES.get(name, b"{}")  # a readiness probe asks for a scenario this run did not capture
    headers = _HEADERS.get(name, [(b"content-type", b"application/json"), (b"content-length", b"2")])
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
