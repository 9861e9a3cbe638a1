"""POST /phone_numbers/actions/verify_ownership through the official SDK."""

from __future__ import annotations

import pytest
import telnyx

from ...support import Orgs, Server


def test_found_and_not_found(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}, {}, {"status": "ported-out"}])
    other = orgs.make([{}])
    client = server.client(org.read_only_key)
    mine, also_mine, ported = (n["phone_number"] for n in org.numbers)
    theirs = other.numbers[0]["phone_number"]
    result = client.phone_numbers.actions.verify_ownership(
        phone_numbers=[mine, theirs, "+15550000000", also_mine, mine, ported]
    ).data
    assert result is not None
    assert result.record_type == "number_ownership_verification"
    assert [(f.id, f.number_val_e164) for f in result.found or []] == [
        (org.numbers[0]["id"], mine),
        (org.numbers[1]["id"], also_mine),
    ]
    assert result.not_found == [theirs, "+15550000000", ported]


def test_malformed_numbers_are_reported_one_by_one(server: Server, orgs: Orgs) -> None:
    client = server.client(orgs.make().key)
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.actions.verify_ownership(phone_numbers=["+13125550001", "3125550001", "+1 312 555"])
    errors = caught.value.body["errors"]  # type: ignore[index]
    assert [(e["code"], e["source"]["pointer"]) for e in errors] == [
        ("10016", "/phone_numbers/1"),
        ("10016", "/phone_numbers/2"),
    ]


def test_list_length_is_bounded(server: Server, orgs: Orgs) -> None:
    client = server.client(orgs.make().key)
    for numbers in ([], [f"+1312555{i:04d}" for i in range(1001)]):
        with pytest.raises(telnyx.UnprocessableEntityError) as caught:
            client.phone_numbers.actions.verify_ownership(phone_numbers=numbers)
        assert caught.value.body["errors"][0]["source"] == {"pointer": "/phone_numbers"}  # type: ignore[index]
    ok = client.phone_numbers.actions.verify_ownership(phone_numbers=[f"+1312555{i:04d}" for i in range(1000)])
    assert ok.data is not None and len(ok.data.not_found or []) == 1000


def test_missing_field_is_reported(server: Server, orgs: Orgs) -> None:
    client = server.client(orgs.make().key)
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.post("/phone_numbers/actions/verify_ownership", body={}, cast_to=object)
    error = caught.value.body["errors"][0]  # type: ignore[index]
    assert error["code"] == "10004" and error["source"] == {"pointer": "/phone_numbers"}
