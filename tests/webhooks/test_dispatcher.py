"""The webhook dispatcher in process, on each engine, with a frozen clock moved by hand and a real
local receiver: signed deliveries the official Python verifier accepts (with and without
`telnyx.lib`), retries with backoff then the failover URL, a receiver down for 30 s that still
gets its event, leases taken over after a crash, and hosts the operator did not allow."""

from __future__ import annotations

import asyncio
import io
import json
import subprocess
import sys
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import telnyx

from telconf.clock import FrozenClock, iso
from telconf.ids import Ids
from telconf.seed.loader import load_seed
from telconf.store import Store
from telconf.store.webhooks import Delivery, DeliveryFilter
from telconf.testing.receiver import ReceivedWebhook, WebhookReceiver
from telconf.webhooks.dispatcher import BAD_URL, HOST_NOT_ALLOWED, NON_2XX, UNREACHABLE, WebhookDispatcher

from ..support import create_database, drop_database, engines
from .support import PUBLIC_KEY, SIGNING_KEY, enqueue, message_event, settle


@pytest.fixture(params=engines())
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    url = create_database(request.param, tmp_path)
    yield url
    drop_database(url)


@pytest.fixture
def primary() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as receiver:
        yield receiver


@pytest.fixture
def failover() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as receiver:
        yield receiver


@dataclass
class World:
    store: Store
    clock: FrozenClock
    org_id: int

    def dispatcher(self, **options: Any) -> WebhookDispatcher:
        return WebhookDispatcher(self.store.webhooks, self.clock, Ids(), **options)

    async def send(self, urls: list[str], text: str = "Hello, world!") -> str:
        event = message_event(self.clock, text=text)
        await enqueue(self.store, self.org_id, event, urls, self.clock.now_iso())
        return event.id

    async def delivery(self, event_id: str) -> Delivery:
        page, _ = await self.store.webhooks.list_page(self.org_id, _by_event(event_id), 0, 1)
        assert len(page) == 1
        return page[0]


def _by_event(event_id: str) -> DeliveryFilter:
    return DeliveryFilter(webhook_contains=event_id or None)


def scenario(url: str, body: Callable[[World], Awaitable[None]], *, clock_offset: float = 0.0) -> None:
    """`body` against a store with one organisation whose signing key is pinned (PUBLIC_KEY), on a
    clock frozen at the real time (the SDKs check the signature's timestamp against theirs)."""

    async def main() -> None:
        store = await Store.open(url)
        try:
            name = f"org-{uuid.uuid4().hex[:8]}"
            seed = {"organizations": [{"name": name, "webhook_signing_key": SIGNING_KEY}]}
            await load_seed(store, io.StringIO(json.dumps(seed)))
            org = await store.orgs.by_name(name)
            assert org is not None
            clock = FrozenClock(datetime.now(UTC) + timedelta(seconds=clock_offset))
            await body(World(store, clock, org.id))
        finally:
            await store.close()

    asyncio.run(main())


async def stepped(w: World, dispatcher: WebhookDispatcher) -> None:
    async with dispatcher.http_client() as dispatcher.client:
        await settle(dispatcher)


def unwrap(delivery: ReceivedWebhook, key: str = PUBLIC_KEY) -> Any:
    return delivery.unwrap(telnyx.Telnyx(api_key="unused", base_url="http://127.0.0.1:9"), key=key)


def test_a_delivery_is_signed_so_the_python_sdk_accepts_it_and_refuses_it_tampered(
    database: str, primary: WebhookReceiver
) -> None:
    async def body(w: World) -> None:
        event_id = await w.send([primary.url], text="Grüße ✓")  # non-ASCII: sent \\u-escaped
        await stepped(w, w.dispatcher())
        got = primary.wait_for("message.sent")
        assert got.body.isascii() and got.headers["content-type"] == "application/json"
        event = unwrap(got)
        assert type(event).__name__ == "DeliveryUpdateWebhookEvent"
        assert event.data.id == event_id and event.data.payload.text == "Grüße ✓"
        assert event.meta.attempt == 1 and event.meta.delivered_to == primary.url
        assert got.headers["telnyx-timestamp"] == str(int(w.clock.unix()))
        with pytest.raises(ValueError, match="signature"):
            unwrap(ReceivedWebhook(got.body.replace("Hello", "Hullo").replace("Gr", "Hr"), got.headers, 0, "/", 200))
        other = "eu2zvPjhY6odxV34Z/EsRiERvTodkev4Fq0SlK90Izg="
        with pytest.raises(ValueError, match="signature"):
            unwrap(got, key=other)
        record = await w.delivery(event_id)
        assert record.status == "delivered" and record.attempt_count == 1
        attempt = record.attempts[0]
        assert attempt["status"] == "delivered" and attempt["errors"] == []
        assert attempt["http"]["response"]["status"] == 200
        sent = dict(attempt["http"]["request"]["headers"])
        assert sent["telnyx-signature-ed25519"] == got.headers["telnyx-signature-ed25519"]

    scenario(database, body)


def test_a_timestamp_older_than_five_minutes_is_refused(database: str, primary: WebhookReceiver) -> None:
    async def body(w: World) -> None:
        await w.send([primary.url])
        await stepped(w, w.dispatcher())
        with pytest.raises(ValueError, match="too old or too new"):
            unwrap(primary.wait_for("message.sent"))

    scenario(database, body, clock_offset=-301)


def test_the_patched_verifier_of_telnyx_lib_accepts_and_refuses_alike(database: str, primary: WebhookReceiver) -> None:
    """`import telnyx.lib` replaces `unwrap` for the whole process, so it runs in a child process."""

    async def body(w: World) -> None:
        await w.send([primary.url])
        await stepped(w, w.dispatcher())
        got = primary.wait_for("message.sent")
        cases = {"body": got.body, "headers": got.headers, "tampered": got.body.replace("Hello", "Jello")}
        script = (
            "import json, sys, telnyx, telnyx.lib\n"
            "from telnyx.lib.webhook_verification import WebhookVerificationError\n"
            "case = json.load(sys.stdin)\n"
            "client = telnyx.Telnyx(api_key='unused', base_url='http://127.0.0.1:9')\n"
            f"event = client.webhooks.unwrap(case['body'], headers=case['headers'], key={PUBLIC_KEY!r})\n"
            "print(type(event).__name__, event.data.event_type)\n"
            "try:\n"
            f"    client.webhooks.unwrap(case['tampered'], headers=case['headers'], key={PUBLIC_KEY!r})\n"
            "except WebhookVerificationError as exc:\n"
            "    print('refused', exc)\n"
        )
        done = subprocess.run([sys.executable, "-c", script], input=json.dumps(cases), capture_output=True,
                              text=True, timeout=60)  # fmt: skip
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert lines[0] == "DeliveryUpdateWebhookEvent message.sent"
        assert lines[1].startswith("refused") and "signature" in lines[1].lower()

    scenario(database, body)


def test_three_attempts_with_backoff_then_the_failover_url(
    database: str, primary: WebhookReceiver, failover: WebhookReceiver
) -> None:
    async def body(w: World) -> None:
        primary.status = 500
        event_id = await w.send([primary.url, failover.url])
        dispatcher = w.dispatcher()
        await stepped(w, dispatcher)
        assert len(primary.deliveries) == 1
        w.clock.advance(4.9)
        await stepped(w, dispatcher)
        assert len(primary.deliveries) == 1  # the first pause is 5 s
        w.clock.advance(0.1)
        await stepped(w, dispatcher)
        assert len(primary.deliveries) == 2
        w.clock.advance(29)
        await stepped(w, dispatcher)
        assert len(primary.deliveries) == 2 and not failover.deliveries  # the second is 30 s
        w.clock.advance(1)
        await stepped(w, dispatcher)
        assert len(primary.deliveries) == 3
        got = failover.wait_for("message.sent")  # the failover URL at once after the third failure
        assert [unwrap(d).meta.attempt for d in [*primary.deliveries, got]] == [1, 2, 3, 4]
        assert {unwrap(d).meta.delivered_to for d in primary.deliveries} == {primary.url}
        assert unwrap(got).meta.delivered_to == failover.url
        stamps = [d.headers["telnyx-timestamp"] for d in [*primary.deliveries, got]]
        assert len(set(stamps)) == 3  # each attempt signed afresh (the last two share a second)
        record = await w.delivery(event_id)
        assert record.status == "delivered" and record.attempt_count == 4
        assert [a["status"] for a in record.attempts] == ["delivered", "failed", "failed", "failed"]  # newest first
        assert [a["errors"] for a in record.attempts[1:]] == [[NON_2XX]] * 3
        assert record.attempts[1]["http"]["response"]["status"] == 500

    scenario(database, body)


def test_a_receiver_down_for_30_seconds_gets_the_event_when_back(database: str, primary: WebhookReceiver) -> None:
    async def body(w: World) -> None:
        primary.down()
        event_id = await w.send([primary.url])
        dispatcher = w.dispatcher()
        await stepped(w, dispatcher)
        w.clock.advance(5)
        await stepped(w, dispatcher)
        w.clock.advance(25)
        primary.up()
        await stepped(w, dispatcher)
        assert not primary.deliveries  # the third attempt is 30 s after the second
        w.clock.advance(5)
        await stepped(w, dispatcher)
        assert unwrap(primary.wait_for("message.sent")).meta.attempt == 3
        record = await w.delivery(event_id)
        assert record.status == "delivered"
        assert [a["errors"] for a in record.attempts] == [[], [UNREACHABLE], [UNREACHABLE]]
        assert record.attempts[1]["http"]["response"] is None

    scenario(database, body)


def test_every_url_failing_ends_failed_and_no_url_queues_nothing(database: str, primary: WebhookReceiver) -> None:
    async def body(w: World) -> None:
        primary.status = 302
        event_id = await w.send([primary.url, "ftp://example.com/hook"])
        dispatcher = w.dispatcher(retry_seconds=(0, 0))
        await stepped(w, dispatcher)
        record = await w.delivery(event_id)
        assert record.status == "failed" and record.attempt_count == 6 and record.next_attempt_at is None
        assert [a["errors"] for a in record.attempts] == [[BAD_URL]] * 3 + [[NON_2XX]] * 3
        assert len(primary.deliveries) == 3
        await w.send([])
        _, total = await w.store.webhooks.list_page(w.org_id, _by_event(""), 0, 10)
        assert total == 1

    scenario(database, body)


def test_a_lapsed_lease_is_taken_over_and_the_crashed_claim_records_nothing(
    database: str, primary: WebhookReceiver
) -> None:
    async def body(w: World) -> None:
        event_id = await w.send([primary.url])
        now = w.clock.now()
        crashed = await w.store.webhooks.claim("crashed", iso(now), iso(now + timedelta(seconds=30)), 10)
        assert [d.event.id for d in crashed] == [event_id]  # then the process is killed
        survivor = w.dispatcher(lease_seconds=30)
        await stepped(w, survivor)
        assert not primary.deliveries  # the lease is live
        w.clock.advance(30.001)
        await stepped(w, survivor)
        assert unwrap(primary.wait_for("message.sent")).meta.attempt == 1
        assert (await w.delivery(event_id)).status == "delivered"
        async with survivor.http_client() as survivor.client:
            late = await survivor.attempt(crashed[0])
        assert await w.store.webhooks.record("crashed", [late]) == 0  # its lease was taken over

    scenario(database, body)


def test_a_host_the_operator_did_not_allow_is_never_contacted(database: str, primary: WebhookReceiver) -> None:
    async def body(w: World) -> None:
        event_id = await w.send([primary.url])
        await stepped(w, w.dispatcher(allowed_hosts=("hooks.example.com", "*.example.org"), retry_seconds=(0, 0)))
        assert not primary.deliveries
        record = await w.delivery(event_id)
        assert record.status == "failed" and [a["errors"] for a in record.attempts] == [[HOST_NOT_ALLOWED]] * 3
        assert record.attempts[0]["http"]["request"]["url"] == primary.url
        allowed = w.dispatcher(allowed_hosts=("*.example.org", "127.0.0.1"))
        await w.send([primary.url])
        await stepped(w, allowed)
        primary.wait_for("message.sent")

    scenario(database, body)


def test_an_organisation_made_before_signing_keys_gets_one_when_it_first_needs_it(
    database: str, primary: WebhookReceiver
) -> None:
    async def body(w: World) -> None:
        await w.store.db.execute("DELETE FROM webhook_keys WHERE org_id = ?", (w.org_id,))
        assert await w.store.webhooks.public_key(w.org_id) is None
        await w.send([primary.url])
        await stepped(w, w.dispatcher())
        public_key = await w.store.webhooks.public_key(w.org_id)
        assert public_key is not None and public_key != PUBLIC_KEY
        assert unwrap(primary.wait_for("message.sent"), key=public_key).meta.attempt == 1
        assert await w.store.webhooks.ensure_keys(Ids().key_seed, w.clock.now_iso()) == 0

    scenario(database, body)
