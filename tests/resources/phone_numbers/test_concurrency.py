"""Concurrent PATCHes of different fields of one number lose nothing."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import telnyx

from ...support import Orgs, Server
from .list_records import meta


def test_concurrent_updates_of_different_fields_all_survive(server: Server, orgs: Orgs) -> None:
    org = orgs.make([{}])
    number_id = org.numbers[0]["id"]
    clients = [server.client(org.key, max_retries=3) for _ in range(8)]
    writes: list[Callable[[telnyx.Telnyx], object]] = [
        lambda c: c.phone_numbers.update(number_id, customer_reference="ref-1"),
        lambda c: c.phone_numbers.update(number_id, external_pin="4321"),
        lambda c: c.phone_numbers.update(number_id, hd_voice_enabled=True),
        lambda c: c.phone_numbers.update(number_id, billing_group_id="bg-1"),
        lambda c: c.phone_numbers.voice.update(number_id, tech_prefix_enabled=True),
        lambda c: c.phone_numbers.voice.update(number_id, translated_number="+13125550000"),
        lambda c: c.phone_numbers.voice.update(number_id, usage_payment_method="channel"),
        lambda c: c.phone_numbers.voice.update(number_id, inbound_call_screening="reject_calls"),
        lambda c: c.phone_numbers.voice.update(number_id, caller_id_name_enabled=True),
        lambda c: c.phone_numbers.voice.update(number_id, call_forwarding={"forwards_to": "+13125550001"}),
        lambda c: c.phone_numbers.voice.update(number_id, call_forwarding={"forwarding_type": "on-failure"}),
        lambda c: c.phone_numbers.voice.update(number_id, call_recording={"inbound_call_recording_format": "mp3"}),
        lambda c: c.phone_numbers.voice.update(number_id, call_recording={"inbound_call_recording_channels": "dual"}),
        lambda c: c.phone_numbers.voice.update(number_id, media_features={"accept_any_rtp_packets_enabled": True}),
        lambda c: c.phone_numbers.voice.update(number_id, media_features={"t38_fax_gateway_enabled": True}),
        lambda c: c.phone_numbers.messaging.update(number_id, messaging_product="P2P"),
        lambda c: c.phone_numbers.messaging.update(number_id, tags=["concurrent"]),
    ]
    with ThreadPoolExecutor(len(clients)) as pool:
        for _ in range(3):
            list(pool.map(lambda i: writes[i](clients[i % len(clients)]), range(len(writes))))
    client = clients[0]
    core = client.phone_numbers.retrieve(number_id).data
    voice = client.phone_numbers.voice.retrieve(number_id).data
    messaging = client.phone_numbers.messaging.retrieve(number_id).data
    assert core is not None and voice is not None and messaging is not None
    assert (core.customer_reference, core.external_pin, core.hd_voice_enabled, core.billing_group_id) == (
        "ref-1", "4321", True, "bg-1",
    )  # fmt: skip
    assert core.caller_id_name_enabled is True and core.tags == ["concurrent"]
    assert voice.tech_prefix_enabled is True and voice.translated_number == "+13125550000"
    assert voice.usage_payment_method == "channel" and voice.inbound_call_screening == "reject_calls"
    assert voice.call_forwarding is not None and voice.call_recording is not None and voice.media_features is not None
    assert (voice.call_forwarding.forwards_to, voice.call_forwarding.forwarding_type) == ("+13125550001", "on-failure")
    recording = voice.call_recording
    assert (recording.inbound_call_recording_format, recording.inbound_call_recording_channels) == ("mp3", "dual")
    assert voice.media_features.accept_any_rtp_packets_enabled and voice.media_features.t38_fax_gateway_enabled
    assert messaging.messaging_product == "P2P"


def test_many_numbers_updated_at_once_each_answer_with_their_own_values(server: Server, orgs: Orgs) -> None:
    # Under load, PostgreSQL PATCHes of the same fields share a statement (store/write_batches.py);
    # each caller still sees its own number, its own values, and the lists count every change.
    org = orgs.make([{"tags": ["old"]} for _ in range(48)])
    ids = [n["id"] for n in org.numbers]
    clients = [server.client(org.key, max_retries=0) for _ in range(16)]

    def patch(i: int) -> tuple[str, str | None, list[str]]:
        tags = ["even", f"team-{i % 4}"] if i % 2 == 0 else ["odd"]
        number = clients[i % len(clients)].phone_numbers.update(ids[i], customer_reference=f"ref-{i}", tags=tags).data
        assert number is not None
        return number.id or "", number.customer_reference, list(number.tags or [])

    with ThreadPoolExecutor(len(clients)) as pool:
        answers = list(pool.map(patch, range(len(ids))))
    for i, (number_id, reference, tags) in enumerate(answers):
        expected = ["even", f"team-{i % 4}"] if i % 2 == 0 else ["odd"]
        assert (number_id, reference, tags) == (ids[i], f"ref-{i}", expected)
    client = clients[0]
    for tag, count in (("even", 24), ("odd", 24), ("team-0", 12), ("old", 0)):
        page = client.phone_numbers.list(filter={"tag": tag}, page_size=50)
        assert meta(page)["total_results"] == count, tag
        assert len(page.data) == count
    found = client.phone_numbers.list(filter={"customer_reference": "ref-7"}).data
    assert [n.id for n in found] == [ids[7]]
