"""The dispatcher's HTTP client against raw servers: chunked and length-delimited answers, a
redirect that is not followed, connections kept alive, an answer that never comes (a timeout)
and one that is not HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from telconf.webhooks.post import BadResponse, Poster

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def _serve(answer: bytes | None, connections: list[int]) -> tuple[asyncio.Server, str]:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(1)
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError:
                break
            length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
            await reader.readexactly(length)
            if answer is None:
                await asyncio.Event().wait()  # never answers
            writer.write(answer)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    return server, f"http://127.0.0.1:{port}/hook?x=1"


def run(answer: bytes | None, posts: int = 1, timeout: float = 2.0) -> tuple[list[Any], int]:
    async def main() -> tuple[list[Any], int]:
        connections: list[int] = []
        server, url = await _serve(answer, connections)
        replies: list[Any] = []
        async with server, Poster() as poster:
            for _ in range(posts):
                try:
                    async with asyncio.timeout(timeout):
                        replies.append(await poster.post(url, b'{"a":1}', {"content-type": "application/json"}))
                except Exception as exc:  # noqa: BLE001 - the outcome is what is checked
                    replies.append(exc)
        return replies, len(connections)

    return asyncio.run(main())


def test_a_length_delimited_answer_keeps_the_connection_for_the_next_post() -> None:
    replies, connections = run(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Seen: yes\r\n\r\nhello", posts=3)
    assert [getattr(r, "status", r) for r in replies] == [200, 200, 200] and connections == 1
    assert replies[0].body == b"hello" and ("X-Seen", "yes") in replies[0].headers


def test_a_chunked_answer_is_read_whole() -> None:
    answer = b"HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n"
    replies, connections = run(answer, posts=2)
    assert [r.body for r in replies] == [b"abcde", b"abcde"] and connections == 1


def test_a_redirect_is_an_answer_not_followed_and_connection_close_is_honoured() -> None:
    answer = b"HTTP/1.1 302 Found\r\nLocation: http://example.com/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    replies, connections = run(answer, posts=2)
    assert [r.status for r in replies] == [302, 302] and connections == 2


def test_no_answer_within_the_time_allowed_is_a_timeout() -> None:
    (outcome,), _ = run(None, timeout=0.2)
    assert isinstance(outcome, TimeoutError)


def test_an_answer_that_is_not_http_is_refused() -> None:
    (outcome,), _ = run(b"SSH-2.0-OpenSSH\r\n\r\n")
    assert isinstance(outcome, BadResponse)


def test_a_refused_connection_raises() -> None:
    async def main() -> None:
        async with Poster() as poster:
            with pytest.raises(OSError):
                await poster.post("http://127.0.0.1:9/hook", b"{}", {})

    asyncio.run(main())
