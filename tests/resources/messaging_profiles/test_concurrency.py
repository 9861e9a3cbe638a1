"""Concurrent writes to one profile lose nothing, and a profile is never deleted from under a
short code that joins it at the same moment."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import telnyx

from ...support import Orgs, Server
from .records import profile, short_code


def test_concurrent_updates_of_different_fields_all_survive(server: Server, orgs: Orgs) -> None:
    seeded = profile("Before", url_shortener_settings={"domain": "acct.fyi"})
    profile_id = seeded["id"]
    org = orgs.make(messaging_profiles=[seeded])
    clients = [server.client(org.key, max_retries=3) for _ in range(20)]
    changes: list[dict[str, Any]] = [
        {"name": "After"},
        {"enabled": False},
        {"webhook_url": "https://example.com/a"},
        {"webhook_failover_url": "https://example.com/b"},
        {"webhook_api_version": "1"},
        {"whitelisted_destinations": ["GB", "IE"]},
        {"alpha_sender": "Acme"},
        {"daily_spend_limit": "9.99"},
        {"daily_spend_limit_enabled": True},
        {"mms_fall_back_to_sms": True},
        {"mms_transcoding": True},
        {"mobile_only": True},
        {"smart_encoding": True},
        {"v1_secret": "abcdefghijklmnopqrstuvwx"},
        {"redaction_enabled": True},
        {"redaction_level": 1},
        {"ai_assistant_id": "assistant-1"},
        {"number_pool_settings": {"geomatch": True}},
        {"number_pool_settings": {"sticky_sender": True}},
        {"url_shortener_settings": {"send_webhooks": True}},
        {"url_shortener_settings": {"prefix": "cmpny"}},
        {"features": {"a": 1}},
        {"features": {"b": 2}},
    ]
    writes: list[Callable[[telnyx.Telnyx], object]] = [
        lambda c, body=body: c.messaging_profiles.update(profile_id, extra_body=body) for body in changes
    ]
    with ThreadPoolExecutor(len(clients)) as pool:
        for _ in range(3):
            list(pool.map(lambda i: writes[i](clients[i % len(clients)]), range(len(writes))))
    final = clients[0].messaging_profiles.retrieve(profile_id).data
    assert final is not None
    document = final.to_dict()
    for body in changes:
        for field, value in body.items():
            if isinstance(value, dict):
                assert value.items() <= document[field].items(), field
            else:
                assert document[field] == value, field


def test_binding_a_short_code_races_deleting_its_profile_safely(server: Server, orgs: Orgs) -> None:
    """Either the bind wins (and the delete is refused) or the delete wins (and the bind fails with
    10017): a short code never points at a deleted profile."""
    rounds = 8
    targets = [profile(f"Target {i}") for i in range(rounds)]
    codes = [short_code() for _ in range(rounds)]
    org = orgs.make(messaging_profiles=targets, short_codes=codes)
    clients = [server.client(org.key) for _ in range(2)]

    def bind(i: int) -> object:
        try:
            return clients[0].short_codes.update(codes[i]["id"], messaging_profile_id=targets[i]["id"])
        except telnyx.UnprocessableEntityError as exc:
            return exc

    def delete(i: int) -> object:
        try:
            return clients[1].messaging_profiles.delete(targets[i]["id"])
        except telnyx.UnprocessableEntityError as exc:
            return exc

    with ThreadPoolExecutor(2) as pool:
        for i in range(rounds):
            bound, deleted = pool.submit(bind, i), pool.submit(delete, i)
            bound.result(), deleted.result()
    client = clients[0]
    remaining = {p.id for p in client.messaging_profiles.list()}
    for code, target in zip(codes, targets, strict=True):
        current = client.short_codes.retrieve(code["id"]).data
        assert current is not None
        if target["id"] in remaining:
            assert current.messaging_profile_id == target["id"]
        else:
            assert current.messaging_profile_id is None
