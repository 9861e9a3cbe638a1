"""GET /short_codes, GET and PATCH /short_codes/{id} through the official SDK."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import telnyx

from telconf.seed.loader import SeedError
from telconf.testing.server import TelconfServer

from ...support import Orgs, Server
from ..clocked import a_second_later, clocked_orgs
from ..messaging_profiles.records import meta, problems, profile, short_code


def test_a_seeded_short_code_is_complete(server: Server, orgs: Orgs) -> None:
    bound = profile()
    plain = {"short_code": "24772"}  # id, country, tags and timestamps filled in
    full = short_code(country_code="CA", messaging_profile_id=bound["id"], tags=["a", "b", "a"],
                      created_at="2020-01-02T03:04:05.678Z", record_type="short_code")  # fmt: skip
    org = orgs.make(messaging_profiles=[bound], short_codes=[plain, full])
    client = server.client(org.key)
    listed = list(client.short_codes.list())
    seeded = next(c for c in listed if c.short_code == "24772")
    assert seeded.record_type == "short_code" and seeded.id and seeded.country_code == "US"
    assert seeded.tags == [] and seeded.messaging_profile_id is None
    assert seeded.created_at is not None and seeded.created_at == seeded.updated_at
    found = client.short_codes.retrieve(full["id"]).data
    assert found is not None and found.short_code == full["short_code"] and found.country_code == "CA"
    assert found.messaging_profile_id == bound["id"] and found.tags == ["a", "b"]
    assert found.created_at is not None and found.created_at.isoformat() == "2020-01-02T03:04:05.678000+00:00"


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"short_code": "12a45"}, "short_codes[0].short_code"),
        ({"country_code": "XX"}, "short_codes[0].country_code"),
        ({"country_code": "us"}, "short_codes[0].country_code"),
        ({"tags": "x"}, "short_codes[0].tags"),
        ({"id": "12"}, "short_codes[0].id"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_bad_short_code_is_refused_naming_the_field(
    server: Server, orgs: Orgs, fields: dict[str, Any], where: str
) -> None:
    with pytest.raises(SeedError) as caught:
        orgs.make(short_codes=[{**short_code(), **fields}])
    assert where in str(caught.value)


def test_list_filters_by_profile_and_pages(server: Server, orgs: Orgs) -> None:
    alpha, beta = profile("Alpha"), profile("Beta")
    codes = [
        short_code(messaging_profile_id=alpha["id"], created_at=f"2024-01-0{i}T00:00:00.000Z") for i in (1, 2, 3)
    ] + [short_code(messaging_profile_id=beta["id"]), short_code()]
    org = orgs.make(messaging_profiles=[alpha, beta], short_codes=codes)
    client = server.client(org.key)

    def ids(**query: Any) -> list[str | None]:
        return [c.id for c in client.short_codes.list(**query)]

    assert sorted(ids()) == sorted(c["id"] for c in codes)
    assert ids(filter={"messaging_profile_id": alpha["id"]}) == [c["id"] for c in codes[:3]]
    assert ids(filter={"messaging_profile_id": alpha["id"].upper()}) == [c["id"] for c in codes[:3]]
    assert ids(filter={"messaging_profile_id": beta["id"]}) == [codes[3]["id"]]
    assert ids(filter={"messaging_profile_id": "null"}) == [codes[4]["id"]]
    assert ids(filter={"messaging_profile_id": "00000000-0000-4000-8000-000000000000"}) == []
    assert ids(filter={"messaging_profile_id": "not-a-uuid"}) == []  # no profile has that id: nothing, not a 422
    page = client.short_codes.list(filter={"messaging_profile_id": alpha["id"]}, page_size=2, page_number=2)
    assert [c.id for c in page.data] == [codes[2]["id"]]
    assert meta(page) == {
        "page_number": 2, "page_size": 2, "total_pages": 2, "total_results": 3,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"filter[short_code]": "1"}, "filter[short_code]"),
        ({"page[size]": "251"}, "page[size]"),
    ],
)
def test_bad_query_parameters_are_named(server: Server, orgs: Orgs, query: dict[str, str], parameter: str) -> None:
    org = orgs.make()
    response = httpx.get(f"{server.base_url}/short_codes", params=query, headers={"Authorization": f"Bearer {org.key}"})
    assert response.status_code == 422
    assert [e["source"]["parameter"] for e in response.json()["errors"]] == [parameter]


def test_another_organisations_short_codes_are_invisible(server: Server, orgs: Orgs) -> None:
    theirs_profile = profile()
    theirs = short_code(messaging_profile_id=theirs_profile["id"])
    orgs.make(messaging_profiles=[theirs_profile], short_codes=[theirs])
    mine = short_code()
    client = server.client(orgs.make(short_codes=[mine]).key)
    assert [c.id for c in client.short_codes.list()] == [mine["id"]]
    assert list(client.short_codes.list(filter={"messaging_profile_id": theirs_profile["id"]})) == []
    with pytest.raises(telnyx.NotFoundError):
        client.short_codes.retrieve(theirs["id"])
    with pytest.raises(telnyx.NotFoundError):
        client.short_codes.update(theirs["id"], messaging_profile_id="")
    for bad in ("24772", "00000000-0000-4000-8000-000000000000"):
        with pytest.raises(telnyx.NotFoundError) as caught:
            client.short_codes.retrieve(bad)
        assert caught.value.body["errors"][0]["code"] == "10005"  # type: ignore[index]


def test_update_binds_retags_and_moves_updated_at(telconf_server: TelconfServer) -> None:
    target = profile("Target")
    code = short_code(tags=["old"], updated_at="2020-01-01T00:00:00.000Z")
    org = clocked_orgs(telconf_server).make(messaging_profiles=[target], short_codes=[code])
    client = telconf_server.client(org.key, max_retries=0)
    updated = client.short_codes.update(code["id"], messaging_profile_id=target["id"], tags=["a", "b", "a"]).data
    assert updated is not None and updated.messaging_profile_id == target["id"] and updated.tags == ["a", "b"]
    assert updated.updated_at is not None and updated.updated_at.year > 2020
    assert updated.short_code == code["short_code"] and updated.country_code == "US"
    assert client.short_codes.retrieve(code["id"]).data == updated
    a_second_later(telconf_server)
    # Tags left out stay; an upper-case profile id names the same profile.
    again = client.short_codes.update(code["id"], messaging_profile_id=target["id"].upper()).data
    assert again is not None and again.tags == ["a", "b"] and again.messaging_profile_id == target["id"]
    assert again.updated_at is not None and again.updated_at > updated.updated_at
    assert [c.id for c in client.messaging_profiles.list_short_codes(target["id"])] == [code["id"]]


@pytest.mark.parametrize("unbind", [None, ""])
def test_null_or_empty_profile_id_unbinds(server: Server, orgs: Orgs, unbind: str | None) -> None:
    bound = profile()
    code = short_code(messaging_profile_id=bound["id"])
    org = orgs.make(messaging_profiles=[bound], short_codes=[code])
    client = server.client(org.key)
    # The SDK types it as a string, but sends null as given.
    updated = client.short_codes.update(code["id"], messaging_profile_id=unbind).data  # type: ignore[arg-type]
    assert updated is not None and updated.messaging_profile_id is None
    assert [c.id for c in client.short_codes.list(filter={"messaging_profile_id": "null"})] == [code["id"]]
    assert list(client.messaging_profiles.list_short_codes(bound["id"])) == []


def test_the_profile_id_is_required(server: Server, orgs: Orgs) -> None:
    code = short_code(tags=["keep"])
    org = orgs.make(short_codes=[code])
    response = httpx.patch(
        f"{server.base_url}/short_codes/{code['id']}",
        headers={"Authorization": f"Bearer {org.key}"},
        json={"tags": ["new"]},
    )
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["code"] == "10004" and error["source"] == {"pointer": "/messaging_profile_id"}
    kept = server.client(org.key).short_codes.retrieve(code["id"]).data
    assert kept is not None and kept.tags == ["keep"]


@pytest.mark.parametrize("which", ["unknown", "malformed", "foreign"])
def test_the_profile_must_be_the_organisations_own(server: Server, orgs: Orgs, which: str) -> None:
    foreign = profile("Foreign")
    orgs.make(messaging_profiles=[foreign])
    code = short_code()
    org = orgs.make(short_codes=[code])
    profile_id = {"unknown": profile()["id"], "malformed": "abc", "foreign": foreign["id"]}[which]
    client = server.client(org.key)
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.short_codes.update(code["id"], messaging_profile_id=profile_id)
    assert problems(caught) == [("10017", "/messaging_profile_id")]
    kept = client.short_codes.retrieve(code["id"]).data
    assert kept is not None and kept.messaging_profile_id is None


def test_bad_tags_are_refused(server: Server, orgs: Orgs) -> None:
    code = short_code()
    org = orgs.make(short_codes=[code])
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        server.client(org.key).short_codes.update(
            code["id"], messaging_profile_id="", extra_body={"tags": ["ok", 5, ""]}
        )
    assert problems(caught) == [("10015", "/tags/1")]


def test_read_only_key_can_read_but_not_update(server: Server, orgs: Orgs) -> None:
    code = short_code(tags=["keep"])
    org = orgs.make(short_codes=[code])
    client = server.client(org.read_only_key)
    assert [c.id for c in client.short_codes.list()] == [code["id"]]
    assert client.short_codes.retrieve(code["id"]).data is not None
    with pytest.raises(telnyx.PermissionDeniedError) as caught:
        client.short_codes.update(code["id"], messaging_profile_id="", tags=["changed"])
    assert caught.value.body["errors"][0]["code"] == "10010"  # type: ignore[index]
