"""Ids of the documents numbers refer to are opaque strings in the SDKs: an address or bundle with
a UUID id (as in Telnyx's own examples) seeds, and every field that names one takes it."""

from __future__ import annotations

import uuid

import pytest
import telnyx

from ...support import Orgs, Server


def test_an_address_with_a_uuid_id_is_seeded_and_named_by_patch_and_emergency(server: Server, orgs: Orgs) -> None:
    address, bundle = str(uuid.uuid4()), f"bundle-{uuid.uuid4().hex}"  # opaque, as the SDKs type them
    org = orgs.make([{}], addresses=[{"id": address, "locality": "Chicago"}], bundles=[{"id": bundle}])
    client = server.client(org.key)
    number_id = org.numbers[0]["id"]

    updated = client.phone_numbers.update(number_id, address_id=address).data
    assert updated.emergency_address_id == address

    voice = client.phone_numbers.actions.enable_emergency(
        number_id, emergency_address_id=address, emergency_enabled=True
    ).data
    assert voice.emergency is not None and voice.emergency.emergency_address_id == address

    changed = client.phone_numbers.actions.change_bundle_status(number_id, bundle_id=bundle).data
    assert changed.id == number_id
    assert client.phone_numbers.list(filter={"emergency_address_id": address}).data[0].id == number_id


def test_an_id_naming_no_address_is_still_a_422(server: Server, orgs: Orgs) -> None:
    client = server.client(orgs.make([{}]).key)
    with pytest.raises(telnyx.UnprocessableEntityError):
        client.phone_numbers.update(client.phone_numbers.list().data[0].id or "", address_id=str(uuid.uuid4()))
