"""The messaging loop end to end: a send's `message.sent` and `message.finalized`, an inbound
message's `message.received`, an auto-response's own events, and the spend-limit event, each
signed so the official Python SDK verifies it and parses it into its typed event."""

from __future__ import annotations

import contextlib
import time

import telnyx
from telnyx.types import DeliveryUpdateWebhookEvent, InboundMessageWebhookEvent

from telconf.testing.receiver import WebhookReceiver
from telconf.testing.server import TelconfServer

from ...support import Orgs, Server
from ...webhooks.support import PUBLIC_KEY, SIGNING_KEY
from ..clocked import clocked_orgs
from .senders import Sending, sending_org

TO = "+13125550147"


def signed_org(orgs: Orgs, receiver: WebhookReceiver, **settings: object) -> Sending:
    return sending_org(orgs, webhook_url=receiver.url, signing_key=SIGNING_KEY, **settings)


def test_a_send_reports_sent_then_finalized_to_the_profile_webhook(server: Server, orgs: Orgs) -> None:
    with WebhookReceiver() as receiver:
        s = signed_org(orgs, receiver)
        client = server.client(s.org.key)
        sent = client.messages.send(from_=s.number, to=TO, text="Your code is 1234").data
        assert sent is not None and sent.id
        first = receiver.wait_for("message.sent", where=lambda d: d.payload["id"] == sent.id)
        final = receiver.wait_for("message.finalized", where=lambda d: d.payload["id"] == sent.id)
        for delivery, status in ((first, "sent"), (final, "delivered")):
            event = delivery.unwrap(client, key=PUBLIC_KEY)
            assert isinstance(event, DeliveryUpdateWebhookEvent), type(event)
            assert event.data is not None and event.data.payload is not None
            assert event.data.payload.to is not None and event.data.payload.to[0].status == status
            assert event.meta is not None and event.meta.attempt == 1 and event.meta.delivered_to == receiver.url
        assert final.payload["completed_at"] and final.payload["sent_at"]


def test_the_message_urls_come_first_and_profile_ones_can_be_left_out(telconf_server: TelconfServer) -> None:
    with WebhookReceiver() as profile_hook, WebhookReceiver() as message_hook:
        s = signed_org(clocked_orgs(telconf_server), profile_hook)
        client = telconf_server.client(s.org.key, max_retries=0)
        own = client.messages.send(from_=s.number, to=TO, text="a", webhook_url=message_hook.url).data
        assert own is not None
        message_hook.wait_for("message.finalized", where=lambda d: d.payload["id"] == own.id)
        alone = client.messages.send(from_=s.number, to=TO, text="b", use_profile_webhooks=False).data
        assert alone is not None
        deliveries = client.webhook_deliveries.list(filter={"webhook": {"contains": alone.id}}).data
        assert deliveries == []  # no URL at all: nothing was queued
        failing = client.messages.send(
            from_=s.number, to="+12025550101", text="c", webhook_url="http://127.0.0.1:9/refused"
        ).data
        assert failing is not None
        for attempts, pause in ((1, 6), (2, 31)):  # the refused URL's retries, on the server's clock
            wait_attempts(client, failing.id, attempts)
            telconf_server.admin.advance_clock(pause)
        event = profile_hook.wait_for("message.finalized", where=lambda d: d.payload["id"] == failing.id)
        assert event.payload["to"][0]["status"] == "delivery_failed"
        assert event.json["meta"]["attempt"] > 1  # the message's own URL was tried first


def wait_attempts(client: telnyx.Telnyx, message_id: str, count: int, seconds: float = 10) -> None:
    """Until the message's `message.finalized` delivery has `count` attempts recorded."""
    deadline = time.monotonic() + seconds
    query = {"webhook": {"contains": message_id}, "event_type": "message.finalized"}
    while True:
        found = client.webhook_deliveries.list(filter=query).data  # type: ignore[arg-type]
        if found and len(found[0].attempts or []) >= count:
            return
        assert time.monotonic() < deadline, found
        time.sleep(0.02)  # noqa: TID251 (polls what the server's dispatcher records)


def test_inbound_and_its_auto_response_reach_the_webhook(telconf_server: TelconfServer) -> None:
    with WebhookReceiver() as receiver:
        s = signed_org(clocked_orgs(telconf_server), receiver)
        client = telconf_server.client(s.org.key, max_retries=0)
        client.messaging_profiles.autoresp_configs.create(
            s.profile_id, country_code="US", keywords=["HOURS"], op="info", resp_text="We are open 9 to 5."
        )
        telconf_server.inbound("+13125550188", s.number, "hours")
        received = receiver.wait_for("message.received")
        event = received.unwrap(client, key=PUBLIC_KEY)
        assert isinstance(event, InboundMessageWebhookEvent), type(event)
        assert event.data is not None and event.data.payload is not None
        assert event.data.payload.text == "hours" and event.data.payload.autoresponse_type == "INFO"
        reply = receiver.wait_for("message.sent", where=lambda d: d.payload["to"][0]["phone_number"] == "+13125550188")
        assert reply.payload["text"] == "We are open 9 to 5." and reply.payload["from"]["phone_number"] == s.number


def test_the_spend_limit_is_reported_once(server: Server, orgs: Orgs) -> None:
    with WebhookReceiver() as receiver:
        s = signed_org(orgs, receiver, daily_spend_limit="0.01", daily_spend_limit_enabled=True)
        client = server.client(s.org.key)
        client.messages.send(from_=s.number, to=TO, text="x")
        for _ in range(2):
            with contextlib.suppress(telnyx.RateLimitError):
                client.messages.send(from_=s.number, to=TO, text="x")
        reached = receiver.wait_for("messaging-profile.spend-limit-reached")
        assert reached.payload == {"configured_limit": "0.01", "current_cost": "0.0070", "profile_id": s.profile_id}
        receiver.wait_for("message.finalized")
        assert len(receiver.events("messaging-profile.spend-limit-reached")) == 1


def test_webhooks_verify_after_the_server_clock_moved(telconf_server: TelconfServer) -> None:
    with WebhookReceiver() as receiver:
        s = signed_org(clocked_orgs(telconf_server), receiver)
        client = telconf_server.client(s.org.key, max_retries=0)
        moved = telconf_server.admin.advance_clock(2 * 3600)["now"]  # hours pass on the server's clock
        sent = client.messages.send(from_=s.number, to=TO, text="later today").data
        assert sent is not None
        delivery = receiver.wait_for("message.sent", where=lambda d: d.payload["id"] == sent.id)
        assert isinstance(delivery.unwrap(client, key=PUBLIC_KEY), DeliveryUpdateWebhookEvent)
        assert delivery.payload["received_at"] >= moved  # the record's times follow the server's clock
