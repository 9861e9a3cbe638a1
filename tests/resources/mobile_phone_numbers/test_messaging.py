"""GET /mobile_phone_numbers/messaging and /mobile_phone_numbers/{id}/messaging (single /v2)."""

from __future__ import annotations

import uuid

import pytest
import telnyx

from ...support import Orgs, Server
from .records import error, mobile, org_uuid, raw

ALL_SMS = {"domestic_two_way": True, "international_inbound": True, "international_outbound": True}


def test_a_number_is_shown_through_the_messaging_lens(server: Server, orgs: Orgs) -> None:
    seeded = mobile(tags=["sms"], created_at="2024-06-01T00:00:00.000Z")
    org = orgs.make(mobile_phone_numbers=[seeded])
    settings = server.client(org.key).mobile_phone_numbers.messaging.retrieve(seeded["id"]).data
    assert settings is not None
    shown = raw(server, org.key, "GET", f"/mobile_phone_numbers/{seeded['id']}/messaging").json()["data"]
    assert shown == {
        "id": seeded["id"],
        "record_type": "messaging_settings",
        "phone_number": seeded["phone_number"],
        "messaging_profile_id": None,
        "messaging_product": "P2P",
        "traffic_type": "P2P",
        "type": "longcode",
        "country_code": "US",
        "organization_id": org_uuid(server, org.name),
        "features": {"sms": ALL_SMS},
        "tags": ["sms"],
        "created_at": "2024-06-01T00:00:00.000Z",
        "updated_at": "2024-06-01T00:00:00.000Z",
    }
    assert settings.features is not None and settings.features.sms is not None
    assert settings.features.sms.international_outbound is True


def test_seeded_messaging_settings_are_shown(server: Server, orgs: Orgs) -> None:
    profile_id = str(uuid.uuid4())  # profile ids are unique server-wide
    seeded = mobile(messaging_profile_id=profile_id, messaging_product="A2P", phone_number="+4915" + "7" * 9)
    profile = {"id": profile_id, "name": "Mobile", "whitelisted_destinations": ["DE"]}
    org = orgs.make(mobile_phone_numbers=[seeded], messaging_profiles=[profile])
    settings = server.client(org.key).mobile_phone_numbers.messaging.retrieve(seeded["id"]).data
    assert settings is not None
    assert (settings.messaging_profile_id, settings.messaging_product, settings.traffic_type) == (
        profile_id,
        "A2P",
        "A2P",
    )
    assert settings.country_code == "DE"
    assert settings.features is not None and settings.features.sms is not None
    assert settings.features.sms.to_dict() == {
        "domestic_two_way": True,
        "international_inbound": True,
        "international_outbound": False,
    }


def test_the_messaging_list_pages_in_the_lists_order(server: Server, orgs: Orgs) -> None:
    records = [mobile(created_at=f"2024-07-0{n}T00:00:00.000Z") for n in range(1, 6)]
    org = orgs.make(mobile_phone_numbers=records)
    client = server.client(org.key)
    newest_first = [r["id"] for r in reversed(records)]
    first = client.mobile_phone_numbers.messaging.list(page_size=2)
    assert [n.id for n in first.data] == newest_first[:2]
    assert first.meta is not None
    assert first.meta.to_dict() == {"page_number": 1, "page_size": 2, "total_pages": 3, "total_results": 5}
    assert [n.id for n in client.mobile_phone_numbers.messaging.list(page_size=2)] == newest_first
    assert [n.id for n in client.mobile_phone_numbers.list()] == newest_first
    uuid = org_uuid(server, org.name)
    assert {(n.organization_id, n.type, n.record_type) for n in first.data} == {
        (uuid, "longcode", "messaging_settings")
    }


def test_messaging_is_not_taken_for_an_id(server: Server, orgs: Orgs) -> None:
    org = orgs.make(mobile_phone_numbers=[mobile()])
    response = raw(server, org.key, "GET", "/mobile_phone_numbers/messaging")
    assert response.status_code == 200
    assert response.json()["meta"]["total_results"] == 1
    assert response.json()["data"][0]["record_type"] == "messaging_settings"


def test_each_organisation_sees_only_its_own_messaging_settings(server: Server, orgs: Orgs) -> None:
    seeded = mobile()
    owner = orgs.make(mobile_phone_numbers=[seeded])
    stranger = orgs.make(mobile_phone_numbers=[mobile()])
    client = server.client(stranger.key)
    with pytest.raises(telnyx.NotFoundError) as caught:
        client.mobile_phone_numbers.messaging.retrieve(seeded["id"])
    assert error(caught.value)["code"] == "10005"
    assert seeded["id"] not in [n.id for n in client.mobile_phone_numbers.messaging.list()]
    own = server.client(owner.read_only_key).mobile_phone_numbers.messaging.retrieve(seeded["id"]).data
    assert own is not None and own.organization_id == org_uuid(server, owner.name)


@pytest.mark.parametrize("number_id", ["1", "nope"])
def test_unknown_ids_are_404(server: Server, orgs: Orgs, number_id: str) -> None:
    org = orgs.make()
    with pytest.raises(telnyx.NotFoundError):
        server.client(org.key).mobile_phone_numbers.messaging.retrieve(number_id)


def test_bad_page_parameters_are_422(server: Server, orgs: Orgs) -> None:
    org = orgs.make()
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        server.client(org.key).mobile_phone_numbers.messaging.list(page_size=300)
    assert error(caught.value)["source"] == {"parameter": "page[size]"}


def test_without_a_key_it_is_401(server: Server) -> None:
    assert raw(server, "nobody", "GET", "/mobile_phone_numbers/messaging").status_code == 401
    assert raw(server, "nobody", "GET", "/mobile_phone_numbers/1/messaging").status_code == 401
