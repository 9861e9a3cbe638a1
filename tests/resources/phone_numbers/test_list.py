"""GET /phone_numbers through the official SDK: filters, sorts, pages, auto-pagination, tenancy."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import telnyx

from ...support import Org, Orgs, Server
from .list_records import day, error, make_inventory, meta

BIG = 1050


def ids_of(client: telnyx.Telnyx, **params: Any) -> list[str]:
    """Ids of every number the list yields, following the SDK's auto-pagination."""
    return [n.id for n in client.phone_numbers.list(**params)]


# -- a small inventory covering every filter ---------------------------------------------------

ADDRESS_ID = str(random.randrange(10**13, 10**14))
INVENTORY: list[dict[str, Any]] = [
    {
        "tags": ["support", "vip"],
        "connection_id": "c1",
        "connection_name": "main-trunk",
        "customer_reference": "acme-1",
        "billing_group_id": "bg-1",
        "emergency_address_id": ADDRESS_ID,
        "usage_payment_method": "channel",
    },
    {
        "tags": ["support"],
        "connection_id": "c2",
        "connection_name": "backup_trunk",
        "status": "port-pending",
        "source_type": "port_request",
        "phone_number_type": "toll_free",
    },
    {"status": "deleted", "phone_number_type": "tollfree", "connection_name": "trunk%main", "cc": "44"},
    {"status": "emergency-only", "phone_number_type": "mobile", "source_type": None, "cc": "49"},
    {"status": "purchase-pending", "phone_number_type": "longcode", "customer_reference": "acme-2"},
    {"status": "ported-out", "phone_number_type": "national", "billing_group_id": "bg-2", "tags": ["vip"]},
    {"status": "port-out-pending", "phone_number_type": "shared_cost", "usage_payment_method": "channel"},
    {"status": "port-failed", "tags": ["support"]},
    {"status": "port-pending", "source_type": "port_request"},
]


@pytest.fixture(scope="module")
def inventory(server: Server) -> Org:
    return make_inventory(server, INVENTORY, ADDRESS_ID)


def expect(org: Org, keep: Callable[[dict[str, Any]], bool]) -> list[str]:
    """Ids of the seed records kept, in the default order (newest first)."""
    kept = [n for n in org.numbers if keep(n)]
    return [n["id"] for n in sorted(kept, key=lambda n: n["created_at"], reverse=True)]


def typ(n: dict[str, Any]) -> str:
    return str(n.get("phone_number_type", "local"))


def source(n: dict[str, Any]) -> str | None:
    return n.get("source_type", "number_order")


FILTERS: list[tuple[dict[str, Any], Callable[[dict[str, Any]], bool]]] = [
    ({"tag": "support"}, lambda n: "support" in n.get("tags", [])),
    ({"tag": "vip"}, lambda n: "vip" in n.get("tags", [])),
    ({"tag": "nobody-has-this"}, lambda n: False),
    ({"status": "port-pending"}, lambda n: n.get("status") == "port-pending"),
    ({"status": "active"}, lambda n: n.get("status", "active") == "active"),
    ({"country_iso_alpha2": ["GB", "DE"]}, lambda n: n["phone_number"][:3] in ("+44", "+49")),
    ({"country_iso_alpha2": "US"}, lambda n: n["phone_number"].startswith("+1")),
    ({"connection_id": "c1"}, lambda n: n.get("connection_id") == "c1"),
    ({"voice_connection_name": {"eq": "main-trunk"}}, lambda n: n.get("connection_name") == "main-trunk"),
    ({"voice_connection_name": {"contains": "trunk"}}, lambda n: "trunk" in (n.get("connection_name") or "")),
    ({"voice_connection_name": {"starts_with": "main"}}, lambda n: (n.get("connection_name") or "").startswith("main")),
    ({"voice_connection_name": {"ends_with": "trunk"}}, lambda n: (n.get("connection_name") or "").endswith("trunk")),
    # `_` and `%` are literal characters, not wildcards: "main-trunk" must not match "_tr".
    ({"voice_connection_name": {"contains": "_tr"}}, lambda n: "_tr" in (n.get("connection_name") or "")),
    ({"voice_connection_name": {"contains": "k%m"}}, lambda n: "k%m" in (n.get("connection_name") or "")),
    ({"voice_usage_payment_method": "channel"}, lambda n: n.get("usage_payment_method") == "channel"),
    ({"voice_usage_payment_method": "pay-per-minute"}, lambda n: n.get("usage_payment_method") is None),
    ({"billing_group_id": "bg-1"}, lambda n: n.get("billing_group_id") == "bg-1"),
    ({"billing_group_id": "null"}, lambda n: n.get("billing_group_id") is None),
    ({"emergency_address_id": ADDRESS_ID}, lambda n: n.get("emergency_address_id") == ADDRESS_ID),
    ({"emergency_address_id": "null"}, lambda n: n.get("emergency_address_id") is None),
    ({"customer_reference": "acme-2"}, lambda n: n.get("customer_reference") == "acme-2"),
    ({"number_type": {"eq": "local"}}, lambda n: typ(n) in ("local", "longcode")),
    ({"number_type": {"eq": "toll_free"}}, lambda n: typ(n) in ("toll_free", "tollfree")),
    ({"number_type": {"eq": "mobile"}}, lambda n: typ(n) == "mobile"),
    ({"number_type": {"eq": "national"}}, lambda n: typ(n) == "national"),
    ({"number_type": {"eq": "shared_cost"}}, lambda n: typ(n) == "shared_cost"),
    ({"source": "ported"}, lambda n: source(n) == "port_request"),
    ({"source": "purchased"}, lambda n: source(n) == "number_order"),
    ({"without_tags": "true"}, lambda n: not n.get("tags")),
    ({"without_tags": "false"}, lambda n: True),
    (
        {"tag": "support", "status": "port-pending"},
        lambda n: n.get("tags") == ["support"] and n.get("status") == "port-pending",
    ),
    ({"tag": "vip", "without_tags": "true"}, lambda n: False),
]


@pytest.mark.parametrize(("flt", "keep"), FILTERS, ids=[repr(f) for f, _ in FILTERS])
def test_each_filter_lists_exactly_the_matching_numbers(
    server: Server, inventory: Org, flt: dict[str, Any], keep: Callable[[dict[str, Any]], bool]
) -> None:
    expected = expect(inventory, keep)
    page = server.client(inventory.key).phone_numbers.list(filter=flt, page_size=250)  # type: ignore[arg-type]
    assert [n.id for n in page.data] == expected
    assert meta(page)["total_results"] == len(expected)


def test_several_statuses_comma_joined(server: Server, inventory: Org) -> None:
    client = server.client(inventory.key)
    wanted = ("active", "deleted", "port-pending")
    got = ids_of(client, extra_query={"filter[status]": ",".join(wanted)})
    assert got == expect(inventory, lambda n: n.get("status", "active") in wanted)
    assert {
        n.status for n in client.phone_numbers.list(page_size=250, extra_query={"filter[status]": ",".join(wanted)})
    } == set(wanted)


def test_phone_number_filter_matches_digit_substrings(server: Server, orgs: Orgs) -> None:
    stem = "".join(random.choice("23456") for _ in range(6))
    org = orgs.make([{"phone_number": f"+1{stem}{tail}"} for tail in ("7001", "7002", "8001")])
    client = server.client(org.key)
    by_tail = {n["phone_number"][-4:]: n["id"] for n in org.numbers}
    assert sorted(ids_of(client, filter={"phone_number": "700"})) == sorted([by_tail["7001"], by_tail["7002"]])
    assert ids_of(client, filter={"phone_number": "8001"}) == [by_tail["8001"]]
    assert ids_of(client, filter={"phone_number": org.numbers[1]["phone_number"][1:]}) == [by_tail["7002"]]
    assert len(ids_of(client, filter={"phone_number": f"1{stem}"})) == 3
    assert ids_of(client, filter={"phone_number": "999"}) == []
    # Documented: non-numerical characters return no values, even when the digits would match.
    for text in (org.numbers[0]["phone_number"], f"{stem[:3]}-{stem[3:]}", f"{stem} "):
        page = client.phone_numbers.list(filter={"phone_number": text})
        assert page.data == []
        assert meta(page)["total_results"] == 0


@pytest.mark.parametrize("text", ["12", "1", "00"])
def test_phone_number_filter_needs_three_digits(server: Server, orgs: Orgs, text: str) -> None:
    client = server.client(orgs.make([{}]).key)
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.list(filter={"phone_number": text})
    assert error(caught.value)["source"] == {"parameter": "filter[phone_number]"}


@pytest.mark.parametrize("text", ["phone_number", "+1", "a1b2", "x"])
def test_a_phone_number_filter_with_non_digits_is_an_empty_page_on_every_list(
    server: Server, orgs: Orgs, text: str
) -> None:
    """Documented: "non-numerical characters will result in no values being returned" (not a 422),
    whatever the number of digits."""
    client = server.client(orgs.make([{}, {}]).key)
    for page in (
        client.phone_numbers.list(filter={"phone_number": text}),
        client.phone_numbers.slim_list(filter={"phone_number": text}),
        client.phone_numbers.voice.list(filter={"phone_number": text}),
    ):
        assert page.data == [] and meta(page)["total_results"] == 0


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page_size": 0}, "page[size]"),
        ({"page_size": 251}, "page[size]"),
        ({"page_number": 0}, "page[number]"),
        ({"page_number": -1}, "page[number]"),
        ({"filter": {"voice_connection_name": {"contains": "ab"}}}, "filter[voice.connection_name][contains]"),
        ({"filter": {"voice_connection_name": {"starts_with": "ab"}}}, "filter[voice.connection_name][starts_with]"),
        ({"extra_query": {"filter[status]": "bogus"}}, "filter[status]"),
        ({"extra_query": {"filter[status]": "active,port_pending"}}, "filter[status]"),
        ({"extra_query": {"filter[colour]": "red"}}, "filter[colour]"),
        ({"extra_query": {"filter[number_type][ne]": "local"}}, "filter[number_type][ne]"),
        ({"extra_query": {"page[cursor]": "abc"}}, "page[cursor]"),
        ({"extra_query": {"sort": "-created_at"}}, "sort"),
        ({"extra_query": {"filter[number_type][eq]": "tollfree"}}, "filter[number_type][eq]"),
        ({"extra_query": {"filter[country_iso_alpha2]": "USA"}}, "filter[country_iso_alpha2]"),
        ({"extra_query": {"filter[without_tags]": "-426000"}}, "filter[without_tags]"),  # found by the OpenAPI ring
        ({"extra_query": {"filter[tag]": "a\x00b"}}, "filter[tag]"),  # was a 500 on PostgreSQL
    ],
)
def test_bad_query_is_422_naming_the_parameter(
    server: Server, orgs: Orgs, params: dict[str, Any], parameter: str
) -> None:
    client = server.client(orgs.make([{}]).key)
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.list(**params)
    assert caught.value.status_code == 422
    item = error(caught.value)
    assert item["source"] == {"parameter": parameter}
    assert item["code"] == "10015"


# -- sorting ------------------------------------------------------------------------------------

SORT_VALUES: dict[str, list[Any]] = {
    # Index order is id order; created_at runs the other way, so a tie broken by anything but the
    # id shows up.
    "purchased_at": [day(3), day(1), day(3), day(2), day(1)],
    "phone_number": ["9", "3", "5", "1", "7"],
    "connection_name": ["mid", "alpha", "zulu", "alpha", "beta"],
    "usage_payment_method": ["pay-per-minute", "channel", "pay-per-minute", "channel", "channel"],
}


@pytest.mark.parametrize("sort", list(SORT_VALUES))
def test_sort_is_ascending_with_ties_by_id(server: Server, orgs: Orgs, sort: str) -> None:
    stem = "".join(random.choice("23456") for _ in range(8))
    records = [
        {"created_at": day(20 - i), sort: f"+1{stem}{v}0" if sort == "phone_number" else v}
        for i, v in enumerate(SORT_VALUES[sort])
    ]
    org = orgs.make(records)
    expected = [n["id"] for n in sorted(org.numbers, key=lambda n: (n[sort], int(n["id"])))]
    client = server.client(org.key)
    assert [n.id for n in client.phone_numbers.list(sort=sort).data] == expected  # type: ignore[arg-type]
    # Page after page, the SDK sees the same total order.
    assert ids_of(client, sort=sort, page_size=2) == expected
    assert ids_of(client, sort=sort, page_size=1) == expected


def test_default_order_is_newest_first_with_a_total_order(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{"created_at": day(d)} for d in (5, 9, 1, 9, 7, 9)])
    client = server.client(org.key)
    created = {n["id"]: n["created_at"] for n in org.numbers}
    first = [n.id for n in client.phone_numbers.list().data]
    assert [created[i] for i in first] == sorted(created.values(), reverse=True)
    for size in (1, 2, 4):
        assert ids_of(client, page_size=size) == first


def test_connection_name_sort_puts_numbers_without_a_connection_first(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{"connection_name": "beta"}, {}, {"connection_name": "alpha"}, {}, {"connection_name": "Zed"}])
    client = server.client(org.key)
    n = [x["id"] for x in org.numbers]
    # The same answer on every engine: the numbers without a connection, then names in byte order.
    assert ids_of(client, sort="connection_name") == [n[1], n[3], n[4], n[2], n[0]]
    assert ids_of(client, sort="connection_name", page_size=1) == [n[1], n[3], n[4], n[2], n[0]]


def test_connection_name_patterns_ignore_case_on_every_engine(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{"connection_name": "MAIN-Trunk"}, {"connection_name": "Über-Leitung"}, {"connection_name": "x"}])
    client = server.client(org.key)
    n = [x["id"] for x in org.numbers]
    assert ids_of(client, filter={"voice_connection_name": {"contains": "main-t"}}) == [n[0]]
    assert ids_of(client, filter={"voice_connection_name": {"ends_with": "TRUNK"}}) == [n[0]]
    assert ids_of(client, filter={"voice_connection_name": {"starts_with": "ÜBER"}}) == [n[1]]
    assert ids_of(client, filter={"voice_connection_name": {"contains": "über"}}) == [n[1]]


# -- pages and meta -----------------------------------------------------------------------------


def test_meta_describes_each_page(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{"created_at": day(i + 1)} for i in range(5)])
    client = server.client(org.key)
    pages = list(client.phone_numbers.list(page_size=2).iter_pages())
    assert [meta(p) for p in pages] == [
        {"page_number": k, "page_size": 2, "total_pages": 3, "total_results": 5} for k in (1, 2, 3)
    ]
    assert [len(p.data) for p in pages] == [2, 2, 1]
    first = client.phone_numbers.list(handle_messaging_profile_error="true")
    assert meta(first) == {"page_number": 1, "page_size": 20, "total_pages": 1, "total_results": 5}
    third = client.phone_numbers.list(page_size=2, page_number=3)
    assert [n.id for n in third.data] == [org.numbers[0]["id"]]


def test_page_past_the_end_and_empty_results_keep_true_totals(server: Server, orgs: Orgs) -> None:
    client = server.client(orgs.make([{}, {}, {}]).key)
    page = client.phone_numbers.list(page_size=2, page_number=5)
    assert page.data == []
    assert meta(page) == {"page_number": 5, "page_size": 2, "total_pages": 2, "total_results": 3}
    assert list(page) == []
    page = client.phone_numbers.list(filter={"tag": "none"})
    assert page.data == []
    assert meta(page) == {"page_number": 1, "page_size": 20, "total_pages": 0, "total_results": 0}


def test_a_huge_page_number_is_just_past_the_end(server: Server, orgs: Orgs) -> None:
    page = server.client(orgs.make([{}]).key).phone_numbers.list(page_number=10**10)
    assert page.data == []
    assert meta(page) == {"page_number": 10**10, "page_size": 20, "total_pages": 1, "total_results": 1}


def test_list_reflects_writes_at_once(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{"created_at": day(i + 1), "tags": ["x"] if i == 0 else []} for i in range(4)])
    client = server.client(org.key)
    n = [x["id"] for x in org.numbers]
    assert ids_of(client, page_size=2) == [n[3], n[2], n[1], n[0]]
    assert ids_of(client, filter={"tag": "x"}) == [n[0]]
    client.phone_numbers.update(n[2], tags=["x"], customer_reference="moved")
    tagged = client.phone_numbers.list(filter={"tag": "x"})
    assert [x.id for x in tagged.data] == [n[2], n[0]]
    assert meta(tagged)["total_results"] == 2
    assert ids_of(client, filter={"customer_reference": "moved"}) == [n[2]]
    assert ids_of(client, filter={"without_tags": "true"}) == [n[3], n[1]]
    client.phone_numbers.delete(n[3])
    second = client.phone_numbers.list(page_size=2, page_number=2)
    assert [x.id for x in second.data] == [n[0]]
    assert meta(second) == {"page_number": 2, "page_size": 2, "total_pages": 2, "total_results": 3}


# -- auto-pagination over a large inventory -----------------------------------------------------


@pytest.fixture(scope="module")
def big(server: Server) -> Org:
    return Orgs(server).make([{"tags": ["bulk"]} for _ in range(BIG)])


@pytest.mark.parametrize("params", [{}, {"page_size": 100}, {"page_size": 250, "sort": "phone_number"}])
def test_auto_pagination_yields_every_number_once(server: Server, big: Org, params: dict[str, Any]) -> None:
    seen = ids_of(server.client(big.key), **params)
    assert len(seen) == BIG
    assert set(seen) == {n["id"] for n in big.numbers}


@pytest.mark.parametrize("params", [{}, {"page_size": 100}, {"page_size": 100, "sort": "purchased_at"}])
def test_auto_pagination_is_exact_while_numbers_are_edited(server: Server, big: Org, params: dict[str, Any]) -> None:
    reader, writer = server.client(big.key), server.client(big.key)
    done = threading.Event()
    lock = threading.Condition()
    writes: list[str] = []
    failures: list[BaseException] = []

    def edit() -> None:
        i = 0
        while not done.is_set():
            number_id = big.numbers[(i * 37) % BIG]["id"]
            try:
                writer.phone_numbers.update(number_id, tags=[f"edit-{i}", "bulk"], customer_reference=f"ref-{i}")
            except BaseException as exc:  # noqa: BLE001 - reported by the main thread
                failures.append(exc)
                return
            with lock:
                writes.append(number_id)
                lock.notify_all()
            i += 1

    def pages() -> Iterator[list[str]]:
        for page in reader.phone_numbers.list(**params).iter_pages():
            yield [n.id for n in page.data]
            # Let at least one edit land before the SDK asks for the next page.
            with lock:
                target = len(writes) + 1

                def caught_up(t: int = target) -> bool:
                    return len(writes) >= t or bool(failures)

                assert lock.wait_for(caught_up, timeout=10)

    thread = threading.Thread(target=edit, daemon=True)
    thread.start()
    try:
        seen = [number_id for chunk in pages() for number_id in chunk]
    finally:
        done.set()
        thread.join(10)
    assert not failures
    assert len(writes) >= BIG // params.get("page_size", 20)
    assert len(seen) == len(set(seen)) == BIG
    assert set(seen) == {n["id"] for n in big.numbers}
    # The list shows the last edit at once.
    assert ids_of(reader, filter={"tag": f"edit-{len(writes) - 1}"}) == [writes[-1]]


# -- tenancy ------------------------------------------------------------------------------------


def test_an_organisation_lists_only_its_own_numbers(server: Server, orgs: Orgs) -> None:
    first = orgs.make([{"tags": ["shared"], "connection_id": "77", "customer_reference": "same"} for _ in range(3)])
    second = orgs.make([{"tags": ["shared"], "connection_id": "77", "customer_reference": "same"}])
    for org in (first, second):
        mine = {n["id"] for n in org.numbers}
        for key in (org.key, org.read_only_key):
            client = server.client(key)
            page = client.phone_numbers.list(page_size=250)
            assert {n.id for n in page.data} == mine
            assert meta(page)["total_results"] == len(mine)
            for flt in ({"tag": "shared"}, {"connection_id": "77"}, {"customer_reference": "same"}):
                assert set(ids_of(client, filter=flt)) == mine  # type: ignore[arg-type]
    stranger = server.client(second.key)
    assert ids_of(stranger, filter={"phone_number": first.numbers[0]["phone_number"][1:]}) == []
    page = server.client(orgs.make().read_only_key).phone_numbers.list()
    assert page.data == []
    assert meta(page)["total_results"] == 0


def test_listing_needs_a_valid_key(server: Server, orgs: Orgs) -> None:
    orgs.make([{}])
    with pytest.raises(telnyx.AuthenticationError):
        server.client("KEYnotakeyatall000000").phone_numbers.list()
