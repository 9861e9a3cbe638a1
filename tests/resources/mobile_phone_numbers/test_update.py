"""PATCH /mobile_phone_numbers/{id} through the official SDK (at /v2/v2/…) and at /v2/… ."""

from __future__ import annotations

from typing import Any

import pytest
import telnyx
from telnyx.types.mobile_phone_number_update_params import CnamListing

from telconf.testing.server import TelconfServer

from ...support import Orgs, Server
from ..clocked import a_second_later, clocked_orgs
from .records import error, mobile, pointers, raw

OLD = "2020-01-01T00:00:00.000Z"


def shown(server: Server, key: str, number_id: str) -> dict[str, Any]:
    data: dict[str, Any] = raw(server, key, "GET", f"/mobile_phone_numbers/{number_id}").json()["data"]
    return data


def test_update_changes_fields_stores_them_and_moves_updated_at(server: Server, orgs: Orgs) -> None:
    seeded = mobile(tags=["old"], updated_at=OLD, created_at=OLD)
    org = orgs.make(mobile_phone_numbers=[seeded])
    client = server.client(org.key)
    number = client.mobile_phone_numbers.update(
        seeded["id"],
        caller_id_name_enabled=True,
        customer_reference="invoice-7",
        inbound_call_screening="reject_calls",
        noise_suppression=True,
        tags=["a", "b", "a"],
        call_forwarding={"forwarding_type": "always", "forwards_to": "+13125550199"},
        call_recording={"inbound_call_recording_enabled": True, "inbound_call_recording_channels": "dual"},
        cnam_listing={"cnam_listing_enabled": True, "cnam_listing_details": "ACME Corp"},
        inbound={"interception_app_id": "1293384261075731461"},
        outbound={"interception_app_id": "1293384261075731462"},
        connection_id="1494404757140276705",
    ).data
    assert number is not None
    assert number.updated_at is not None and number.updated_at.year > 2020
    assert number.created_at is not None and number.created_at.year == 2020
    after = shown(server, org.key, seeded["id"])
    assert after["updated_at"] > OLD and after["created_at"] == OLD
    assert after["caller_id_name_enabled"] is True and after["customer_reference"] == "invoice-7"
    assert after["inbound_call_screening"] == "reject_calls" and after["noise_suppression"] == "both"
    assert after["tags"] == ["a", "b"]
    assert after["call_forwarding"] == {
        "call_forwarding_enabled": True,
        "forwarding_type": "always",
        "forwards_to": "+13125550199",
    }
    assert after["call_recording"] == {
        "inbound_call_recording_channels": "dual",
        "inbound_call_recording_enabled": True,
        "inbound_call_recording_format": "wav",
    }
    assert after["cnam_listing"] == {"cnam_listing_details": "ACME Corp", "cnam_listing_enabled": True}
    assert after["inbound"] == {"interception_app_id": "1293384261075731461", "interception_app_name": None}
    assert after["outbound"]["interception_app_id"] == "1293384261075731462"
    assert after["connection_id"] == "1494404757140276705"
    assert number.to_dict(mode="json")["tags"] == ["a", "b"]


def test_nested_objects_merge_field_by_field(server: Server, orgs: Orgs) -> None:
    seeded = mobile(
        call_forwarding={"forwarding_type": "on-failure", "forwards_to": "+13125550100"},
        call_recording={"inbound_call_recording_enabled": True, "inbound_call_recording_format": "mp3"},
        cnam_listing={"cnam_listing_enabled": True, "cnam_listing_details": "KEEP"},
        inbound={"interception_app_id": "5", "interception_app_name": "app-five"},
    )
    org = orgs.make(mobile_phone_numbers=[seeded])
    server.client(org.key).mobile_phone_numbers.update(
        seeded["id"],
        call_forwarding={"call_forwarding_enabled": False},
        call_recording={"inbound_call_recording_channels": "dual"},
        cnam_listing={},
        inbound={},
    )
    after = shown(server, org.key, seeded["id"])
    assert after["call_forwarding"] == {
        "call_forwarding_enabled": False,
        "forwarding_type": "on-failure",
        "forwards_to": "+13125550100",
    }
    assert after["call_recording"] == {
        "inbound_call_recording_channels": "dual",
        "inbound_call_recording_enabled": True,
        "inbound_call_recording_format": "mp3",
    }
    assert after["cnam_listing"] == {"cnam_listing_details": "KEEP", "cnam_listing_enabled": True}
    assert after["inbound"] == {"interception_app_id": "5", "interception_app_name": "app-five"}


def test_null_clears_nullable_fields(server: Server, orgs: Orgs) -> None:
    seeded = mobile(
        connection_id="77",
        connection_name="trunk",
        connection_type="credential_connection",
        customer_reference="gone-soon",
        call_forwarding={"forwarding_type": "always", "forwards_to": "+13125550100"},
        cnam_listing={"cnam_listing_enabled": True, "cnam_listing_details": "GONE"},
        inbound={"interception_app_id": "5", "interception_app_name": "app-five"},
        outbound={"interception_app_id": "6", "interception_app_name": "app-six"},
    )
    org = orgs.make(mobile_phone_numbers=[seeded])
    number = (
        server.client(org.key)
        .mobile_phone_numbers.update(
            seeded["id"],
            connection_id=None,
            customer_reference=None,
            call_forwarding={"forwarding_type": None, "forwards_to": None},
            cnam_listing={"cnam_listing_details": None, "cnam_listing_enabled": False},
            inbound={"interception_app_id": None},
            outbound={"interception_app_id": None},
        )
        .data
    )
    assert number is not None
    after = shown(server, org.key, seeded["id"])
    assert (after["connection_id"], after["connection_name"], after["connection_type"]) == (None, None, None)
    assert after["customer_reference"] is None
    assert after["call_forwarding"] == {"call_forwarding_enabled": True, "forwarding_type": None, "forwards_to": None}
    assert after["cnam_listing"] == {"cnam_listing_details": None, "cnam_listing_enabled": False}
    assert after["inbound"] == after["outbound"] == {"interception_app_id": None, "interception_app_name": None}


@pytest.mark.parametrize(("sent", "stored"), [(True, "both"), (False, "disabled")])
def test_noise_suppression_takes_a_boolean_and_shows_the_enum(
    server: Server, orgs: Orgs, sent: bool, stored: str
) -> None:
    seeded = mobile(noise_suppression="outbound")
    org = orgs.make(mobile_phone_numbers=[seeded])
    number = server.client(org.key).mobile_phone_numbers.update(seeded["id"], noise_suppression=sent).data
    assert number is not None and number.noise_suppression == stored
    assert shown(server, org.key, seeded["id"])["noise_suppression"] == stored


def test_tags_replace_the_list(server: Server, orgs: Orgs) -> None:
    seeded = mobile(tags=["x", "y"])
    org = orgs.make(mobile_phone_numbers=[seeded])
    client = server.client(org.key)
    number = client.mobile_phone_numbers.update(seeded["id"], tags=["z", "z", "y"]).data
    assert number is not None and number.tags == ["z", "y"]
    number = client.mobile_phone_numbers.update(seeded["id"], tags=[]).data
    assert number is not None and number.tags == []


def test_a_new_connection_takes_the_name_the_other_numbers_show(server: Server, orgs: Orgs) -> None:
    known = mobile(connection_id="901", connection_name="sim-trunk", connection_type="credential_connection")
    app = mobile(outbound={"interception_app_id": "42", "interception_app_name": "call-screen"})
    target = mobile(connection_id="900", connection_name="before", connection_type="fqdn_connection")
    org = orgs.make(
        [{"connection_id": "902", "connection_name": "voice-trunk"}], mobile_phone_numbers=[known, app, target]
    )
    client = server.client(org.key)
    number = client.mobile_phone_numbers.update(
        target["id"], connection_id="901", inbound={"interception_app_id": "42"}
    ).data
    assert number is not None
    assert (number.connection_name, number.connection_type) == ("sim-trunk", "credential_connection")
    assert number.inbound is not None and number.inbound.interception_app_name == "call-screen"
    # Known only to the organisation's phone numbers: their name, no type.
    number = client.mobile_phone_numbers.update(target["id"], connection_id="902").data
    assert number is not None and (number.connection_name, number.connection_type) == ("voice-trunk", None)
    # Known nowhere: no name.
    number = client.mobile_phone_numbers.update(
        target["id"], connection_id="903", outbound={"interception_app_id": "9"}
    ).data
    assert number is not None and (number.connection_name, number.connection_type) == (None, None)
    assert number.outbound is not None and number.outbound.interception_app_name is None
    # The same id again keeps the name it has.
    client.mobile_phone_numbers.update(known["id"], connection_id="901")
    assert shown(server, org.key, known["id"])["connection_name"] == "sim-trunk"


def test_another_organisations_names_are_not_used(server: Server, orgs: Orgs) -> None:
    orgs.make(mobile_phone_numbers=[mobile(connection_id="911", connection_name="secret-trunk")])
    seeded = mobile()
    org = orgs.make(mobile_phone_numbers=[seeded])
    number = server.client(org.key).mobile_phone_numbers.update(seeded["id"], connection_id="911").data
    assert number is not None and number.connection_name is None


def test_empty_update_returns_the_record_unchanged(server: Server, orgs: Orgs) -> None:
    seeded = mobile(customer_reference="keep", updated_at=OLD, created_at=OLD)
    org = orgs.make(mobile_phone_numbers=[seeded])
    number = server.client(org.key).mobile_phone_numbers.update(seeded["id"]).data
    assert number is not None and number.customer_reference == "keep"
    # Node sends no body at all with a JSON content type; that is an empty update too.
    for path in (f"/v2/mobile_phone_numbers/{seeded['id']}", f"/mobile_phone_numbers/{seeded['id']}"):
        response = raw(server, org.key, "PATCH", path, headers={"Content-Type": "application/json"}, content=b"")
        assert response.status_code == 200
        assert response.json()["data"]["customer_reference"] == "keep"
        assert response.json()["data"]["updated_at"] == OLD


def test_unknown_and_read_only_fields_are_ignored(server: Server, orgs: Orgs) -> None:
    seeded = mobile(updated_at=OLD, created_at=OLD)
    org = orgs.make(mobile_phone_numbers=[seeded])
    ignored = {
        "id": "1",
        "record_type": "x",
        "phone_number": "+15555550000",
        "sim_card_id": "nope",
        "status": "deleted",
        "country_iso_alpha2": "ZZ",
        "mobile_voice_enabled": False,
        "connection_name": "mine",
        "connection_type": "mine",
        "created_at": "yesterday",
        "updated_at": "tomorrow",
        "colour": "red",
    }
    before = shown(server, org.key, seeded["id"])
    server.client(org.key).mobile_phone_numbers.update(
        seeded["id"], extra_body={**ignored, "inbound": {"interception_app_name": "mine"}}
    )
    after = shown(server, org.key, seeded["id"])
    kept = [k for k in ignored if k in before and k != "updated_at"]
    assert {k: after[k] for k in kept} == {k: before[k] for k in kept}
    assert after["inbound"] == before["inbound"]
    assert after["created_at"] == OLD
    assert after["updated_at"] > OLD  # `inbound` was sent, so this was an update


def test_every_bad_field_is_reported_with_its_pointer(server: Server, orgs: Orgs) -> None:
    seeded = mobile(customer_reference="before")
    org = orgs.make(mobile_phone_numbers=[seeded])
    before = shown(server, org.key, seeded["id"])
    body = {
        "call_forwarding": {"forwarding_type": "on_failure", "forwards_to": "3125550100", "call_forwarding_enabled": 1},
        "call_recording": {"inbound_call_recording_channels": "triple", "inbound_call_recording_format": "ogg"},
        "cnam_listing": {"cnam_listing_details": "not-allowed!"},
        "inbound": {"interception_app_id": 7},
        "outbound": "app",
        "caller_id_name_enabled": "yes",
        "connection_id": 5,
        "customer_reference": "x" * 300,
        "inbound_call_screening": "block",
        "noise_suppression": "both",
        "tags": ["ok", 5],
    }
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        server.client(org.key).mobile_phone_numbers.update(seeded["id"], extra_body=body)
    assert pointers(caught.value) == [
        "/call_forwarding/call_forwarding_enabled",
        "/call_forwarding/forwarding_type",
        "/call_forwarding/forwards_to",
        "/call_recording/inbound_call_recording_channels",
        "/call_recording/inbound_call_recording_format",
        "/caller_id_name_enabled",
        "/cnam_listing/cnam_listing_details",
        "/connection_id",
        "/customer_reference",
        "/inbound/interception_app_id",
        "/inbound_call_screening",
        "/noise_suppression",
        "/outbound",
        "/tags/1",
    ]
    codes = {e["source"]["pointer"]: e["code"] for e in caught.value.body["errors"]}  # type: ignore[index]
    assert codes.pop("/call_forwarding/forwards_to") == "10016"  # not +E.164
    assert set(codes.values()) == {"10015"}
    assert shown(server, org.key, seeded["id"]) == before  # nothing half-written


@pytest.mark.parametrize(
    ("cnam", "pointer"),
    [
        ({"cnam_listing_enabled": True}, "/cnam_listing/cnam_listing_details"),
        ({"cnam_listing_details": "ACME"}, "/cnam_listing/cnam_listing_enabled"),
    ],
)
def test_a_cnam_listing_needs_both_halves(server: Server, orgs: Orgs, cnam: CnamListing, pointer: str) -> None:
    seeded = mobile()
    org = orgs.make(mobile_phone_numbers=[seeded])
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        server.client(org.key).mobile_phone_numbers.update(seeded["id"], cnam_listing=cnam, customer_reference="x")
    assert pointers(caught.value) == [pointer]
    assert shown(server, org.key, seeded["id"])["customer_reference"] is None


def test_null_for_a_required_object_or_value_is_422(server: Server, orgs: Orgs) -> None:
    seeded = mobile()
    org = orgs.make(mobile_phone_numbers=[seeded])
    body = {
        "call_recording": None,
        "tags": None,
        "noise_suppression": None,
        "call_forwarding": {"call_forwarding_enabled": None},
    }
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        server.client(org.key).mobile_phone_numbers.update(seeded["id"], extra_body=body)
    assert pointers(caught.value) == [
        "/call_forwarding/call_forwarding_enabled",
        "/call_recording",
        "/noise_suppression",
        "/tags",
    ]


def test_the_single_v2_path_updates_too(server: Server, orgs: Orgs) -> None:
    seeded = mobile()
    org = orgs.make(mobile_phone_numbers=[seeded])
    response = raw(server, org.key, "PATCH", f"/mobile_phone_numbers/{seeded['id']}", json={"noise_suppression": True})
    assert response.status_code == 200 and response.json()["data"]["noise_suppression"] == "both"
    bad = raw(server, org.key, "PATCH", f"/mobile_phone_numbers/{seeded['id']}", json={"tags": "x"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["source"] == {"pointer": "/tags"}
    malformed = raw(server, org.key, "PATCH", f"/mobile_phone_numbers/{seeded['id']}", content=b"{nope",
                    headers={"Content-Type": "application/json"})  # fmt: skip
    assert malformed.status_code == 400 and malformed.json()["errors"][0]["code"] == "10023"


def test_read_only_key_cannot_update(server: Server, orgs: Orgs) -> None:
    seeded = mobile()
    org = orgs.make(mobile_phone_numbers=[seeded])
    with pytest.raises(telnyx.PermissionDeniedError) as caught:
        server.client(org.read_only_key).mobile_phone_numbers.update(seeded["id"], customer_reference="x")
    assert error(caught.value)["code"] == "10010"
    response = raw(server, org.read_only_key, "PATCH", f"/mobile_phone_numbers/{seeded['id']}", json={})
    assert response.status_code == 403
    assert shown(server, org.key, seeded["id"])["customer_reference"] is None


@pytest.mark.parametrize("number_id", ["1", "abc", "99999999999999999999"])
def test_unknown_ids_are_404(server: Server, orgs: Orgs, number_id: str) -> None:
    org = orgs.make(mobile_phone_numbers=[mobile()])
    with pytest.raises(telnyx.NotFoundError):
        server.client(org.key).mobile_phone_numbers.update(number_id, customer_reference="x")
    assert raw(server, org.key, "PATCH", f"/mobile_phone_numbers/{number_id}", json={}).status_code == 404


def test_another_organisations_number_cannot_be_updated(server: Server, orgs: Orgs) -> None:
    seeded = mobile(customer_reference="mine")
    owner = orgs.make(mobile_phone_numbers=[seeded])
    stranger = orgs.make(mobile_phone_numbers=[mobile()])
    with pytest.raises(telnyx.NotFoundError):
        server.client(stranger.key).mobile_phone_numbers.update(seeded["id"], customer_reference="theirs")
    path = f"/mobile_phone_numbers/{seeded['id']}"
    assert raw(server, stranger.key, "PATCH", path, json={"customer_reference": "theirs"}).status_code == 404
    assert shown(server, owner.key, seeded["id"])["customer_reference"] == "mine"


def test_updated_at_moves_on_each_update(telconf_server: TelconfServer) -> None:
    seeded = mobile()
    org = clocked_orgs(telconf_server).make(mobile_phone_numbers=[seeded])
    client = telconf_server.client(org.key, max_retries=0)
    first = client.mobile_phone_numbers.update(seeded["id"], customer_reference="1").data
    a_second_later(telconf_server)
    second = client.mobile_phone_numbers.update(seeded["id"], customer_reference="2").data
    assert first is not None and second is not None
    assert first.updated_at is not None and second.updated_at is not None
    assert second.updated_at > first.updated_at
    listed = client.mobile_phone_numbers.messaging.retrieve(seeded["id"]).data
    assert listed is not None and listed.updated_at == second.updated_at
