"""The admin state every process of one database shares: the clock, the job policy and the fault
rules live in the database (`store/admin_state.py`); each process keeps a copy, checks the state's
version before each request and adopts a newer one, and writes the whole state after each change
it makes. Fault rules count their matches in the database, so `count` and `after` hold across
workers. The request journal stays per process."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import msgspec

from ..clock import ControllableClock
from ..store.admin_state import AdminStateStore
from ..worker.policy import JobPolicy
from .faults import FaultRule, FaultRules


class _Clock(msgspec.Struct):
    offset: float
    frozen_at: datetime | None
    advanced: float


class _Run(msgspec.Struct):
    run: str


class _State(msgspec.Struct):
    run: str
    clock: _Clock
    job_policy: str
    rules: list[FaultRule]
    next_rule_id: int


class SharedAdminState:
    def __init__(
        self, store: AdminStateStore, clock: ControllableClock, policy: JobPolicy, faults: FaultRules, run: str
    ) -> None:
        self.store = store
        self.run = run  # the same for every worker process of one `serve`
        self.clock = clock
        self.policy = policy
        self.faults = faults
        self.version = 0
        faults.counter = store

    async def start(self) -> None:
        """A starting server publishes its own state (its flags' policy and faults, real time);
        a worker process of a server already running adopts the state its siblings share."""
        loaded = await self.store.load()
        if loaded is not None and msgspec.json.decode(loaded[1], type=_Run).run == self.run:
            await self.sync()
        else:
            await self.publish(forget_counts=True)

    async def sync(self) -> None:
        """Adopt the state another process saved since this one last looked."""
        if await self.store.version() == self.version:
            return
        loaded = await self.store.load()
        if loaded is None:
            return
        version, text = loaded
        state = msgspec.json.decode(text, type=_State)
        self.clock.offset = timedelta(seconds=state.clock.offset)
        self.clock.frozen_at = state.clock.frozen_at
        self.clock.advanced = max(self.clock.advanced, state.clock.advanced)
        self.policy.set(JobPolicy.parse(state.job_policy))
        self.faults.replace(state.rules, state.next_rule_id)
        self.version = version

    async def publish(self, forget_counts: bool = False) -> None:
        """Save this process's state after a change made through it."""
        state = _State(
            self.run,
            _Clock(self.clock.offset.total_seconds(), self.clock.frozen_at, self.clock.advanced),
            self.policy.describe(),
            [msgspec.structs.replace(r, matched=0, applied=0) for r in self.faults.rules],
            self.faults.next_id,
        )
        self.version = await self.store.save(msgspec.json.encode(state).decode(), forget_counts)

    async def rules_with_counts(self) -> list[dict[str, Any]]:
        """The rules as the admin API lists them, with the counts of every process."""
        counts = await self.store.counts()
        listed = []
        for rule in self.faults.rules:
            seen = counts.get(rule.id)
            listed.append(msgspec.to_builtins(msgspec.structs.replace(
                rule, matched=seen.matched if seen else 0, applied=seen.applied if seen else 0
            )))  # fmt: skip
        return listed
