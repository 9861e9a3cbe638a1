"""PATCH /phone_numbers/{id} through the official SDK."""

from __future__ import annotations

import httpx
import pytest
import telnyx

from telconf.testing.server import TelconfServer

from ...support import Orgs, Server
from ..clocked import a_second_later, clocked_orgs


def test_update_changes_fields_and_moves_updated_at(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{"tags": ["old"], "updated_at": "2020-01-01T00:00:00.000Z"}])
    client = server.client(org.key)
    number_id = org.numbers[0]["id"]
    updated = client.phone_numbers.update(
        number_id,
        tags=["a", "b", "a"],
        customer_reference="invoice-7",
        external_pin="1234",
        billing_group_id="a5b2d3c4-0000-4000-8000-000000000001",
        hd_voice_enabled=True,
    ).data
    assert updated is not None
    assert updated.tags == ["a", "b"]
    assert updated.customer_reference == "invoice-7"
    assert updated.external_pin == "1234"
    assert updated.billing_group_id == "a5b2d3c4-0000-4000-8000-000000000001"
    assert updated.hd_voice_enabled is True
    assert updated.updated_at is not None and updated.updated_at > "2020-01-01T00:00:00.000Z"
    # The change is stored, not just echoed.
    again = client.phone_numbers.retrieve(number_id).data
    assert again is not None
    assert again.tags == ["a", "b"] and again.customer_reference == "invoice-7"
    assert [n.id for n in client.phone_numbers.list(filter={"tag": "b"})] == [number_id]
    assert list(client.phone_numbers.list(filter={"tag": "old"})) == []


def test_empty_update_returns_the_record_unchanged(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{"customer_reference": "keep"}])
    client = server.client(org.key)
    number = client.phone_numbers.update(org.numbers[0]["id"]).data
    assert number is not None and number.customer_reference == "keep"
    # Node sends an empty body with a JSON content type; that is an empty update too.
    response = httpx.patch(
        f"{server.base_url}/phone_numbers/{org.numbers[0]['id']}",
        headers={"Authorization": f"Bearer {org.key}", "Content-Type": "application/json"},
        content=b"",
    )
    assert response.status_code == 200
    assert response.json()["data"]["customer_reference"] == "keep"


def test_unknown_and_read_only_fields_are_ignored(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    client = server.client(org.key)
    number_id = org.numbers[0]["id"]
    number = client.phone_numbers.update(
        number_id, extra_body={"id": "1", "record_type": "x", "status": "deleted", "customer_reference": "r"}
    ).data
    assert number is not None
    assert number.id == number_id and number.status == "active" and number.customer_reference == "r"


def test_null_clears_a_field(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{"customer_reference": "gone-soon", "connection_id": "77", "connection_name": "trunk"}])
    client = server.client(org.key)
    number = client.phone_numbers.update(
        org.numbers[0]["id"], extra_body={"customer_reference": None, "connection_id": None}
    ).data
    assert number is not None
    assert number.customer_reference is None
    assert number.connection_id is None and number.connection_name is None


def test_connection_change_takes_the_connections_name(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{"connection_id": "55", "connection_name": "sip-trunk"}, {}])
    client = server.client(org.key)
    number = client.phone_numbers.update(org.numbers[1]["id"], connection_id="55").data
    assert number is not None and number.connection_name == "sip-trunk"


def test_address_id_must_exist_and_sets_the_emergency_address(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}], addresses=[{"id": "53829456729313", "street_address": "1 Main St"}])
    client = server.client(org.key)
    number = client.phone_numbers.update(org.numbers[0]["id"], address_id="53829456729313").data
    assert number is not None and number.emergency_address_id == "53829456729313"
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.update(org.numbers[0]["id"], address_id="1")
    error = caught.value.body["errors"][0]  # type: ignore[index]
    assert error["code"] == "10017" and error["source"] == {"pointer": "/address_id"}


def test_every_bad_field_is_reported(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    client = server.client(org.key)
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.update(
            org.numbers[0]["id"],
            extra_body={"tags": ["ok", 5], "hd_voice_enabled": "yes", "customer_reference": "x" * 300},
        )
    pointers = sorted(e["source"]["pointer"] for e in caught.value.body["errors"])  # type: ignore[index]
    assert pointers == ["/customer_reference", "/hd_voice_enabled", "/tags/1"]
    number = client.phone_numbers.retrieve(org.numbers[0]["id"]).data
    assert number is not None and number.tags == []  # nothing half-written


def test_too_many_tags_are_refused(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    with pytest.raises(telnyx.UnprocessableEntityError):
        server.client(org.key).phone_numbers.update(org.numbers[0]["id"], tags=[f"t{i}" for i in range(101)])


def test_read_only_key_cannot_update(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    with pytest.raises(telnyx.PermissionDeniedError) as caught:
        server.client(org.read_only_key).phone_numbers.update(org.numbers[0]["id"], customer_reference="x")
    assert caught.value.body["errors"][0]["code"] == "10010"  # type: ignore[index]


def test_another_organisations_number_cannot_be_updated(server: Server, orgs: Orgs) -> None:
    owner = orgs.make([{"customer_reference": "mine"}])
    with pytest.raises(telnyx.NotFoundError):
        server.client(orgs.make().key).phone_numbers.update(owner.numbers[0]["id"], customer_reference="theirs")
    number = server.client(owner.key).phone_numbers.retrieve(owner.numbers[0]["id"]).data
    assert number is not None and number.customer_reference == "mine"


def test_updated_at_moves_on_each_update(telconf_server: TelconfServer) -> None:
    org = clocked_orgs(telconf_server).make([{}])
    client = telconf_server.client(org.key, max_retries=0)
    first = client.phone_numbers.update(org.numbers[0]["id"], customer_reference="1").data
    a_second_later(telconf_server)
    second = client.phone_numbers.update(org.numbers[0]["id"], customer_reference="2").data
    assert first is not None and second is not None
    assert second.updated_at is not None and first.updated_at is not None
    assert second.updated_at > first.updated_at
