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
