"""POST /messaging_numbers_bulk_updates and GET /messaging_numbers_bulk_updates/{order_id} through the
official SDK: an order is answered at once and polled until nothing is pending."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import telnyx

from ...support import Orgs, Server
from ..phone_numbers.job_records import first_error, problems, runner_caught_up, wait_for_order


def profile(name: str = "Bulk") -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "name": name, "whitelisted_destinations": ["US"]}


def test_assign_numbers_to_a_profile(server: Server, orgs: Orgs) -> None:
    target, before = profile("Target"), profile("Before")
    org = orgs.make([{}, {}, {"messaging_profile_id": before["id"]}, {}], messaging_profiles=[target, before])
    other = orgs.make([{}])
    client = server.client(org.key)
    moved = [n["phone_number"] for n in org.numbers[:3]]
    theirs = other.numbers[0]["phone_number"]
    raw = client.messaging_numbers_bulk_updates.with_raw_response.create(
        messaging_profile_id=target["id"], numbers=[moved[0], moved[1], theirs, moved[2], moved[0], "+15550009999"]
    )
    assert raw.status_code == 200
    order = raw.parse().data
    assert order is not None and order.order_id
    assert order.record_type == "messaging_numbers_bulk_update"
    # Each number once, in exactly one list; numbers the organisation does not own fail at once.
    assert sorted(order.pending or []) == sorted(moved) and order.success == []
    assert sorted(order.failed or []) == sorted([theirs, "+15550009999"])
    done = wait_for_order(client, order.order_id)
    assert sorted(done.success or []) == sorted(moved) and done.pending == []
    assert sorted(done.failed or []) == sorted([theirs, "+15550009999"])
    assert done.order_id == order.order_id and done.record_type == "messaging_numbers_bulk_update"
    for record in org.numbers[:3]:
        number = client.phone_numbers.retrieve(record["id"]).data
        assert number is not None
        assert number.messaging_profile_id == target["id"] and number.messaging_profile_name == "Target"
        settings = client.phone_numbers.messaging.retrieve(record["id"]).data
        assert settings is not None and settings.messaging_profile_id == target["id"]
    assert [n.phone_number for n in client.messaging_profiles.list_phone_numbers(target["id"])] == sorted(moved)
    assert list(client.messaging_profiles.list_phone_numbers(before["id"])) == []
    untouched = client.phone_numbers.retrieve(org.numbers[3]["id"]).data
    assert untouched is not None and untouched.messaging_profile_id is None
    foreign = server.client(other.key).phone_numbers.retrieve(other.numbers[0]["id"]).data
    assert foreign is not None and foreign.messaging_profile_id is None


def test_an_empty_profile_id_unassigns(server: Server, orgs: Orgs) -> None:
    bound = profile()
    org = orgs.make([{"messaging_profile_id": bound["id"]} for _ in range(3)], messaging_profiles=[bound])
    client = server.client(org.key)
    freed = [n["phone_number"] for n in org.numbers[:2]]
    order = client.messaging_numbers_bulk_updates.create(messaging_profile_id="", numbers=freed).data
    assert order is not None and order.order_id
    done = wait_for_order(client, order.order_id)
    assert sorted(done.success or []) == sorted(freed) and done.failed == []
    for record in org.numbers[:2]:
        number = client.phone_numbers.retrieve(record["id"]).data
        assert number is not None and number.messaging_profile_id is None and number.messaging_profile_name is None
    kept = [n.phone_number for n in client.messaging_profiles.list_phone_numbers(bound["id"])]
    assert kept == [org.numbers[2]["phone_number"]]


def test_assign_only_is_accepted(server: Server, orgs: Orgs) -> None:
    target = profile()
    org = orgs.make([{}], messaging_profiles=[target])
    client = server.client(org.key)
    order = client.messaging_numbers_bulk_updates.create(
        messaging_profile_id=target["id"], numbers=[org.numbers[0]["phone_number"]], assign_only=True
    ).data
    assert order is not None and order.order_id
    assert wait_for_order(client, order.order_id).success == [org.numbers[0]["phone_number"]]
    settings = client.phone_numbers.messaging.retrieve(org.numbers[0]["id"]).data
    assert settings is not None and settings.messaging_profile_id == target["id"]


def test_only_numbers_not_owned_fail_everything(server: Server, orgs: Orgs) -> None:
    target = profile()
    org = orgs.make([], messaging_profiles=[target])
    other = orgs.make([{}])
    client = server.client(org.key)
    order = client.messaging_numbers_bulk_updates.create(
        messaging_profile_id=target["id"], numbers=[other.numbers[0]["phone_number"]]
    ).data
    assert order is not None and order.order_id
    assert order.failed == [other.numbers[0]["phone_number"]] and order.pending == [] and order.success == []
    again = client.messaging_numbers_bulk_updates.retrieve(order.order_id).data
    assert again is not None and again.failed == order.failed and again.pending == []


def test_the_profile_must_be_the_organisations(server: Server, orgs: Orgs) -> None:
    foreign = profile("Foreign")
    orgs.make([], messaging_profiles=[foreign])
    mine = profile("Mine")
    org = orgs.make([{"messaging_profile_id": mine["id"]}], messaging_profiles=[mine])
    client = server.client(org.key)
    for unknown in (foreign["id"], str(uuid.uuid4()), "not-a-uuid"):
        with pytest.raises(telnyx.UnprocessableEntityError) as caught:
            client.messaging_numbers_bulk_updates.create(
                messaging_profile_id=unknown, numbers=[org.numbers[0]["phone_number"]]
            )
        assert problems(caught) == [("10017", "/messaging_profile_id")]
    runner_caught_up(server)  # nothing was queued, so nothing can land late either
    number = client.phone_numbers.retrieve(org.numbers[0]["id"]).data
    assert number is not None and number.messaging_profile_id == mine["id"]


def test_malformed_requests_are_refused_with_pointers(server: Server, orgs: Orgs) -> None:
    target = profile()
    org = orgs.make([{}], messaging_profiles=[target])
    client = server.client(org.key)
    good = org.numbers[0]["phone_number"]
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.messaging_numbers_bulk_updates.create(messaging_profile_id=target["id"], numbers=[good, "3125550000"])
    assert problems(caught) == [("10016", "/numbers/1")]
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.messaging_numbers_bulk_updates.create(messaging_profile_id=target["id"], numbers=[org.numbers[0]["id"]])
    assert problems(caught) == [("10016", "/numbers/0")]  # ids are not accepted here: E.164 only
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.messaging_numbers_bulk_updates.create(messaging_profile_id=target["id"], numbers=[])
    assert problems(caught) == [("10015", "/numbers")]
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.messaging_numbers_bulk_updates.create(
            messaging_profile_id=target["id"], numbers=[f"+1312555{i:04d}" for i in range(1001)]
        )
    assert problems(caught) == [("10015", "/numbers")]
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.post("/messaging_numbers_bulk_updates", body={"numbers": [good]}, cast_to=object)
    assert problems(caught) == [("10004", "/messaging_profile_id")]
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.post("/messaging_numbers_bulk_updates", body={"messaging_profile_id": None, "numbers": [good]},
                    cast_to=object)  # fmt: skip
    assert problems(caught) == [("10015", "/messaging_profile_id")]
    number = client.phone_numbers.retrieve(org.numbers[0]["id"]).data
    assert number is not None and number.messaging_profile_id is None


def test_a_thousand_numbers_are_accepted(server: Server, orgs: Orgs) -> None:
    target = profile()
    org = orgs.make([{} for _ in range(1000)], messaging_profiles=[target])
    client = server.client(org.key)
    order = client.messaging_numbers_bulk_updates.create(
        messaging_profile_id=target["id"], numbers=[n["phone_number"] for n in org.numbers]
    ).data
    assert order is not None and order.order_id and len(order.pending or []) == 1000
    done = wait_for_order(client, order.order_id, timeout=60)
    assert len(done.success or []) == 1000 and done.failed == []
    page = client.messaging_profiles.list_phone_numbers(target["id"], page_size=1)
    assert page.meta is not None and page.meta.total_results == 1000


def test_read_only_key_cannot_create_but_can_read(server: Server, orgs: Orgs) -> None:
    target = profile()
    org = orgs.make([{}], messaging_profiles=[target])
    reader = server.client(org.read_only_key)
    with pytest.raises(telnyx.PermissionDeniedError) as caught:
        reader.messaging_numbers_bulk_updates.create(
            messaging_profile_id=target["id"], numbers=[org.numbers[0]["phone_number"]]
        )
    assert first_error(caught)["code"] == "10010"
    order = (
        server.client(org.key)
        .messaging_numbers_bulk_updates.create(
            messaging_profile_id=target["id"], numbers=[org.numbers[0]["phone_number"]]
        )
        .data
    )
    assert order is not None and order.order_id
    assert wait_for_order(reader, order.order_id).success == [org.numbers[0]["phone_number"]]


def test_unknown_and_foreign_orders_are_404(server: Server, orgs: Orgs) -> None:
    target = profile()
    org = orgs.make([{}], messaging_profiles=[target])
    other = orgs.make([{}])
    client = server.client(org.key)
    order = client.messaging_numbers_bulk_updates.create(
        messaging_profile_id=target["id"], numbers=[org.numbers[0]["phone_number"]]
    ).data
    assert order is not None and order.order_id
    theirs = server.client(other.key)
    with pytest.raises(telnyx.NotFoundError) as caught:
        theirs.messaging_numbers_bulk_updates.retrieve(order.order_id)
    assert first_error(caught)["code"] == "10005"
    for unknown in (str(uuid.uuid4()), "nope", "x" * 100):
        with pytest.raises(telnyx.NotFoundError):
            client.messaging_numbers_bulk_updates.retrieve(unknown)
    # A phone-number batch job's id is not an order id.
    job = client.phone_numbers.jobs.update_batch(phone_numbers=[org.numbers[0]["id"]], external_pin="1").data
    assert job is not None and job.id
    with pytest.raises(telnyx.NotFoundError):
        client.messaging_numbers_bulk_updates.retrieve(job.id)
    wait_for_order(client, order.order_id)
