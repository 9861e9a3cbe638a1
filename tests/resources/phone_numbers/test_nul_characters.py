"""Text holding NUL is refused with a 422 naming the field or parameter, on every engine alike
(PostgreSQL cannot store or compare it: these were 500s there, found by the OpenAPI ring)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import telnyx

from ...support import Orgs, Server

NUL = "a\x00b"


def _send(server: Server, key: str, method: str, path: str, body: Any = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key}"}
    return httpx.request(method, server.base_url + path, json=body, headers=headers)


@pytest.mark.parametrize(
    ("method", "path", "body", "pointer"),
    [
        ("PATCH", "", {"customer_reference": NUL}, "/customer_reference"),
        ("PATCH", "", {"connection_id": NUL}, "/connection_id"),
        ("PATCH", "", {"address_id": NUL}, "/address_id"),
        ("PATCH", "", {"tags": ["ok", NUL]}, "/tags/1"),
        ("PATCH", "/messaging", {"messaging_profile_id": NUL}, "/messaging_profile_id"),
        ("PATCH", "/messaging", {"tags": [NUL]}, "/tags/0"),
        ("POST", "/actions/enable_emergency", {"emergency_address_id": NUL, "emergency_enabled": True},
         "/emergency_address_id"),
        ("PATCH", "/actions/bundle_status_change", {"bundle_id": NUL}, "/bundle_id"),
    ],
)  # fmt: skip
def test_nul_in_a_number_body_is_422(
    server: Server, orgs: Orgs, method: str, path: str, body: dict[str, Any], pointer: str
) -> None:
    org = orgs.make([{}])
    response = _send(server, org.key, method, f"/phone_numbers/{org.numbers[0]['id']}{path}", body)
    assert response.status_code == 422
    assert [e["source"]["pointer"] for e in response.json()["errors"]] == [pointer]


def test_nul_only_in_a_field_telconf_does_not_know_is_ignored_like_the_field(server: Server, orgs: Orgs) -> None:
    """Fields the operation does not know are ignored, NUL in them too: the change goes through."""
    org = orgs.make([{}])
    extra = {"not_a_field": NUL, "extra": {"deep": [NUL]}}
    number = server.client(org.key).phone_numbers.update(org.numbers[0]["id"], customer_reference="kept",
                                                         extra_body=extra).data  # fmt: skip
    assert number is not None and number.customer_reference == "kept"


def test_every_bad_field_of_a_body_is_reported_not_only_the_first(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    with pytest.raises(telnyx.UnprocessableEntityError) as refused:
        server.client(org.key).phone_numbers.update(
            org.numbers[0]["id"], extra_body={"customer_reference": 5, "tags": ["ok", 7], "connection_id": NUL}
        )
    pointers = sorted(e["source"]["pointer"] for e in refused.value.body["errors"])  # type: ignore[index]
    assert pointers == ["/connection_id", "/customer_reference", "/tags/1"]


@pytest.mark.parametrize(
    ("path", "body", "pointer"),
    [
        ("/phone_numbers/jobs/update_phone_numbers", {"customer_reference": NUL}, "/customer_reference"),
        ("/phone_numbers/jobs/update_emergency_settings", {"emergency_enabled": True, "emergency_address_id": NUL},
         "/emergency_address_id"),
    ],
)  # fmt: skip
def test_nul_in_a_batch_body_is_422(server: Server, orgs: Orgs, path: str, body: dict[str, Any], pointer: str) -> None:
    org = orgs.make([{}])
    response = _send(server, org.key, "POST", path, {"phone_numbers": [org.numbers[0]["id"]], **body})
    assert response.status_code == 422
    assert pointer in [e["source"]["pointer"] for e in response.json()["errors"]]


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/phone_numbers", "filter[tag]"),
        ("/phone_numbers", "filter[customer_reference]"),
        ("/phone_numbers/slim", "filter[billing_group_id]"),
        ("/phone_numbers/voice", "filter[connection_name][contains]"),
        ("/phone_numbers/messaging", "filter[messaging_profile_id]"),
        ("/phone_numbers/messaging", "filter[phone_number][contains]"),
    ],
)
def test_nul_in_a_list_filter_is_422_naming_it(server: Server, orgs: Orgs, path: str, parameter: str) -> None:
    org = orgs.make([{}])
    response = httpx.get(
        server.base_url + path, params={parameter: "abc\x00def"}, headers={"Authorization": f"Bearer {org.key}"}
    )
    assert response.status_code == 422
    assert [e["source"]["parameter"] for e in response.json()["errors"]] == [parameter]


def test_nul_in_a_batch_selector_is_422(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    response = httpx.post(
        f"{server.base_url}/phone_numbers/jobs/update_phone_numbers",
        params={"filter[tag]": NUL},
        json={"tags": ["x"]},
        headers={"Authorization": f"Bearer {org.key}"},
    )
    assert response.status_code == 422
    assert [e["source"].get("parameter") for e in response.json()["errors"]] == ["filter[tag]"]


@pytest.mark.parametrize("job_id", ["a%00b", "not-a-uuid", "00000000-0000-4000-8000-00000000000"])
def test_a_job_id_that_is_no_uuid_is_404(server: Server, orgs: Orgs, job_id: str) -> None:
    org = orgs.make()
    response = _send(server, org.key, "GET", f"/phone_numbers/jobs/{job_id}")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "10005"


def test_a_job_id_is_matched_in_any_case(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    created = _send(server, org.key, "POST", "/phone_numbers/jobs/update_phone_numbers",
                    {"phone_numbers": [org.numbers[0]["id"]], "tags": ["x"]})  # fmt: skip
    job_id = created.json()["data"]["id"]
    response = _send(server, org.key, "GET", f"/phone_numbers/jobs/{job_id.upper()}")
    assert response.status_code == 200
    assert response.json()["data"]["id"] == job_id


def test_the_sdk_sees_nul_refused_and_job_ids_matched_in_any_case(server: Server, orgs: Orgs) -> None:
    """The same rules as the SDK meets them (the cases above pin every field over raw HTTP)."""
    org = orgs.make([{}])
    client = server.client(org.key)
    number_id = org.numbers[0]["id"]
    with pytest.raises(telnyx.UnprocessableEntityError) as refused:
        client.phone_numbers.update(number_id, customer_reference=NUL)
    assert [e["source"]["pointer"] for e in refused.value.body["errors"]] == ["/customer_reference"]  # type: ignore[index]
    with pytest.raises(telnyx.UnprocessableEntityError) as refused:
        client.phone_numbers.list(filter={"tag": NUL})
    assert [e["source"]["parameter"] for e in refused.value.body["errors"]] == ["filter[tag]"]  # type: ignore[index]
    job = client.phone_numbers.jobs.update_batch(phone_numbers=[number_id], tags=["x"]).data
    assert job is not None and job.id is not None
    found = client.phone_numbers.jobs.retrieve(job.id.upper()).data
    assert found is not None and found.id == job.id
    with pytest.raises(telnyx.NotFoundError):
        client.phone_numbers.jobs.retrieve("not-a-uuid")
