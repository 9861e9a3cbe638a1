"""Twenty PATCHes of different fields of one mobile number, fired together, lose nothing."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ...support import Orgs, Server
from .records import mobile, raw

# One field each (CNAM needs both halves, so it is one write); the last five repeat earlier writes
# with the same values, to make twenty at once.
WRITES: list[dict[str, Any]] = [
    {"call_forwarding": {"call_forwarding_enabled": False}},
    {"call_forwarding": {"forwarding_type": "on-failure"}},
    {"call_forwarding": {"forwards_to": "+13125550001"}},
    {"call_recording": {"inbound_call_recording_channels": "dual"}},
    {"call_recording": {"inbound_call_recording_enabled": True}},
    {"call_recording": {"inbound_call_recording_format": "mp3"}},
    {"cnam_listing": {"cnam_listing_enabled": True, "cnam_listing_details": "RACE"}},
    {"caller_id_name_enabled": True},
    {"connection_id": "7001"},
    {"customer_reference": "ref-race"},
    {"inbound": {"interception_app_id": "8001"}},
    {"outbound": {"interception_app_id": "8002"}},
    {"inbound_call_screening": "flag_calls"},
    {"noise_suppression": True},
    {"tags": ["concurrent"]},
]
WRITES += WRITES[:5]
EXPECTED = {
    "call_forwarding": {
        "call_forwarding_enabled": False,
        "forwarding_type": "on-failure",
        "forwards_to": "+13125550001",
    },
    "call_recording": {
        "inbound_call_recording_channels": "dual",
        "inbound_call_recording_enabled": True,
        "inbound_call_recording_format": "mp3",
    },
    "cnam_listing": {"cnam_listing_details": "RACE", "cnam_listing_enabled": True},
    "caller_id_name_enabled": True,
    "connection_id": "7001",
    "customer_reference": "ref-race",
    "inbound": {"interception_app_id": "8001", "interception_app_name": None},
    "outbound": {"interception_app_id": "8002", "interception_app_name": None},
    "inbound_call_screening": "flag_calls",
    "noise_suppression": "both",
    "tags": ["concurrent"],
}


def test_concurrent_updates_of_different_fields_all_survive(server: Server, orgs: Orgs) -> None:
    seeded = [mobile() for _ in range(3)]
    org = orgs.make(mobile_phone_numbers=seeded)
    clients = [server.client(org.key) for _ in WRITES]
    for number in seeded:  # three rounds, one number each
        start = threading.Barrier(len(WRITES))

        def write(i: int, number_id: str = number["id"], start: threading.Barrier = start) -> int:
            start.wait(timeout=30)
            clients[i].mobile_phone_numbers.update(number_id, **WRITES[i])
            return i

        with ThreadPoolExecutor(len(WRITES)) as pool:
            assert sorted(pool.map(write, range(len(WRITES)))) == list(range(len(WRITES)))
        after = raw(server, org.key, "GET", f"/mobile_phone_numbers/{number['id']}").json()["data"]
        assert {k: after[k] for k in EXPECTED} == EXPECTED
