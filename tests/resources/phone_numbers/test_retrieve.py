"""GET /phone_numbers/{id} through the official SDK."""

from __future__ import annotations

from datetime import datetime

import pytest
import telnyx

from ...support import Orgs, Server


def test_retrieve_returns_the_seeded_record(server: Server, orgs: Orgs) -> None:
    org = orgs.make(
        [
            {
                "tags": ["a", "b"],
                "connection_id": "123",
                "connection_name": "trunk",
                "customer_reference": "ref-1",
                "created_at": "2024-01-02T03:04:05.678Z",
            }
        ]
    )
    client = server.client(org.key)
    number = client.phone_numbers.retrieve(org.numbers[0]["id"]).data
    assert number is not None
    assert number.id == org.numbers[0]["id"]
    assert number.phone_number == org.numbers[0]["phone_number"]
    assert number.record_type == "phone_number"
    assert number.tags == ["a", "b"]
    assert number.connection_name == "trunk"
    assert number.customer_reference == "ref-1"
    assert number.created_at == datetime.fromisoformat("2024-01-02T03:04:05.678+00:00")
    # Defaults of the live API for fields the seed left out.
    assert number.status == "active"
    assert number.country_iso_alpha2 == "US"
    assert number.call_forwarding_enabled is True
    assert number.inbound_call_screening == "disabled"
    assert number.emergency_status == "disabled"
    assert number.deletion_lock_enabled is False
    assert number.source_type == "number_order"


def test_unknown_and_malformed_ids_are_not_found(server: Server, orgs: Orgs) -> None:
    client = server.client(orgs.make().key)
    for bad in ("1", "999999999999999999", "not-a-number", "+13125550000", "99999999999999999999999"):
        with pytest.raises(telnyx.NotFoundError) as caught:
            client.phone_numbers.retrieve(bad)
        assert caught.value.body["errors"][0]["code"] == "10005"  # type: ignore[index]


def test_another_organisations_number_is_not_found(server: Server, orgs: Orgs) -> None:
    owner = orgs.make([{}])
    stranger = server.client(orgs.make().key)
    with pytest.raises(telnyx.NotFoundError):
        stranger.phone_numbers.retrieve(owner.numbers[0]["id"])


def test_missing_or_unknown_key_is_refused(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    for key in (None, "KEYnotakeyatall000000"):
        with pytest.raises(telnyx.AuthenticationError) as caught:
            server.client(key).phone_numbers.retrieve(org.numbers[0]["id"])
        assert caught.value.status_code == 401
        assert caught.value.body["errors"][0]["code"] == "10009"  # type: ignore[index]


def test_read_only_key_can_read(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    assert server.client(org.read_only_key).phone_numbers.retrieve(org.numbers[0]["id"]).data is not None
