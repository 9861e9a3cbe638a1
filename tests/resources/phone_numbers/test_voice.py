"""GET /phone_numbers/voice, GET/PATCH /phone_numbers/{id}/voice through the official SDK."""

from __future__ import annotations

import httpx
import pytest
import telnyx

from ...support import Orgs, Server, unique_digits


def test_voice_settings_show_the_defaults_and_the_seeded_values(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{"connection_id": "77", "customer_reference": "ref"},
                     {"call_forwarding": {"forwards_to": "+13125550000", "forwarding_type": "on-failure"},
                      "cnam_listing": {"cnam_listing_enabled": True, "cnam_listing_details": "ACME"},
                      "translated_number": "+13125551111", "usage_payment_method": "channel"}])  # fmt: skip
    client = server.client(org.key)
    plain = client.phone_numbers.voice.retrieve(org.numbers[0]["id"]).data
    assert plain is not None
    assert plain.id == org.numbers[0]["id"] and plain.record_type == "voice_settings"
    assert plain.connection_id == "77" and plain.customer_reference == "ref"
    assert plain.call_forwarding is not None and plain.call_forwarding.call_forwarding_enabled is True
    assert plain.call_forwarding.forwards_to is None and plain.call_forwarding.forwarding_type is None
    assert plain.call_recording is not None
    assert (plain.call_recording.inbound_call_recording_enabled, plain.call_recording.inbound_call_recording_channels,
            plain.call_recording.inbound_call_recording_format) == (False, "single", "wav")  # fmt: skip
    assert plain.media_features is not None and plain.media_features.rtp_auto_adjust_enabled is True
    assert plain.emergency is not None and plain.emergency.emergency_status == "disabled"
    assert plain.usage_payment_method == "pay-per-minute" and plain.inbound_call_screening == "disabled"
    assert plain.tech_prefix_enabled is False and plain.translated_number == ""
    seeded = client.phone_numbers.voice.retrieve(org.numbers[1]["id"]).data
    assert seeded is not None and seeded.call_forwarding is not None and seeded.cnam_listing is not None
    assert seeded.call_forwarding.forwarding_type == "on-failure"
    assert seeded.cnam_listing.cnam_listing_details == "ACME" and seeded.usage_payment_method == "channel"


def test_patch_merges_nested_objects_and_the_core_record_follows(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{"call_forwarding": {"forwards_to": "+13125550000", "forwarding_type": "always"}}])
    client = server.client(org.key)
    number_id = org.numbers[0]["id"]
    updated = client.phone_numbers.voice.update(
        number_id,
        call_forwarding={"call_forwarding_enabled": False},
        call_recording={"inbound_call_recording_enabled": True, "inbound_call_recording_format": "mp3"},
        cnam_listing={"cnam_listing_enabled": True, "cnam_listing_details": "Acme 42"},
        media_features={"t38_fax_gateway_enabled": True},
        caller_id_name_enabled=True,
        inbound_call_screening="flag_calls",
        tech_prefix_enabled=True,
        translated_number="+13125559999",
        usage_payment_method="channel",
    ).data
    assert updated is not None and updated.call_forwarding is not None and updated.call_recording is not None
    # Fields not sent keep their values: a deep merge.
    assert updated.call_forwarding.forwards_to == "+13125550000"
    assert updated.call_forwarding.forwarding_type == "always"
    assert updated.call_forwarding.call_forwarding_enabled is False
    assert updated.call_recording.inbound_call_recording_channels == "single"
    assert updated.call_recording.inbound_call_recording_format == "mp3"
    assert updated.media_features is not None and updated.media_features.rtp_auto_adjust_enabled is True
    assert updated.inbound_call_screening == "flag_calls" and updated.tech_prefix_enabled is True
    core = client.phone_numbers.retrieve(number_id).data
    assert core is not None
    assert core.call_forwarding_enabled is False and core.call_recording_enabled is True
    assert core.cnam_listing_enabled is True and core.caller_id_name_enabled is True
    assert core.t38_fax_gateway_enabled is True and core.inbound_call_screening == "flag_calls"
    listed = [n for n in client.phone_numbers.voice.list() if n.id == number_id]
    assert listed[0].usage_payment_method == "channel"
    assert [n.id for n in client.phone_numbers.list(filter={"voice_usage_payment_method": "channel"})] == [number_id]


def test_empty_patch_changes_nothing(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{"updated_at": "2021-01-01T00:00:00.000Z"}])
    client = server.client(org.key)
    client.phone_numbers.voice.update(org.numbers[0]["id"])
    response = httpx.patch(
        f"{server.base_url}/phone_numbers/{org.numbers[0]['id']}/voice",
        content=b"",
        headers={"Authorization": f"Bearer {org.key}", "Content-Type": "application/json"},
    )
    assert response.status_code == 200
    core = client.phone_numbers.retrieve(org.numbers[0]["id"]).data
    assert core is not None and core.updated_at == "2021-01-01T00:00:00.000Z"


def test_bad_values_point_into_the_nested_field(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    client = server.client(org.key)
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.voice.update(
            org.numbers[0]["id"],
            extra_body={
                "call_forwarding": {"forwarding_type": "on_failure", "forwards_to": "312-555"},
                "call_recording": {"inbound_call_recording_channels": "stereo"},
                "usage_payment_method": "free",
                "media_features": {"rtp_auto_adjust_enabled": "yes"},
            },
        )
    pointers = sorted(e["source"]["pointer"] for e in caught.value.body["errors"])  # type: ignore[index]
    assert pointers == [
        "/call_forwarding/forwarding_type", "/call_forwarding/forwards_to",
        "/call_recording/inbound_call_recording_channels", "/media_features/rtp_auto_adjust_enabled",
        "/usage_payment_method",
    ]  # fmt: skip
    by_pointer = {e["source"]["pointer"]: e for e in caught.value.body["errors"]}  # type: ignore[index]
    assert by_pointer["/call_forwarding/forwards_to"]["code"] == "10016"
    assert "regex" not in caught.value.response.text
    voice = client.phone_numbers.voice.retrieve(org.numbers[0]["id"]).data
    assert voice is not None and voice.usage_payment_method == "pay-per-minute"


def test_cnam_listing_needs_both_halves(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    client = server.client(org.key)
    number_id = org.numbers[0]["id"]
    for body, pointer in (
        ({"cnam_listing_enabled": True}, "/cnam_listing/cnam_listing_details"),
        ({"cnam_listing_details": "ACME"}, "/cnam_listing/cnam_listing_enabled"),
        (
            {"cnam_listing_enabled": True, "cnam_listing_details": "too long for cnam"},
            "/cnam_listing/cnam_listing_details",
        ),
        ({"cnam_listing_enabled": True, "cnam_listing_details": "bad-chars!"}, "/cnam_listing/cnam_listing_details"),
    ):
        with pytest.raises(telnyx.UnprocessableEntityError) as caught:
            client.phone_numbers.voice.update(number_id, cnam_listing=body)  # type: ignore[arg-type]
        assert caught.value.body["errors"][0]["source"]["pointer"] == pointer  # type: ignore[index]
    client.phone_numbers.voice.update(
        number_id, cnam_listing={"cnam_listing_enabled": True, "cnam_listing_details": "ACME"}
    )
    # Enabled already: details alone may now change.
    voice = client.phone_numbers.voice.update(number_id, cnam_listing={"cnam_listing_details": "Other"}).data
    assert voice is not None and voice.cnam_listing is not None and voice.cnam_listing.cnam_listing_details == "Other"


def test_voice_list_filters_sorts_and_pages(server: Server, orgs: Orgs) -> None:
    r = unique_digits()
    org = orgs.make([
        {"phone_number": f"+1312{r}0101", "connection_name": "Main Trunk", "customer_reference": "a"},
        {"phone_number": f"+1312{r}0202", "connection_name": "backup", "usage_payment_method": "channel"},
        {"phone_number": f"+1415{r}0303", "customer_reference": "a"},
    ])  # fmt: skip
    client = server.client(org.key)
    n = [x["id"] for x in org.numbers]

    def ids(**query: object) -> list[str]:
        return [v.id for v in client.phone_numbers.voice.list(**query)]  # type: ignore[arg-type]

    assert ids(filter={"phone_number": f"312{r}"}, sort="phone_number") == [n[0], n[1]]
    assert ids(filter={"connection_name": {"contains": "trunk"}}) == [n[0]]
    assert ids(filter={"customer_reference": "a"}, sort="phone_number") == [n[0], n[2]]
    assert ids(filter={"voice_usage_payment_method": "channel"}) == [n[1]]
    assert ids(sort="phone_number", page_size=1) == [n[0], n[1], n[2]]
    with pytest.raises(telnyx.UnprocessableEntityError):
        client.phone_numbers.voice.list(filter={"connection_name": {"contains": "ab"}})


def test_voice_is_tenant_scoped_and_read_only_keys_cannot_write(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    other = server.client(orgs.make().key)
    with pytest.raises(telnyx.NotFoundError):
        other.phone_numbers.voice.retrieve(org.numbers[0]["id"])
    with pytest.raises(telnyx.NotFoundError):
        other.phone_numbers.voice.update(org.numbers[0]["id"], tech_prefix_enabled=True)
    assert list(other.phone_numbers.voice.list()) == []
    with pytest.raises(telnyx.PermissionDeniedError):
        server.client(org.read_only_key).phone_numbers.voice.update(org.numbers[0]["id"], tech_prefix_enabled=True)
