"""DELETE /phone_numbers/{id} through the official SDK."""

from __future__ import annotations

import pytest
import telnyx

from ...support import Orgs, Server


def test_delete_returns_the_final_record_and_the_number_is_gone(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{"tags": ["x"]}, {"tags": ["x"]}])
    client = server.client(org.key)
    gone, kept = org.numbers[0], org.numbers[1]
    deleted = client.phone_numbers.delete(gone["id"]).data
    assert deleted is not None
    assert deleted.id == gone["id"] and deleted.status == "deleted" and deleted.phone_number == gone["phone_number"]
    with pytest.raises(telnyx.NotFoundError):
        client.phone_numbers.retrieve(gone["id"])
    with pytest.raises(telnyx.NotFoundError):
        client.phone_numbers.delete(gone["id"])
    assert [n.id for n in client.phone_numbers.list()] == [kept["id"]]
    assert [n.id for n in client.phone_numbers.list(filter={"tag": "x"})] == [kept["id"]]
    assert [n.id for n in client.phone_numbers.slim_list()] == [kept["id"]]
    result = client.phone_numbers.actions.verify_ownership(phone_numbers=[gone["phone_number"]]).data
    assert result is not None and result.not_found == [gone["phone_number"]]


def test_deletion_lock_refuses_and_keeps_the_number(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{"deletion_lock_enabled": True}])
    client = server.client(org.key)
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.delete(org.numbers[0]["id"])
    error = caught.value.body["errors"][0]  # type: ignore[index]
    assert error["code"] == "10015" and error["source"] == {"pointer": "/deletion_lock_enabled"}
    assert client.phone_numbers.retrieve(org.numbers[0]["id"]).data is not None


def test_legacy_type_is_shown_in_the_delete_responses_enum(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{"phone_number_type": "tollfree"}])
    deleted = server.client(org.key).phone_numbers.delete(org.numbers[0]["id"]).data
    assert deleted is not None and deleted.phone_number_type == "toll_free"


def test_read_only_key_and_other_organisations_cannot_delete(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    with pytest.raises(telnyx.PermissionDeniedError):
        server.client(org.read_only_key).phone_numbers.delete(org.numbers[0]["id"])
    with pytest.raises(telnyx.NotFoundError):
        server.client(orgs.make().key).phone_numbers.delete(org.numbers[0]["id"])
    assert server.client(org.key).phone_numbers.retrieve(org.numbers[0]["id"]).data is not None
