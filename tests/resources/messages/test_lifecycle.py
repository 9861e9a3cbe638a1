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
