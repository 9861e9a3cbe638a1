"""Inbound messages delivered through the admin API, STOP and START as carriers handle them, and
the admin controls of a message's lifecycle: the manual policy, advance, outcome rules."""

from __future__ import annotations

import pytest
import telnyx

from telconf.admin.client import AdminError
from telconf.testing.server import TelconfServer

from ..clocked import clocked_orgs
from .senders import error_of, sending_org, wait_for_status

HANDSET = "+13125550188"


def test_an_inbound_message_is_stored_and_retrievable(telconf_server: TelconfServer) -> None:
    s = sending_org(clocked_orgs(telconf_server))
    received = telconf_server.inbound(HANDSET, s.number, "Hi from a phone")
    assert received["direction"] == "inbound" and received["from"]["phone_number"] == HANDSET
    assert received["to"][0]["phone_number"] == s.number and received["messaging_profile_id"] == s.profile_id
    client = telconf_server.client(s.org.key, max_retries=0)
    found = client.messages.retrieve(received["id"]).data
    assert found is not None and found.direction == "inbound" and found.text == "Hi from a phone"
    with pytest.raises(AdminError):
        telconf_server.inbound(HANDSET, "+19999999990", "to nobody")


def test_stop_blocks_sends_until_start(telconf_server: TelconfServer) -> None:
    s = sending_org(clocked_orgs(telconf_server))
    client = telconf_server.client(s.org.key, max_retries=0)
    client.messages.send(from_=s.number, to=HANDSET, text="Deal of the day")
    telconf_server.inbound(HANDSET, s.number, " stop ")
    with pytest.raises(telnyx.BadRequestError) as caught:
        client.messages.send(from_=s.number, to=HANDSET, text="Another deal")
    assert error_of(caught) == (400, "40300", "/to")
    client.messages.send(from_=s.number, to="+13125550189", text="others still get it")
    telconf_server.inbound(HANDSET, s.number, "UNSTOP")
    client.messages.send(from_=s.number, to=HANDSET, text="Welcome back")


def test_manual_policy_moves_a_message_only_when_advanced(telconf_server: TelconfServer) -> None:
    s = sending_org(clocked_orgs(telconf_server))
    client = telconf_server.client(s.org.key, max_retries=0)
    telconf_server.admin.set_job_policy("manual")
    sent = client.messages.send(from_=s.number, to="+13125550147", text="step by step").data
    assert sent is not None and sent.id
    telconf_server.admin.advance_clock(3600)
    statuses = [client.messages.retrieve(sent.id).data.to[0].status]  # type: ignore[union-attr,index]
    for _ in range(3):
        statuses.append(telconf_server.admin.advance_message(sent.id)["to"][0]["status"])
    assert statuses == ["queued", "sending", "sent", "delivered"]
    assert telconf_server.admin.advance_message(sent.id)["to"][0]["status"] == "delivered"


def test_an_outcome_rule_decides_how_messages_to_a_number_end(telconf_server: TelconfServer) -> None:
    s = sending_org(clocked_orgs(telconf_server))
    client = telconf_server.client(s.org.key, max_retries=0)
    telconf_server.admin.set_message_outcome("+13125550160", "delivery_failed")
    assert {"phone_number": "+13125550160", "outcome": "delivery_failed"} in telconf_server.admin.message_outcomes()[
        "rules"
    ]
    sent = client.messages.send(from_=s.number, to="+13125550160", text="doomed").data
    assert sent is not None and sent.id
    failed = wait_for_status(client, sent.id, "delivery_failed")
    assert failed.errors and failed.errors[0].code == "40008"
    telconf_server.admin.set_message_outcome("+13125550160", None)
    again = client.messages.send(from_=s.number, to="+13125550160", text="fine now").data
    assert again is not None and again.id
    wait_for_status(client, again.id, "delivered")


def test_an_auto_response_setting_answers_and_acts_on_its_keyword(telconf_server: TelconfServer) -> None:
    s = sending_org(clocked_orgs(telconf_server))
    client = telconf_server.client(s.org.key, max_retries=0)
    client.messaging_profiles.autoresp_configs.create(
        s.profile_id, country_code="US", keywords=["ALTO"], op="stop", resp_text="You will get no more messages."
    )
    client.messaging_profiles.autoresp_configs.create(
        s.profile_id, country_code="US", keywords=["AYUDA"], op="info", resp_text="Reply ALTO to stop."
    )
    helped = telconf_server.inbound(HANDSET, s.number, "ayuda")
    assert helped["autoresponse_type"] == "INFO"
    client.messages.send(from_=s.number, to=HANDSET, text="still reachable")
    stopped = telconf_server.inbound(HANDSET, s.number, "Alto")
    assert stopped["autoresponse_type"] == "STOP"
    with pytest.raises(telnyx.BadRequestError) as caught:
        client.messages.send(from_=s.number, to=HANDSET, text="blocked now")
    assert error_of(caught)[1] == "40300"


def test_an_auto_response_that_cannot_be_sent_leaves_the_inbound_message_standing(
    telconf_server: TelconfServer,
) -> None:
    s = sending_org(clocked_orgs(telconf_server))  # whitelists US and CA only
    client = telconf_server.client(s.org.key, max_retries=0)
    client.messaging_profiles.autoresp_configs.create(
        s.profile_id, country_code="GB", keywords=["INFO"], op="info", resp_text="We cannot reach you."
    )
    received = telconf_server.inbound("+447700900123", s.number, "info")  # the answer would be 40309
    assert received["autoresponse_type"] == "INFO"
    found = client.messages.retrieve(received["id"]).data
    assert found is not None and found.direction == "inbound"
