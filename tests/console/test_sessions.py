"""Console sessions without HTTP: idle expiry on the clock they are given, bounded numbers, and
tokens that are unguessable even with seeded ids."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from telconf.clock import FrozenClock
from telconf.console import sessions
from telconf.console.sessions import IDLE_SECONDS, SESSION_ID_LENGTH, Sessions, same_token
from telconf.ids import Ids


def test_a_session_unused_for_the_idle_time_is_gone() -> None:
    clock = FrozenClock(datetime(2030, 1, 1, tzinfo=UTC))
    store = Sessions(clock, Ids())
    kept, idle = store.open(True, None, "admin"), store.open(False, "hash", "org (key)")
    assert len(kept.id) == SESSION_ID_LENGTH and kept.id != idle.id and kept.csrf != idle.csrf
    clock.advance(IDLE_SECONDS - 1)
    assert store.find(kept.id) is kept  # using it keeps it
    clock.advance(2)
    assert store.find(idle.id) is None and store.find(kept.id) is kept
    store.close(kept.id)
    assert store.find(kept.id) is None


def test_ids_that_were_never_issued_find_nothing() -> None:
    store = Sessions(FrozenClock(datetime(2030, 1, 1, tzinfo=UTC)), Ids())
    store.open(True, None, "admin")
    for given in (None, "", "x" * SESSION_ID_LENGTH, "short"):
        assert store.find(given) is None


def test_sessions_are_bounded_and_the_longest_unused_makes_way(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sessions, "MAX_SESSIONS", 3)
    clock = FrozenClock(datetime(2030, 1, 1, tzinfo=UTC))
    store = Sessions(clock, Ids())
    opened = []
    for _ in range(3):
        opened.append(store.open(True, None, "admin"))
        clock.advance(1)
    store.find(opened[0].id)  # used most recently now
    newest = store.open(True, None, "admin")
    assert store.find(opened[1].id) is None
    assert all(store.find(s.id) is s for s in (opened[0], opened[2], newest))


def test_tokens_are_unguessable_even_with_seeded_ids() -> None:
    first = Sessions(FrozenClock(datetime(2030, 1, 1, tzinfo=UTC)), Ids(random.Random(1)))
    second = Sessions(FrozenClock(datetime(2030, 1, 1, tzinfo=UTC)), Ids(random.Random(1)))
    a, b = first.open(True, None, "admin"), second.open(True, None, "admin")
    assert a.id != b.id and a.csrf != b.csrf
    assert same_token(a.csrf, a.csrf) and not same_token(b.csrf, a.csrf) and not same_token(None, a.csrf)
