"""A sent message moves on by itself under the immediate policy: queued, sending, sent, then its
final status, which the test destination numbers choose (docs/behaviour.md)."""

from __future__ import annotations

import pytest

from telconf.worker.message_outcomes import TEST_DESTINATIONS

from ...support import Orgs, Server
from .senders import sending_org, wait_for_status


def test_a_message_is_delivered(server: Server, orgs: Orgs) -> None:
    s = sending_org(orgs)
    client = server.client(s.org.key)
    sent = client.messages.send(from_=s.number, to="+13125550147", text="hi").data
    assert sent is not None and sent.id
    done = wait_for_status(client, sent.id, "delivered")
    assert done.sent_at is not None and done.completed_at is not None
    assert done.completed_at >= done.sent_at >= done.received_at
    assert not done.errors


@pytest.mark.parametrize("number", sorted(TEST_DESTINATIONS))
def test_test_destinations_end_as_documented(server: Server, orgs: Orgs, number: str) -> None:
    s = sending_org(orgs)
    client = server.client(s.org.key)
    sent = client.messages.send(from_=s.number, to=number, text="test").data
    assert sent is not None and sent.id
    ending = TEST_DESTINATIONS[number]
    done = wait_for_status(client, sent.id, ending.status)
    assert [e.code for e in done.errors or []] == ([ending.code] if ending.code else [])
    assert (done.sent_at is None) == (ending.status == "sending_failed")


def test_profile_metrics_count_the_messages_actually_sent(server: Server, orgs: Orgs) -> None:
    s = sending_org(orgs)
    client = server.client(s.org.key)
    ids = []
    for to, text in (("+13125550147", "one"), ("+12025550101", "two"), ("+13125550148", "x" * 200)):
        sent = client.messages.send(from_=s.number, to=to, text=text).data
        assert sent is not None and sent.id
        ids.append(sent.id)
    wait_for_status(client, ids[0], "delivered")
    wait_for_status(client, ids[1], "delivery_failed")
    wait_for_status(client, ids[2], "delivered")
    data = client.messaging_profiles.retrieve_metrics(s.profile_id, time_frame="1h").data
    assert data is not None
    outbound = data["overview"]["outbound"]  # type: ignore[index,call-overload]
    assert outbound["sent"] == 3 and outbound["delivered"] == 2 and outbound["failed"] == 1, outbound
    assert outbound["parts"] == 4 and outbound["cost"] == {"amount": "0.0280", "currency": "USD"}, outbound
