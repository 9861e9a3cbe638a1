"""DELETE /messaging_profiles/{id}: refused while in use, else the final record."""

from __future__ import annotations

import pytest
import telnyx

from ...support import Orgs, Server, unique_digits
from .records import problems, profile, short_code


def test_delete_returns_the_profile_and_it_is_gone(server: Server, orgs: Orgs) -> None:
    doomed, kept = profile("Doomed", alpha_sender="Bye"), profile("Kept")
    org = orgs.make(messaging_profiles=[doomed, kept])
    client = server.client(org.key)
    deleted = client.messaging_profiles.delete(doomed["id"]).data
    assert deleted is not None and deleted.id == doomed["id"] and deleted.alpha_sender == "Bye"
    assert deleted.record_type == "messaging_profile"
    for call in (client.messaging_profiles.retrieve, client.messaging_profiles.delete):
        with pytest.raises(telnyx.NotFoundError):
            call(doomed["id"])
    with pytest.raises(telnyx.NotFoundError):
        client.messaging_profiles.update(doomed["id"], name="x")
    assert [p.name for p in client.messaging_profiles.list()] == ["Kept"]


@pytest.mark.parametrize(
    ("numbers", "short_codes", "detail"),
    [
        (2, 0, "2 phone numbers, 0 mobile phone numbers and 0 short codes"),
        (0, 1, "0 phone numbers, 0 mobile phone numbers and 1 short code"),
        (1, 3, "1 phone number, 0 mobile phone numbers and 3 short codes"),
    ],
)
def test_a_profile_in_use_is_not_deleted(
    server: Server, orgs: Orgs, numbers: int, short_codes: int, detail: str
) -> None:
    used = profile("Used")
    org = orgs.make(
        [{"messaging_profile_id": used["id"]} for _ in range(numbers)] + [{}],
        messaging_profiles=[used],
        short_codes=[short_code(messaging_profile_id=used["id"]) for _ in range(short_codes)] + [short_code()],
    )
    client = server.client(org.key)
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.messaging_profiles.delete(used["id"])
    assert problems(caught) == [("10021", None)]
    error = caught.value.body["errors"][0]  # type: ignore[index]
    assert error["title"] == "Resource in use" and detail in error["detail"]
    # Nothing was unbound.
    assert client.messaging_profiles.retrieve(used["id"]).data is not None
    assert len(list(client.messaging_profiles.list_phone_numbers(used["id"]))) == numbers
    assert len(list(client.short_codes.list(filter={"messaging_profile_id": used["id"]}))) == short_codes


def test_mobile_numbers_keep_their_profile_in_use(server: Server, orgs: Orgs) -> None:
    used = profile("Used by a mobile number")
    mobile = {"phone_number": f"+1720{unique_digits()}{unique_digits():03d}1", "messaging_profile_id": used["id"]}
    org = orgs.make([], messaging_profiles=[used], mobile_phone_numbers=[mobile])
    client = server.client(org.key)
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.messaging_profiles.delete(used["id"])
    assert "1 mobile phone number" in caught.value.body["errors"][0]["detail"]  # type: ignore[index]
    [settings] = list(client.mobile_phone_numbers.messaging.list())
    assert settings.messaging_profile_id == used["id"]


def test_a_profile_can_be_deleted_once_its_users_move(server: Server, orgs: Orgs) -> None:
    used = profile("Used")
    code = short_code(messaging_profile_id=used["id"])
    org = orgs.make([{"messaging_profile_id": used["id"]}], messaging_profiles=[used], short_codes=[code])
    client = server.client(org.key)
    client.phone_numbers.messaging.update(org.numbers[0]["id"], messaging_profile_id="")
    with pytest.raises(telnyx.UnprocessableEntityError):
        client.messaging_profiles.delete(used["id"])
    client.short_codes.update(code["id"], messaging_profile_id="")
    assert client.messaging_profiles.delete(used["id"]).data is not None


def test_read_only_key_cannot_delete(server: Server, orgs: Orgs) -> None:
    seeded = profile()
    org = orgs.make(messaging_profiles=[seeded])
    with pytest.raises(telnyx.PermissionDeniedError):
        server.client(org.read_only_key).messaging_profiles.delete(seeded["id"])
    assert server.client(org.key).messaging_profiles.retrieve(seeded["id"]).data is not None


def test_another_organisations_profile_cannot_be_deleted(server: Server, orgs: Orgs) -> None:
    theirs = profile("Theirs")
    owner = orgs.make(messaging_profiles=[theirs])
    with pytest.raises(telnyx.NotFoundError):
        server.client(orgs.make().key).messaging_profiles.delete(theirs["id"])
    assert server.client(owner.key).messaging_profiles.retrieve(theirs["id"]).data is not None
