"""client.phone_numbers.csv_downloads through the official SDK: a download is created pending,
written in the background, and its `url` serves the CSV of the numbers its filter selects, in the
columns of its format, to the organisation's keys only."""

from __future__ import annotations

import csv
import io
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import telnyx
from telnyx.types.phone_numbers.csv_download import CsvDownload

from telconf.resources.phone_numbers.csv_downloads.models import V1_COLUMNS, V2_COLUMNS

from ...support import Orgs, Server, engines
from .job_records import idle_server, problems

POLL_SECONDS = 0.05
V1 = [header for header, _ in V1_COLUMNS]
V2 = [header for header, _ in V2_COLUMNS]


def only(download: list[CsvDownload] | None) -> CsvDownload:
    assert download is not None and len(download) == 1
    return download[0]


def wait_complete(client: telnyx.Telnyx, download_id: str, timeout: float = 60.0) -> CsvDownload:
    deadline = time.monotonic() + timeout
    while True:
        found = only(client.phone_numbers.csv_downloads.retrieve(download_id).data)
        if found.status != "pending":
            assert found.status == "complete", found
            return found
        assert time.monotonic() < deadline, f"download {download_id} still pending after {timeout} s"
        time.sleep(POLL_SECONDS)  # noqa: TID251 (polls a download the server process produces)


def fetch(url: str, key: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return httpx.get(url, headers=headers, timeout=30)


def rows_of(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert int(response.headers["content-length"]) == len(response.content)
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def header_of(response: httpx.Response) -> list[str]:
    return next(csv.reader(io.StringIO(response.content.decode())))


def export(client: telnyx.Telnyx, key: str, **params: Any) -> tuple[CsvDownload, httpx.Response]:
    created = only(client.phone_numbers.csv_downloads.create(**params).data)
    done = wait_complete(client, str(created.id))
    assert done.url is not None
    return done, fetch(done.url, key)


def test_a_download_is_created_pending_then_complete_with_every_number(server: Server, orgs: Orgs) -> None:
    org = orgs.make([
        {"tags": ["a", "b,c"], "customer_reference": 'say "hi"', "created_at": "2024-01-01T00:00:00.000Z"},
        {"connection_id": "1494404757140276705", "connection_name": "trunk", "created_at": "2024-02-01T00:00:00.000Z"},
        {"created_at": "2024-03-01T00:00:00.000Z"},
    ])  # fmt: skip
    client = server.client(org.key)
    raw = client.phone_numbers.csv_downloads.with_raw_response.create()
    assert raw.status_code == 200
    created = only(raw.parse().data)
    assert created.record_type == "csv_download" and created.status == "pending"
    assert created.id is not None and uuid.UUID(created.id)
    assert created.url == f"{server.base_url}/phone_numbers/csv_downloads/{created.id}/file"

    done = wait_complete(client, created.id)
    assert (done.id, done.url, done.record_type) == (created.id, created.url, "csv_download")
    response = fetch(created.url, org.key)
    assert header_of(response) == V1  # V1 is the default
    rows = rows_of(response)
    # Newest first, as the number list's default order; every value as the record shows it.
    assert [r["id"] for r in rows] == [n["id"] for n in reversed(org.numbers)]
    record = client.phone_numbers.retrieve(org.numbers[0]["id"]).data
    assert record is not None
    oldest = rows[-1]
    assert oldest["phone_number"] == record.phone_number and oldest["status"] == record.status
    assert oldest["tags"] == '["a","b,c"]' and oldest["customer_reference"] == 'say "hi"'
    assert oldest["deletion_lock_enabled"] == "false" and oldest["connection_id"] == ""
    assert oldest["created_at"] == "2024-01-01T00:00:00.000Z"
    assert (rows[1]["connection_id"], rows[1]["connection_name"]) == ("1494404757140276705", "trunk")
    assert response.headers["content-disposition"] == f'attachment; filename="phone_numbers-{created.id}.csv"'


def test_v2_adds_the_voice_and_messaging_settings(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{"usage_payment_method": "channel", "tech_prefix_enabled": True, "messaging_product": "P2P"}])
    client = server.client(org.key)
    _, response = export(client, org.key, csv_format="V2")
    assert header_of(response) == V2
    (row,) = rows_of(response)
    assert row["id"] == org.numbers[0]["id"]
    assert row["voice.usage_payment_method"] == "channel" and row["voice.tech_prefix_enabled"] == "true"
    assert row["messaging.messaging_product"] == "P2P"
    assert row["voice.media_features.rtp_auto_adjust_enabled"] in ("true", "false")


def test_filters_select_the_rows(server: Server, orgs: Orgs) -> None:
    address = str(uuid.uuid4().int % 10**14)
    org = orgs.make([
        {"tags": ["keep"], "status": "active", "connection_name": "Main Trunk", "connection_id": "1"},
        {"tags": ["keep"], "status": "port-pending", "customer_reference": "ref-1"},
        {"tags": ["other"], "status": "active", "usage_payment_method": "channel", "emergency_address_id": address},
        {"status": "active", "billing_group_id": "bg-1"},
    ], addresses=[{"id": address}])  # fmt: skip
    client = server.client(org.key)
    ids = [n["id"] for n in org.numbers]

    def exported(flt: dict[str, Any]) -> set[str]:
        _, response = export(client, org.key, filter=flt)
        return {r["id"] for r in rows_of(response)}

    assert exported({"tag": "keep"}) == {ids[0], ids[1]}
    assert exported({"tag": "keep", "status": "active"}) == {ids[0]}
    assert exported({"voice.connection_name": {"contains": "main"}}) == {ids[0]}
    assert exported({"voice.connection_name": {"eq": "Main Trunk"}}) == {ids[0]}
    assert exported({"connection_id": "1"}) == {ids[0]}
    assert exported({"customer_reference": "ref-1"}) == {ids[1]}
    assert exported({"voice.usage_payment_method": "channel"}) == {ids[2]}
    assert exported({"emergency_address_id": address}) == {ids[2]}
    assert exported({"billing_group_id": "null"}) == {ids[0], ids[1], ids[2]}
    assert exported({"phone_number": org.numbers[3]["phone_number"][-7:]}) == {ids[3]}
    assert exported({"phone_number": "123a"}) == set()  # non-digits: no values, as documented
    assert exported({"tag": "nobody"}) == set()


def test_a_download_larger_than_a_chunk_is_whole_and_in_order(server: Server, orgs: Orgs) -> None:
    """Several parts (a part is a hundred items of a hundred rows at most; the rows below span items)."""
    count = 250
    org = orgs.make([{"created_at": f"2023-01-01T00:{i // 60:02d}:{i % 60:02d}.000Z"} for i in range(count)])
    client = server.client(org.key)
    _, response = export(client, org.key, csv_format="V1")
    rows = rows_of(response)
    assert [r["id"] for r in rows] == [n["id"] for n in reversed(org.numbers)]


def test_list_pages_newest_first(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    client = server.client(org.key)
    made = [only(client.phone_numbers.csv_downloads.create().data) for _ in range(3)]
    for download in made:
        wait_complete(client, str(download.id))
    page = client.phone_numbers.csv_downloads.list(page_size=2)
    assert page.meta is not None and (page.meta.total_results, page.meta.total_pages) == (3, 2)
    listed = [d.id for d in client.phone_numbers.csv_downloads.list(page_size=2)]  # auto-paging
    assert sorted(listed) == sorted(d.id for d in made) and len(listed) == 3
    assert all(d.status == "complete" and d.url for d in client.phone_numbers.csv_downloads.list().data)


def test_a_read_only_key_reads_but_cannot_create(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    download, _ = export(server.client(org.key), org.key)
    reader = server.client(org.read_only_key)
    with pytest.raises(telnyx.PermissionDeniedError) as caught:
        reader.phone_numbers.csv_downloads.create()
    assert problems(caught) == [("10010", None)]
    assert only(reader.phone_numbers.csv_downloads.retrieve(str(download.id)).data).status == "complete"
    assert [d.id for d in reader.phone_numbers.csv_downloads.list()] == [download.id]
    assert download.url is not None
    assert [r["id"] for r in rows_of(fetch(download.url, org.read_only_key))] == [org.numbers[0]["id"]]


def test_another_organisation_sees_nothing(server: Server, orgs: Orgs) -> None:
    mine, theirs = orgs.make([{}]), orgs.make([{}])
    download, _ = export(server.client(mine.key), mine.key)
    other = server.client(theirs.key)
    with pytest.raises(telnyx.NotFoundError) as caught:
        other.phone_numbers.csv_downloads.retrieve(str(download.id))
    assert problems(caught) == [("10005", None)]
    assert other.phone_numbers.csv_downloads.list().data == []
    assert download.url is not None
    refused = fetch(download.url, theirs.key)
    assert refused.status_code == 404 and refused.json()["errors"][0]["code"] == "10005"
    unauthenticated = fetch(download.url, None)
    assert unauthenticated.status_code == 401 and unauthenticated.json()["errors"][0]["code"] == "10009"


def test_unknown_ids_are_404(server: Server, orgs: Orgs) -> None:
    client = server.client(orgs.make().key)
    for missing in (str(uuid.uuid4()), "not-a-uuid"):
        with pytest.raises(telnyx.NotFoundError):
            client.phone_numbers.csv_downloads.retrieve(missing)
    # A phone-numbers job is no CSV download.
    org = orgs.make([{}])
    job = server.client(org.key).phone_numbers.jobs.update_batch(phone_numbers=[org.numbers[0]["id"]], tags=["x"])
    assert job.data is not None
    with pytest.raises(telnyx.NotFoundError):
        server.client(org.key).phone_numbers.csv_downloads.retrieve(str(job.data.id))


def test_bad_parameters_are_refused_in_telnyx_envelope(server: Server, orgs: Orgs) -> None:
    client = server.client(orgs.make([{}]).key)
    downloads = client.phone_numbers.csv_downloads
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        downloads.create(extra_query={"csv_format": "V3", "filter[status]": "sleeping"})
    assert problems(caught) == [("10015", "csv_format"), ("10015", "filter[status]")]
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        downloads.create(filter={"phone_number": "12"}, extra_query={"filter[colour]": "red"})
    assert problems(caught) == [("10015", "filter[phone_number]"), ("10015", "filter[colour]")]
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        downloads.create(filter={"voice.connection_name": {"contains": "ab"}})
    assert problems(caught) == [("10015", "filter[voice.connection_name][contains]")]
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        downloads.create(extra_query={"include_managed_accounts": "perhaps"})
    assert problems(caught) == [("10015", "include_managed_accounts")]
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        downloads.list(page_size=251)
    assert problems(caught) == [("10015", "page[size]")]
    error = caught.value.body["errors"][0]  # type: ignore[index]
    assert set(error) == {"code", "title", "detail", "source", "meta"} and error["meta"]["url"].endswith("10015")


def test_managed_accounts_are_refused_with_v2_and_ignored_with_v1(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    client = server.client(org.key)
    with pytest.raises(telnyx.PermissionDeniedError) as caught:
        client.phone_numbers.csv_downloads.create(csv_format="V2", include_managed_accounts=True)
    assert problems(caught) == [("10010", None)]
    _, response = export(client, org.key, csv_format="V1", include_managed_accounts=True)
    assert header_of(response) == V1
    _, response = export(client, org.key, csv_format="V2", include_managed_accounts=False)
    assert header_of(response) == V2


@pytest.fixture(scope="module", params=engines())
def idle(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from idle_server(request.param, tmp_path_factory.mktemp(f"idle-csv-{request.param}"))


def test_a_pending_download_has_no_file_yet(idle: Server) -> None:
    org = Orgs(idle).make([{}])
    client = idle.client(org.key)
    created = only(client.phone_numbers.csv_downloads.create(csv_format="V2").data)
    assert created.status == "pending" and created.url is not None
    assert only(client.phone_numbers.csv_downloads.retrieve(str(created.id)).data).status == "pending"
    refused = fetch(created.url, org.key)
    assert refused.status_code == 404
    assert refused.json()["errors"][0]["detail"] == "The CSV download is pending: only a complete download has a file."


def test_at_most_twenty_pending_downloads(idle: Server) -> None:
    client = idle.client(Orgs(idle).make([{}]).key)
    for _ in range(20):
        client.phone_numbers.csv_downloads.create()
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.phone_numbers.csv_downloads.create()
    assert problems(caught) == [("10015", "/base")]
