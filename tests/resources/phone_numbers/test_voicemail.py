"""GET/POST/PATCH /phone_numbers/{id}/voicemail through the official SDK: settings exist once
created, are kept per number and organisation, and go with the number."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import telnyx

from ...support import Orgs, Server
from ..messaging_profiles.records import problems


def _codes(caught: pytest.ExceptionInfo[telnyx.APIStatusError]) -> list[str]:
    return [e["code"] for e in caught.value.body["errors"]]  # type: ignore[index]


def test_retrieve_before_create_is_404_and_create_fills_the_defaults(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}, {}])
    client = server.client(org.key)
    number_id = org.numbers[0]["id"]
    with pytest.raises(telnyx.NotFoundError) as missing:
        client.phone_numbers.voicemail.retrieve(number_id)
    assert _codes(missing) == ["10005"]
    assert "no voicemail settings" in missing.value.body["errors"][0]["detail"]  # type: ignore[index]
    with pytest.raises(telnyx.NotFoundError):
        client.phone_numbers.voicemail.update(number_id, enabled=True)
    made = client.phone_numbers.voicemail.create(number_id).data
    assert made is not None and made.enabled is False and made.pin is None
    assert made.greeting is not None and made.greeting.mode == "default" and made.greeting.media_name is None
    raw = httpx.get(f"{server.base_url}/phone_numbers/{number_id}/voicemail",
                    headers={"Authorization": f"Bearer {org.key}"})  # fmt: skip
    assert raw.status_code == 200
    assert raw.json() == {"data": {"enabled": False, "greeting": {"media_name": None, "mode": "default"}}}
    # The other number still has none.
    with pytest.raises(telnyx.NotFoundError):
        client.phone_numbers.voicemail.retrieve(org.numbers[1]["id"])


def test_create_sets_every_field_and_a_second_create_is_refused(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    client = server.client(org.key)
    number_id = org.numbers[0]["id"]
    made = client.phone_numbers.voicemail.create(
        number_id, enabled=True, pin="1234", greeting={"mode": "custom_greeting", "media_name": "hello.mp3"}
    ).data
    assert made is not None and made.enabled is True and made.pin == "1234"
    assert made.greeting is not None and (made.greeting.mode, made.greeting.media_name) == ("custom_greeting",
                                                                                              "hello.mp3")  # fmt: skip
    with pytest.raises(telnyx.UnprocessableEntityError) as again:
        client.phone_numbers.voicemail.create(number_id, enabled=False, pin="9999")
    assert _codes(again) == ["10012"]
    kept = client.phone_numbers.voicemail.retrieve(number_id).data
    assert kept == made


def test_update_changes_only_what_is_sent_and_merges_the_greeting(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    client = server.client(org.key)
    number_id = org.numbers[0]["id"]
    client.phone_numbers.voicemail.create(number_id, enabled=True, pin="0000")
    with_media = client.phone_numbers.voicemail.update(number_id, greeting={"media_name": "later.wav"}).data
    assert with_media is not None and with_media.greeting is not None
    assert (with_media.greeting.mode, with_media.greeting.media_name) == ("default", "later.wav")
    assert with_media.enabled is True and with_media.pin == "0000"
    # The media name sent before is enough for the custom mode now.
    custom = client.phone_numbers.voicemail.update(number_id, greeting={"mode": "custom_greeting"}, pin="4321").data
    assert custom is not None and custom.greeting is not None
    assert (custom.greeting.mode, custom.greeting.media_name, custom.pin) == ("custom_greeting", "later.wav", "4321")
    off = client.phone_numbers.voicemail.update(number_id, enabled=False).data
    assert off is not None and off.enabled is False and off.pin == "4321"
    # An empty body (Node's bare PATCH) changes nothing.
    response = httpx.patch(
        f"{server.base_url}/phone_numbers/{number_id}/voicemail",
        content=b"",
        headers={"Authorization": f"Bearer {org.key}", "Content-Type": "application/json"},
    )
    assert response.status_code == 200 and response.json()["data"] == off.to_dict()
    assert client.phone_numbers.voicemail.retrieve(number_id).data == off


def test_invalid_fields_are_422_with_pointers_and_change_nothing(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}, {}])
    client = server.client(org.key)
    first, second = org.numbers[0]["id"], org.numbers[1]["id"]
    with pytest.raises(telnyx.UnprocessableEntityError) as custom:
        client.phone_numbers.voicemail.create(first, greeting={"mode": "custom_greeting"})
    assert problems(custom) == [("10004", "/greeting/media_name")]
    with pytest.raises(telnyx.NotFoundError):
        client.phone_numbers.voicemail.retrieve(first)  # nothing was created
    with pytest.raises(telnyx.UnprocessableEntityError) as bad:
        client.phone_numbers.voicemail.create(
            first, extra_body={"enabled": "yes", "pin": 1234, "greeting": {"mode": "loud", "media_name": ""}}
        )
    assert problems(bad) == [("10015", "/enabled"), ("10015", "/greeting/media_name"), ("10015", "/greeting/mode"),
                             ("10015", "/pin")]  # fmt: skip
    client.phone_numbers.voicemail.create(second, pin="1")
    with pytest.raises(telnyx.UnprocessableEntityError) as cleared:
        client.phone_numbers.voicemail.update(second, extra_body={"pin": None, "greeting": None})
    assert problems(cleared) == [("10015", "/greeting"), ("10015", "/pin")]
    with pytest.raises(telnyx.UnprocessableEntityError) as unmade:
        client.phone_numbers.voicemail.update(second, greeting={"mode": "custom_greeting", "media_name": None})
    assert problems(unmade) == [("10004", "/greeting/media_name")]
    kept = client.phone_numbers.voicemail.retrieve(second).data
    assert kept is not None and kept.pin == "1" and kept.greeting is not None and kept.greeting.mode == "default"
    with pytest.raises(telnyx.UnprocessableEntityError) as nul:
        client.phone_numbers.voicemail.update(second, pin="12\x0034")
    assert problems(nul) == [("10015", "/pin")]
    # Read-only and unknown fields are ignored.
    client.phone_numbers.voicemail.update(second, extra_body={"record_type": "voicemail", "id": "x"})


def test_voicemail_is_tenant_scoped_and_read_only_keys_cannot_write(server: Server, orgs: Orgs) -> None:
    mine, theirs = orgs.make([{}]), orgs.make([{}])
    client, other = server.client(mine.key), server.client(theirs.key)
    number_id = mine.numbers[0]["id"]
    client.phone_numbers.voicemail.create(number_id, enabled=True, pin="2468")
    for call in (
        lambda: other.phone_numbers.voicemail.retrieve(number_id),
        lambda: other.phone_numbers.voicemail.create(number_id, pin="1"),
        lambda: other.phone_numbers.voicemail.update(number_id, pin="1"),
    ):
        with pytest.raises(telnyx.NotFoundError) as foreign:
            call()
        assert foreign.value.body["errors"][0]["detail"] == "Phone number not found."  # type: ignore[index]
    for raw in ("not-a-number", "99999999999999999999", "1"):
        with pytest.raises(telnyx.NotFoundError):
            client.phone_numbers.voicemail.retrieve(raw)
    read_only = server.client(mine.read_only_key)
    got = read_only.phone_numbers.voicemail.retrieve(number_id).data
    assert got is not None and got.pin == "2468"
    with pytest.raises(telnyx.PermissionDeniedError):
        read_only.phone_numbers.voicemail.update(number_id, pin="1")
    with pytest.raises(telnyx.PermissionDeniedError):
        server.client(theirs.read_only_key).phone_numbers.voicemail.create(theirs.numbers[0]["id"])
    assert client.phone_numbers.voicemail.retrieve(number_id).data == got


def test_settings_go_with_the_number(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    client = server.client(org.key)
    number_id = org.numbers[0]["id"]
    client.phone_numbers.voicemail.create(number_id, enabled=True)
    client.phone_numbers.delete(number_id)
    with pytest.raises(telnyx.NotFoundError) as gone:
        client.phone_numbers.voicemail.retrieve(number_id)
    assert gone.value.body["errors"][0]["detail"] == "Phone number not found."  # type: ignore[index]


def test_concurrent_creates_make_one_record(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    number_id = org.numbers[0]["id"]

    def create(pin: str) -> int:
        response = httpx.post(f"{server.base_url}/phone_numbers/{number_id}/voicemail", json={"pin": pin},
                              headers={"Authorization": f"Bearer {org.key}"})  # fmt: skip
        return response.status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = sorted(pool.map(create, [str(i) for i in range(8)]))
    assert statuses == [200] + [422] * 7
    assert server.client(org.key).phone_numbers.voicemail.retrieve(number_id).data is not None
