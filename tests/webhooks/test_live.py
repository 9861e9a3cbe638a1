"""Webhooks through live servers on each engine: events queued in the server's database are
delivered by its dispatcher, signed so the SDK verifies them, and listed by
`client.webhook_deliveries` with every filter (strict response validation); retries and failover
on the admin clock; the public key through the admin API and the CLI; the seed's key checked."""

from __future__ import annotations

import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import telnyx

from telconf.store.webhooks import delivery_id
from telconf.testing.receiver import WebhookReceiver
from telconf.testing.server import TelconfServer

from ..support import Orgs, Server
from .live import queue, wait_attempts
from .support import PUBLIC_KEY, SIGNING_KEY


def test_deliveries_are_signed_listed_and_filtered(
    server: Server, orgs: Orgs, webhook_receiver: WebhookReceiver
) -> None:
    org = orgs.make(webhook_signing_key=SIGNING_KEY)
    sent, other_sent, finalized = queue(
        server.database_url, org.name, [webhook_receiver.url], ["message.sent", "message.sent", "message.finalized"]
    )
    for event in (sent, other_sent, finalized):
        got = webhook_receiver.wait_for(where=lambda d, e=event: d.json["data"]["id"] == e.id)
        verified = got.unwrap(server.client(org.key), key=PUBLIC_KEY)
        assert verified.data.event_type == event.event_type and verified.meta.delivered_to == webhook_receiver.url
    client = server.client(org.key)
    wait_attempts(client, finalized, 1)
    listed = client.webhook_deliveries.list()
    assert listed.meta is not None and listed.meta.total_results == 3
    assert {d.webhook.id for d in listed.data} == {sent.id, other_sent.id, finalized.id}
    one = client.webhook_deliveries.retrieve(delivery_id(sent.id)).data
    assert one.status == "delivered" and one.webhook.event_type == "message.sent"
    assert one.webhook.payload == sent.payload and one.webhook.record_type == "event"
    assert one.started_at is not None and one.finished_at is not None and one.record_type == "webhook_delivery"
    (attempt,) = one.attempts
    assert attempt.status == "delivered" and attempt.errors == [] and attempt.http.response.status == 200
    assert attempt.http.request.url == webhook_receiver.url
    assert "telnyx-signature-ed25519" in {name for name, _ in attempt.http.request.headers}

    def ids(**query: Any) -> set[str]:
        return {d.webhook.id for d in client.webhook_deliveries.list(**query).data}

    assert ids(filter={"status": {"eq": "delivered"}}) == {sent.id, other_sent.id, finalized.id}
    assert ids(filter={"status": {"eq": "failed"}}) == set()
    assert ids(filter={"event_type": "message.finalized"}) == {finalized.id}
    assert ids(filter={"event_type": "message.finalized,message.sent"}) == {sent.id, other_sent.id, finalized.id}
    assert ids(filter={"webhook": {"contains": sent.payload["id"]}}) == {sent.id}
    assert ids(filter={"webhook": {"contains": "Hello, world"}}) == {sent.id, other_sent.id, finalized.id}
    assert len(ids(filter={"attempts": {"contains": str(webhook_receiver.port)}})) == 3
    assert ids(filter={"attempts": {"contains": "no-such-thing"}}) == set()
    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    earlier = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    assert len(ids(filter={"started_at": {"gte": earlier, "lte": later}, "finished_at": {"gte": earlier}})) == 3
    assert ids(filter={"started_at": {"gte": later}}) == set()
    assert ids(filter={"finished_at": {"lte": earlier}}) == set()
    page = client.webhook_deliveries.list(page_size=2, page_number=2)
    assert len(page.data) == 1 and page.meta.total_pages == 2 and page.meta.page_number == 2
    assert len(list(client.webhook_deliveries.list(page_size=1))) == 3  # auto-paging walks every page


def test_another_organisation_sees_none_and_bad_filters_are_refused(
    server: Server, orgs: Orgs, webhook_receiver: WebhookReceiver
) -> None:
    org, stranger = orgs.make(), orgs.make()
    (event,) = queue(server.database_url, org.name, [webhook_receiver.url], ["message.sent"])
    webhook_receiver.wait_for("message.sent")
    theirs = server.client(stranger.key)
    assert theirs.webhook_deliveries.list().data == []
    with pytest.raises(telnyx.NotFoundError):
        theirs.webhook_deliveries.retrieve(delivery_id(event.id))
    with pytest.raises(telnyx.NotFoundError):
        server.client(org.key).webhook_deliveries.retrieve("not-a-uuid")
    mine = server.client(org.key)
    bad = [
        {"status": {"eq": "pending"}},
        {"started_at": {"gte": "yesterday"}},
        {"event_type": ","},
        {"webhook": {"contains": "x" * 257}},
    ]
    for flt in bad:
        with pytest.raises(telnyx.UnprocessableEntityError) as refused:
            mine.webhook_deliveries.list(filter=flt)  # type: ignore[arg-type]
        assert refused.value.body["errors"][0]["source"]["parameter"].startswith("filter[")  # type: ignore[index]
    with pytest.raises(telnyx.UnprocessableEntityError):
        mine.webhook_deliveries.list(page_size=251)


def test_retries_then_failover_on_the_admin_clock_and_a_pending_delivery_shows_no_status(
    telconf_server: TelconfServer, webhook_receiver: WebhookReceiver
) -> None:
    name = f"org-{uuid.uuid4().hex[:8]}"
    key = f"KEY{uuid.uuid4().hex}{uuid.uuid4().hex}"
    telconf_server.seed({"organizations": [{"name": name, "api_keys": [{"key": key}]}]})
    public_key = telconf_server.admin.webhook_public_key(name)
    client = telconf_server.client(key)
    frozen = telconf_server.admin.freeze_clock()["now"]
    with WebhookReceiver() as failover:
        webhook_receiver.status = 503
        urls = [webhook_receiver.url, failover.url]
        (event,) = queue(telconf_server.database_url, name, urls, ["message.sent"], now=frozen)
        pending = wait_attempts(client, event, 1)
        assert pending.status is None and pending.attempts[0].status == "failed"
        assert pending.attempts[0].http.response.status == 503
        telconf_server.admin.advance_clock(5)
        wait_attempts(client, event, 2)
        telconf_server.admin.advance_clock(30)
        done = wait_attempts(client, event, 4)
        got = failover.wait_for("message.sent")
        assert got.unwrap(client, key=public_key).meta.attempt == 4
    assert done.status == "delivered"
    assert [a.status for a in done.attempts] == ["delivered", "failed", "failed", "failed"]
    assert [a.http.request.url for a in done.attempts] == [failover.url] + [webhook_receiver.url] * 3
    assert client.webhook_deliveries.list(filter={"status": {"eq": "delivered"}}).data[0].id == done.id


def test_the_public_key_is_shown_by_the_admin_api_and_the_cli(telconf_server: TelconfServer) -> None:
    name = f"org-{uuid.uuid4().hex[:8]}"
    telconf_server.seed({"organizations": [{"name": name, "webhook_signing_key": SIGNING_KEY}]})
    listed = {org["name"]: org for org in telconf_server.admin.orgs()}
    assert listed[name]["webhook_public_key"] == PUBLIC_KEY
    assert all(len(org["webhook_public_key"]) == 44 for org in listed.values())  # every organisation has one
    shown = subprocess.run(
        [sys.executable, "-m", "telconf", "orgs", "public-key", name, "--database", telconf_server.database_url],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == PUBLIC_KEY


@pytest.mark.parametrize("value", ["", "not base64!", "AAAA", SIGNING_KEY.rstrip("="), 42])
def test_a_bad_signing_key_in_a_seed_is_refused_with_a_clear_error(telconf_server: TelconfServer, value: Any) -> None:
    from telconf.admin.client import AdminError

    with pytest.raises(AdminError, match="webhook_signing_key: must be the standard base64 of a 32-byte"):
        telconf_server.seed({"organizations": [{"name": f"org-{uuid.uuid4().hex[:8]}", "webhook_signing_key": value}]})


def test_a_reset_keeps_every_organisations_public_key(telconf_server: TelconfServer) -> None:
    before = {org["name"]: org["webhook_public_key"] for org in telconf_server.admin.orgs()}
    telconf_server.reset()
    assert {org["name"]: org["webhook_public_key"] for org in telconf_server.admin.orgs()} == before
