"""`client.messages.send` and its kin through the Python SDK: what a sent message looks like,
and every way the profile can refuse one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import telnyx

from telconf.testing.server import start_telconf

from ...support import Orgs, Server
from ..clocked import clocked_orgs
from .senders import error_of, sending_org

TO = "+13125550147"


def test_a_sent_message_is_stored_and_retrieved_as_sent(server: Server, orgs: Orgs) -> None:
    s = sending_org(orgs)
    client = server.client(s.org.key)
    sent = client.messages.send(from_=s.number, to=TO, text="Hello there").data
    assert sent is not None and sent.id
    assert sent.direction == "outbound" and sent.type == "SMS" and sent.record_type == "message"
    assert sent.from_ is not None and sent.from_.phone_number == s.number
    assert sent.to is not None and sent.to[0].phone_number == TO and sent.to[0].status == "queued"
    assert sent.messaging_profile_id == s.profile_id
    assert (sent.parts, sent.encoding, sent.num_chars) == (1, "GSM-7", 11)
    assert sent.cost is not None and sent.cost.amount == "0.0070" and sent.cost.currency == "USD"
    again = client.messages.retrieve(sent.id).data
    assert again is not None and again.id == sent.id and again.text == "Hello there"


def test_long_and_unicode_texts_are_split_into_parts(server: Server, orgs: Orgs) -> None:
    s = sending_org(orgs)
    client = server.client(s.org.key)
    cases = [
        ("a" * 160, 1, "GSM-7"), ("a" * 161, 2, "GSM-7"), ("€" * 80, 1, "GSM-7"), ("€" * 81, 2, "GSM-7"),
        ("é" * 160, 1, "GSM-7"), ("ж" * 70, 1, "UCS-2"), ("ж" * 71, 2, "UCS-2"), ("😀" * 35, 1, "UCS-2"),
    ]  # fmt: skip
    for text, parts, encoding in cases:
        sent = client.messages.send_long_code(from_=s.number, to=TO, text=text).data
        assert sent is not None and (sent.parts, sent.encoding) == (parts, encoding), text[:3]
    with pytest.raises(telnyx.BadRequestError) as caught:
        client.messages.send(from_=s.number, to=TO, text="a" * (153 * 10 + 1))
    assert error_of(caught) == (400, "40302", "/text")
    with pytest.raises(telnyx.BadRequestError) as caught:
        client.messages.send(from_=s.number, to=TO, text="ж", encoding="gsm7")
    assert error_of(caught)[1:] == ("10015", "/encoding")


def test_smart_encoding_keeps_look_alikes_in_gsm7(server: Server, orgs: Orgs) -> None:
    s = sending_org(orgs, smart_encoding=True)
    client = server.client(s.org.key)
    sent = client.messages.send(from_=s.number, to=TO, text="It’s “fine” — really…").data
    assert sent is not None and sent.encoding == "GSM-7" and sent.smart_encoding_applied is True
    assert sent.text == "It’s “fine” — really…"
    plain = client.messages.send(from_=s.number, to=TO, text="It’s", encoding="ucs2").data
    assert plain is not None and plain.encoding == "UCS-2" and plain.smart_encoding_applied is False


def test_the_profile_decides(server: Server, orgs: Orgs) -> None:
    s = sending_org(orgs, whitelisted_destinations=["CA"])
    client = server.client(s.org.key)
    with pytest.raises(telnyx.BadRequestError) as caught:
        client.messages.send(from_=s.number, to=TO, text="hi")
    assert error_of(caught) == (400, "40309", "/to")
    disabled = sending_org(orgs, enabled=False)
    with pytest.raises(telnyx.BadRequestError) as caught:
        server.client(disabled.org.key).messages.send(from_=disabled.number, to=TO, text="hi")
    assert error_of(caught)[:2] == (400, "40312")
    anywhere = sending_org(orgs, whitelisted_destinations=["*"])
    sent = server.client(anywhere.org.key).messages.send(from_=anywhere.number, to="+447700900123", text="hi").data
    assert sent is not None and sent.cost is not None and sent.cost.amount == "0.0500"


def test_from_must_be_a_number_of_the_sending_profile(server: Server, orgs: Orgs) -> None:
    s = sending_org(orgs)
    other = sending_org(orgs)
    client = server.client(s.org.key)
    for sender in ("+19999999999", other.number):
        with pytest.raises(telnyx.BadRequestError) as caught:
            client.messages.send(from_=sender, to=TO, text="hi")
        assert error_of(caught) == (400, "40305", "/from")
    with pytest.raises(telnyx.BadRequestError) as caught:
        client.messages.send(from_=s.number, to=TO, text="hi", messaging_profile_id=other.profile_id)
    assert error_of(caught)[1] == "40305"
    with pytest.raises(telnyx.BadRequestError) as caught:
        client.messages.send(from_=s.number, to="not a number", text="hi")
    assert error_of(caught) == (400, "40310", "/to")
    with pytest.raises(telnyx.BadRequestError) as caught:
        client.messages.send(to=TO, text="hi")
    assert error_of(caught)[1:] == ("10004", "/from")


def test_content_rules(server: Server, orgs: Orgs) -> None:
    s = sending_org(orgs)
    client = server.client(s.org.key)
    with pytest.raises(telnyx.BadRequestError) as caught:
        client.messages.send(from_=s.number, to=TO)
    assert error_of(caught)[1] == "40316"
    with pytest.raises(telnyx.BadRequestError) as caught:
        client.messages.send(from_=s.number, to=TO, type="SMS", media_urls=["https://example.com/a.png"])
    assert error_of(caught)[1] == "40304"
    with pytest.raises(telnyx.BadRequestError) as caught:
        client.messages.send(from_=s.number, to=TO, media_urls=[f"https://example.com/{i}.png" for i in range(11)])
    assert error_of(caught)[1] == "40317"
    for field in ("webhook_url", "webhook_failover_url"):
        with pytest.raises(telnyx.UnprocessableEntityError) as refused:
            client.messages.send(from_=s.number, to=TO, text="x", **{field: "ftp://example.com/hook"})  # type: ignore[arg-type]
        assert error_of(refused)[2] == f"/{field}"  # type: ignore[arg-type]
    mms = client.messages.send(from_=s.number, to=TO, text="look", media_urls=["https://example.com/a.png"]).data
    assert mms is not None and mms.type == "MMS" and mms.parts == 1
    assert mms.media is not None and mms.media[0].url == "https://example.com/a.png"


def test_a_read_only_key_cannot_send_and_another_org_cannot_read(server: Server, orgs: Orgs) -> None:
    s = sending_org(orgs)
    with pytest.raises(telnyx.PermissionDeniedError):
        server.client(s.org.read_only_key).messages.send(from_=s.number, to=TO, text="hi")
    sent = server.client(s.org.key).messages.send(from_=s.number, to=TO, text="hi").data
    assert sent is not None and sent.id
    stranger = orgs.make()
    with pytest.raises(telnyx.NotFoundError) as caught:
        server.client(stranger.key).messages.retrieve(sent.id)
    assert error_of(caught)[:2] == (404, "40303")  # type: ignore[arg-type]


def test_a_price_table_sets_what_a_part_costs(tmp_path: Path) -> None:
    table = {
        "*": {"SMS": {"rate": "0.0100", "carrier_fee": "0"}, "MMS": {"rate": "0.0300", "carrier_fee": "0"}},
        "US": {"SMS": {"rate": "0.0025", "carrier_fee": "0.0005"}, "MMS": {"rate": "0.02", "carrier_fee": "0"}},
    }
    path = tmp_path / "prices.json"
    path.write_text(json.dumps(table))
    server = start_telconf(extra_args=("--message-prices", str(path)))
    try:
        s = sending_org(clocked_orgs(server), whitelisted_destinations=["*"])
        client = server.client(s.org.key, max_retries=0)
        us = client.messages.send(from_=s.number, to=TO, text="x" * 200).data  # two parts
        assert us is not None and us.cost is not None and us.cost_breakdown is not None
        assert us.cost.amount == "0.0060" and us.cost_breakdown.rate is not None
        assert us.cost_breakdown.rate.amount == "0.0050"
        gb = client.messages.send(from_=s.number, to="+447700900123", text="hi").data
        assert gb is not None and gb.cost is not None and gb.cost.amount == "0.0100"  # `*`
    finally:
        server.stop()


def test_the_rest_of_the_refusals_through_the_sdk(server: Server, orgs: Orgs) -> None:
    s = sending_org(orgs, alpha_sender="Acme")
    pending = sending_org(orgs, numbers=[{"status": "port-pending"}])
    client = server.client(s.org.key)
    cases = [
        (client, {"from_": s.number, "to": TO, "text": "x" * 1000, "auto_detect": True}, "40328", "/text"),
        (client, {"from_": "Acme", "messaging_profile_id": s.profile_id, "to": TO,
                  "media_urls": ["https://example.com/a.png"]}, "40308", "/from"),
        (server.client(pending.org.key), {"from_": pending.number, "to": TO, "text": "x"}, "40320", "/from"),
        (client, {"from_": s.number, "to": TO, "text": "x", "send_at": "2030-01-01T10:00:00"}, "10015", "/send_at"),
        (client, {"from_": s.number, "to": TO, "text": "x", "send_at": "next tuesday"}, "10015", "/send_at"),
    ]  # fmt: skip
    for sdk, params, code, pointer in cases:
        with pytest.raises(telnyx.BadRequestError) as caught:
            sdk.messages.send(**params)
        assert error_of(caught)[1:] == (code, pointer), params
    with pytest.raises(telnyx.BadRequestError) as caught:
        client.messages.send_long_code(from_="Acme", to=TO, text="x")  # the long-code endpoint, not a number
    assert error_of(caught)[1:] == ("40305", "/from")
    accepted = client.messages.send(from_=s.number, to=TO, text="x" * 900, auto_detect=True).data  # 6 parts
    assert accepted is not None and accepted.parts == 6


def test_idempotency_key_is_accepted_and_unknown_ids_are_40303(server: Server, orgs: Orgs) -> None:
    s = sending_org(orgs)
    client = server.client(s.org.key)
    sent = client.messages.send(from_=s.number, to=TO, text="once", idempotency_key="order-42").data
    assert sent is not None and sent.text == "once"
    for unknown in ("not-a-message-id", "0c1a5e2c-9f43-4a43-8d4c-1d7b3a1e9b11"):
        with pytest.raises(telnyx.NotFoundError) as caught:
            client.messages.retrieve(unknown)
        assert error_of(caught)[:2] == (404, "40303")  # type: ignore[arg-type]
