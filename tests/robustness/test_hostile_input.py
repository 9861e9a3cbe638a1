"""Input a client could send on purpose or by accident: nesting far beyond any Telnyx body, digits
of other scripts, trailing newlines, page numbers past any offset, bytes that are not HTTP, and
the HEAD and OPTIONS methods. Each is a 4xx in the `errors[]` envelope (or a plain success), never
a 500, on every engine."""

from __future__ import annotations

import socket
from typing import Any

import httpx
import pytest
import telnyx

from telconf.json_depth import MAX_DEPTH

from ..resources.mobile_phone_numbers.records import mobile
from ..support import Orgs, Server

DEEP = "[" * 1000 + "]" * 1000


def _send(server: Server, key: str, method: str, path: str, content: str | bytes | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    return httpx.request(method, server.base_url + path, content=content, headers=headers)


def _codes(response: httpx.Response) -> list[str]:
    return [e["code"] for e in response.json()["errors"]]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PATCH", "/phone_numbers/{id}"),
        ("PATCH", "/phone_numbers/{id}/voice"),
        ("POST", "/phone_numbers/actions/verify_ownership"),
        ("POST", "/phone_numbers/jobs/update_phone_numbers"),
        ("POST", "/messaging_profiles"),
    ],
)
def test_a_body_nested_a_thousand_deep_is_a_400_envelope(server: Server, orgs: Orgs, method: str, path: str) -> None:
    org = orgs.make([{}])
    for key in (org.key, org.read_only_key):
        for body in (DEEP, '{"tags": ' + DEEP + "}"):
            response = _send(server, key, method, path.format(id=org.numbers[0]["id"]), body)
            assert response.status_code in (400, 403), response.text
            if response.status_code == 400:
                assert _codes(response) == ["10023"]
                assert f"{MAX_DEPTH} levels" in response.json()["errors"][0]["detail"]
    assert "Traceback" not in server.log.read_text()


def test_nesting_within_the_bound_is_read_as_usual(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    shallow = '{"tags": ["a"], "ignored": ' + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2) + "}"
    response = _send(server, org.key, "PATCH", f"/phone_numbers/{org.numbers[0]['id']}", shallow)
    assert response.status_code == 200 and response.json()["data"]["tags"] == ["a"]
    too_deep = '{"tags": ["a"], "ignored": ' + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "}"
    response = _send(server, org.key, "PATCH", f"/phone_numbers/{org.numbers[0]['id']}", too_deep)
    assert response.status_code == 400


@pytest.mark.parametrize("value", ["²", "٢", "٢٠", "１", "0x1", " 1", "1\n"])
def test_page_parameters_take_ascii_digits_only(server: Server, orgs: Orgs, value: str) -> None:
    org = orgs.make([{}])
    for path in ("/phone_numbers", "/phone_numbers/jobs", "/messaging_profiles", "/short_codes"):
        for name in ("page[number]", "page[size]"):
            response = httpx.get(
                server.base_url + path, params={name: value}, headers={"Authorization": f"Bearer {org.key}"}
            )
            assert response.status_code == 422, (path, name, response.text)
            assert response.json()["errors"][0]["source"] == {"parameter": name}


def test_a_page_far_past_the_end_is_empty_on_every_list(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    client = server.client(org.key)
    client.phone_numbers.jobs.update_batch(filter={}, phone_numbers=[org.numbers[0]["id"]], customer_reference="x")
    huge = 999_999_999_999_999_999
    jobs = client.phone_numbers.jobs.list(page_number=huge, page_size=250)
    assert jobs.data == [] and jobs.meta is not None and jobs.meta.total_results == 1
    assert client.phone_numbers.list(page_number=huge, page_size=250).data == []
    assert client.messaging_profiles.list(page_number=huge, page_size=250).data == []


NEWLINE = "+13125550100\n"
ARABIC_DIGITS = "+1٣١٢٥٥٥٠١٠٠"


@pytest.mark.parametrize("number", [NEWLINE, ARABIC_DIGITS])
def test_e164_means_ascii_digits_and_nothing_after(server: Server, orgs: Orgs, number: str) -> None:
    org = orgs.make([{}])
    client = server.client(org.key)
    number_id = org.numbers[0]["id"]
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.voice.update(number_id, call_forwarding={"forwards_to": number})
    assert _error(caught) == ("10016", "/call_forwarding/forwards_to")
    assert client.phone_numbers.voice.retrieve(number_id).data.call_forwarding.forwards_to is None  # type: ignore[union-attr]

    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.actions.verify_ownership(phone_numbers=[number])
    assert _error(caught) == ("10016", "/phone_numbers/0")

    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.jobs.delete_batch(phone_numbers=[number])
    assert _error(caught) == ("10016", "/phone_numbers/0")


def test_a_mobile_number_refuses_forwarding_to_a_number_with_a_newline(server: Server, orgs: Orgs) -> None:
    record = mobile()
    client = server.client(orgs.make(mobile_phone_numbers=[record]).key)
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.mobile_phone_numbers.update(record["id"], call_forwarding={"forwards_to": NEWLINE})
    assert _error(caught) == ("10016", "/call_forwarding/forwards_to")


@pytest.mark.parametrize(
    ("fields", "pointer"),
    [
        ({"name": "evil\n"}, "/name"),
        ({"name": "ok", "alpha_sender": "ACME\n"}, "/alpha_sender"),
        ({"name": "ok", "daily_spend_limit": "10\n"}, "/daily_spend_limit"),
        ({"name": "ok", "whitelisted_destinations": ["US\n"]}, "/whitelisted_destinations/0"),
    ],
)
def test_profile_text_formats_refuse_a_trailing_newline(
    server: Server, orgs: Orgs, fields: dict[str, Any], pointer: str
) -> None:
    client = server.client(orgs.make().key)
    fields = {"whitelisted_destinations": ["US"], **fields}
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.messaging_profiles.create(**fields)
    assert pointer in [e["source"]["pointer"] for e in caught.value.body["errors"]]  # type: ignore[index]
    assert client.messaging_profiles.list().data == []


def _error(caught: pytest.ExceptionInfo[telnyx.UnprocessableEntityError]) -> tuple[str, str]:
    error = caught.value.body["errors"][0]  # type: ignore[index]
    return error["code"], error["source"]["pointer"]


def test_a_request_that_is_not_http_gets_the_envelope(server: Server) -> None:
    not_http = (b"GET /v2/phone_numbers HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", b"\x16\x03\x01\x00\xa5\x01\r\n\r\n")
    for raw in not_http:
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall(raw)
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 400") and b"content-type: application/json" in head.lower()
        assert httpx.Response(400, content=body).json()["errors"][0]["code"] == "10015"


def test_head_is_get_without_a_body_and_options_lists_the_methods(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    headers = {"Authorization": f"Bearer {org.key}"}
    url = f"{server.base_url}/phone_numbers/{org.numbers[0]['id']}"
    got = httpx.get(url, headers=headers)
    head = httpx.head(url, headers=headers)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == got.headers["content-length"]
    assert httpx.head(url).status_code == 401  # the same key is needed

    options = httpx.options(url)
    assert options.status_code == 204
    assert set(options.headers["allow"].split(", ")) == {"GET", "HEAD", "PATCH", "DELETE", "OPTIONS"}
    refused = httpx.put(url, headers=headers)
    assert refused.status_code == 405 and "OPTIONS" in refused.headers["allow"]
