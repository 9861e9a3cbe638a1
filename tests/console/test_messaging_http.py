"""The Messages and Webhook deliveries pages over HTTP without a browser (in-process, both engines):
what each session sees, "Reply as the handset" and re-deliver with their CSRF and scope rules, and
another organisation's conversation or delivery as missing as none."""

from __future__ import annotations

import re
from typing import Any

import httpx

from telconf.testing.receiver import WebhookReceiver
from telconf.testing.server import TelconfServer

from .conftest import CONSOLE, csrf_of, make_org
from .seeding import ConsoleOrg
from .test_http import signed_in

HANDSET = "+13125550147"


def sender(org: ConsoleOrg) -> str:
    return str(org.numbers[0]["phone_number"])  # active, on the profile


def send(server: TelconfServer, org: ConsoleOrg, text: str, to: str = HANDSET) -> Any:
    return server.client(org.key).messages.send(from_=sender(org), to=to, text=text).data


def conversation(org: ConsoleOrg, to: str = HANDSET) -> str:
    return CONSOLE + f"/messages/{sender(org)}/{to}"


def with_webhook(server: TelconfServer, org: ConsoleOrg, receiver: WebhookReceiver) -> None:
    server.client(org.key).messaging_profiles.update(org.profile_id, webhook_url=receiver.url)


def test_conversations_newest_first_and_a_conversations_messages(console_server: TelconfServer) -> None:
    org = make_org(console_server)
    send(console_server, org, "first to one", "+13125550101")
    send(console_server, org, "hello to two", "+13125550102")
    sent = send(console_server, org, "again to one", "+13125550101")
    http = signed_in(console_server, org.key)
    listing = http.get(CONSOLE + "/messages")
    assert listing.status_code == 200 and "<h1>Messages</h1>" in listing.text
    assert listing.text.index("again to one") < listing.text.index("hello to two")  # newest first
    assert "first to one" not in listing.text  # a conversation shows its last message only
    page = http.get(conversation(org, "+13125550101")).text
    assert page.index("again to one") < page.index("first to one") and "hello to two" not in page
    assert sent.id in page and "outbound" in page and "0.0070 USD" in page
    assert http.get(CONSOLE + "/messages/+13125550199/+13125550101").status_code == 404
    assert http.get(CONSOLE + "/messages?before=nonsense").status_code == 422


def test_a_key_sees_only_its_own_conversations(console_server: TelconfServer) -> None:
    mine, theirs = make_org(console_server), make_org(console_server)
    send(console_server, theirs, "their secret")
    http = signed_in(console_server, mine.key)
    assert "their secret" not in http.get(CONSOLE + "/messages").text
    assert http.get(conversation(theirs)).status_code == 404
    token = csrf_of(http.get(CONSOLE + "/messages").text)
    assert http.post(conversation(theirs), data={"csrf": token, "text": "hi"}).status_code == 404
    theirs_uuid = theirs.uuid(console_server.client(theirs.key))
    assert http.get(CONSOLE + f"/messages?org={theirs_uuid}").status_code == 404
    admin = signed_in(console_server, console_server.admin_token)
    assert "their secret" in admin.get(conversation(theirs), params={"org": theirs_uuid}).text


def test_reply_as_the_handset_fires_message_received(console_server: TelconfServer) -> None:
    org = make_org(console_server)
    send(console_server, org, "Are you coming?")
    with WebhookReceiver() as receiver:
        with_webhook(console_server, org, receiver)
        http = signed_in(console_server, org.key)
        page = http.get(conversation(org)).text
        assert http.post(conversation(org), data={"text": "Yes!"}).status_code == 403  # no CSRF token
        answer = http.post(conversation(org), data={"csrf": csrf_of(page), "text": "Yes!"})
        assert answer.status_code == 303
        shown = http.get(answer.headers["location"]).text
        assert "Received from " + HANDSET in shown and shown.index("Yes!") < shown.index("Are you coming?")
        event = receiver.wait_for("message.received", where=lambda d: d.payload["text"] == "Yes!")
        assert event.payload["from"]["phone_number"] == HANDSET and event.payload["to"][0]["phone_number"] == sender(
            org
        )
        refused = http.post(conversation(org), data={"csrf": csrf_of(page), "text": ""})
        assert refused.status_code == 422 and "text" in refused.text


def test_a_read_only_key_sees_but_cannot_reply_or_redeliver(console_server: TelconfServer) -> None:
    org = make_org(console_server)
    send(console_server, org, "Read me")
    http = signed_in(console_server, org.read_only_key)
    page = http.get(conversation(org)).text
    assert "Read me" in page and "A read-only key cannot reply." in page
    assert http.post(conversation(org), data={"csrf": csrf_of(page), "text": "no"}).status_code == 403
    deliveries, _ = delivery_ids(http)
    assert deliveries == []  # the profile has no webhook URL: nothing was queued
    assert "<td>inbound" not in http.get(conversation(org)).text  # nothing was received


def delivery_ids(http: httpx.Client, **params: str) -> tuple[list[str], str]:
    page = http.get(CONSOLE + "/webhooks", params=params)
    assert page.status_code == 200, page.text
    return re.findall(r'aria-label="Delivery ([0-9a-f-]{36})"', page.text), page.text


def test_deliveries_their_attempts_and_redelivery(console_server: TelconfServer) -> None:
    org, other = make_org(console_server), make_org(console_server)
    with WebhookReceiver() as receiver:
        with_webhook(console_server, org, receiver)
        sent = send(console_server, org, "Tracked")
        first = receiver.wait_for("message.sent", where=lambda d: d.payload["id"] == sent.id)
        http = signed_in(console_server, org.key)
        wanted = {"status": "delivered", "event_type": "message.sent"}
        for _ in range(200):  # the dispatcher records the attempt just after the receiver answers
            ids, _ = delivery_ids(http, **wanted)
            if ids:
                break
        assert len(ids) == 1
        path = CONSOLE + f"/webhooks/{ids[0]}"
        page = http.get(path).text
        assert "Attempt 1" in page and "telnyx-signature-ed25519" in page and receiver.url in page
        assert first.headers["telnyx-signature-ed25519"] in page and "Response: 200" in page
        assert http.get(CONSOLE + "/webhooks", params={"status": "bogus"}).status_code == 422
        assert http.post(path + "/redeliver", data={}).status_code == 403  # no CSRF token
        again = http.post(path + "/redeliver", data={"csrf": csrf_of(page)})
        assert again.status_code == 303 and not again.headers["location"].startswith(path)
        assert "Queued again" in http.get(again.headers["location"]).text
        second = receiver.wait_for("message.sent", where=lambda d: d.payload["id"] == sent.id, count=2)
        assert second.json["data"]["id"] == first.json["data"]["id"]  # the same event, delivered again
        ro = signed_in(console_server, org.read_only_key)
        assert "Attempt 1" in ro.get(path).text
        assert ro.post(path + "/redeliver", data={"csrf": csrf_of(ro.get(path).text)}).status_code == 403
        stranger = signed_in(console_server, other.key)
        assert stranger.get(path).status_code == 404
        assert stranger.post(path + "/redeliver", data={"csrf": csrf_of(ro.get(path).text)}).status_code == 403
        token = csrf_of(stranger.get(CONSOLE + "/webhooks").text)
        assert stranger.post(path + "/redeliver", data={"csrf": token}).status_code == 404
        assert delivery_ids(stranger)[0] == []


def test_older_conversations_are_paged_by_cursor_and_counted_today(console_server: TelconfServer) -> None:
    org = make_org(console_server)
    handsets = [f"+1312555{n:04d}" for n in range(26)]
    for n, handset in enumerate(handsets):
        send(console_server, org, f"note {n}", handset)
    http = signed_in(console_server, org.key)
    first = http.get(CONSOLE + "/messages").text
    assert first.count('aria-label="Conversation of') == 25 and "note 25" in first and "note 0<" not in first
    older = re.search(r'href="([^"]+)" rel="next">Older conversations', first)
    assert older is not None
    second = http.get(older.group(1).replace("&amp;", "&")).text
    assert second.count('aria-label="Conversation of') == 1 and "note 0" in second
    assert "26 messages</a>" in http.get(CONSOLE + "/").text  # Messages today on the Overview
