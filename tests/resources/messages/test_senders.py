"""Who sends: the number pool by its weights, sticky sender and geomatch; short codes; the
profile's alphanumeric sender; and the scheduled message, cancelled in time or sent."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import telnyx

from ...support import Orgs, Server
from .senders import error_of, sending_org

TO = "+13125550147"
POOL = {"long_code_weight": 1, "toll_free_weight": 0, "skip_unhealthy": False}


def test_the_number_pool_picks_a_number_of_the_profile(server: Server, orgs: Orgs) -> None:
    s = sending_org(orgs, count=3, number_pool_settings=POOL)
    client = server.client(s.org.key)
    seen = set()
    for _ in range(12):
        sent = client.messages.send_number_pool(messaging_profile_id=s.profile_id, to=TO, text="pool").data
        assert sent is not None and sent.from_ is not None
        seen.add(sent.from_.phone_number)
    assert seen <= set(s.numbers) and len(seen) > 1
    via_send = client.messages.send(messaging_profile_id=s.profile_id, to=TO, text="pool").data
    assert via_send is not None and via_send.from_ is not None and via_send.from_.phone_number in s.numbers


def test_weights_sticky_sender_and_geomatch(server: Server, orgs: Orgs) -> None:
    numbers = [{"phone_number_type": "toll_free"}, {}, {"phone_number": f"+1312{uuid.uuid4().int % 10**7:07d}"}]
    toll_free_only = {**POOL, "long_code_weight": 0, "toll_free_weight": 1}
    s = sending_org(orgs, numbers=numbers, number_pool_settings=toll_free_only)
    client = server.client(s.org.key)
    for _ in range(5):
        sent = client.messages.send_number_pool(messaging_profile_id=s.profile_id, to=TO, text="x").data
        assert sent is not None and sent.from_ is not None and sent.from_.phone_number == s.numbers[0]
    local = [{}, {"phone_number": f"+1312{uuid.uuid4().int % 10**7:07d}"}]
    geo = sending_org(orgs, numbers=local, number_pool_settings={**POOL, "geomatch": True})
    for _ in range(5):
        sent = (
            server.client(geo.org.key)
            .messages.send_number_pool(messaging_profile_id=geo.profile_id, to=TO, text="x")
            .data
        )
        assert sent is not None and sent.from_ is not None and sent.from_.phone_number == geo.numbers[1]
    sticky = sending_org(orgs, count=4, number_pool_settings={**POOL, "sticky_sender": True})
    senders = set()
    for _ in range(6):
        sent = (
            server.client(sticky.org.key)
            .messages.send_number_pool(messaging_profile_id=sticky.profile_id, to=TO, text="x")
            .data
        )
        assert sent is not None and sent.from_ is not None
        senders.add(sent.from_.phone_number)
    assert len(senders) == 1


def test_no_pool_or_no_usable_number_is_40321(server: Server, orgs: Orgs) -> None:
    s = sending_org(orgs)
    with pytest.raises(telnyx.BadRequestError) as caught:
        server.client(s.org.key).messages.send_number_pool(messaging_profile_id=s.profile_id, to=TO, text="x")
    assert error_of(caught)[1] == "40321"
    empty = sending_org(orgs, numbers=[{"status": "port-pending"}], number_pool_settings=POOL)
    with pytest.raises(telnyx.BadRequestError) as caught:
        server.client(empty.org.key).messages.send_number_pool(messaging_profile_id=empty.profile_id, to=TO, text="x")
    assert error_of(caught)[1] == "40321"
    with pytest.raises(telnyx.UnprocessableEntityError):
        server.client(s.org.key).messages.send_number_pool(messaging_profile_id=str(uuid.uuid4()), to=TO, text="x")


def test_short_codes_send_for_their_profile(server: Server, orgs: Orgs) -> None:
    profile_id = str(uuid.uuid4())
    code = str(50000 + uuid.uuid4().int % 40000)
    org = orgs.make(
        messaging_profiles=[{"id": profile_id, "name": "SC", "whitelisted_destinations": ["US"]}],
        short_codes=[{"id": str(uuid.uuid4()), "short_code": code, "messaging_profile_id": profile_id}],
    )
    client = server.client(org.key)
    sent = client.messages.send_short_code(from_=code, to=TO, text="code").data
    assert sent is not None and sent.from_ is not None and sent.from_.phone_number == code
    assert sent.messaging_profile_id == profile_id
    with pytest.raises(telnyx.BadRequestError) as caught:
        client.messages.send_short_code(from_="+13125550100", to=TO, text="code")
    assert error_of(caught)[1] == "40305"


def test_alphanumeric_sender(server: Server, orgs: Orgs) -> None:
    s = sending_org(orgs, alpha_sender="Acme", whitelisted_destinations=["GB", "US"])
    client = server.client(s.org.key)
    sent = client.messages.send_with_alphanumeric_sender(
        from_="Acme", messaging_profile_id=s.profile_id, to="+447700900123", text="hello"
    ).data
    assert sent is not None and sent.from_ is not None and sent.from_.phone_number == "Acme"
    to_us = client.messages.send_with_alphanumeric_sender(
        from_="Acme", messaging_profile_id=s.profile_id, to=TO, text="hello"
    ).data
    assert to_us is not None and to_us.from_ is not None and to_us.from_.phone_number == s.number
    cases = [("Other", s.profile_id, "40307"), ("Far too long sender", s.profile_id, "40325")]
    bare = sending_org(orgs)
    cases.append(("Acme", bare.profile_id, "40306"))
    for sender, profile_id, code in cases:
        with pytest.raises(telnyx.BadRequestError) as caught:
            server.client(
                s.org.key if profile_id == s.profile_id else bare.org.key
            ).messages.send_with_alphanumeric_sender(
                from_=sender, messaging_profile_id=profile_id, to="+447700900123", text="hello"
            )
        assert error_of(caught)[1] == code, sender


def test_spend_limit_refuses_with_429(server: Server, orgs: Orgs) -> None:
    s = sending_org(orgs, daily_spend_limit="0.02", daily_spend_limit_enabled=True)
    client = server.client(s.org.key)
    for _ in range(2):
        client.messages.send(from_=s.number, to=TO, text="x")  # 0.0070 each
    with pytest.raises(telnyx.RateLimitError) as caught:
        client.messages.send(from_=s.number, to=TO, text="x" * 200)  # two parts: 0.0140 more
    assert error_of(caught)[:2] == (429, "40333")
    with pytest.raises(telnyx.RateLimitError):
        client.messages.send(from_=s.number, to=TO, text="x")  # 0.0140 + 0.0070 > 0.02
    other = sending_org(orgs, daily_spend_limit="0.02", daily_spend_limit_enabled=False)
    for _ in range(4):
        server.client(other.org.key).messages.send(from_=other.number, to=TO, text="x")  # no limit when disabled


def test_concurrent_sends_cannot_pass_the_spend_limit_together(server: Server, orgs: Orgs) -> None:
    s = sending_org(orgs, daily_spend_limit="0.0700", daily_spend_limit_enabled=True)  # ten sends of 0.0070
    clients = [server.client(s.org.key) for _ in range(8)]

    def send(i: int) -> bool:
        try:
            clients[i % len(clients)].messages.send(from_=s.number, to=TO, text="x")
        except telnyx.RateLimitError:
            return False
        return True

    with ThreadPoolExecutor(8) as pool:
        accepted = sum(pool.map(send, range(30)))
    assert accepted == 10
