"""A webhook receiver for test suites: a local HTTP server (a thread) on a free 127.0.0.1 port
that records every POST it gets, to give telconf as a messaging profile's or message's webhook URL.

    receiver = WebhookReceiver().start()
    ... send a message with webhook_url=receiver.url ...
    sent = receiver.wait_for("message.sent", where=lambda d: d.payload["id"] == message.id)
    event = sent.unwrap(client, key=public_key)     # verified by the official SDK

It answers `status` (200 unless a test sets another), or nothing at all while `down()` (the port
refuses connections until `up()`), so retries and failover can be tested. `wait_for` waits on a
condition, never sleeps."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ..clock import Clock


@dataclass(frozen=True)
class ReceivedWebhook:
    body: str  # the raw body, exactly as signed (pass it to `client.webhooks.unwrap`)
    headers: dict[str, str]  # names in lower case
    received_at: float  # Unix seconds
    path: str
    answered: int  # the status the receiver answered with

    @property
    def json(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.body)
        return parsed

    @property
    def event_type(self) -> str:
        return str(self.json["data"]["event_type"])

    @property
    def payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = self.json["data"]["payload"]
        return payload

    def unwrap(self, client: Any, key: str | None = None) -> Any:
        """The event as the official Python SDK verifies and parses it (raises if the signature or
        timestamp is refused): `client.webhooks.unwrap(body, headers=..., key=...)`."""
        return client.webhooks.unwrap(self.body, headers=self.headers, key=key)


class WebhookReceiver:
    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port
        self.status = 200  # what every POST is answered with
        self.deliveries: list[ReceivedWebhook] = []
        self._changed = threading.Condition()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._clock = Clock()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/webhooks"

    def start(self) -> WebhookReceiver:
        self.up()
        return self

    def up(self) -> None:
        """Listen (again, on the same port after `down()`)."""
        if self._server is not None:
            return
        server = ThreadingHTTPServer((self.host, self.port), _handler(self))
        server.daemon_threads = True
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, args=(0.05,), name="telconf-webhook-receiver", daemon=True
        )
        self._thread.start()

    def down(self) -> None:
        """Stop listening: connections to `url` are refused until `up()`."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()

    stop = down

    def events(self, event_type: str | None = None) -> list[ReceivedWebhook]:
        with self._changed:
            return [d for d in self.deliveries if event_type is None or d.event_type == event_type]

    def clear(self) -> None:
        with self._changed:
            self.deliveries.clear()

    def wait_for(
        self,
        event_type: str | None = None,
        *,
        timeout: float = 5.0,
        where: Callable[[ReceivedWebhook], bool] | None = None,
        count: int = 1,
    ) -> ReceivedWebhook:
        """The first delivery of `event_type` (any, when None) that `where` accepts, once `count` of
        them have arrived (the last of those is returned); AssertionError after `timeout` seconds."""
        found: list[ReceivedWebhook] = []

        def arrived() -> bool:
            found[:] = [d for d in self.deliveries if (event_type is None or d.event_type == event_type)
                        and (where is None or where(d))]  # fmt: skip
            return len(found) >= count

        with self._changed:
            if not self._changed.wait_for(arrived, timeout):
                seen = [d.event_type for d in self.deliveries]
                raise AssertionError(f"no {event_type or 'webhook'} (x{count}) within {timeout} s; received: {seen}")
            return found[count - 1]

    def wait_until(self, condition: Callable[[list[ReceivedWebhook]], bool], *, timeout: float = 5.0) -> None:
        """Until `condition(deliveries so far)` holds (e.g. every event id seen); AssertionError
        after `timeout` seconds."""
        with self._changed:
            if not self._changed.wait_for(lambda: condition(self.deliveries), timeout):
                raise AssertionError(f"not so within {timeout} s; {len(self.deliveries)} deliveries received")

    def _received(self, delivery: ReceivedWebhook) -> None:
        with self._changed:
            self.deliveries.append(delivery)
            self._changed.notify_all()

    def __enter__(self) -> WebhookReceiver:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.down()


def _handler(receiver: WebhookReceiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as telconf's dispatcher keeps its connections

        def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length).decode("utf-8")
            if receiver._server is None:  # down: a kept-alive connection is dropped unanswered
                self.close_connection = True
                return
            headers = {name.lower(): value for name, value in self.headers.items()}
            status = receiver.status
            receiver._received(ReceivedWebhook(body, headers, receiver._clock.unix(), self.path, status))
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler
