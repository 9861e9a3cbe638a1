"""GET /mobile_phone_numbers/{id} through the official SDK (at /v2/v2/…) and at /v2/… ."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import telnyx

from ...support import Orgs, Server
from .records import error, mobile, raw

SEEDED_AT = "2024-03-01T10:00:00.000Z"


def test_a_number_left_to_defaults_shows_the_live_apis_defaults(server: Server, orgs: Orgs) -> None:
    seeded = mobile(created_at=SEEDED_AT)
    org = orgs.make(mobile_phone_numbers=[seeded])
    number = server.client(org.key).mobile_phone_numbers.retrieve(seeded["id"]).data
    assert number is not None and number.sim_card_id is not None
    uuid.UUID(number.sim_card_id)
    shown = raw(server, org.key, "GET", f"/mobile_phone_numbers/{seeded['id']}").json()["data"]
    assert shown.pop("sim_card_id") == number.sim_card_id
    assert shown == {
        "id": seeded["id"],
        "record_type": "mobile_phone_number",
        "phone_number": seeded["phone_number"],
        "status": "active",
        "country_iso_alpha2": "US",
        "mobile_voice_enabled": True,
        "caller_id_name_enabled": False,
        "connection_id": None,
        "connection_name": None,
        "connection_type": None,
        "customer_reference": None,
        "inbound_call_screening": "disabled",
        "noise_suppression": "disabled",
        "call_forwarding": {"call_forwarding_enabled": True, "forwarding_type": None, "forwards_to": None},
        "call_recording": {
            "inbound_call_recording_channels": "single",
            "inbound_call_recording_enabled": False,
            "inbound_call_recording_format": "wav",
        },
        "cnam_listing": {"cnam_listing_details": None, "cnam_listing_enabled": False},
        "inbound": {"interception_app_id": None, "interception_app_name": None},
        "outbound": {"interception_app_id": None, "interception_app_name": None},
        "tags": [],
        "created_at": SEEDED_AT,
        "updated_at": SEEDED_AT,
    }


def test_seeded_values_are_served_as_given(server: Server, orgs: Orgs) -> None:
    sim = str(uuid.uuid4())
    seeded = mobile(
        phone_number="+4477009" + str(uuid.uuid4().int)[:5],
        sim_card_id=sim,
        status="suspended",
        mobile_voice_enabled=False,
        caller_id_name_enabled=True,
        connection_id="1494404757140276705",
        connection_name="mobile-trunk",
        connection_type="credential_connection",
        customer_reference="ref-1",
        inbound_call_screening="flag_calls",
        noise_suppression="inbound",
        call_forwarding={"forwarding_type": "on-failure", "forwards_to": "+13125550000"},
        call_recording={"inbound_call_recording_enabled": True, "inbound_call_recording_format": "mp3"},
        cnam_listing={"cnam_listing_details": "ACME", "cnam_listing_enabled": True},
        inbound={"interception_app_id": "111", "interception_app_name": "screening-app"},
        tags=["a", "b", "a"],
        created_at="2024-01-02T03:04:05Z",
        updated_at="2024-02-03T04:05:06.789+01:00",
    )
    org = orgs.make(mobile_phone_numbers=[seeded])
    n = server.client(org.key).mobile_phone_numbers.retrieve(seeded["id"]).data
    assert n is not None
    assert (n.sim_card_id, n.status, n.country_iso_alpha2, n.mobile_voice_enabled) == (sim, "suspended", "GB", False)
    assert (n.connection_id, n.connection_name, n.connection_type) == (
        "1494404757140276705",
        "mobile-trunk",
        "credential_connection",
    )
    assert n.caller_id_name_enabled is True and n.customer_reference == "ref-1"
    assert n.inbound_call_screening == "flag_calls" and n.noise_suppression == "inbound"
    assert n.call_forwarding is not None and n.call_forwarding.to_dict() == {
        "call_forwarding_enabled": True,
        "forwarding_type": "on-failure",
        "forwards_to": "+13125550000",
    }
    assert n.call_recording is not None and n.call_recording.to_dict() == {
        "inbound_call_recording_channels": "single",
        "inbound_call_recording_enabled": True,
        "inbound_call_recording_format": "mp3",
    }
    assert n.cnam_listing is not None and n.cnam_listing.cnam_listing_details == "ACME"
    assert n.inbound is not None and n.inbound.to_dict() == {
        "interception_app_id": "111",
        "interception_app_name": "screening-app",
    }
    assert n.outbound is not None and n.outbound.interception_app_id is None
    assert n.tags == ["a", "b"]
    shown = raw(server, org.key, "GET", f"/mobile_phone_numbers/{seeded['id']}").json()["data"]
    # Timestamps are stored and served in Telnyx's format, in UTC.
    assert (shown["created_at"], shown["updated_at"]) == ("2024-01-02T03:04:05.000Z", "2024-02-03T03:05:06.789Z")


def test_both_paths_serve_the_same_record(server: Server, orgs: Orgs) -> None:
    seeded = mobile()
    org = orgs.make(mobile_phone_numbers=[seeded])
    doubled = raw(server, org.key, "GET", f"/v2/mobile_phone_numbers/{seeded['id']}")
    single = raw(server, org.key, "GET", f"/mobile_phone_numbers/{seeded['id']}")
    assert doubled.status_code == single.status_code == 200
    assert doubled.json() == single.json()
    assert single.json()["data"]["phone_number"] == seeded["phone_number"]


def test_a_read_only_key_can_read(server: Server, orgs: Orgs) -> None:
    seeded = mobile()
    org = orgs.make(mobile_phone_numbers=[seeded])
    number = server.client(org.read_only_key).mobile_phone_numbers.retrieve(seeded["id"]).data
    assert number is not None and number.id == seeded["id"]


@pytest.mark.parametrize("number_id", ["1", "abc", "12345678901234567890123", "-5", "+13125550000"])
def test_unknown_or_malformed_ids_are_404(server: Server, orgs: Orgs, number_id: str) -> None:
    org = orgs.make(mobile_phone_numbers=[mobile()])
    with pytest.raises(telnyx.NotFoundError) as caught:
        server.client(org.key).mobile_phone_numbers.retrieve(number_id)
    assert error(caught.value)["code"] == "10005"
    assert raw(server, org.key, "GET", f"/mobile_phone_numbers/{number_id}").status_code == 404


def test_another_organisations_number_is_404(server: Server, orgs: Orgs) -> None:
    seeded = mobile()
    orgs.make(mobile_phone_numbers=[seeded])
    stranger = orgs.make()
    with pytest.raises(telnyx.NotFoundError):
        server.client(stranger.key).mobile_phone_numbers.retrieve(seeded["id"])
    assert raw(server, stranger.key, "GET", f"/mobile_phone_numbers/{seeded['id']}").status_code == 404


@pytest.mark.parametrize("path", ["/v2/mobile_phone_numbers/1", "/mobile_phone_numbers", "/mobile_phone_numbers/1"])
def test_without_a_valid_key_every_call_is_401(server: Server, path: str) -> None:
    response = raw(server, "not-a-key", "GET", path)
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "10009"
    with pytest.raises(telnyx.AuthenticationError):
        server.client("KEYnobody-at-all").mobile_phone_numbers.list()


@pytest.mark.parametrize("path", ["/v2/mobile_phone_numbers/{id}", "/mobile_phone_numbers/{id}"])
def test_other_methods_are_405_with_allow(server: Server, orgs: Orgs, path: str) -> None:
    seeded = mobile()
    org = orgs.make(mobile_phone_numbers=[seeded])
    response = raw(server, org.key, "DELETE", path.format(id=seeded["id"]))
    assert response.status_code == 405
    assert {"GET", "PATCH"} <= set(response.headers["allow"].split(", "))
    body: Any = response.json()
    assert body["errors"][0]["code"] == "10015"
