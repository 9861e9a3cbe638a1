"""GET /phone_numbers/messaging, GET/PATCH /phone_numbers/{id}/messaging through the official SDK."""

from __future__ import annotations

import uuid

import httpx
import pytest
import telnyx

from ...support import Orgs, Server, unique_digits


def two_profile_ids() -> tuple[str, str]:
    """Profile ids are unique across the server, so each test makes its own."""
    return str(uuid.uuid4()), str(uuid.uuid4())


def profiles(*ids: str) -> list[dict[str, object]]:
    return [{"id": i, "name": f"profile {n}", "whitelisted_destinations": ["US"]} for n, i in enumerate(ids, 1)]


def test_messaging_settings_are_derived_from_the_number(server: Server, orgs: Orgs) -> None:
    profile, other_profile = two_profile_ids()
    org = orgs.make(
        [{"tags": ["t"], "messaging_profile_id": profile}, {"phone_number_type": "toll_free"},
         {"messaging_product": "P2P"}],
        messaging_profiles=profiles(profile),
    )  # fmt: skip
    client = server.client(org.key)
    local = client.phone_numbers.messaging.retrieve(org.numbers[0]["id"]).data
    assert local is not None and local.features is not None and local.features.sms is not None
    assert local.record_type == "messaging_settings" and local.type == "longcode"
    assert local.messaging_profile_id == profile and local.tags == ["t"]
    assert local.messaging_product == "A2P" and local.traffic_type == "A2P"
    assert local.eligible_messaging_products == ["A2P", "P2P"]
    assert local.country_code == "US" and local.organization_id
    assert local.features.mms is not None and local.health is not None and local.health.message_count == 0
    toll_free = client.phone_numbers.messaging.retrieve(org.numbers[1]["id"]).data
    assert toll_free is not None and toll_free.type == "tollfree" and toll_free.eligible_messaging_products == ["A2P"]
    assert toll_free.messaging_profile_id is None
    p2p = client.phone_numbers.messaging.retrieve(org.numbers[2]["id"]).data
    assert p2p is not None and p2p.features is not None and p2p.features.mms is None
    assert p2p.features.sms is not None and p2p.features.sms.international_outbound is True


def test_assigning_a_profile_shows_on_both_sides(server: Server, orgs: Orgs) -> None:
    profile, other_profile = two_profile_ids()
    org = orgs.make([{}, {}], messaging_profiles=profiles(profile, other_profile))
    client = server.client(org.key)
    number_id = org.numbers[0]["id"]
    before = client.phone_numbers.retrieve(number_id).data
    settings = client.phone_numbers.messaging.update(number_id, messaging_profile_id=profile).data
    assert settings is not None and settings.messaging_profile_id == profile
    core = client.phone_numbers.retrieve(number_id).data
    assert core is not None and before is not None
    assert core.messaging_profile_id == profile and core.messaging_profile_name == "profile 1"
    assert core.updated_at != before.updated_at
    patched = client.phone_numbers.update(number_id, customer_reference="after").data
    assert patched is not None and patched.messaging_profile_name == "profile 1"  # a PATCH answers it too
    untouched = client.phone_numbers.retrieve(org.numbers[1]["id"]).data
    assert untouched is not None and untouched.messaging_profile_id is None
    listed = client.phone_numbers.messaging.list(filter_messaging_profile_id=profile)
    assert [n.id for n in listed] == [number_id]
    # Moving to another profile, then unassigning with an empty string.
    client.phone_numbers.messaging.update(number_id, messaging_profile_id=other_profile)
    assert list(client.phone_numbers.messaging.list(filter_messaging_profile_id=profile)) == []
    cleared = client.phone_numbers.messaging.update(number_id, messaging_profile_id="").data
    assert cleared is not None and cleared.messaging_profile_id is None
    core = client.phone_numbers.retrieve(number_id).data
    assert core is not None and core.messaging_profile_id is None and core.messaging_profile_name is None


def test_null_and_absent_keep_values_and_tags_replace(server: Server, orgs: Orgs) -> None:
    profile, other_profile = two_profile_ids()
    org = orgs.make([{"messaging_profile_id": profile, "tags": ["a"]}], messaging_profiles=profiles(profile))
    client = server.client(org.key)
    number_id = org.numbers[0]["id"]
    kept = client.phone_numbers.messaging.update(
        number_id, tags=["b", "c"], extra_body={"messaging_profile_id": None, "messaging_product": None}
    ).data
    assert kept is not None and kept.messaging_profile_id == profile and kept.messaging_product == "A2P"
    assert kept.tags == ["b", "c"]
    core = client.phone_numbers.retrieve(number_id).data
    assert core is not None and core.tags == ["b", "c"]
    assert [n.id for n in client.phone_numbers.list(filter={"tag": "c"})] == [number_id]
    response = httpx.patch(
        f"{server.base_url}/phone_numbers/{number_id}/messaging",
        content=b"",
        headers={"Authorization": f"Bearer {org.key}", "Content-Type": "application/json"},
    )
    assert response.status_code == 200 and response.json()["data"]["messaging_profile_id"] == profile


def test_product_must_be_eligible(server: Server, orgs: Orgs) -> None:
    profile, other_profile = two_profile_ids()
    org = orgs.make([{}, {"phone_number_type": "toll_free"}])
    client = server.client(org.key)
    moved = client.phone_numbers.messaging.update(org.numbers[0]["id"], messaging_product="P2P").data
    assert moved is not None and moved.messaging_product == "P2P" and moved.traffic_type == "P2P"
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.messaging.update(org.numbers[1]["id"], messaging_product="P2P")
    assert caught.value.body["errors"][0]["source"] == {"pointer": "/messaging_product"}  # type: ignore[index]


def test_unknown_or_foreign_profile_is_refused(server: Server, orgs: Orgs) -> None:
    profile, stranger = two_profile_ids()
    theirs = orgs.make([], messaging_profiles=profiles(stranger))
    org = orgs.make([{}], messaging_profiles=profiles(profile))
    client = server.client(org.key)
    for profile in ("00000000-0000-4000-8000-00000000dead", stranger):
        with pytest.raises(telnyx.UnprocessableEntityError) as caught:
            client.phone_numbers.messaging.update(org.numbers[0]["id"], messaging_profile_id=profile)
        error = caught.value.body["errors"][0]  # type: ignore[index]
        assert error["code"] == "10017" and error["source"] == {"pointer": "/messaging_profile_id"}
    settings = client.phone_numbers.messaging.retrieve(org.numbers[0]["id"]).data
    assert settings is not None and settings.messaging_profile_id is None
    assert theirs.name != org.name


def test_messaging_list_filters_and_sort(server: Server, orgs: Orgs) -> None:
    profile, other_profile = two_profile_ids()
    r = unique_digits()
    org = orgs.make(
        [{"phone_number": f"+1312{r}0101", "messaging_profile_id": profile},
         {"phone_number": f"+1888{r}0202", "phone_number_type": "toll_free"},
         {"phone_number": f"+1312{r}0303", "phone_number_type": "tollfree"}],
        messaging_profiles=profiles(profile),
    )  # fmt: skip
    client = server.client(org.key)
    n = [x["id"] for x in org.numbers]

    def ids(**query: object) -> list[str]:
        return [v.id for v in client.phone_numbers.messaging.list(**query)]  # type: ignore[arg-type]

    assert ids(sort_phone_number="asc") == [n[0], n[2], n[1]]
    assert ids(sort_phone_number="desc") == [n[1], n[2], n[0]]
    assert ids(filter_type="tollfree", sort_phone_number="asc") == [n[2], n[1]]
    assert ids(filter_type="longcode") == [n[0]]
    assert ids(filter_phone_number=f"+1312{r}0303") == [n[2]]
    assert ids(extra_query={"filter[phone_number]": f"+1312{r}0303,+1312{r}0101"}, sort_phone_number="asc") == [
        n[0], n[2],
    ]  # fmt: skip
    assert ids(filter_phone_number_contains=f"{r}0", sort_phone_number="asc") == [n[0], n[2], n[1]]
    assert ids(filter_phone_number_contains=f"888{r}") == [n[1]]
    page = client.phone_numbers.messaging.list(page_size=2, sort_phone_number="asc")
    assert page.meta is not None and (page.meta.total_pages, page.meta.total_results) == (2, 3)
    with pytest.raises(telnyx.UnprocessableEntityError):
        client.phone_numbers.messaging.list(extra_query={"filter[type]": "long-code"})


def test_messaging_is_tenant_scoped(server: Server, orgs: Orgs) -> None:
    profile, other_profile = two_profile_ids()
    org = orgs.make([{}])
    other = server.client(orgs.make().key)
    with pytest.raises(telnyx.NotFoundError):
        other.phone_numbers.messaging.retrieve(org.numbers[0]["id"])
    with pytest.raises(telnyx.NotFoundError):
        other.phone_numbers.messaging.update(org.numbers[0]["id"], tags=["x"])
    assert list(other.phone_numbers.messaging.list()) == []
    with pytest.raises(telnyx.PermissionDeniedError):
        server.client(org.read_only_key).phone_numbers.messaging.update(org.numbers[0]["id"], tags=["x"])
