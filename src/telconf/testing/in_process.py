"""The app in this process, on an event loop of its own thread, reached through an httpx transport
with no socket at all: the official SDK's sync client works against it unchanged."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import MutableMapping
from typing import Any
from urllib.parse import unquote

import httpx

from ..app import Telconf


class InProcessApp:
    def __init__(self, app: Telconf) -> None:
        self.app = app
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="telconf-in-process", daemon=True)

    def start(self) -> None:
        self._thread.start()
        self.run(self.app.startup())

    def stop(self) -> None:
        try:
            self.run(self.app.shutdown())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(10)
            self.loop.close()

    def run(self, coroutine: Any, timeout: float | None = 60) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def transport(self) -> InProcessTransport:
        return InProcessTransport(self)

    def async_transport(self) -> InProcessAsyncTransport:
        return InProcessAsyncTransport(self)


class InProcessTransport(httpx.BaseTransport):
    def __init__(self, server: InProcessApp) -> None:
        self.server = server

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        timeouts = request.extensions.get("timeout") or {}
        future = asyncio.run_coroutine_threadsafe(call_app(self.server, request, body), self.server.loop)
        try:
            answer = future.result(timeouts.get("read"))
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise httpx.ReadTimeout("telconf did not answer in time", request=request) from None
        return to_response(request, answer)


class InProcessAsyncTransport(httpx.AsyncBaseTransport):
    """The same for `AsyncTelnyx`: the caller's loop awaits the app running on the app's loop."""

    def __init__(self, server: InProcessApp) -> None:
        self.server = server

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        timeouts = request.extensions.get("timeout") or {}
        future = asyncio.run_coroutine_threadsafe(call_app(self.server, request, body), self.server.loop)
        try:
            answer = await asyncio.wait_for(asyncio.wrap_future(future), timeouts.get("read"))
        except TimeoutError:
            future.cancel()
            raise httpx.ReadTimeout("telconf did not answer in time", request=request) from None
        return to_response(request, answer)


Answer = tuple[int, list[tuple[bytes, bytes]], bytes, bool]


def to_response(request: httpx.Request, answer: Answer) -> httpx.Response:
    status, headers, content, complete = answer
    if not complete:
        raise httpx.RemoteProtocolError("telconf closed the connection mid-response", request=request)
    return httpx.Response(status, headers=headers, content=content, request=request)


async def call_app(server: InProcessApp, request: httpx.Request, body: bytes) -> Answer:
    """One ASGI call, on the app's loop: the request as uvicorn would present it, the answer whole."""
    raw_path, _, query = request.url.raw_path.partition(b"?")
    path = raw_path.decode("ascii")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": "http",
        # As uvicorn does: percent-decoded, and a literal `+` stays a `+`.
        "path": unquote(path) if "%" in path else path,
        "raw_path": raw_path,
        "query_string": query,
        "root_path": "",
        "headers": [(key.lower(), value) for key, value in request.headers.raw],
        "client": ("127.0.0.1", 0),
        "server": ("telconf", 80),
    }
    delivered = False
    status = 0
    headers: list[tuple[bytes, bytes]] = []
    chunks: list[bytes] = []
    complete = False

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        nonlocal status, headers, complete
        if message["type"] == "http.response.start":
            status, headers = message["status"], list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            complete = not message.get("more_body", False)

    await server.app(scope, receive, send)
    return status, headers, b"".join(chunks), complete
