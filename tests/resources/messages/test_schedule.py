"""Scheduled messages: sent at `send_at` on the server's clock, cancelled while more than a minute
remains, refused outside 5 minutes to 5 days ahead."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import telnyx

from telconf.testing.server import TelconfServer

from ..clocked import clocked_orgs
from .senders import error_of, sending_org, wait_for_status

TO = "+13125550147"


def server_now(server: TelconfServer) -> datetime:
    return datetime.fromisoformat(server.admin.clock()["now"].replace("Z", "+00:00"))


def test_a_scheduled_message_waits_for_its_time(telconf_server: TelconfServer) -> None:
    s = sending_org(clocked_orgs(telconf_server))
    client = telconf_server.client(s.org.key, max_retries=0)
    at = server_now(telconf_server) + timedelta(minutes=10)
    scheduled = client.messages.schedule(from_=s.number, to=TO, text="later", send_at=at).data
    assert scheduled is not None and scheduled.id and scheduled.to is not None
    assert scheduled.to[0].status == "queued"
    telconf_server.admin.advance_clock(9 * 60)
    held = client.messages.retrieve(scheduled.id).data
    assert held is not None and held.to is not None and held.to[0].status == "queued" and held.sent_at is None
    telconf_server.admin.advance_clock(61)
    done = wait_for_status(client, scheduled.id, "delivered")
    assert done.sent_at is not None


def test_cancel_in_time_and_not_after(telconf_server: TelconfServer) -> None:
    s = sending_org(clocked_orgs(telconf_server))
    client = telconf_server.client(s.org.key, max_retries=0)
    at = server_now(telconf_server) + timedelta(minutes=30)
    first = client.messages.send(from_=s.number, to=TO, text="a", send_at=at).data
    assert first is not None and first.id
    cancelled = client.messages.cancel_scheduled(first.id)
    assert cancelled.id == first.id and cancelled.to is not None and cancelled.to[0].status == "cancelled"
    with pytest.raises(telnyx.NotFoundError):
        client.messages.retrieve(first.id)
    second = client.messages.schedule(from_=s.number, to=TO, text="b", send_at=at).data
    assert second is not None and second.id
    telconf_server.admin.advance_clock(29 * 60 + 30)
    with pytest.raises(telnyx.BadRequestError):
        client.messages.cancel_scheduled(second.id)
    sent = client.messages.send(from_=s.number, to=TO, text="now").data
    assert sent is not None and sent.id
    wait_for_status(client, sent.id, "delivered")
    with pytest.raises(telnyx.BadRequestError):
        client.messages.cancel_scheduled(sent.id)


def test_send_at_must_be_5_minutes_to_5_days_ahead(telconf_server: TelconfServer) -> None:
    s = sending_org(clocked_orgs(telconf_server))
    client = telconf_server.client(s.org.key, max_retries=0)
    now = server_now(telconf_server)
    for at in (now + timedelta(minutes=4), now + timedelta(days=5, minutes=1), now - timedelta(hours=1)):
        with pytest.raises(telnyx.BadRequestError) as caught:
            client.messages.schedule(from_=s.number, to=TO, text="x", send_at=at)
        assert error_of(caught)[1:] == ("10015", "/send_at")
    with pytest.raises(telnyx.BadRequestError) as caught:
        client.messages.schedule(from_=s.number, to=TO, text="x")
    assert error_of(caught)[1:] == ("10004", "/send_at")
