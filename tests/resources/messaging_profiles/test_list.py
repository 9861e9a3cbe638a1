"""GET /messaging_profiles and GET /messaging_profiles/{id} through the official SDK."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import telnyx

from ...support import Orgs, Server
from .records import meta, profile


def test_retrieve_serves_the_seeded_record_with_defaults(server: Server, orgs: Orgs) -> None:
    seeded = profile("Seeded", webhook_url="https://example.com/h", created_at="2020-02-03T04:05:06.789Z")
    org = orgs.make(messaging_profiles=[seeded])
    found = server.client(org.key).messaging_profiles.retrieve(seeded["id"]).data
    assert found is not None and found.id == seeded["id"] and found.name == "Seeded"
    assert found.webhook_url == "https://example.com/h" and found.webhook_api_version == "2"
    assert found.created_at is not None and found.created_at.isoformat() == "2020-02-03T04:05:06.789000+00:00"
    assert found.updated_at == found.created_at
    assert found.v1_secret is not None and len(found.v1_secret) == 24


def test_ids_match_case_insensitively_and_malformed_ids_are_not_found(server: Server, orgs: Orgs) -> None:
    seeded = profile()
    org = orgs.make(messaging_profiles=[seeded])
    client = server.client(org.key)
    found = client.messaging_profiles.retrieve(seeded["id"].upper()).data
    assert found is not None and found.id == seeded["id"]
    for bad in ("nope", "00000000-0000-4000-8000-000000000000", "%00"):
        with pytest.raises(telnyx.NotFoundError) as caught:
            client.messaging_profiles.retrieve(bad)
        assert caught.value.body["errors"][0]["code"] == "10005"  # type: ignore[index]


def test_another_organisations_profile_is_not_found(server: Server, orgs: Orgs) -> None:
    theirs = profile("Theirs")
    orgs.make(messaging_profiles=[theirs])
    client = server.client(orgs.make(messaging_profiles=[profile("Mine")]).key)
    with pytest.raises(telnyx.NotFoundError):
        client.messaging_profiles.retrieve(theirs["id"])
    assert [p.name for p in client.messaging_profiles.list()] == ["Mine"]
    assert list(client.messaging_profiles.list(filter={"name": "Theirs"})) == []


def test_list_is_in_created_order_and_pages_carry_meta(server: Server, orgs: Orgs) -> None:
    records = [profile(f"P{i}", created_at=f"2024-01-0{i}T00:00:00.000Z") for i in (3, 1, 5, 2, 4)]
    org = orgs.make(messaging_profiles=records)
    client = server.client(org.key)
    assert [p.name for p in client.messaging_profiles.list()] == ["P1", "P2", "P3", "P4", "P5"]
    pages = list(client.messaging_profiles.list(page_size=2).iter_pages())
    assert [[p.name for p in page.data] for page in pages] == [["P1", "P2"], ["P3", "P4"], ["P5"]]
    assert [meta(page) for page in pages] == [
        {"page_number": n, "page_size": 2, "total_pages": 3, "total_results": 5} for n in (1, 2, 3)
    ]
    past = client.messaging_profiles.list(page_size=2, page_number=9)
    assert past.data == [] and meta(past) == {"page_number": 9, "page_size": 2, "total_pages": 3, "total_results": 5}
    empty = server.client(orgs.make().key).messaging_profiles.list()
    assert empty.data == [] and meta(empty) == {"page_number": 1, "page_size": 20, "total_pages": 0, "total_results": 0}


def test_name_filters(server: Server, orgs: Orgs) -> None:
    org = orgs.make(messaging_profiles=[profile(n) for n in ("Support", "support desk", "Sales", "50%_off")])
    client = server.client(org.key)

    def names(**query: Any) -> list[str | None]:
        return sorted(p.name for p in client.messaging_profiles.list(**query))

    assert names(filter={"name": "Support"}) == ["Support"]
    assert names(filter_name_eq="Sales") == ["Sales"]
    assert names(filter_name_contains="SUPP") == ["Support", "support desk"]  # ignores case
    assert names(filter_name_contains="%_") == ["50%_off"]  # wildcards are literal
    assert names(filter={"name": "Support"}, filter_name_eq="Sales") == []  # all filters must hold
    assert names(filter={"name": "support desk"}, filter_name_contains="desk") == ["support desk"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"page[size]": "0"}, "page[size]"),
        ({"page[size]": "251"}, "page[size]"),
        ({"page[number]": "0"}, "page[number]"),
        ({"filter[nmae]": "x"}, "filter[nmae]"),
        ({"filter[name]": "a\x00b"}, "filter[name]"),
    ],
)
def test_bad_query_parameters_are_named(server: Server, orgs: Orgs, query: dict[str, str], parameter: str) -> None:
    org = orgs.make()
    response = httpx.get(
        f"{server.base_url}/messaging_profiles", params=query, headers={"Authorization": f"Bearer {org.key}"}
    )
    assert response.status_code == 422
    assert [e["source"]["parameter"] for e in response.json()["errors"]] == [parameter]


def test_read_only_key_can_read(server: Server, orgs: Orgs) -> None:
    seeded = profile()
    org = orgs.make(messaging_profiles=[seeded])
    client = server.client(org.read_only_key)
    assert [p.id for p in client.messaging_profiles.list()] == [seeded["id"]]
    assert client.messaging_profiles.retrieve(seeded["id"]).data is not None
