"""GET /messaging_profiles/{id}/alphanumeric_sender_ids and POST
/messaging_profiles/{id}/actions/regenerate_secret through the official SDK."""

from __future__ import annotations

import re

import pytest
import telnyx

from ...support import Orgs, Server
from .records import meta, profile

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def test_a_profile_lists_its_alpha_sender_as_a_sender_id(server: Server, orgs: Orgs) -> None:
    branded, plain = profile("Branded", alpha_sender="Acme Co"), profile("Plain")
    org = orgs.make(messaging_profiles=[branded, plain])
    client = server.client(org.key)
    organization_id = client.messaging_profiles.retrieve(branded["id"]).data.organization_id  # type: ignore[union-attr]
    page = client.messaging_profiles.list_alphanumeric_sender_ids(branded["id"])
    assert meta(page) == {"page_number": 1, "page_size": 20, "total_pages": 1, "total_results": 1}
    [sender] = page.data
    assert sender.record_type == "alphanumeric_sender_id" and sender.alphanumeric_sender_id == "Acme Co"
    assert sender.messaging_profile_id == branded["id"] and sender.organization_id == organization_id
    assert sender.id is not None and UUID.match(sender.id) and sender.us_long_code_fallback is None
    assert "us_long_code_fallback" not in sender.to_dict()  # left out, as the Node SDK types it
    # Stable while the sender stays; a new sender is a new record; none without a sender.
    assert [s.id for s in client.messaging_profiles.list_alphanumeric_sender_ids(branded["id"])] == [sender.id]
    client.messaging_profiles.update(branded["id"], alpha_sender="Widgets")
    [renamed] = list(client.messaging_profiles.list_alphanumeric_sender_ids(branded["id"]))
    assert renamed.alphanumeric_sender_id == "Widgets" and renamed.id != sender.id
    empty = client.messaging_profiles.list_alphanumeric_sender_ids(plain["id"])
    assert empty.data == [] and meta(empty) == {"page_number": 1, "page_size": 20, "total_pages": 0,
                                                "total_results": 0}  # fmt: skip
    client.messaging_profiles.update(branded["id"], alpha_sender=None)
    assert list(client.messaging_profiles.list_alphanumeric_sender_ids(branded["id"])) == []


def test_sender_id_pages_and_errors(server: Server, orgs: Orgs) -> None:
    branded = profile("Branded", alpha_sender="Acme")
    mine, theirs = orgs.make(messaging_profiles=[branded]), orgs.make()
    client = server.client(mine.key)
    past = client.messaging_profiles.list_alphanumeric_sender_ids(branded["id"], page_number=2, page_size=1)
    assert past.data == [] and meta(past) == {"page_number": 2, "page_size": 1, "total_pages": 1, "total_results": 1}
    with pytest.raises(telnyx.UnprocessableEntityError) as bad:
        client.messaging_profiles.list_alphanumeric_sender_ids(branded["id"], page_size=251)
    assert bad.value.body["errors"][0]["source"] == {"parameter": "page[size]"}  # type: ignore[index]
    read_only = server.client(mine.read_only_key)
    assert len(list(read_only.messaging_profiles.list_alphanumeric_sender_ids(branded["id"]))) == 1
    for other_id in (branded["id"], "not-a-uuid"):
        with pytest.raises(telnyx.NotFoundError):
            server.client(theirs.key).messaging_profiles.list_alphanumeric_sender_ids(other_id)
    # Any case of the id finds the profile.
    upper = client.messaging_profiles.list_alphanumeric_sender_ids(branded["id"].upper())
    assert [s.messaging_profile_id for s in upper.data] == [branded["id"]]


def test_regenerate_secret_replaces_the_v1_secret(server: Server, orgs: Orgs) -> None:
    seeded = profile("Seeded", v1_secret="rP1VamejkU2v0qIUxntqLW2c", updated_at="2021-01-01T00:00:00.000Z")
    org = orgs.make(messaging_profiles=[seeded])
    client = server.client(org.key)
    before = client.messaging_profiles.retrieve(seeded["id"]).data
    assert before is not None and before.v1_secret == "rP1VamejkU2v0qIUxntqLW2c"
    after = client.messaging_profiles.actions.regenerate_secret(seeded["id"]).data
    assert after is not None and after.v1_secret is not None
    assert re.fullmatch(r"[A-Za-z0-9]{24}", after.v1_secret) and after.v1_secret != before.v1_secret
    assert after.updated_at is not None and before.updated_at is not None and after.updated_at > before.updated_at
    # Everything else is as it was.
    assert after.to_dict() | {"v1_secret": None, "updated_at": None} == before.to_dict() | {
        "v1_secret": None, "updated_at": None}  # fmt: skip
    kept = client.messaging_profiles.retrieve(seeded["id"]).data
    assert kept is not None and kept.v1_secret == after.v1_secret
    again = client.messaging_profiles.actions.regenerate_secret(seeded["id"]).data
    assert again is not None and again.v1_secret not in (before.v1_secret, after.v1_secret)


def test_regenerate_secret_needs_a_write_key_and_the_profile_of_the_caller(server: Server, orgs: Orgs) -> None:
    seeded = profile("Seeded", v1_secret="rP1VamejkU2v0qIUxntqLW2c")
    mine, theirs = orgs.make(messaging_profiles=[seeded]), orgs.make()
    with pytest.raises(telnyx.PermissionDeniedError) as denied:
        server.client(mine.read_only_key).messaging_profiles.actions.regenerate_secret(seeded["id"])
    assert denied.value.body["errors"][0]["code"] == "10010"  # type: ignore[index]
    for other_id in (seeded["id"], "not-a-uuid", "00000000-0000-4000-8000-000000000000"):
        with pytest.raises(telnyx.NotFoundError) as missing:
            server.client(theirs.key).messaging_profiles.actions.regenerate_secret(other_id)
        assert missing.value.body["errors"][0]["code"] == "10005"  # type: ignore[index]
    kept = server.client(mine.key).messaging_profiles.retrieve(seeded["id"]).data
    assert kept is not None and kept.v1_secret == "rP1VamejkU2v0qIUxntqLW2c"
