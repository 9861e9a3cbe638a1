"""The server's clock under the admin API's control, and the journal of recent requests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from telconf.admin.client import AdminError
from telconf.admin.journal import RequestJournal
from telconf.clock import FrozenClock
from telconf.demo import PHONE_NUMBER_ID
from telconf.testing.server import TelconfServer


def test_a_frozen_clock_stamps_writes_and_advancing_moves_it(telconf_server: TelconfServer, telnyx_client: Any) -> None:
    state = telconf_server.admin.freeze_clock("2031-02-03T04:05:06.789Z")
    assert state == {"now": "2031-02-03T04:05:06.789Z", "frozen": True}
    updated = telnyx_client.phone_numbers.update(PHONE_NUMBER_ID, tags=["t1"]).data
    assert updated.updated_at == "2031-02-03T04:05:06.789Z"

    assert telconf_server.admin.advance_clock(90)["now"] == "2031-02-03T04:06:36.789Z"
    again = telnyx_client.phone_numbers.update(PHONE_NUMBER_ID, tags=["t2"]).data
    assert again.updated_at == "2031-02-03T04:06:36.789Z"

    telconf_server.admin.set_clock("2032-01-01T00:00:00Z")
    created = telnyx_client.messaging_profiles.create(name="clocked", whitelisted_destinations=["US"]).data
    assert created.created_at is not None and created.created_at.isoformat() == "2032-01-01T00:00:00+00:00"


def test_unfreeze_runs_on_from_the_frozen_moment_and_real_returns_to_now(telconf_server: TelconfServer) -> None:
    telconf_server.admin.freeze_clock("2040-06-01T00:00:00Z")
    running = telconf_server.admin.unfreeze_clock()
    assert running["frozen"] is False and running["now"].startswith("2040-06-01T00:00")
    real = telconf_server.admin.real_clock()
    assert real["frozen"] is False and not real["now"].startswith("2040")


def test_reset_returns_the_clock_to_real_time(telconf_server: TelconfServer) -> None:
    telconf_server.admin.freeze_clock("2040-06-01T00:00:00Z")
    telconf_server.reset()
    assert telconf_server.admin.clock()["frozen"] is False


def test_bad_clock_input_is_refused_with_a_pointer(telconf_server: TelconfServer) -> None:
    with pytest.raises(AdminError, match="422") as refused:
        telconf_server.admin.set_clock("next tuesday")
    assert "/at" in str(refused.value)


def test_the_journal_records_method_path_status_organisation_and_latency(
    telconf_server: TelconfServer, telnyx_client: Any
) -> None:
    telconf_server.admin.clear_requests()
    telnyx_client.phone_numbers.retrieve(PHONE_NUMBER_ID)
    telnyx_client.phone_numbers.list(filter={"tag": "support"}, page_size=5)
    with pytest.raises(Exception):  # noqa: B017 - any SDK error; the journal is what is checked
        telnyx_client.phone_numbers.retrieve("999")
    latest, listing, first = telconf_server.admin.requests(3)
    assert (first["method"], first["path"], first["status"]) == ("GET", f"/v2/phone_numbers/{PHONE_NUMBER_ID}", 200)
    assert first["organization"] == "telconf-demo" and first["latency_ms"] > 0
    assert "filter%5Btag%5D=support" in listing["query"] or "filter[tag]=support" in listing["query"]
    assert latest["status"] == 404
    assert len(telconf_server.admin.requests(1)) == 1


def test_the_journal_limit_is_bounded(telconf_server: TelconfServer) -> None:
    for bad in ("0", "1001", "x"):
        with pytest.raises(AdminError, match="422"):
            telconf_server.admin.call("GET", "/requests", limit=bad)


def test_the_journal_keeps_only_the_most_recent_entries() -> None:
    journal = RequestJournal(FrozenClock(datetime(2030, 1, 1, tzinfo=UTC)), size=3)
    for i in range(5):
        journal.add("GET", f"/v2/{i}", b"", 200, None, 0.0)
    assert [e.path for e in journal.recent(10)] == ["/v2/4", "/v2/3", "/v2/2"]
