"""GET /messaging_profiles/{id}/phone_numbers and /short_codes: what is bound to the profile."""

from __future__ import annotations

import pytest
import telnyx

from ...support import Orgs, Server
from .records import meta, profile, short_code


def test_phone_numbers_of_a_profile_are_listed_by_number(server: Server, orgs: Orgs) -> None:
    mine, other = profile("Mine"), profile("Other")
    org = orgs.make(
        [{"messaging_profile_id": mine["id"], "tags": ["a"]}, {"messaging_profile_id": other["id"]},
         {"messaging_profile_id": mine["id"], "phone_number_type": "toll_free"}, {},
         {"messaging_profile_id": mine["id"]}],
        messaging_profiles=[mine, other],
    )  # fmt: skip
    client = server.client(org.key)
    expected = sorted(org.numbers[i]["phone_number"] for i in (0, 2, 4))
    listed = list(client.messaging_profiles.list_phone_numbers(mine["id"]))
    assert [n.phone_number for n in listed] == expected
    first = next(n for n in listed if n.phone_number == org.numbers[0]["phone_number"])
    assert first.id == org.numbers[0]["id"] and first.record_type == "messaging_settings"
    assert first.messaging_profile_id == mine["id"] and first.tags == ["a"] and first.type == "longcode"
    assert first.organization_id and first.country_code == "US"
    toll_free = next(n for n in listed if n.phone_number == org.numbers[2]["phone_number"])
    assert toll_free.type == "tollfree"
    pages = list(client.messaging_profiles.list_phone_numbers(mine["id"], page_size=2).iter_pages())
    assert [[n.phone_number for n in p.data] for p in pages] == [expected[:2], expected[2:]]
    assert [meta(p) for p in pages] == [
        {"page_number": n, "page_size": 2, "total_pages": 2, "total_results": 3} for n in (1, 2)
    ]
    # Assigning a number elsewhere moves it between the lists.
    client.phone_numbers.messaging.update(org.numbers[3]["id"], messaging_profile_id=mine["id"])
    assert len(list(client.messaging_profiles.list_phone_numbers(mine["id"]))) == 4
    assert [n.id for n in client.messaging_profiles.list_phone_numbers(other["id"])] == [org.numbers[1]["id"]]


def test_short_codes_of_a_profile_are_listed(server: Server, orgs: Orgs) -> None:
    mine, other = profile("Mine"), profile("Other")
    codes = [
        short_code(messaging_profile_id=mine["id"], created_at="2024-01-02T00:00:00.000Z", tags=["x"]),
        short_code(messaging_profile_id=other["id"]),
        short_code(messaging_profile_id=mine["id"], created_at="2024-01-01T00:00:00.000Z"),
        short_code(),
    ]
    org = orgs.make(messaging_profiles=[mine, other], short_codes=codes)
    client = server.client(org.key)
    listed = list(client.messaging_profiles.list_short_codes(mine["id"]))
    assert [c.id for c in listed] == [codes[2]["id"], codes[0]["id"]]
    assert listed[1].short_code == codes[0]["short_code"] and listed[1].tags == ["x"]
    # The same set as the short-code list filtered by the profile.
    assert [c.id for c in client.short_codes.list(filter={"messaging_profile_id": mine["id"]})] == [
        c.id for c in listed
    ]
    page = client.messaging_profiles.list_short_codes(mine["id"], page_size=1, page_number=2)
    assert [c.id for c in page.data] == [codes[0]["id"]]
    assert meta(page) == {"page_number": 2, "page_size": 1, "total_pages": 2, "total_results": 2}
    client.short_codes.update(codes[3]["id"], messaging_profile_id=mine["id"])
    assert len(list(client.messaging_profiles.list_short_codes(mine["id"]))) == 3


def test_an_empty_profile_lists_nothing(server: Server, orgs: Orgs) -> None:
    empty = profile()
    client = server.client(orgs.make([{}], messaging_profiles=[empty], short_codes=[short_code()]).key)
    numbers = client.messaging_profiles.list_phone_numbers(empty["id"])
    codes = client.messaging_profiles.list_short_codes(empty["id"])
    assert numbers.data == [] and codes.data == []
    assert meta(numbers)["total_pages"] == 0 and meta(codes)["total_results"] == 0


@pytest.mark.parametrize("which", ["list_phone_numbers", "list_short_codes"])
def test_unknown_and_foreign_profiles_are_not_found(server: Server, orgs: Orgs, which: str) -> None:
    theirs = profile("Theirs")
    orgs.make([{"messaging_profile_id": theirs["id"]}], messaging_profiles=[theirs],
              short_codes=[short_code(messaging_profile_id=theirs["id"])])  # fmt: skip
    client = server.client(orgs.make().key)
    for profile_id in (theirs["id"], "00000000-0000-4000-8000-000000000000", "not-a-uuid"):
        with pytest.raises(telnyx.NotFoundError):
            list(getattr(client.messaging_profiles, which)(profile_id))


def test_page_parameters_are_checked(server: Server, orgs: Orgs) -> None:
    seeded = profile()
    client = server.client(orgs.make(messaging_profiles=[seeded]).key)
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.messaging_profiles.list_phone_numbers(seeded["id"], page_size=500)
    assert caught.value.body["errors"][0]["source"] == {"parameter": "page[size]"}  # type: ignore[index]
    with pytest.raises(telnyx.UnprocessableEntityError):
        client.messaging_profiles.list_short_codes(seeded["id"], extra_query={"filter[x]": "1"})
