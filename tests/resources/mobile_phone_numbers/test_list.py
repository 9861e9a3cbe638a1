"""GET /mobile_phone_numbers: pages, meta, auto-pagination, order, tenancy, at both paths."""

from __future__ import annotations

from typing import Any

import pytest
import telnyx

from ...support import Org, Orgs, Server
from .records import error, mobile, raw


def day(n: int) -> str:
    return f"2024-05-{n:02d}T00:00:00.000Z"


@pytest.fixture
def five(orgs: Orgs) -> tuple[Org, list[str]]:
    """Five numbers, the newest first in the returned ids; two share a creation time."""
    records = [mobile(created_at=day(n)) for n in (1, 2, 3, 3, 4)]
    tied = sorted((records[2], records[3]), key=lambda r: r["id"], reverse=True)
    order = [records[4]["id"], *(r["id"] for r in tied), records[1]["id"], records[0]["id"]]
    return orgs.make(mobile_phone_numbers=records), order


def meta(page: Any) -> dict[str, object]:
    assert page.meta is not None
    return dict(page.meta.to_dict())


def test_pages_carry_meta_and_a_stable_order(server: Server, five: tuple[Org, list[str]]) -> None:
    org, order = five
    client = server.client(org.key)
    first = client.mobile_phone_numbers.list(page_size=2)
    assert [n.id for n in first.data] == order[:2]
    assert meta(first) == {"page_number": 1, "page_size": 2, "total_pages": 3, "total_results": 5}
    last = client.mobile_phone_numbers.list(page_number=3, page_size=2)
    assert [n.id for n in last.data] == order[4:]
    assert meta(last) == {"page_number": 3, "page_size": 2, "total_pages": 3, "total_results": 5}
    past = client.mobile_phone_numbers.list(page_number=9, page_size=2)
    assert past.data == [] and meta(past)["total_results"] == 5


def test_auto_pagination_yields_every_number_once(server: Server, five: tuple[Org, list[str]]) -> None:
    org, order = five
    client = server.client(org.key)
    assert [n.id for n in client.mobile_phone_numbers.list(page_size=2)] == order
    assert [n.id for n in client.mobile_phone_numbers.list()] == order  # default page size 20


def test_the_single_v2_path_lists_the_same(server: Server, five: tuple[Org, list[str]]) -> None:
    org, order = five
    doubled = raw(server, org.key, "GET", "/v2/mobile_phone_numbers", params={"page[size]": "3"}).json()
    single = raw(server, org.key, "GET", "/mobile_phone_numbers", params={"page[size]": "3"}).json()
    assert doubled == single
    assert [n["id"] for n in single["data"]] == order[:3]
    assert single["meta"] == {"page_number": 1, "page_size": 3, "total_pages": 2, "total_results": 5}
    assert all(n["record_type"] == "mobile_phone_number" for n in single["data"])


def test_an_empty_account_has_an_empty_first_page(server: Server, orgs: Orgs) -> None:
    org = orgs.make(mobile_phone_numbers=[])
    page = server.client(org.key).mobile_phone_numbers.list()
    assert page.data == []
    assert meta(page) == {"page_number": 1, "page_size": 20, "total_pages": 0, "total_results": 0}


def test_each_organisation_lists_only_its_own(server: Server, orgs: Orgs) -> None:
    mine, theirs = mobile(), mobile()
    a = orgs.make(mobile_phone_numbers=[mine])
    b = orgs.make(mobile_phone_numbers=[theirs])
    assert [n.id for n in server.client(a.key).mobile_phone_numbers.list()] == [mine["id"]]
    assert [n.id for n in server.client(b.read_only_key).mobile_phone_numbers.list()] == [theirs["id"]]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page_size": 0}, "page[size]"),
        ({"page_size": 251}, "page[size]"),
        ({"page_number": 0}, "page[number]"),
        ({"extra_query": {"page[number]": "two"}}, "page[number]"),
        ({"extra_query": {"filter[tag]": "x"}}, "filter[tag]"),
        ({"extra_query": {"page[limit]": "5"}}, "page[limit]"),
    ],
)
def test_bad_page_parameters_are_422_naming_them(
    server: Server, orgs: Orgs, params: dict[str, Any], parameter: str
) -> None:
    org = orgs.make(mobile_phone_numbers=[mobile()])
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        server.client(org.key).mobile_phone_numbers.list(**params)
    assert error(caught.value)["source"] == {"parameter": parameter}
    assert raw(server, org.key, "GET", "/mobile_phone_numbers", params={parameter: "-1"}).status_code == 422


def test_other_unknown_query_parameters_are_ignored(server: Server, orgs: Orgs) -> None:
    seeded = mobile()
    org = orgs.make(mobile_phone_numbers=[seeded])
    page = server.client(org.key).mobile_phone_numbers.list(extra_query={"sort": "phone_number", "x": "1"})
    assert [n.id for n in page.data] == [seeded["id"]]
