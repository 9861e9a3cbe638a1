"""POST /phone_numbers/jobs/{update_phone_numbers,delete_phone_numbers,update_emergency_settings} and
GET /phone_numbers/jobs/{id} through the official SDK: accepted pending (202), polled to completion."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import httpx
import pytest
import telnyx

from ...support import Orgs, Server, engines
from .job_records import (
    etc_offset,
    first_error,
    idle_server,
    pairs,
    parse_time,
    problems,
    runner_caught_up,
    targets,
    wait_for_job,
)

BILLING_GROUP = "a5b2d3c4-0000-4000-8000-000000000001"


def address_id() -> str:
    return str(uuid.uuid4().int % 10**14)


def no_jobs(client: telnyx.Telnyx) -> bool:
    page = client.phone_numbers.jobs.list()
    return page.data == [] and page.meta is not None and page.meta.total_results == 0


# -- update_phone_numbers -----------------------------------------------------------------------


def test_update_batch_is_accepted_pending_then_completes(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{"tags": ["old"], "updated_at": "2020-01-01T00:00:00.000Z"} for _ in range(3)])
    client = server.client(org.key)
    first, second, third = org.numbers
    given = [first["id"], second["phone_number"], third["id"], first["phone_number"], second["id"]]
    raw = client.phone_numbers.jobs.with_raw_response.update_batch(
        phone_numbers=given,
        tags=["batch", "b", "batch"],
        customer_reference="ref-update-1",
        external_pin="4321",
        billing_group_id=BILLING_GROUP,
        hd_voice_enabled=True,
        deletion_lock_enabled=True,
    )
    assert raw.status_code == 202
    job = raw.parse().data
    assert job is not None and job.id
    assert (job.record_type, job.type, job.status) == ("phone_numbers_job", "update_phone_numbers", "pending")
    # Ids and E.164 mixed; duplicates (the same number by either identifier) count once, as first given.
    assert [p.to_dict() for p in job.phone_numbers or []] == [
        {"id": first["id"]},
        {"phone_number": second["phone_number"]},
        {"id": third["id"]},
    ]
    assert pairs(job.pending_operations) == targets(org.numbers)
    assert job.successful_operations == [] and job.failed_operations == []
    assert etc_offset(job) >= timedelta(seconds=30)
    assert job.parameters is not None
    assert job.parameters.phone_numbers == [first["id"], second["phone_number"], third["id"]]
    assert (job.parameters.customer_reference, job.parameters.external_pin, job.parameters.billing_group_id) == (
        "ref-update-1",
        "4321",
        BILLING_GROUP,
    )
    assert job.parameters.hd_voice_enabled is True and job.parameters.deletion_lock_enabled is True
    assert job.parameters.voice is None and job.parameters.emergency_enabled is None

    done = wait_for_job(client, job.id)
    assert done.status == "completed" and done.type == "update_phone_numbers"
    assert pairs(done.successful_operations) == targets(org.numbers)
    assert done.pending_operations == [] and done.failed_operations == []
    assert done.created_at == job.created_at and done.updated_at is not None
    assert done.updated_at >= done.created_at  # type: ignore[operator]
    for record in org.numbers:
        number = client.phone_numbers.retrieve(record["id"]).data
        assert number is not None
        assert number.tags == ["batch", "b"]
        assert (number.customer_reference, number.external_pin, number.billing_group_id) == (
            "ref-update-1",
            "4321",
            BILLING_GROUP,
        )
        assert number.hd_voice_enabled is True and number.deletion_lock_enabled is True
        assert number.updated_at is not None and number.updated_at > "2020-01-01T00:00:00.000Z"
    assert sorted(n.id for n in client.phone_numbers.list(filter={"tag": "b"})) == sorted(n["id"] for n in org.numbers)
    assert list(client.phone_numbers.list(filter={"tag": "old"})) == []
    # The deletion lock set by the job holds.
    with pytest.raises(telnyx.UnprocessableEntityError):
        client.phone_numbers.delete(first["id"])


def test_update_batch_applies_what_patch_applies(server: Server, orgs: Orgs) -> None:
    """Twin numbers: one changed by PATCH /phone_numbers/{id} and PATCH …/voice, the other by a batch
    job with the same fields; afterwards both records read the same."""
    seed = {
        "connection_id": "1494404757140276705",
        "connection_name": "main-trunk",
        "call_forwarding": {"forwards_to": "+13125550000", "forwarding_type": "always"},
        "cnam_listing": {"cnam_listing_enabled": True, "cnam_listing_details": "ACME"},
        "tags": ["x"],
    }
    org = orgs.make([dict(seed), dict(seed), {"connection_id": "55", "connection_name": "sip-trunk"}])
    client = server.client(org.key)
    patched, batched = org.numbers[0]["id"], org.numbers[1]["id"]
    core: dict[str, Any] = {
        "tags": ["t1", "t2"],
        "customer_reference": "twin",
        "external_pin": "9999",
        "billing_group_id": BILLING_GROUP,
        "hd_voice_enabled": True,
        "connection_id": "55",
    }
    voice: dict[str, Any] = {
        "call_forwarding": {"call_forwarding_enabled": False},
        "call_recording": {"inbound_call_recording_enabled": True, "inbound_call_recording_format": "mp3"},
        "cnam_listing": {"cnam_listing_details": "Acme 42"},
        "media_features": {"t38_fax_gateway_enabled": True},
        "caller_id_name_enabled": True,
        "inbound_call_screening": "flag_calls",
        "tech_prefix_enabled": True,
        "translated_number": "+13125559999",
        "usage_payment_method": "channel",
    }
    client.phone_numbers.update(patched, **core)
    client.phone_numbers.voice.update(patched, **voice)
    job = client.phone_numbers.jobs.update_batch(phone_numbers=[batched], voice=voice, **core).data  # type: ignore[arg-type]
    assert job is not None and job.parameters is not None and job.parameters.voice is not None
    saved = job.parameters.to_dict()["voice"]
    assert saved["call_forwarding"] == {"call_forwarding_enabled": False}
    assert saved["inbound_call_screening"] == "flag_calls" and saved["usage_payment_method"] == "channel"
    assert saved["cnam_listing"] == {"cnam_listing_details": "Acme 42"}
    assert job.parameters.tags == ["t1", "t2"] and job.parameters.connection_id == "55"
    done = wait_for_job(client, job.id)
    assert done.status == "completed" and pairs(done.successful_operations) == targets([org.numbers[1]])

    ignore = {"id", "phone_number", "created_at", "updated_at"}

    def record(number_id: str) -> dict[str, Any]:
        number = client.phone_numbers.retrieve(number_id).data
        assert number is not None
        return {k: v for k, v in number.to_dict().items() if k not in ignore}

    def voice_record(number_id: str) -> dict[str, Any]:
        settings = client.phone_numbers.voice.retrieve(number_id).data
        assert settings is not None
        return {k: v for k, v in settings.to_dict().items() if k not in ignore}

    assert record(batched) == record(patched)
    assert voice_record(batched) == voice_record(patched)
    # Spot-check that the changes happened (not merely that the twins agree).
    settings = client.phone_numbers.voice.retrieve(batched).data
    assert settings is not None and settings.call_forwarding is not None and settings.cnam_listing is not None
    assert settings.call_forwarding.forwards_to == "+13125550000"  # deep merge keeps what was not sent
    assert settings.call_forwarding.call_forwarding_enabled is False
    assert settings.cnam_listing.cnam_listing_details == "Acme 42" and settings.usage_payment_method == "channel"
    number = client.phone_numbers.retrieve(batched).data
    assert number is not None and number.connection_name == "sip-trunk" and number.tags == ["t1", "t2"]


def test_update_batch_null_clears_a_field_as_patch_does(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{"customer_reference": "gone-soon", "connection_id": "77", "connection_name": "trunk"}])
    client = server.client(org.key)
    job = client.phone_numbers.jobs.update_batch(
        phone_numbers=[org.numbers[0]["id"]], extra_body={"customer_reference": None, "connection_id": None}
    ).data
    assert job is not None
    assert wait_for_job(client, job.id).status == "completed"
    number = client.phone_numbers.retrieve(org.numbers[0]["id"]).data
    assert number is not None and number.customer_reference is None
    assert number.connection_id is None and number.connection_name is None


def test_update_batch_reports_every_bad_field_and_stores_nothing(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    client = server.client(org.key)
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.jobs.update_batch(
            phone_numbers=[org.numbers[0]["id"]],
            extra_body={
                "tags": ["ok", 5],
                "hd_voice_enabled": "yes",
                "customer_reference": "x" * 300,
                "voice": {"call_forwarding": {"forwards_to": "3125550000"}, "inbound_call_screening": "maybe"},
            },
        )
    assert sorted(problems(caught), key=lambda p: p[1] or "") == [
        ("10015", "/customer_reference"),
        ("10015", "/hd_voice_enabled"),
        ("10015", "/tags/1"),
        ("10016", "/voice/call_forwarding/forwards_to"),
        ("10015", "/voice/inbound_call_screening"),
    ]
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.jobs.update_batch(phone_numbers=[org.numbers[0]["id"]], tags=[f"t{i}" for i in range(101)])
    assert problems(caught) == [("10015", "/tags")]
    assert no_jobs(client)
    number = client.phone_numbers.retrieve(org.numbers[0]["id"]).data
    assert number is not None and number.tags == [] and number.customer_reference is None


def test_update_batch_needs_an_updatable_field(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    client = server.client(org.key)
    for fields in ({}, {"voice": {}}, {"voice": {"call_forwarding": {}}}):
        with pytest.raises(telnyx.UnprocessableEntityError) as caught:
            client.phone_numbers.jobs.update_batch(phone_numbers=[org.numbers[0]["id"]], **fields)  # type: ignore[arg-type]
        error = first_error(caught)
        assert (error["code"], error["title"], error["source"]) == (
            "10015",
            "Bad Request",
            {"pointer": "/updateable_fields"},
        )
        assert error["detail"] == "You must provide at least 1 updateable field."
    # With a filter instead of numbers, the rule is the same.
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.jobs.update_batch(phone_numbers=[], filter={"tag": "x"})
    assert problems(caught) == [("10015", "/updateable_fields")]
    # No numbers and no filter: the numbers are missing.
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.jobs.update_batch(phone_numbers=[], customer_reference="x")
    assert problems(caught) == [("10015", "/phone_numbers")]
    assert no_jobs(client)


def test_update_batch_selects_numbers_by_filter(server: Server, orgs: Orgs) -> None:
    org = orgs.make(
        [{"tags": ["sel"], "connection_id": "88", "connection_name": "alpha-trunk"}, {"tags": ["sel"]},
         {"tags": ["other"]}, {"tags": ["sel"], "status": "port-pending"}, {}]
    )  # fmt: skip
    other = orgs.make([{"tags": ["sel"], "customer_reference": "theirs"}])
    client = server.client(org.key)
    selected = [org.numbers[i] for i in (0, 1, 3)]
    raw = client.phone_numbers.jobs.with_raw_response.update_batch(
        phone_numbers=[], filter={"tag": "sel"}, customer_reference="by-filter"
    )
    assert raw.status_code == 202
    job = raw.parse().data
    assert job is not None and job.status == "pending"
    # Filter-created jobs show and save the resolved ids, not the filter.
    assert sorted(p.id or "" for p in job.phone_numbers or []) == sorted(n["id"] for n in selected)
    assert all(p.phone_number is None for p in job.phone_numbers or [])
    assert job.parameters is not None
    assert sorted(str(v) for v in job.parameters.phone_numbers or []) == sorted(n["id"] for n in selected)
    done = wait_for_job(client, job.id)
    assert done.status == "completed" and pairs(done.successful_operations) == targets(selected)
    assert sorted(n.id for n in client.phone_numbers.list(filter={"customer_reference": "by-filter"})) == sorted(
        n["id"] for n in selected
    )
    theirs = server.client(other.key).phone_numbers.retrieve(other.numbers[0]["id"]).data
    assert theirs is not None and theirs.customer_reference == "theirs"
    # Filters combine: the tag and the status.
    job = client.phone_numbers.jobs.update_batch(
        phone_numbers=[], filter={"tag": "sel", "status": "port-pending"}, external_pin="1111"
    ).data
    assert job is not None
    assert pairs(wait_for_job(client, job.id).successful_operations) == targets([org.numbers[3]])
    job = client.phone_numbers.jobs.update_batch(
        phone_numbers=[], filter={"voice_connection_name": {"starts_with": "alp"}}, hd_voice_enabled=True
    ).data
    assert job is not None
    assert pairs(wait_for_job(client, job.id).successful_operations) == targets([org.numbers[0]])


def test_update_batch_filter_matching_nothing_completes_empty(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    client = server.client(org.key)
    job = client.phone_numbers.jobs.update_batch(phone_numbers=[], filter={"tag": "nobody"}, external_pin="1").data
    assert job is not None and job.phone_numbers == [] and job.pending_operations == []
    done = wait_for_job(client, job.id)
    assert done.status == "completed"
    assert done.successful_operations == [] and done.failed_operations == [] and done.pending_operations == []


@pytest.mark.parametrize(
    "selector", [{"phone_number": "phone_number"}, {"phone_number": "+1 312"}, {"has_bundle": "maybe"}]
)
def test_update_batch_with_a_filter_that_cannot_match_selects_nothing(
    server: Server, orgs: Orgs, selector: dict[str, str]
) -> None:
    """Filter values the SDK's types allow are taken; one that cannot match selects no number."""
    org = orgs.make([{}, {}])
    client = server.client(org.key)
    job = client.phone_numbers.jobs.update_batch(
        phone_numbers=[],
        filter=selector,
        external_pin="1",  # type: ignore[arg-type]
    ).data
    assert job is not None and job.phone_numbers == []
    assert wait_for_job(client, job.id).status == "completed"
    assert {n.external_pin for n in client.phone_numbers.list()} == {None}


def test_update_batch_selects_by_has_bundle(server: Server, orgs: Orgs) -> None:
    bundle = str(uuid.uuid4())  # bundle ids are unique across the server
    org = orgs.make([{"bundle_id": bundle}, {}], bundles=[{"id": bundle}])
    client = server.client(org.key)
    for value, pin, chosen in (("true", "11", 0), ("false", "22", 1)):
        job = client.phone_numbers.jobs.update_batch(
            phone_numbers=[], filter={"has_bundle": value}, external_pin=pin
        ).data
        assert job is not None and wait_for_job(client, job.id).status == "completed"
        assert client.phone_numbers.retrieve(org.numbers[chosen]["id"]).data.external_pin == pin


def test_update_batch_refuses_a_bad_filter(server: Server, orgs: Orgs) -> None:
    client = server.client(orgs.make([{}]).key)
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.jobs.update_batch(phone_numbers=[], filter={"phone_number": "12"}, external_pin="1")
    assert problems(caught) == [("10015", "filter[phone_number]")]
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.jobs.update_batch(
            phone_numbers=[], filter={"status": "sleeping"},  # type: ignore[typeddict-item]
            external_pin="1",
        )  # fmt: skip
    assert problems(caught) == [("10015", "filter[status]")]
    assert no_jobs(client)


def test_per_number_rule_failures_are_partial(server: Server, orgs: Orgs) -> None:
    """A CNAM listing needs cnam_listing_enabled: numbers with it take new details, the others fail
    with Telnyx-shaped errors and are left untouched; the job still completes."""
    org = orgs.make([{"cnam_listing": {"cnam_listing_enabled": True, "cnam_listing_details": "OLD"}}, {}, {}])
    client = server.client(org.key)
    listed, plain, plain2 = org.numbers
    job = client.phone_numbers.jobs.update_batch(
        phone_numbers=[listed["id"], plain["phone_number"], plain2["id"]],
        voice={"cnam_listing": {"cnam_listing_details": "NEW NAME"}},
    ).data
    assert job is not None
    done = wait_for_job(client, job.id)
    assert done.status == "completed"
    assert pairs(done.successful_operations) == targets([listed])
    assert done.pending_operations == []
    assert pairs(done.failed_operations) == targets([plain, plain2])
    for failed in done.failed_operations or []:
        assert failed.errors is not None and len(failed.errors) == 1
        error = failed.errors[0]
        assert (error.code, error.title) == ("10015", "Bad Request") and error.detail
        assert error.meta is not None and error.meta.url == "https://developers.telnyx.com/docs/overview/errors/10015"
    settings = client.phone_numbers.voice.retrieve(listed["id"]).data
    assert settings is not None and settings.cnam_listing is not None
    assert settings.cnam_listing.cnam_listing_details == "NEW NAME"
    untouched = client.phone_numbers.voice.retrieve(plain["id"]).data
    assert untouched is not None and untouched.cnam_listing is not None
    assert untouched.cnam_listing.cnam_listing_details is None and untouched.cnam_listing.cnam_listing_enabled is False


def test_failed_operation_pointer_is_into_the_request_body(server: Server, orgs: Orgs) -> None:
    """The CNAM rule's pointer names the field where this request carried it: under /voice."""
    org = orgs.make([{}])
    client = server.client(org.key)
    job = client.phone_numbers.jobs.update_batch(
        phone_numbers=[org.numbers[0]["id"]], voice={"cnam_listing": {"cnam_listing_details": "NAME"}}
    ).data
    assert job is not None
    done = wait_for_job(client, job.id)
    [failed] = done.failed_operations or []
    assert failed.errors is not None and failed.errors[0].source is not None
    assert failed.errors[0].source.pointer == "/voice/cnam_listing/cnam_listing_enabled"


def test_a_job_where_nothing_succeeds_is_failed(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}, {}])
    client = server.client(org.key)
    job = client.phone_numbers.jobs.update_batch(
        phone_numbers=[n["id"] for n in org.numbers], voice={"cnam_listing": {"cnam_listing_details": "NAME"}}
    ).data
    assert job is not None
    done = wait_for_job(client, job.id)
    assert done.status == "failed"
    assert done.successful_operations == [] and done.pending_operations == []
    assert pairs(done.failed_operations) == targets(org.numbers)


# -- delete_phone_numbers -----------------------------------------------------------------------


def test_delete_batch_deletes_and_reports_locked_numbers(server: Server, orgs: Orgs) -> None:
    profile = str(uuid.uuid4())
    org = orgs.make(
        [{"tags": ["del"], "messaging_profile_id": profile} for _ in range(3)]
        + [{"tags": ["del"], "messaging_profile_id": profile, "deletion_lock_enabled": True}],
        messaging_profiles=[{"id": profile, "name": "Del", "whitelisted_destinations": ["US"]}],
    )
    client = server.client(org.key)
    gone, locked = org.numbers[:3], org.numbers[3]
    raw = client.phone_numbers.jobs.with_raw_response.delete_batch(
        phone_numbers=[gone[0]["phone_number"], gone[1]["id"], gone[2]["id"], locked["phone_number"], gone[1]["id"]]
    )
    assert raw.status_code == 202
    job = raw.parse().data
    assert job is not None and (job.type, job.status) == ("delete_phone_numbers", "pending")
    assert len(job.phone_numbers or []) == 4 and pairs(job.pending_operations) == targets(org.numbers)
    assert job.parameters is not None
    assert set(job.parameters.to_dict()) == {"phone_numbers"}  # delete jobs save only their targets
    done = wait_for_job(client, job.id)
    assert done.status == "completed"
    assert pairs(done.successful_operations) == targets(gone)
    [failed] = done.failed_operations or []
    assert (failed.id, failed.phone_number) == (locked["id"], locked["phone_number"])
    assert failed.errors is not None and len(failed.errors) == 1
    error = failed.errors[0]
    assert (error.code, error.title) == ("10015", "Bad Request")
    assert error.source is not None and error.source.pointer == "/deletion_lock_enabled"
    # The deleted numbers are gone everywhere; the locked one stays.
    for record in gone:
        with pytest.raises(telnyx.NotFoundError):
            client.phone_numbers.retrieve(record["id"])
    assert [n.id for n in client.phone_numbers.list()] == [locked["id"]]
    assert [n.id for n in client.phone_numbers.list(filter={"tag": "del"})] == [locked["id"]]
    assert [n.id for n in client.phone_numbers.slim_list()] == [locked["id"]]
    assert [n.phone_number for n in client.messaging_profiles.list_phone_numbers(profile)] == [locked["phone_number"]]
    ownership = client.phone_numbers.actions.verify_ownership(phone_numbers=[n["phone_number"] for n in org.numbers])
    assert ownership.data is not None
    assert [f.id for f in ownership.data.found or []] == [locked["id"]]
    assert ownership.data.not_found == [n["phone_number"] for n in gone]
    # A job naming a deleted number is refused as a whole: it is not the organisation's any more.
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.jobs.delete_batch(phone_numbers=[gone[0]["id"]])
    assert first_error(caught)["detail"] == "You must own every number in the bulk request"


def test_delete_batch_of_only_locked_numbers_fails(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{"deletion_lock_enabled": True}, {"deletion_lock_enabled": True}])
    client = server.client(org.key)
    job = client.phone_numbers.jobs.delete_batch(phone_numbers=[n["phone_number"] for n in org.numbers]).data
    assert job is not None
    done = wait_for_job(client, job.id)
    assert done.status == "failed"
    assert done.successful_operations == [] and pairs(done.failed_operations) == targets(org.numbers)
    assert len(list(client.phone_numbers.list())) == 2


# -- update_emergency_settings ------------------------------------------------------------------


def test_emergency_settings_enable_then_disable(server: Server, orgs: Orgs) -> None:
    address = address_id()
    org = orgs.make([{}, {}], addresses=[{"id": address, "street_address": "1 Main St"}])
    client = server.client(org.key)
    ids = [n["id"] for n in org.numbers]
    raw = client.phone_numbers.jobs.with_raw_response.update_emergency_settings_batch(
        emergency_enabled=True, emergency_address_id=address, phone_numbers=[ids[0], org.numbers[1]["phone_number"]]
    )
    assert raw.status_code == 202
    job = raw.parse().data
    assert job is not None and (job.type, job.status) == ("update_emergency_settings", "pending")
    assert job.parameters is not None
    assert (job.parameters.emergency_enabled, job.parameters.emergency_address_id) == (True, address)
    done = wait_for_job(client, job.id)
    assert done.status == "completed" and pairs(done.successful_operations) == targets(org.numbers)
    for number_id in ids:
        number = client.phone_numbers.retrieve(number_id).data
        assert number is not None
        assert (number.emergency_enabled, number.emergency_address_id, number.emergency_status) == (
            True,
            address,
            "active",
        )
    assert sorted(n.id for n in client.phone_numbers.list(filter={"emergency_address_id": address})) == sorted(ids)
    off = client.phone_numbers.jobs.update_emergency_settings_batch(
        emergency_enabled=False, emergency_address_id=None, phone_numbers=ids
    ).data
    assert off is not None and off.parameters is not None
    # An explicit null is kept in the saved parameters.
    assert off.parameters.to_dict()["emergency_address_id"] is None and off.parameters.emergency_enabled is False
    assert wait_for_job(client, off.id).status == "completed"
    for number_id in ids:
        settings = client.phone_numbers.voice.retrieve(number_id).data
        assert settings is not None and settings.emergency is not None
        assert (settings.emergency.emergency_enabled, settings.emergency.emergency_status) == (False, "disabled")
    # Disabling with the address left out is accepted too.
    again = client.phone_numbers.jobs.update_emergency_settings_batch(emergency_enabled=False, phone_numbers=ids).data
    assert again is not None and again.parameters is not None
    assert "emergency_address_id" not in again.parameters.to_dict()
    assert wait_for_job(client, again.id).status == "completed"


def test_emergency_settings_rules(server: Server, orgs: Orgs) -> None:
    foreign = address_id()
    orgs.make([], addresses=[{"id": foreign}])
    mine = address_id()
    org = orgs.make([{}], addresses=[{"id": mine}])
    client = server.client(org.key)
    numbers = [org.numbers[0]["id"]]
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.jobs.update_emergency_settings_batch(emergency_enabled=True, phone_numbers=numbers)
    assert problems(caught) == [("10004", "/emergency_address_id")]
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.jobs.update_emergency_settings_batch(
            emergency_enabled=True, emergency_address_id=None, phone_numbers=numbers
        )
    assert problems(caught) == [("10004", "/emergency_address_id")]
    for unknown in (foreign, "1"):
        with pytest.raises(telnyx.UnprocessableEntityError) as caught:
            client.phone_numbers.jobs.update_emergency_settings_batch(
                emergency_enabled=True, emergency_address_id=unknown, phone_numbers=numbers
            )
        assert problems(caught) == [("10017", "/emergency_address_id")]
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.jobs.update_emergency_settings_batch(
            emergency_enabled=False, emergency_address_id=mine, phone_numbers=numbers
        )
    assert problems(caught) == [("10015", "/emergency_address_id")]
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.post("/phone_numbers/jobs/update_emergency_settings", body={"phone_numbers": numbers}, cast_to=object)
    assert problems(caught) == [("10004", "/emergency_enabled")]
    assert no_jobs(client)
    number = client.phone_numbers.retrieve(numbers[0]).data
    assert number is not None and number.emergency_enabled is False


# -- rules shared by the three POSTs ------------------------------------------------------------


def test_the_thousand_number_limit(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{} for _ in range(1000)])
    client = server.client(org.key)
    ids = [n["id"] for n in org.numbers]
    too_many = [*ids, "+13125550000"]
    calls = (
        lambda numbers: client.phone_numbers.jobs.update_batch(phone_numbers=numbers, external_pin="1"),
        lambda numbers: client.phone_numbers.jobs.delete_batch(phone_numbers=numbers),
        lambda numbers: client.phone_numbers.jobs.update_emergency_settings_batch(
            emergency_enabled=False, phone_numbers=numbers
        ),
    )
    for call in calls:
        with pytest.raises(telnyx.UnprocessableEntityError) as caught:
            call(too_many)
        error = first_error(caught)
        assert (error["code"], error["source"]) == ("10015", {"pointer": "/phone_numbers"})
        assert error["detail"] == "1000 numbers is the maximum allowed."
        with pytest.raises(telnyx.UnprocessableEntityError) as caught:
            call([])
        assert first_error(caught)["source"] == {"pointer": "/phone_numbers"}
        assert first_error(caught)["detail"] == "You must provide at least 1 phone number."
    assert no_jobs(client)
    # Exactly 1,000 is accepted, half by id and half by number.
    given = ids[:500] + [n["phone_number"] for n in org.numbers[500:]]
    job = client.phone_numbers.jobs.update_batch(phone_numbers=given, tags=["thousand"]).data
    assert job is not None and len(job.pending_operations or []) == 1000
    done = wait_for_job(client, job.id, timeout=60)
    assert done.status == "completed" and len(done.successful_operations or []) == 1000
    assert done.failed_operations == [] and done.pending_operations == []
    page = client.phone_numbers.list(filter={"tag": "thousand"}, page_size=1)
    assert page.meta is not None and page.meta.total_results == 1000


def test_every_number_must_be_owned(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{"customer_reference": "mine"}, {}])
    other = orgs.make([{}])
    client = server.client(org.key)
    mine = org.numbers[0]["id"]
    calls = (
        lambda numbers: client.phone_numbers.jobs.update_batch(phone_numbers=numbers, customer_reference="x"),
        lambda numbers: client.phone_numbers.jobs.delete_batch(phone_numbers=numbers),
        lambda numbers: client.phone_numbers.jobs.update_emergency_settings_batch(
            emergency_enabled=False, phone_numbers=numbers
        ),
    )
    for foreign in (other.numbers[0]["id"], other.numbers[0]["phone_number"], "+15550001111", "1"):
        for call in calls:
            with pytest.raises(telnyx.UnprocessableEntityError) as caught:
                call([mine, foreign])
            error = first_error(caught)
            assert (error["code"], error["detail"], error["source"]) == (
                "10015",
                "You must own every number in the bulk request",
                {"pointer": "/phone_numbers"},
            )
    assert no_jobs(client)
    runner_caught_up(server)  # nothing was queued, so nothing can land late either
    number = client.phone_numbers.retrieve(mine).data
    assert number is not None and number.customer_reference == "mine"
    assert len(list(client.phone_numbers.list())) == 2
    assert server.client(other.key).phone_numbers.retrieve(other.numbers[0]["id"]).data is not None


def test_malformed_identifiers_are_reported_one_by_one(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    client = server.client(org.key)
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.jobs.delete_batch(phone_numbers=[org.numbers[0]["id"], "abc", "+1", "+1 312 555 0000"])
    assert problems(caught) == [("10006", "/phone_numbers/1"), ("10016", "/phone_numbers/2"),
                                ("10016", "/phone_numbers/3")]  # fmt: skip
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.jobs.delete_batch(phone_numbers=["1" * 33])
    assert problems(caught) == [("10015", "/phone_numbers/0")]
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.post("/phone_numbers/jobs/delete_phone_numbers", body={}, cast_to=object)
    assert problems(caught) == [("10004", "/phone_numbers")]
    assert no_jobs(client)


def test_unicode_digits_are_not_an_id(server: Server, orgs: Orgs) -> None:
    """'²' is a digit to str.isdigit() but not an id: a 422 for that item, never a 500."""
    client = server.client(orgs.make([{}]).key)
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.jobs.delete_batch(phone_numbers=["²"])
    assert problems(caught) == [("10006", "/phone_numbers/0")]


def test_read_only_key_cannot_create_jobs_but_can_read_them(server: Server, orgs: Orgs) -> None:
    address = address_id()
    org = orgs.make([{}], addresses=[{"id": address}])
    number = org.numbers[0]["id"]
    reader = server.client(org.read_only_key)
    for call in (
        lambda: reader.phone_numbers.jobs.update_batch(phone_numbers=[number], customer_reference="x"),
        lambda: reader.phone_numbers.jobs.delete_batch(phone_numbers=[number]),
        lambda: reader.phone_numbers.jobs.update_emergency_settings_batch(
            emergency_enabled=True, emergency_address_id=address, phone_numbers=[number]
        ),
    ):
        with pytest.raises(telnyx.PermissionDeniedError) as caught:
            call()
        assert first_error(caught)["code"] == "10010"
    assert no_jobs(reader)
    job = server.client(org.key).phone_numbers.jobs.update_batch(phone_numbers=[number], external_pin="2").data
    assert job is not None
    assert wait_for_job(reader, job.id).status == "completed"
    assert [j.id for j in reader.phone_numbers.jobs.list()] == [job.id]


def test_jobs_are_the_organisations_own(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    other = orgs.make([{}])
    client, theirs = server.client(org.key), server.client(other.key)
    job = client.phone_numbers.jobs.update_batch(phone_numbers=[org.numbers[0]["id"]], external_pin="3").data
    assert job is not None
    with pytest.raises(telnyx.NotFoundError) as caught:
        theirs.phone_numbers.jobs.retrieve(job.id)
    assert first_error(caught)["code"] == "10005"
    assert no_jobs(theirs)
    assert list(theirs.phone_numbers.jobs.list(filter={"phone_number": org.numbers[0]["phone_number"]})) == []
    assert list(theirs.phone_numbers.jobs.list(filter={"phone_number": org.numbers[0]["id"]})) == []
    assert wait_for_job(client, job.id).status == "completed"


@pytest.mark.parametrize("job_id", ["00000000-0000-4000-8000-000000000000", "not-a-job", "1", "x" * 200])
def test_unknown_job_is_404(server: Server, orgs: Orgs, job_id: str) -> None:
    with pytest.raises(telnyx.NotFoundError) as caught:
        server.client(orgs.make().key).phone_numbers.jobs.retrieve(job_id)
    assert first_error(caught)["code"] == "10005"


def test_a_bulk_update_order_is_not_a_phone_numbers_job(server: Server, orgs: Orgs) -> None:
    profile = str(uuid.uuid4())
    org = orgs.make([{}], messaging_profiles=[{"id": profile, "name": "P", "whitelisted_destinations": ["US"]}])
    client = server.client(org.key)
    order = client.messaging_numbers_bulk_updates.create(
        messaging_profile_id=profile, numbers=[org.numbers[0]["phone_number"]]
    ).data
    assert order is not None and order.order_id
    with pytest.raises(telnyx.NotFoundError):
        client.phone_numbers.jobs.retrieve(order.order_id)


def test_routes_answer_405_for_other_methods(server: Server, orgs: Orgs) -> None:
    org = orgs.make()
    headers = {"Authorization": f"Bearer {org.key}"}
    response = httpx.post(f"{server.base_url}/phone_numbers/jobs", headers=headers, json={})
    assert response.status_code == 405 and "GET" in response.headers["allow"]
    response = httpx.patch(f"{server.base_url}/phone_numbers/jobs/{uuid.uuid4()}", headers=headers, json={})
    assert response.status_code == 405 and "GET" in response.headers["allow"]


# -- with no worker: jobs stay pending ----------------------------------------------------------


@pytest.fixture(scope="module", params=engines())
def idle(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from idle_server(request.param, tmp_path_factory.mktemp(f"idle-{request.param}"))


def test_without_a_worker_jobs_stay_pending(idle: Server) -> None:
    org = Orgs(idle).make([{}, {}])
    client = idle.client(org.key)
    job = client.phone_numbers.jobs.update_batch(phone_numbers=[n["id"] for n in org.numbers], external_pin="5").data
    assert job is not None and job.status == "pending"
    time.sleep(0.3)  # noqa: TID251 (no runner to wait for: time for one started by mistake to show itself)
    again = client.phone_numbers.jobs.retrieve(job.id).data
    assert again is not None and again.status == "pending"
    assert pairs(again.pending_operations) == targets(org.numbers) and again.successful_operations == []
    assert [j.id for j in client.phone_numbers.jobs.list(filter={"status": ["pending"]})] == [job.id]
    assert list(client.phone_numbers.jobs.list(filter={"status": ["completed", "in_progress"]})) == []
    number = client.phone_numbers.retrieve(org.numbers[0]["id"]).data
    assert number is not None and number.external_pin is None


def test_at_most_twenty_active_update_and_delete_jobs(idle: Server) -> None:
    address = address_id()
    org = Orgs(idle).make([{} for _ in range(30)], addresses=[{"id": address}])
    client = idle.client(org.key)
    ids = [n["id"] for n in org.numbers]

    def create(i: int) -> int:
        call = client.phone_numbers.jobs.with_raw_response
        try:
            if i % 2:
                return call.delete_batch(phone_numbers=[ids[i]]).status_code
            return call.update_batch(phone_numbers=[ids[i]], external_pin=str(i)).status_code
        except telnyx.UnprocessableEntityError as exc:
            error = exc.body["errors"][0]  # type: ignore[index]
            assert (error["code"], error["source"]) == ("10015", {"pointer": "/base"})
            assert error["detail"] == "You can have at most 20 pending or in progress jobs"
            return exc.status_code

    # Created concurrently, exactly twenty get in.
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(create, range(25)))
    assert sorted(statuses) == [202] * 20 + [422] * 5
    for i in (25, 26):
        assert create(i) == 422
    page = client.phone_numbers.jobs.list(filter={"status": ["pending", "in_progress"]}, page_size=50)
    assert page.meta is not None and page.meta.total_results == 20
    # The emergency limit (500) is separate, and other organisations have their own.
    emergency = client.phone_numbers.jobs.update_emergency_settings_batch(
        emergency_enabled=True, emergency_address_id=address, phone_numbers=ids[:3]
    ).data
    assert emergency is not None and emergency.status == "pending"
    stranger = Orgs(idle).make([{}])
    job = idle.client(stranger.key).phone_numbers.jobs.delete_batch(phone_numbers=[stranger.numbers[0]["id"]]).data
    assert job is not None and job.status == "pending"


def test_etc_is_estimated_from_the_queue(idle: Server) -> None:
    org = Orgs(idle).make([{} for _ in range(200)])
    client = idle.client(org.key)
    first = client.phone_numbers.jobs.delete_batch(phone_numbers=[n["id"] for n in org.numbers[:100]]).data
    second = client.phone_numbers.jobs.update_batch(
        phone_numbers=[n["id"] for n in org.numbers[100:]], external_pin="7"
    ).data
    assert first is not None and second is not None
    assert parse_time(first.etc) > parse_time(first.created_at)
    # At least 30 s of margin plus 10 ms per number queued ahead and in the job itself.
    assert etc_offset(first) >= timedelta(seconds=31)
    assert etc_offset(second) >= timedelta(seconds=32)
    assert etc_offset(second) - etc_offset(first) >= timedelta(milliseconds=990)
