"""GET /phone_numbers/slim through the official SDK: the lighter record, filters, sorts, pages, tenancy."""

from __future__ import annotations

import random
from typing import Any

import pytest
import telnyx

from ...support import Org, Orgs, Server
from .list_records import day, error, make_inventory, meta

BIG = 1050


def slim(client: telnyx.Telnyx, **params: Any) -> list[dict[str, object]]:
    """Every record the slim list yields (auto-paginated), as the SDK user sees them."""
    return [n.to_dict() for n in client.phone_numbers.slim_list(**params)]


def slim_ids(client: telnyx.Telnyx, **params: Any) -> list[str]:
    return [str(n["id"]) for n in slim(client, **params)]


# -- the lighter record -------------------------------------------------------------------------

FULL_ONLY = ("deletion_lock_enabled", "messaging_profile_id", "messaging_profile_name", "source_type")


def test_slim_record_leaves_out_tags_and_connection_name(server: Server, orgs: Orgs) -> None:
    org = orgs.make(
        [
            {
                "tags": ["a", "b"],
                "connection_id": "123",
                "connection_name": "trunk",
                "customer_reference": "ref-1",
                "billing_group_id": "bg-1",
                "status": "port-pending",
                "created_at": "2024-01-02T03:04:05.678Z",
            }
        ]
    )
    client = server.client(org.key)
    page = client.phone_numbers.slim_list()
    assert meta(page) == {"page_number": 1, "page_size": 20, "total_pages": 1, "total_results": 1}
    number = page.data[0]
    assert number.id == org.numbers[0]["id"]
    assert number.phone_number == org.numbers[0]["phone_number"]
    assert number.status == "port-pending"
    assert number.country_iso_alpha2 == "US"
    assert number.phone_number_type == "local"
    assert number.connection_id == "123"
    assert number.customer_reference == "ref-1"
    assert number.billing_group_id == "bg-1"
    assert number.created_at is not None and number.created_at.startswith("2024-01-02T03:04:05.678")
    assert number.call_forwarding_enabled is True
    shown = number.to_dict()
    for absent in ("tags", "connection_name", *FULL_ONLY):
        assert absent not in shown
    explicit = client.phone_numbers.slim_list(include_tags=False, include_connection=False).data[0].to_dict()
    assert "tags" not in explicit and "connection_name" not in explicit


def test_slim_records_name_their_record_type(server: Server, orgs: Orgs) -> None:
    client = server.client(orgs.make([{}, {}]).key)
    assert [n.record_type for n in client.phone_numbers.slim_list().data] == ["phone_number", "phone_number"]


def test_include_flags_add_tags_and_connection_name(server: Server, orgs: Orgs) -> None:
    org = orgs.make(
        [
            {"tags": ["a", "b"], "connection_id": "9", "connection_name": "trunk", "created_at": day(2)},
            {"created_at": day(1)},
        ]
    )
    client = server.client(org.key)
    with_tags = slim(client, include_tags=True)
    assert [n.get("tags") for n in with_tags] == [["a", "b"], []]
    assert all("connection_name" not in n for n in with_tags)
    with_connection = slim(client, include_connection=True)
    assert [n.get("connection_name", "missing") for n in with_connection] == ["trunk", None]
    assert all("tags" not in n for n in with_connection)
    both = slim(client, include_tags=True, include_connection=True)
    assert [(n["tags"], n["connection_name"], n["connection_id"]) for n in both] == [
        (["a", "b"], "trunk", "9"),
        ([], None, None),
    ]


# -- filters ------------------------------------------------------------------------------------

ADDRESS_ID = str(random.randrange(10**13, 10**14))
INVENTORY: list[dict[str, Any]] = [
    {
        "tags": ["support"],
        "connection_id": "c1",
        "connection_name": "main-trunk",
        "customer_reference": "r1",
        "billing_group_id": "bg-1",
        "usage_payment_method": "channel",
        "phone_number_type": "toll_free",
        "emergency_address_id": ADDRESS_ID,
    },
    {
        "status": "port-pending",
        "connection_name": "edge_trunk",
        "phone_number_type": "tollfree",
        "source_type": "port_request",
        "cc": "44",
    },
    {"status": "port-pending", "tags": ["support"], "billing_group_id": "bg-2"},
    {"status": "deleted", "phone_number_type": "longcode", "source_type": None, "cc": "49"},
]


@pytest.fixture(scope="module")
def inventory(server: Server) -> Org:
    return make_inventory(server, INVENTORY, ADDRESS_ID)


def expect(org: Org, *indexes: int) -> list[str]:
    """Ids of the given inventory records in the default order (newest first)."""
    return [org.numbers[i]["id"] for i in sorted(indexes, reverse=True)]


SLIM_FILTERS: list[tuple[dict[str, Any], tuple[int, ...]]] = [
    ({"filter": {"status": "port_pending"}}, (1, 2)),
    ({"extra_query": {"filter[status]": "port-pending"}}, (1, 2)),
    ({"extra_query": {"filter[status]": "port_pending,deleted"}}, (1, 2, 3)),
    ({"filter": {"status": "active"}}, (0,)),
    ({"filter": {"tag": "support"}, "include_tags": True}, (0, 2)),
    ({"filter": {"voice_connection_name": {"eq": "main-trunk"}}, "include_connection": True}, (0,)),
    ({"filter": {"voice_connection_name": {"contains": "trunk"}}, "include_connection": True}, (0, 1)),
    ({"filter": {"voice_connection_name": {"contains": "_tr"}}, "include_connection": True}, (1,)),
    ({"filter": {"voice_connection_name": {"starts_with": "edge"}}, "include_connection": True}, (1,)),
    ({"filter": {"voice_connection_name": {"ends_with": "trunk"}}, "include_connection": True}, (0, 1)),
    ({"filter": {"country_iso_alpha2": ["GB", "DE"]}}, (1, 3)),
    ({"filter": {"connection_id": "c1"}}, (0,)),
    ({"filter": {"voice_usage_payment_method": "channel"}}, (0,)),
    ({"filter": {"billing_group_id": "bg-2"}}, (2,)),
    ({"filter": {"billing_group_id": "null"}}, (1, 3)),
    ({"filter": {"emergency_address_id": ADDRESS_ID}}, (0,)),
    ({"filter": {"emergency_address_id": "null"}}, (1, 2, 3)),
    ({"filter": {"customer_reference": "r1"}}, (0,)),
    ({"filter": {"number_type": {"eq": "toll_free"}}}, (0, 1)),
    ({"filter": {"number_type": {"eq": "local"}}}, (2, 3)),
    ({"filter": {"number_type": {"eq": "mobile"}}}, ()),
    ({"filter": {"source": "ported"}}, (1,)),
    ({"filter": {"source": "purchased"}}, (0, 2)),
    ({"filter": {"status": "port_pending", "tag": "support"}, "include_tags": True}, (2,)),
]


@pytest.mark.parametrize(("params", "indexes"), SLIM_FILTERS, ids=[repr(p) for p, _ in SLIM_FILTERS])
def test_each_slim_filter_lists_exactly_the_matching_numbers(
    server: Server, inventory: Org, params: dict[str, Any], indexes: tuple[int, ...]
) -> None:
    page = server.client(inventory.key).phone_numbers.slim_list(page_size=250, **params)
    assert [n.id for n in page.data] == expect(inventory, *indexes)
    assert meta(page)["total_results"] == len(indexes)


def test_port_pending_alias_shows_the_records_own_status(server: Server, inventory: Org) -> None:
    client = server.client(inventory.key)
    assert {n.status for n in client.phone_numbers.slim_list(filter={"status": "port_pending"})} == {"port-pending"}


def test_slim_phone_number_filter(server: Server, inventory: Org) -> None:
    client = server.client(inventory.key)
    target = inventory.numbers[1]
    assert slim_ids(client, filter={"phone_number": target["phone_number"][1:]}) == [target["id"]]
    assert slim_ids(client, filter={"phone_number": target["phone_number"][3:9]}) == [target["id"]]
    assert slim_ids(client, filter={"phone_number": target["phone_number"]}) == []  # the "+" is not a digit
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.slim_list(filter={"phone_number": "44"})
    assert error(caught.value)["source"] == {"parameter": "filter[phone_number]"}


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page_size": 0}, "page[size]"),
        ({"page_size": 251}, "page[size]"),
        ({"page_number": 0}, "page[number]"),
        ({"extra_query": {"filter[without_tags]": "true"}}, "filter[without_tags]"),
        ({"extra_query": {"filter[status]": "bogus"}}, "filter[status]"),
        ({"extra_query": {"filter[colour]": "red"}}, "filter[colour]"),
        ({"extra_query": {"include_tags": "yes"}}, "include_tags"),
        ({"extra_query": {"include_connection": "1"}}, "include_connection"),
        ({"extra_query": {"sort": "created_at"}}, "sort"),
        ({"filter": {"voice_connection_name": {"ends_with": "nk"}}}, "filter[voice.connection_name][ends_with]"),
    ],
)
def test_bad_slim_query_is_422_naming_the_parameter(
    server: Server, orgs: Orgs, params: dict[str, Any], parameter: str
) -> None:
    client = server.client(orgs.make([{}]).key)
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.slim_list(**params)
    item = error(caught.value)
    assert item["source"] == {"parameter": parameter}
    assert item["code"] == "10015"


# -- sorting and paging -------------------------------------------------------------------------

SORT_VALUES: dict[str, list[str]] = {
    "purchased_at": [day(3), day(1), day(3), day(2)],
    "phone_number": ["9", "3", "5", "1"],
    "connection_name": ["mid", "alpha", "zulu", "alpha"],
    "usage_payment_method": ["pay-per-minute", "channel", "pay-per-minute", "channel"],
}


@pytest.mark.parametrize("sort", list(SORT_VALUES))
def test_slim_sort_is_ascending_with_ties_by_id(server: Server, orgs: Orgs, sort: str) -> None:
    stem = "".join(random.choice("23456") for _ in range(8))
    records = [
        {"created_at": day(20 - i), sort: f"+1{stem}{v}0" if sort == "phone_number" else v}
        for i, v in enumerate(SORT_VALUES[sort])
    ]
    org = orgs.make(records)
    expected = [n["id"] for n in sorted(org.numbers, key=lambda n: (n[sort], int(n["id"])))]
    client = server.client(org.key)
    assert [n.id for n in client.phone_numbers.slim_list(sort=sort).data] == expected  # type: ignore[arg-type]
    assert slim_ids(client, sort=sort, page_size=3) == expected
    assert slim_ids(client, sort=sort, page_size=1, include_connection=True) == expected


def test_slim_default_order_is_newest_first(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{"created_at": day(d)} for d in (4, 9, 1, 7)])
    expected = [n["id"] for n in sorted(org.numbers, key=lambda n: n["created_at"], reverse=True)]
    client = server.client(org.key)
    assert slim_ids(client) == expected
    assert slim_ids(client, page_size=1) == expected


def test_slim_meta_and_page_bounds(server: Server, orgs: Orgs) -> None:
    client = server.client(orgs.make([{"created_at": day(i + 1)} for i in range(5)]).key)
    pages = list(client.phone_numbers.slim_list(page_size=2).iter_pages())
    assert [meta(p) for p in pages] == [
        {"page_number": k, "page_size": 2, "total_pages": 3, "total_results": 5} for k in (1, 2, 3)
    ]
    assert [len(p.data) for p in pages] == [2, 2, 1]
    past = client.phone_numbers.slim_list(page_size=2, page_number=4)
    assert past.data == []
    assert meta(past) == {"page_number": 4, "page_size": 2, "total_pages": 3, "total_results": 5}
    none = client.phone_numbers.slim_list(filter={"customer_reference": "nobody"})
    assert none.data == []
    assert meta(none) == {"page_number": 1, "page_size": 20, "total_pages": 0, "total_results": 0}


@pytest.fixture(scope="module")
def big(server: Server) -> Org:
    return Orgs(server).make([{"tags": [f"t{i % 7}"]} for i in range(BIG)])


@pytest.mark.parametrize("params", [{}, {"page_size": 250, "include_tags": True}, {"sort": "phone_number"}])
def test_slim_auto_pagination_yields_every_number_once(server: Server, big: Org, params: dict[str, Any]) -> None:
    records = slim(server.client(big.key), **params)
    seen = [str(n["id"]) for n in records]
    assert len(seen) == len(set(seen)) == BIG
    assert set(seen) == {n["id"] for n in big.numbers}
    if params.get("include_tags"):
        tags = {n["id"]: n["tags"] for n in big.numbers}
        assert all(n["tags"] == tags[n["id"]] for n in records)


def test_slim_tag_filter_across_pages(server: Server, big: Org) -> None:
    client = server.client(big.key)
    expected = {n["id"] for n in big.numbers if n["tags"] == ["t3"]}
    page = client.phone_numbers.slim_list(filter={"tag": "t3"}, include_tags=True, page_size=25)
    assert meta(page)["total_results"] == len(expected) == 150
    assert meta(page)["total_pages"] == 6
    assert {str(n["id"]) for n in slim(client, filter={"tag": "t3"}, include_tags=True, page_size=25)} == expected


# -- tenancy ------------------------------------------------------------------------------------


def test_slim_lists_only_the_organisations_own_numbers(server: Server, orgs: Orgs) -> None:
    first = orgs.make([{"tags": ["shared"], "customer_reference": "same"} for _ in range(3)])
    second = orgs.make([{"tags": ["shared"], "customer_reference": "same"}])
    for org in (first, second):
        mine = {n["id"] for n in org.numbers}
        for key in (org.key, org.read_only_key):
            client = server.client(key)
            assert set(slim_ids(client)) == mine
            assert set(slim_ids(client, filter={"tag": "shared"}, include_tags=True)) == mine
            assert set(slim_ids(client, filter={"customer_reference": "same"})) == mine
    stranger = server.client(second.read_only_key)
    assert slim_ids(stranger, filter={"phone_number": first.numbers[0]["phone_number"][1:]}) == []
    empty = server.client(orgs.make().read_only_key).phone_numbers.slim_list()
    assert empty.data == [] and meta(empty)["total_results"] == 0


def test_slim_needs_a_valid_key(server: Server) -> None:
    with pytest.raises(telnyx.AuthenticationError):
        server.client(None).phone_numbers.slim_list()
