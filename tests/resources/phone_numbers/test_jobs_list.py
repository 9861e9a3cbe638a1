"""GET /phone_numbers/jobs through the official SDK: filters, sort and paging."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import telnyx

from telconf.testing.server import TelconfServer

from ...support import Org, Orgs, Server
from ..clocked import a_second_later, clocked_orgs
from .job_records import first_error, problems, wait_for_job


def finished_jobs(
    server: Server | TelconfServer, org: Org, count: int, between: Callable[[], object] | None = None, **fields: Any
) -> list[str]:
    """`count` completed update jobs, one per number of the organisation, oldest first. Several
    jobs need `between` (e.g. moving the server's clock on): distinct `created_at` milliseconds,
    so the order is the creation order."""
    assert count == 1 or between is not None
    client = server.client(org.key, max_retries=0)
    ids = []
    for i in range(count):
        if i and between is not None:
            between()
        job = client.phone_numbers.jobs.update_batch(
            phone_numbers=[org.numbers[i]["id"]], external_pin=str(i), **fields
        ).data
        assert job is not None
        ids.append(job.id)
    for job_id in ids:
        wait_for_job(client, job_id)
    return ids


def meta(page: Any) -> dict[str, object]:
    assert page.meta is not None
    return dict(page.meta.to_dict())


def test_newest_first_by_default_oldest_first_by_created_at_with_paging(telconf_server: TelconfServer) -> None:
    org = clocked_orgs(telconf_server).make([{} for _ in range(3)])
    client = telconf_server.client(org.key, max_retries=0)
    created = finished_jobs(telconf_server, org, 3, lambda: a_second_later(telconf_server))
    assert [j.id for j in client.phone_numbers.jobs.list()] == created[::-1]
    assert [j.id for j in client.phone_numbers.jobs.list(sort="created_at")] == created
    pages = list(client.phone_numbers.jobs.list(page_size=2).iter_pages())
    assert [[j.id for j in p.data] for p in pages] == [created[::-1][:2], created[::-1][2:]]
    assert [meta(p) for p in pages] == [
        {"page_number": n, "page_size": 2, "total_pages": 2, "total_results": 3} for n in (1, 2)
    ]
    page = client.phone_numbers.jobs.list(sort="created_at", page_size=2, page_number=2)
    assert [j.id for j in page.data] == created[2:]
    past = client.phone_numbers.jobs.list(page_size=2, page_number=5)
    assert past.data == [] and meta(past) == {"page_number": 5, "page_size": 2, "total_pages": 2, "total_results": 3}
    # Listed jobs are whole records, as GET /phone_numbers/jobs/{id} shows them.
    listed = client.phone_numbers.jobs.list(sort="created_at").data[0]
    retrieved = client.phone_numbers.jobs.retrieve(created[0]).data
    assert retrieved is not None and listed.to_dict() == retrieved.to_dict()


def test_empty_list_meta(server: Server, orgs: Orgs) -> None:
    page = server.client(orgs.make().key).phone_numbers.jobs.list()
    assert page.data == [] and meta(page) == {"page_number": 1, "page_size": 20, "total_pages": 0, "total_results": 0}


def test_filter_by_type(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}, {}, {"deletion_lock_enabled": True}])
    client = server.client(org.key)
    update = client.phone_numbers.jobs.update_batch(phone_numbers=[org.numbers[0]["id"]], external_pin="1").data
    delete = client.phone_numbers.jobs.delete_batch(phone_numbers=[org.numbers[1]["id"]]).data
    emergency = client.phone_numbers.jobs.update_emergency_settings_batch(
        emergency_enabled=False, phone_numbers=[org.numbers[2]["id"]]
    ).data
    assert update is not None and delete is not None and emergency is not None
    for job in (update, delete, emergency):
        wait_for_job(client, job.id)
    for kind, job in (("update_phone_numbers", update), ("delete_phone_numbers", delete),
                      ("update_emergency_settings", emergency)):  # fmt: skip
        listed = list(client.phone_numbers.jobs.list(filter={"type": kind}))  # type: ignore[typeddict-item]
        assert [(j.id, j.type) for j in listed] == [(job.id, kind)]
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.jobs.list(filter={"type": "port_numbers"})  # type: ignore[typeddict-item]
    assert problems(caught) == [("10015", "filter[type]")]


def test_filter_by_status_any_of(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}, {"deletion_lock_enabled": True}])
    client = server.client(org.key)
    completed = client.phone_numbers.jobs.delete_batch(phone_numbers=[org.numbers[0]["id"]]).data
    failed = client.phone_numbers.jobs.delete_batch(phone_numbers=[org.numbers[1]["id"]]).data
    assert completed is not None and failed is not None
    assert wait_for_job(client, completed.id).status == "completed"
    assert wait_for_job(client, failed.id).status == "failed"

    def listed(*statuses: str) -> set[str]:
        return {j.id for j in client.phone_numbers.jobs.list(filter={"status": list(statuses)})}  # type: ignore[typeddict-item]

    assert listed("completed") == {completed.id}
    assert listed("failed") == {failed.id}
    assert listed("completed", "failed") == {completed.id, failed.id}  # sent comma-joined, as the SDKs send it
    assert listed("pending", "in_progress", "expired") == set()
    # The documented repeated `filter[status][]=` form means the same.
    response = httpx.get(
        f"{server.base_url}/phone_numbers/jobs",
        params=[("filter[status][]", "failed"), ("filter[status][]", "completed")],
        headers={"Authorization": f"Bearer {org.key}"},
    )
    assert response.status_code == 200
    assert {j["id"] for j in response.json()["data"]} == {completed.id, failed.id}
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.jobs.list(filter={"status": ["completed", "done"]})  # type: ignore[list-item]
    assert problems(caught) == [("10015", "filter[status]")]


def test_filter_by_phone_number_takes_numbers_and_ids(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{} for _ in range(4)])
    other = orgs.make([{}])
    client = server.client(org.key)
    a, b, c, d = org.numbers
    by_id = client.phone_numbers.jobs.update_batch(phone_numbers=[a["id"], b["id"]], external_pin="1").data
    by_number = client.phone_numbers.jobs.update_batch(phone_numbers=[c["phone_number"]], external_pin="2").data
    assert by_id is not None and by_number is not None
    wait_for_job(client, by_id.id)
    wait_for_job(client, by_number.id)

    def listed(*values: str) -> set[str]:
        value: str | list[str] = values[0] if len(values) == 1 else list(values)
        return {j.id for j in client.phone_numbers.jobs.list(filter={"phone_number": value})}

    # A job given ids is found by the numbers' E.164 form and the other way round.
    assert listed(b["phone_number"]) == {by_id.id}
    assert listed(a["id"]) == {by_id.id}
    assert listed(c["id"]) == {by_number.id}
    assert listed(c["phone_number"]) == {by_number.id}
    assert listed(a["phone_number"], c["id"]) == {by_id.id, by_number.id}  # several values: any of them
    assert listed(d["phone_number"]) == set()
    assert listed(other.numbers[0]["phone_number"], other.numbers[0]["id"]) == set()
    assert listed("+15550000000") == set()
    # Combined with another filter: AND.
    both = client.phone_numbers.jobs.list(filter={"phone_number": a["id"], "type": "delete_phone_numbers"})
    assert list(both) == []
    # At most ten values, counted before duplicates are dropped.
    assert listed(*[a["id"]] * 10) == {by_id.id}
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        listed(*[a["id"]] * 11)
    assert problems(caught) == [("10015", "filter[phone_number]")]


@pytest.mark.parametrize("value", ["9999999999999999999", "²", "+²"])
def test_filter_by_an_impossible_identifier_matches_nothing(server: Server, orgs: Orgs, value: str) -> None:
    """Unmatched identifiers give an empty result (documented), never a 500: an id beyond int64 and a
    Unicode digit that str.isdigit() accepts."""
    org = orgs.make([{}])
    client = server.client(org.key)
    finished_jobs(server, org, 1)
    assert list(client.phone_numbers.jobs.list(filter={"phone_number": value})) == []


def test_filter_by_customer_reference(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{} for _ in range(5)])
    client = server.client(org.key)
    reference = f"Ref {uuid.uuid4().hex[:6]}"
    first = finished_jobs(server, org, 1, customer_reference=reference)
    # Another job with the same reference, one with another case and one with extra whitespace.
    jobs = [
        client.phone_numbers.jobs.update_batch(phone_numbers=[org.numbers[i]["id"]], customer_reference=ref).data
        for i, ref in ((1, reference), (2, reference.lower()), (3, f" {reference}"))
    ]
    assert all(job is not None for job in jobs)
    same, lower, spaced = (job.id for job in jobs if job is not None)
    # Jobs without a reference, and a number whose *current* reference matches, are not found.
    delete = client.phone_numbers.jobs.delete_batch(phone_numbers=[org.numbers[4]["id"]]).data
    assert delete is not None
    for job_id in (same, lower, spaced, delete.id):
        wait_for_job(client, job_id)

    def listed(value: str, **other: Any) -> set[str]:
        return {j.id for j in client.phone_numbers.jobs.list(filter={"customer_reference": value, **other})}

    assert listed(reference) == {first[0], same}
    assert listed(reference.lower()) == {lower}
    assert listed(f" {reference}") == {spaced}
    assert listed("null") == set()
    assert listed(reference, type="delete_phone_numbers") == set()
    assert listed(reference, status=["completed"]) == {first[0], same}
    for bad in ("   ", "x" * 251):
        with pytest.raises(telnyx.UnprocessableEntityError) as caught:
            client.phone_numbers.jobs.list(filter={"customer_reference": bad})
        assert problems(caught) == [("10015", "filter[customer_reference]")]
    # The SDK leaves an empty string out of the query; sent anyway, it is refused, and so is an array.
    for params in ({"filter[customer_reference]": ""}, {"filter[customer_reference][]": reference}):
        response = httpx.get(
            f"{server.base_url}/phone_numbers/jobs", params=params, headers={"Authorization": f"Bearer {org.key}"}
        )
        assert response.status_code == 422


def test_bad_sort_and_paging_are_refused(server: Server, orgs: Orgs) -> None:
    client = server.client(orgs.make().key)
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.jobs.list(sort="updated_at")  # type: ignore[arg-type]
    assert problems(caught) == [("10015", "sort")]
    for size in (0, 251):
        with pytest.raises(telnyx.UnprocessableEntityError) as caught:
            client.phone_numbers.jobs.list(page_size=size)
        assert problems(caught) == [("10015", "page[size]")]
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.jobs.list(page_number=0)
    assert problems(caught) == [("10015", "page[number]")]
    with pytest.raises(telnyx.UnprocessableEntityError):
        client.phone_numbers.jobs.list(extra_query={"filter[tag]": "x"})


def test_another_organisations_jobs_are_not_listed(server: Server, orgs: Orgs) -> None:
    org, other = orgs.make([{}]), orgs.make([{}])
    mine = finished_jobs(server, org, 1)
    theirs = finished_jobs(server, other, 1)
    assert [j.id for j in server.client(org.key).phone_numbers.jobs.list()] == mine
    assert [j.id for j in server.client(other.read_only_key).phone_numbers.jobs.list()] == theirs


def test_messaging_bulk_updates_are_not_listed_as_phone_number_jobs(server: Server, orgs: Orgs) -> None:
    """Bulk updates are jobs of their own kind: the phone-number job list (whose `type` enum does not
    know them) must not show them."""
    profile = str(uuid.uuid4())
    org = orgs.make([{}, {}], messaging_profiles=[{"id": profile, "name": "P", "whitelisted_destinations": ["US"]}])
    client = server.client(org.key)
    job = finished_jobs(server, org, 1)
    order = client.messaging_numbers_bulk_updates.create(
        messaging_profile_id=profile, numbers=[org.numbers[1]["phone_number"]]
    ).data
    assert order is not None
    listed = client.phone_numbers.jobs.list()
    assert [j.id for j in listed] == job
    assert meta(listed)["total_results"] == 1
    assert [j.id for j in client.phone_numbers.jobs.list(filter={"phone_number": org.numbers[1]["phone_number"]})] == []


def test_unauthenticated_list_is_401(server: Server) -> None:
    with pytest.raises(telnyx.AuthenticationError) as caught:
        server.client("KEYnot-a-key-000000").phone_numbers.jobs.list()
    assert first_error(caught)["code"] == "10009"
