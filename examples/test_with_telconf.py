"""A user's test file: install telconf (README: Installing) and `telnyx`, then `pytest` (add `--telconf-mode=in_process`
to skip the socket). Each test gets a clean server; `telnyx_client` holds the demo inventory's key."""

import pytest
import telnyx

SEED = {
    "organizations": [
        {
            "name": "acme",
            "api_keys": [{"key": "KEYACME0000000000000000000000000"}],
            "phone_numbers": [{"phone_number": "+13125550100", "tags": ["support"]}],
        }
    ]
}


def test_tag_a_number(telnyx_client):
    number = telnyx_client.phone_numbers.list(filter={"tag": "support"}).data[0]
    updated = telnyx_client.phone_numbers.update(number.id, tags=["vip"])
    assert updated.data.tags == ["vip"]


def test_the_previous_test_left_nothing_behind(telnyx_client):
    assert telnyx_client.phone_numbers.list(filter={"tag": "vip"}).data == []


@pytest.mark.telconf_seed(SEED)
def test_with_my_own_seed(telconf_server):
    client = telconf_server.client(api_key="KEYACME0000000000000000000000000")
    assert [n.phone_number for n in client.phone_numbers.list()] == ["+13125550100"]


def test_my_code_survives_a_flaky_api(telconf_server, telnyx_client):
    telconf_server.admin.add_faults({"path": "/phone_numbers", "status": 503, "count": 2})
    assert telnyx_client.phone_numbers.list().data  # the SDK retried twice


def test_my_code_reports_rate_limits(telconf_server):
    telconf_server.admin.add_faults({"path": "/phone_numbers", "status": 429, "headers": {"retry-after-ms": "10"}})
    with pytest.raises(telnyx.RateLimitError):
        telconf_server.client(max_retries=1).phone_numbers.list()


def test_a_text_goes_out_and_the_reply_comes_back(telconf_server, telnyx_client, webhook_receiver):
    profile = telnyx_client.messaging_profiles.list().data[0]
    telnyx_client.messaging_profiles.update(profile.id, webhook_url=webhook_receiver.url)
    sender = telnyx_client.messaging_profiles.list_phone_numbers(profile.id).data[0].phone_number

    sent = telnyx_client.messages.send(from_=sender, to="+13125550147", text="Your code is 1234").data
    done = webhook_receiver.wait_for("message.finalized", where=lambda d: d.payload["id"] == sent.id)
    assert done.payload["to"][0]["status"] == "delivered"

    telconf_server.inbound("+13125550147", sender, "Got it, thanks!")  # the handset replies
    reply = webhook_receiver.wait_for("message.received")
    key = telconf_server.admin.webhook_public_key("telconf-demo")  # what TELNYX_PUBLIC_KEY would hold
    event = reply.unwrap(telnyx_client, key=key)  # verified with the official SDK, as your app does
    assert event.data.payload.text == "Got it, thanks!"
