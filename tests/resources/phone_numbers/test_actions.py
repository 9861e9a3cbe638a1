"""enable_emergency and bundle_status_change through the official SDK."""

from __future__ import annotations

import uuid

import pytest
import telnyx

from ...support import Orgs, Server


def test_enable_and_disable_emergency(server: Server, orgs: Orgs) -> None:
    address = str(uuid.uuid4().int % 10**14)
    org = orgs.make([{}], addresses=[{"id": address, "street_address": "1 Main St"}])
    client = server.client(org.key)
    number_id = org.numbers[0]["id"]
    voice = client.phone_numbers.actions.enable_emergency(
        number_id, emergency_address_id=address, emergency_enabled=True
    ).data
    assert voice is not None and voice.emergency is not None
    emergency = voice.emergency
    assert (emergency.emergency_enabled, emergency.emergency_address_id, emergency.emergency_status) == (
        True,
        address,
        "active",
    )
    core = client.phone_numbers.retrieve(number_id).data
    assert core is not None
    assert (core.emergency_enabled, core.emergency_address_id, core.emergency_status) == (True, address, "active")
    assert [n.id for n in client.phone_numbers.list(filter={"emergency_address_id": address})] == [number_id]
    off = client.phone_numbers.actions.enable_emergency(
        number_id, emergency_address_id=address, emergency_enabled=False
    )
    assert off.data is not None and off.data.emergency is not None
    assert (off.data.emergency.emergency_enabled, off.data.emergency.emergency_status) == (False, "disabled")


def test_emergency_needs_an_address_of_the_organisation(server: Server, orgs: Orgs) -> None:
    foreign = str(uuid.uuid4().int % 10**14)
    orgs.make([], addresses=[{"id": foreign}])
    org = orgs.make([{}])
    client = server.client(org.key)
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.actions.enable_emergency(org.numbers[0]["id"], emergency_address_id=foreign,
                                                      emergency_enabled=True)  # fmt: skip
    error = caught.value.body["errors"][0]  # type: ignore[index]
    assert error["code"] == "10017" and error["source"] == {"pointer": "/emergency_address_id"}
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.post(f"/phone_numbers/{org.numbers[0]['id']}/actions/enable_emergency", body={}, cast_to=object)
    pointers = sorted(e["source"]["pointer"] for e in caught.value.body["errors"])  # type: ignore[index]
    assert pointers == ["/emergency_address_id", "/emergency_enabled"]
    core = client.phone_numbers.retrieve(org.numbers[0]["id"]).data
    assert core is not None and core.emergency_enabled is False
    with pytest.raises(telnyx.NotFoundError):
        client.phone_numbers.actions.enable_emergency("1", emergency_address_id=foreign, emergency_enabled=True)


def test_bundle_membership(server: Server, orgs: Orgs) -> None:
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    org = orgs.make([{}], bundles=[{"id": first, "name": "a"}, {"id": second, "name": "b"}])
    client = server.client(org.key)
    number_id = org.numbers[0]["id"]
    joined = client.phone_numbers.actions.change_bundle_status(number_id, bundle_id=first)
    assert joined.data is not None and joined.data.id == number_id
    assert joined.to_dict()["data"]["bundle_id"] == first
    # Idempotent for the same bundle; a move to another must go through null first.
    assert client.phone_numbers.actions.change_bundle_status(number_id, bundle_id=first).data is not None
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.actions.change_bundle_status(number_id, bundle_id=second)
    assert caught.value.body["errors"][0]["source"] == {"pointer": "/bundle_id"}  # type: ignore[index]
    left = client.phone_numbers.actions.change_bundle_status(number_id, bundle_id=None)
    assert left.to_dict()["data"]["bundle_id"] is None
    moved = client.phone_numbers.actions.change_bundle_status(number_id, bundle_id=second)
    assert moved.to_dict()["data"]["bundle_id"] == second
    assert client.phone_numbers.voice.retrieve(number_id).to_dict()["data"]["bundle_id"] == second


def test_bundle_must_exist_in_the_organisation(server: Server, orgs: Orgs) -> None:
    foreign = str(uuid.uuid4())
    orgs.make([], bundles=[{"id": foreign}])
    org = orgs.make([{}])
    client = server.client(org.key)
    for bundle in (foreign, str(uuid.uuid4())):
        with pytest.raises(telnyx.UnprocessableEntityError) as caught:
            client.phone_numbers.actions.change_bundle_status(org.numbers[0]["id"], bundle_id=bundle)
        assert caught.value.body["errors"][0]["code"] == "10017"  # type: ignore[index]
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.patch(f"/phone_numbers/{org.numbers[0]['id']}/actions/bundle_status_change", body={}, cast_to=object)
    assert caught.value.body["errors"][0]["code"] == "10004"  # type: ignore[index]


def test_actions_need_a_writing_key_of_the_owner(server: Server, orgs: Orgs) -> None:
    address = str(uuid.uuid4().int % 10**14)
    org = orgs.make([{}], addresses=[{"id": address}])
    with pytest.raises(telnyx.PermissionDeniedError):
        server.client(org.read_only_key).phone_numbers.actions.enable_emergency(
            org.numbers[0]["id"], emergency_address_id=address, emergency_enabled=True
        )
    with pytest.raises(telnyx.NotFoundError):
        server.client(orgs.make().key).phone_numbers.actions.change_bundle_status(org.numbers[0]["id"], bundle_id=None)
