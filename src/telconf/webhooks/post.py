"""The dispatcher's HTTP client: one POST at a time per connection, HTTP/1.1 over asyncio streams,
connections kept alive per origin. Not httpx: its connection pool scans every connection on each
request and answer, and at the dispatcher's concurrency that capped deliveries at 150-260 a
second on this machine class (docs/benchmarks.md); a webhook needs only a POST and its answer.

HTTPS verifies the receiver's certificate (the system's trust store), as Telnyx does. A response
body is read whole so the connection can be reused, up to `MAX_BODY` (larger: the connection is
closed after the part kept); chunked bodies are read the same way."""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urlsplit

MAX_HEAD = 65_536
MAX_BODY = 1_048_576
KEEP_IDLE = 64  # idle connections kept per origin


class BadResponse(Exception):
    """The receiver answered something that is not HTTP/1.x."""


@dataclass(frozen=True)
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


_Conn = tuple[asyncio.StreamReader, asyncio.StreamWriter]


class Poster:
    def __init__(self) -> None:
        self._idle: dict[tuple[str, str, int], list[_Conn]] = {}
        self._tls: ssl.SSLContext | None = None

    async def __aenter__(self) -> Poster:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        idle, self._idle = self._idle, {}
        for conns in idle.values():
            for _, writer in conns:
                writer.close()

    async def post(self, url: str, body: bytes, headers: dict[str, str]) -> Reply:
        """POST `body`; the caller bounds the time (a connection cut short is closed, not reused)."""
        parts = urlsplit(url)
        secure = parts.scheme.lower() == "https"
        host = parts.hostname or ""
        origin = (parts.scheme.lower(), host, parts.port or (443 if secure else 80))
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        reader, writer = self._take(origin) or await self._connect(host, origin[2], secure)
        try:
            head = [
                f"POST {target} HTTP/1.1",
                f"Host: {parts.netloc.rsplit('@', 1)[-1]}",
                "User-Agent: telconf-webhooks",
                f"Content-Length: {len(body)}",
                *(f"{name}: {value}" for name, value in headers.items()),
            ]
            writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
            reply, reusable = await _read_reply(reader)
        except BaseException:
            writer.close()
            raise
        if reusable and len(self._idle.setdefault(origin, [])) < KEEP_IDLE:
            self._idle[origin].append((reader, writer))
        else:
            writer.close()
        return reply

    def _take(self, origin: tuple[str, str, int]) -> _Conn | None:
        conns = self._idle.get(origin)
        while conns:
            reader, writer = conns.pop()
            if not reader.at_eof() and not writer.is_closing():  # the receiver closed it meanwhile
                return reader, writer
            writer.close()
        return None

    async def _connect(self, host: str, port: int, secure: bool) -> _Conn:
        if secure and self._tls is None:
            self._tls = ssl.create_default_context()
        tls = self._tls if secure else None
        return await asyncio.open_connection(host, port, ssl=tls, server_hostname=host if secure else None,
                                             limit=MAX_HEAD)  # fmt: skip


async def _read_reply(reader: asyncio.StreamReader) -> tuple[Reply, bool]:
    """The answer and whether its connection can carry another request."""
    raw = await reader.readuntil(b"\r\n\r\n")
    lines = raw.decode("latin-1").split("\r\n")
    version, _, rest = lines[0].partition(" ")
    code = rest[:3]
    if not version.startswith("HTTP/1.") or not code.isdigit():
        raise BadResponse(lines[0][:100])
    headers = [(name.strip(), value.strip()) for name, _, value in (line.partition(":") for line in lines[1:] if line)]
    fields = {name.lower(): value.lower() for name, value in headers}
    reusable = version == "HTTP/1.1" and fields.get("connection") != "close"
    if "chunked" in fields.get("transfer-encoding", ""):
        body, complete = await _chunked(reader)
    elif "content-length" in fields and fields["content-length"].isdigit():
        length = int(fields["content-length"])
        body = await reader.readexactly(min(length, MAX_BODY))
        complete = length <= MAX_BODY
    elif int(code) in (204, 304) or 100 <= int(code) < 200:
        body, complete = b"", True
    else:  # delimited by the end of the connection
        body, complete = await reader.read(MAX_BODY), False
    return Reply(int(code), headers, body), reusable and complete


async def _chunked(reader: asyncio.StreamReader) -> tuple[bytes, bool]:
    body = bytearray()
    while True:
        size_line = await reader.readuntil(b"\r\n")
        size = int(size_line.split(b";", 1)[0].strip() or b"0", 16)
        if size == 0:
            while (await reader.readuntil(b"\r\n")) != b"\r\n":  # trailers
                pass
            return bytes(body), True
        if len(body) + size > MAX_BODY:
            return bytes(body), False
        body += await reader.readexactly(size)
        await reader.readexactly(2)
