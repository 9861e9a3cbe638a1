"""uvicorn's HTTP protocol (httptools), with two changes:

- a request it cannot parse (a bad request line, header or chunk) is answered in Telnyx's
  `errors[]` envelope like every other error, instead of uvicorn's plain-text "Invalid HTTP
  request received." The app never sees such a request, so this is the only place that can
  answer it;
- a response's head and body, which uvicorn writes to the socket one after the other, go out in
  one write: one system call and one TCP segment instead of two (on this machine's loopback a
  write costs more than the rest of a GET by id but the lookup)."""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from ..errors import BAD_REQUEST, ApiError, ErrorItem, render


class MalformedRequest(ApiError):
    status = 400

    def __init__(self) -> None:
        super().__init__([ErrorItem(*BAD_REQUEST, "The request is not valid HTTP/1.1 and could not be read.")])


_BODY = render(MalformedRequest())


class EnvelopeHttpToolsProtocol(HttpToolsProtocol):
    def send_400_response(self, msg: str) -> None:
        content = [b"HTTP/1.1 400 Bad Request\r\n"]
        for name, value in self.server_state.default_headers:
            content.extend([name, b": ", value, b"\r\n"])
        content.extend(
            [
                b"content-type: application/json\r\n",
                b"content-length: " + str(len(_BODY)).encode("ascii") + b"\r\n",
                b"connection: close\r\n",
                b"\r\n",
                _BODY,
            ]
        )
        self.transport.write(b"".join(content))
        self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.transport = _Coalescing(transport, asyncio.get_running_loop())  # type: ignore[assignment]


class _Coalescing:
    """The connection's transport, with the small writes of one turn of the event loop sent
    together at the end of that turn, in order. A write that would hold more than `LIMIT` bytes
    goes out at once with what is held before it (a streamed download keeps uvicorn's flow
    control); closing sends what is held first."""

    __slots__ = ("_transport", "_loop", "_held", "_size")
    LIMIT = 64 * 1024

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._held: list[bytes] = []
        self._size = 0

    def write(self, data: bytes) -> None:
        if self._size + len(data) > self.LIMIT:
            self._held.append(data)
            self._flush()
            return
        if not self._held:
            self._loop.call_soon(self._flush)
        self._held.append(data)
        self._size += len(data)

    def _flush(self) -> None:
        if not self._held:
            return
        data = self._held[0] if len(self._held) == 1 else b"".join(self._held)
        self._held = []
        self._size = 0
        if not self._transport.is_closing():
            self._transport.write(data)

    def close(self) -> None:
        self._flush()
        self._transport.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)
