"""Injected time and randomness (clock.py, ids.py): what tests move instead of sleeping, and the
seeded sources that make a run repeatable."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, cast

from telconf.admin.faults import FaultRule, FaultRules
from telconf.clock import ControllableClock, FrozenClock, iso
from telconf.errors import Unauthorized
from telconf.http.auth import KEY_CACHE_SECONDS, Authenticator
from telconf.ids import Ids, jitter, seeded
from telconf.store.orgs import KeyOwner, OrgStore, hash_key


def test_timestamps_read_as_telnyx_writes_them_utc_milliseconds_z() -> None:
    assert iso(datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)) == "2026-01-02T03:04:05.678Z"
    assert iso(datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2)))) == "2026-01-02T01:04:05.000Z"
    assert iso(datetime(1970, 1, 1, tzinfo=UTC)) == "1970-01-01T00:00:00.000Z"
    assert iso(datetime(9000, 1, 1, tzinfo=UTC)) == "9000-01-01T00:00:00.000Z"


def test_elapsed_time_moves_with_advance_only_forward_and_runs_while_frozen() -> None:
    clock = ControllableClock()
    start, start_unix = clock.monotonic(), clock.unix()
    clock.advance(60)
    assert clock.monotonic() - start >= 60 and clock.unix() - start_unix >= 60
    moved = clock.monotonic()
    clock.advance(-3600)  # the date goes back; elapsed time does not
    clock.set(datetime(2001, 1, 1, tzinfo=UTC))
    clock.freeze()
    clock.reset()
    assert clock.monotonic() >= moved


def test_a_frozen_clock_stands_still_until_advanced() -> None:
    clock = FrozenClock(datetime(2030, 1, 1, tzinfo=UTC))
    assert clock.monotonic() == clock.monotonic() == clock.unix()
    before = clock.unix()
    clock.advance(1.5)
    assert clock.unix() - before == 1.5 and clock.now() == datetime(2030, 1, 1, 0, 0, 1, 500_000, tzinfo=UTC)


class OneKey:
    """An OrgStore knowing one key, which can be revoked; counts lookups."""

    def __init__(self, key: str) -> None:
        self.owner: KeyOwner | None = KeyOwner(1, "org-uuid", "read_write", hash_key(key), "org")
        self.lookups = 0

    async def owner_of(self, digest: str) -> KeyOwner | None:
        self.lookups += 1
        return self.owner if self.owner and self.owner.key_hash == digest else None


def test_a_revoked_key_stops_working_once_the_clock_outlasts_the_key_cache() -> None:
    store, clock = OneKey("KEYabc"), ControllableClock()
    auth = Authenticator(cast(OrgStore, store), clock)

    async def run() -> Any:
        assert (await auth.principal("Bearer KEYabc")).org_id == 1
        store.owner = None  # revoked
        assert (await auth.principal("Bearer KEYabc")).org_id == 1  # remembered
        clock.advance(KEY_CACHE_SECONDS)
        try:
            await auth.principal("Bearer KEYabc")
        except Unauthorized:
            return "refused"
        return "accepted"

    assert asyncio.run(run()) == "refused" and store.lookups == 2


def test_seeded_ids_repeat_and_request_ids_are_hex() -> None:
    first, second = Ids(seeded(7)), Ids(seeded(7))
    assert [first.uuid(), first.request_id(), first.numeric()] == [second.uuid(), second.request_id(), second.numeric()]
    assert re.fullmatch(r"[0-9a-f]{32}", Ids().request_id())
    assert all(0.001 <= jitter(0.001, 0.02) <= 0.02 for _ in range(100))


def test_fault_sampling_follows_the_ids_it_is_given() -> None:
    def applied(ids: Ids) -> list[bool]:
        rules = FaultRules(ids)
        rules.add([FaultRule(status=500, probability=0.5)])
        return [rules.pick("GET", "/phone_numbers", ()) is not None for _ in range(50)]

    assert applied(Ids(seeded(3))) == applied(Ids(seeded(3)))
    assert 0 < sum(applied(Ids(seeded(3)))) < 50
