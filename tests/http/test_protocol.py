"""The HTTP protocol's one write per response: a response's head and body leave in one write, in
order, pipelined requests are answered in order, a large body still streams, and closing sends
what is held first."""

from __future__ import annotations

import asyncio
import socket

import httpx

from telconf.http.protocol import _Coalescing

from ..support import Orgs, Server


class _Transport:
    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.writes.append(bytes(data))

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def get_extra_info(self, name: str) -> str:
        return f"info:{name}"


def test_writes_of_one_turn_leave_together_in_order() -> None:
    async def run() -> None:
        real = _Transport()
        transport = _Coalescing(real, asyncio.get_running_loop())  # type: ignore[arg-type]
        transport.write(b"HTTP/1.1 200 OK\r\n\r\n")
        transport.write(b"body")
        assert real.writes == []  # held until the end of this turn
        await asyncio.sleep(0)  # noqa: TID251 (yields one turn of the loop, no time passes)
        assert real.writes == [b"HTTP/1.1 200 OK\r\n\r\nbody"]

        big = b"x" * (_Coalescing.LIMIT + 1)
        transport.write(b"head")
        transport.write(big)  # too large to hold: goes at once, after what was held
        assert real.writes[1:] == [b"head" + big]

        transport.write(b"last")
        transport.close()  # closing sends what is held first
        assert real.writes[-1] == b"last" and real.closed
        transport.write(b"after")
        await asyncio.sleep(0)  # noqa: TID251 (yields one turn of the loop, no time passes)
        assert real.writes[-1] == b"last"  # nothing goes to a closed connection
        assert transport.get_extra_info("peername") == "info:peername"

    asyncio.run(run())


def test_pipelined_requests_are_answered_whole_and_in_order(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}, {}, {}])
    ids = [n["id"] for n in org.numbers]
    requests = b"".join(
        f"GET /v2/phone_numbers/{i} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {org.key}\r\n\r\n".encode()
        for i in [*ids, "1"]
    )
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(requests + b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    answers = []
    while answer:
        head, _, rest = answer.partition(b"\r\n\r\n")
        length = int(
            next(line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")).split(b":")[1]
        )
        answers.append((head.split(b" ")[1], httpx.Response(200, content=rest[:length]).json()))
        answer = rest[length:]
    assert [status for status, _ in answers] == [b"200", b"200", b"200", b"404", b"200"]
    assert [body["data"]["id"] for _, body in answers[:3]] == ids
    assert answers[3][1]["errors"][0]["code"] == "10005" and answers[4][1] == {"status": "ok"}
