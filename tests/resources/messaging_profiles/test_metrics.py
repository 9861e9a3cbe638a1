"""client.messaging_profiles.retrieve_metrics: what a profile's messages add up to over a time frame
ending at the server's clock, through the SDK with strict validation, on both engines. Messages
are written straight into the server's database (the sending path is tested on its own)."""

from __future__ import annotations

from typing import Any

import pytest
import telnyx

from telconf.testing.server import TelconfServer

from ..clocked import clocked_orgs
from .messages import Message, insert_messages
from .records import profile

NOW = "2026-06-01T12:00:00.000Z"


def _at(hh_mm: str, day: str = "2026-06-01") -> str:
    return f"{day}T{hh_mm}:00.000Z"


def _traffic(mine: str, other: str) -> list[Message]:
    out, inbound = "outbound", "inbound"
    return [
        Message(out, mine, _at("11:50"), "delivered", cost="0.0040"),
        Message(out, mine, _at("11:30"), "delivered", parts=2, cost="0.0080"),
        Message(out, mine, _at("11:05"), "delivery_failed", cost="0.0040"),
        Message(out, mine, _at("11:55"), "sending_failed", from_number="+18005550100"),
        Message(out, mine, _at("11:59"), "queued", from_number="12345", cost="0.0100"),
        Message(out, mine, _at("11:59"), "sent", from_number="Acme", cost="0.0050"),
        Message(out, mine, _at("11:58"), "scheduled"),
        Message(inbound, mine, _at("11:45"), "webhook_delivered", "+13125550111", "+13125550100", cost="0.0010"),
        Message(out, mine, _at("11:00"), "delivered"),  # the window's start is exclusive
        Message(out, mine, "2026-06-01T12:00:00.001Z", "delivered"),  # after now
        Message(out, mine, _at("10:00"), "delivered", cost="0.0040"),  # within 3h
        Message(out, mine, _at("13:00", "2026-05-30"), "expired"),  # within 3d
        Message(out, other, _at("11:50"), "delivered"),  # another profile
    ]


def _metrics(client: Any, profile_id: str, **query: Any) -> dict[str, Any]:
    data = client.messaging_profiles.retrieve_metrics(profile_id, **query).data
    assert isinstance(data, dict)
    return data


def test_metrics_add_up_the_profiles_messages(telconf_server: TelconfServer) -> None:
    server = telconf_server
    mine, other = profile("Mine"), profile("Other")
    org = clocked_orgs(server).make(
        [{"messaging_profile_id": mine["id"]}, {"messaging_profile_id": mine["id"], "phone_number_type": "toll_free"},
         {"messaging_profile_id": other["id"]}],
        messaging_profiles=[mine, other],
    )  # fmt: skip
    server.admin.freeze_clock(NOW)
    insert_messages(server.database_url, org.name, _traffic(mine["id"], other["id"]))
    client = server.client(org.read_only_key, max_retries=0)  # a read: read-only keys may
    hour = _metrics(client, mine["id"], time_frame="1h")
    assert (hour["time_frame"], hour["interval_seconds"]) == ("1h", 300)
    assert (hour["start_time"], hour["end_time"]) == ("2026-06-01T11:00:00.000Z", NOW)
    assert hour["overview"] == {
        "record_type": "messaging_profile_metrics",
        "messaging_profile_id": mine["id"],
        "phone_numbers": 2,
        "outbound": {
            "sent": 6, "delivered": 2, "failed": 2, "errors": 0.3333, "delivery_rate": 0.3333, "parts": 7,
            "cost": {"amount": "0.0310", "currency": "USD"},
            "by_status": {"delivered": 2, "delivery_failed": 1, "queued": 1, "scheduled": 1, "sending_failed": 1,
                          "sent": 1},
        },
        "inbound": {"received": 1, "parts": 1, "cost": {"amount": "0.0010", "currency": "USD"}},
    }  # fmt: skip
    intervals = {i["timestamp"][11:16]: i["metrics"] for i in hour["detailed"]}
    assert list(intervals) == [f"{h:02d}:{m:02d}" for h, m in [(11, m) for m in range(0, 60, 5)] + [(12, 0)]]
    assert intervals["11:05"] == [{"label": "longcode", "sent": 1, "delivered": 0, "errors": 1.0, "received": 0}]
    assert intervals["11:45"] == [{"label": "longcode", "sent": 0, "delivered": 0, "errors": 0.0, "received": 1}]
    assert intervals["11:55"] == [
        {"label": "alphanumeric", "sent": 1, "delivered": 0, "errors": 0.0, "received": 0},
        {"label": "shortcode", "sent": 1, "delivered": 0, "errors": 0.0, "received": 0},
        {"label": "tollfree", "sent": 1, "delivered": 0, "errors": 1.0, "received": 0},
    ]  # the scheduled message at 11:58 shows in by_status only
    assert intervals["11:00"] == intervals["12:00"] == []
    three_hours = _metrics(client, mine["id"], time_frame="3h")
    assert three_hours["overview"]["outbound"]["sent"] == 8 and three_hours["interval_seconds"] == 900
    day = _metrics(client, mine["id"])  # 24h by default, hourly
    assert day["time_frame"] == "24h" and day["overview"]["outbound"]["sent"] == 8
    assert [i["timestamp"] for i in day["detailed"]][:2] == ["2026-05-31T12:00:00.000Z", "2026-05-31T13:00:00.000Z"]
    assert day["detailed"][-1] == {"timestamp": "2026-06-01T12:00:00.000Z", "metrics": []}
    three_days = _metrics(client, mine["id"], time_frame="3d")
    assert three_days["overview"]["outbound"]["failed"] == 3 and three_days["overview"]["outbound"]["sent"] == 9
    assert three_days["overview"]["outbound"]["by_status"]["expired"] == 1
    assert len(_metrics(client, mine["id"], time_frame="30d")["detailed"]) == 31  # daily, from 2 May to 1 June


def test_a_quiet_profile_has_zeros_and_bad_calls_are_refused(telconf_server: TelconfServer) -> None:
    server = telconf_server
    mine, theirs = profile("Quiet"), profile("Theirs")
    clocked_orgs(server).make(messaging_profiles=[theirs])
    org = clocked_orgs(server).make(messaging_profiles=[mine])
    client = server.client(org.key, max_retries=0)
    quiet = _metrics(client, mine["id"], time_frame="7d")
    assert quiet["overview"]["outbound"] == {
        "sent": 0, "delivered": 0, "failed": 0, "errors": 0.0, "delivery_rate": 0.0, "parts": 0,
        "cost": {"amount": "0.00", "currency": "USD"}, "by_status": {},
    }  # fmt: skip
    assert quiet["overview"]["phone_numbers"] == 0 and quiet["interval_seconds"] == 86_400
    assert all(i["metrics"] == [] for i in quiet["detailed"]) and len(quiet["detailed"]) in (7, 8)
    with pytest.raises(telnyx.UnprocessableEntityError) as caught:
        client.messaging_profiles.retrieve_metrics(mine["id"], time_frame="2h")  # type: ignore[arg-type]
    assert caught.value.body["errors"][0]["source"] == {"parameter": "time_frame"}  # type: ignore[index]
    for profile_id in (theirs["id"], "00000000-0000-4000-8000-000000000000", "nope"):
        with pytest.raises(telnyx.NotFoundError):
            client.messaging_profiles.retrieve_metrics(profile_id)
