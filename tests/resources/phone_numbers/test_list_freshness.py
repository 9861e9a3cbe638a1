"""Lists stay exact across every kind of write: each write path is made after the lists were walked
(so their totals and page keys are remembered), then every list is walked again through the SDK
and must equal what the numbers themselves now say, page by page, with exact totals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import telnyx

from ...support import Org, Orgs, Server
from .job_records import wait_for_job, wait_for_order
from .list_records import day, meta

PROFILE = "5a0a2e9c-1111-4c55-9a35-5d5b1d0f7a11"
ADDRESS = "72913456729313"
Record = dict[str, Any]

# (SDK list parameters, which records they select)
LISTS: list[tuple[dict[str, Any], Callable[[Record], bool]]] = [
    ({}, lambda r: True),
    ({"sort": "phone_number"}, lambda r: True),
    ({"filter": {"tag": "a"}}, lambda r: "a" in r["tags"]),
    ({"filter": {"tag": "b"}}, lambda r: "b" in r["tags"]),
    ({"filter": {"tag": "a"}, "sort": "phone_number"}, lambda r: "a" in r["tags"]),
    ({"filter": {"tag": "a", "status": "active"}}, lambda r: "a" in r["tags"] and r["status"] == "active"),
    ({"filter": {"status": "active"}}, lambda r: r["status"] == "active"),
    ({"filter": {"status": "active"}, "sort": "phone_number"}, lambda r: r["status"] == "active"),
    ({"filter": {"customer_reference": "r1"}}, lambda r: r["customer_reference"] == "r1"),
    ({"filter": {"connection_id": "c1"}}, lambda r: r["connection_id"] == "c1"),
    ({"filter": {"billing_group_id": "null"}}, lambda r: r["billing_group_id"] is None),
    ({"filter": {"billing_group_id": "bg-1"}}, lambda r: r["billing_group_id"] == "bg-1"),
    ({"filter": {"emergency_address_id": ADDRESS}}, lambda r: r["emergency_address_id"] == ADDRESS),
    ({"filter": {"without_tags": "true"}}, lambda r: not r["tags"]),
    ({"filter": {"voice_usage_payment_method": "channel"}}, lambda r: r["usage_payment_method"] == "channel"),
    ({"sort": "usage_payment_method"}, lambda r: True),
    ({"sort": "connection_name"}, lambda r: True),
    ({"filter": {"phone_number": "555"}}, lambda r: "555" in r["phone_number"]),
]
SORT_KEY: dict[str | None, Callable[[Record], Any]] = {
    None: lambda r: (r["created_at"], int(r["id"])),
    "phone_number": lambda r: r["phone_number"],
    "usage_payment_method": lambda r: (r["usage_payment_method"], int(r["id"])),
    # Numbers without a connection name first.
    "connection_name": lambda r: (r["connection_name"] is not None, r["connection_name"] or "", int(r["id"])),
}


def truth(client: telnyx.Telnyx, ids: list[str]) -> list[Record]:
    """Every number as its own GET says it is now (no list involved)."""
    records = []
    for number_id in ids:
        try:
            number = client.phone_numbers.retrieve(number_id).data
        except telnyx.NotFoundError:
            continue
        assert number is not None
        voice = client.phone_numbers.voice.retrieve(number_id).data
        assert voice is not None
        record = number.to_dict()
        record["usage_payment_method"] = voice.usage_payment_method
        records.append(record)
    return records


def walk(client: telnyx.Telnyx, params: dict[str, Any]) -> tuple[list[str], list[int]]:
    """The ids of every page of 2 in order, and the total each page announced."""
    ids: list[str] = []
    totals: list[int] = []
    page = client.phone_numbers.list(page_size=2, **params)
    while True:
        ids += [n.id for n in page.data]
        totals.append(int(meta(page)["total_results"]))  # type: ignore[call-overload]
        if not page.has_next_page():
            return ids, totals
        page = page.get_next_page()


def check_every_list(client: telnyx.Telnyx, org: Org, when: str) -> None:
    records = truth(client, [n["id"] for n in org.numbers])
    for params, keep in LISTS:
        sort = params.get("sort")
        chosen = sorted((r for r in records if keep(r)), key=SORT_KEY[sort], reverse=sort is None)
        ids, totals = walk(client, params)
        assert ids == [r["id"] for r in chosen], f"{when}: {params}"
        assert set(totals) == {len(chosen)}, f"{when}: {params} announced {totals}, {len(chosen)} match"


@pytest.fixture
def org(orgs: Orgs) -> Org:
    numbers = [
        {
            "tags": [["a"], ["a", "b"], ["b"], []][i % 4],
            "status": "active" if i % 3 else "port-pending",
            "customer_reference": "r1" if i % 2 else None,
            "connection_id": "c1" if i < 4 else "c2",
            "connection_name": None if i % 3 == 1 else f"trunk-{i % 2}",
            "billing_group_id": "bg-1" if i % 5 == 0 else None,
            "created_at": day(i + 1),
        }
        for i in range(10)
    ]
    numbers[2]["phone_number"] = f"+1312555{1000 + len(numbers) * 37 % 1000:04d}"
    return orgs.make(numbers, messaging_profiles=[{"id": PROFILE, "name": "freshness"}], addresses=[{"id": ADDRESS}])


def test_every_write_path_keeps_every_list_exact(server: Server, org: Org) -> None:
    client = server.client(org.key)
    n = [record["id"] for record in org.numbers]
    writes: list[tuple[str, Callable[[], object]]] = [
        ("PATCH tags", lambda: client.phone_numbers.update(n[0], tags=["b"])),
        ("PATCH tags to none", lambda: client.phone_numbers.update(n[1], tags=[])),
        ("PATCH customer_reference", lambda: client.phone_numbers.update(n[3], customer_reference="r1")),
        ("PATCH customer_reference from none", lambda: client.phone_numbers.update(n[6], customer_reference="r1")),
        ("PATCH customer_reference to another", lambda: client.phone_numbers.update(n[1], customer_reference="r2")),
        ("PATCH customer_reference to null", lambda: client.phone_numbers.update(n[7], customer_reference=None)),
        ("PATCH connection_id", lambda: client.phone_numbers.update(n[5], connection_id="c1")),
        ("PATCH billing_group_id", lambda: client.phone_numbers.update(n[0], billing_group_id="bg-1")),
        ("PATCH billing_group_id null", lambda: client.phone_numbers.update(n[5], billing_group_id=None)),
        ("voice PATCH", lambda: client.phone_numbers.voice.update(n[6], usage_payment_method="channel")),
        ("messaging PATCH", lambda: client.phone_numbers.messaging.update(n[7], messaging_profile_id=PROFILE)),
        (
            "enable_emergency",
            lambda: client.phone_numbers.actions.enable_emergency(
                n[8], emergency_address_id=ADDRESS, emergency_enabled=True
            ),
        ),
        (
            "update_batch",
            lambda: wait_for_job(
                client, client.phone_numbers.jobs.update_batch(phone_numbers=[n[2], n[9]], tags=["a"]).data.id or ""
            ),
        ),
        (
            "bulk update",
            lambda: wait_for_order(
                client,
                client.messaging_numbers_bulk_updates.create(
                    messaging_profile_id=PROFILE, numbers=[org.numbers[4]["phone_number"]]
                ).data.order_id
                or "",
            ),
        ),
        ("DELETE", lambda: client.phone_numbers.delete(n[3])),
        (
            "delete_batch",
            lambda: wait_for_job(client, client.phone_numbers.jobs.delete_batch(phone_numbers=[n[4]]).data.id or ""),
        ),
    ]
    check_every_list(client, org, "at start")
    for name, write in writes:
        write()
        check_every_list(client, org, f"after {name}")
