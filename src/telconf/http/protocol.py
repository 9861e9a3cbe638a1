"""uvicorn's HTTP protocol (httptools), with one change: a request it cannot parse (a bad request
line, header or chunk) is answered in Telnyx's `errors[]` envelope like every other error,
instead of uvicorn's plain-text "Invalid HTTP request received." The app never sees such a request,
so this is the only place that can answer it."""

from __future__ import annotations

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
