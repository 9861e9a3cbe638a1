"""What the admin API does, without HTTP: reset, snapshots, seed, clock, faults, journal.

Data operations (reset, restore, seed) act on the database, which every process shares; so do the
clock, fault rules and job policy (admin/shared.py). The request journal belongs to the process
that served the requests.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..clock import EARLIEST, LATEST, ControllableClock, iso, within_bounds
from ..errors import Invalid, NotFound, Problems
from ..http.auth import Authenticator
from ..ids import Ids
from ..seed.loader import SeedError, load_seed
from ..store import Store
from ..store.snapshots import BASELINE, SnapshotInfo, SnapshotStore
from .faults import FaultRule, FaultRules
from .job_control import JobControl
from .journal import JournalEntry, RequestJournal
from .messaging import MessagingControl
from .models import SNAPSHOT_NAME
from .shared import SharedAdminState


@dataclass(frozen=True)
class ClockState:
    now: str
    frozen: bool


class AdminService:
    def __init__(
        self,
        store: Store,
        clock: ControllableClock,
        ids: Ids,
        auth: Authenticator,
        faults: FaultRules,
        journal: RequestJournal,
        jobs: JobControl,
        shared: SharedAdminState | None = None,
        messaging: MessagingControl | None = None,
    ) -> None:
        self.store = store
        self.snapshots = SnapshotStore(store.db)
        self.clock = clock
        self.ids = ids
        self.auth = auth
        self.faults = faults
        self.journal = journal
        self.jobs = jobs
        self.shared = shared  # the state other processes of this database share, when there are any
        self.messaging = messaging

    async def start(self) -> None:
        """The state at start (the loaded seed or demo) becomes what reset returns to."""
        await self.snapshots.save_if_missing(BASELINE, self.clock.now_iso())

    async def reset(self) -> dict[str, Any]:
        started = time.perf_counter()
        await self._restore(BASELINE)
        self.faults.clear()
        self.journal.clear()
        self.clock.reset()
        self.jobs.reset()
        await self._publish(forget_counts=True)
        return {"restored": BASELINE, "elapsed_ms": round((time.perf_counter() - started) * 1000, 3)}

    async def save_snapshot(self, name: str) -> SnapshotInfo:
        return await self.snapshots.save(name, self.clock.now_iso())

    async def restore_snapshot(self, name: str) -> dict[str, Any]:
        started = time.perf_counter()
        await self._restore(name)
        return {"restored": name, "elapsed_ms": round((time.perf_counter() - started) * 1000, 3)}

    async def list_snapshots(self) -> list[SnapshotInfo]:
        return await self.snapshots.all()

    async def delete_snapshot(self, name: str) -> None:
        if not SNAPSHOT_NAME.match(name) or not await self.snapshots.delete(name):
            raise NotFound(f"No snapshot named {name!r}.")

    async def seed(self, text: str, baseline: bool) -> dict[str, int]:
        try:
            summary = await load_seed(self.store, io.StringIO(text), self.clock, self.ids)
        except SeedError as exc:
            raise Invalid.field(f"Seed refused: {exc}", pointer="") from None
        self.auth.forget()
        if baseline:
            await self.snapshots.save(BASELINE, self.clock.now_iso())
        return summary.counts

    async def organizations(self) -> list[dict[str, Any]]:
        """Every organisation with the public key its webhooks verify with (TELNYX_PUBLIC_KEY)."""
        keys = await self.store.webhooks.public_keys()
        return [
            {"id": org.uuid, "name": org.name, "created_at": org.created_at, "webhook_public_key": keys.get(org.id)}
            for org in await self.store.orgs.all()
        ]

    def clock_state(self) -> ClockState:
        return ClockState(self.clock.now_iso(), self.clock.frozen)

    async def freeze(self, at: datetime | None) -> ClockState:
        _check_moment(at or self.clock.now(), "/at")
        self.clock.freeze(at)
        return await self._clock_moved()

    async def unfreeze(self) -> ClockState:
        self.clock.unfreeze()
        return await self._clock_moved()

    async def set_clock(self, at: datetime) -> ClockState:
        _check_moment(at, "/at")
        self.clock.set(at)
        return await self._clock_moved()

    async def advance_clock(self, seconds: float) -> ClockState:
        _check_moment(self.clock.now() + timedelta(seconds=seconds), "/seconds")
        self.clock.advance(seconds)
        return await self._clock_moved()

    async def real_clock(self) -> ClockState:
        self.clock.reset()
        return await self._clock_moved()

    async def _clock_moved(self) -> ClockState:
        await self._publish()
        # Time that passed must have its effects at once, also where no runner is polling
        # (`--no-worker`): jobs unfinished at their `etc` become `expired`.
        await self.jobs.expire_due()
        return self.clock_state()

    async def _publish(self, forget_counts: bool = False) -> None:
        """Other processes of this database adopt the change before their next request."""
        if self.shared is not None:
            await self.shared.publish(forget_counts)

    async def list_faults(self) -> list[Any]:
        if self.shared is not None:
            return await self.shared.rules_with_counts()
        return list(self.faults.rules)

    async def clear_faults(self) -> None:
        self.faults.clear()
        await self._publish(forget_counts=True)

    async def set_job_policy(self, kind: str, seconds: float) -> dict[str, Any]:
        described = self.jobs.set_policy(kind, seconds)
        await self._publish()
        return described

    async def add_faults(self, rules: list[FaultRule]) -> list[FaultRule]:
        problems = Problems()
        for i, rule in enumerate(rules):
            for pointer, detail in rule.problems():
                problems.add(detail, pointer=f"/rules/{i}{pointer}")
        if len(self.faults.rules) + len(rules) > FaultRules.MAX_RULES:
            problems.add(f"At most {FaultRules.MAX_RULES} rules.", pointer="/rules")
        problems.raise_if_any()
        added = self.faults.add(rules)
        await self._publish()
        return added

    async def remove_fault(self, rule_id: int) -> None:
        if not self.faults.remove(rule_id):
            raise NotFound(f"No fault rule {rule_id}.")
        await self._publish()

    def recent_requests(self, limit: int) -> list[JournalEntry]:
        return self.journal.recent(limit)

    async def _restore(self, name: str) -> None:
        # A name that could not have been saved (NUL included) names no snapshot.
        if not SNAPSHOT_NAME.match(name) or not await self.snapshots.restore(name):
            raise NotFound(f"No snapshot named {name!r}.")
        # The restored rows replace whatever this process remembers about keys and pages.
        self.auth.forget()
        self.store.phone_numbers.lists.cache.clear()


def _check_moment(moment: datetime, pointer: str) -> None:
    """The clock stays between EARLIEST and LATEST; a move outside is refused and changes nothing."""
    if not within_bounds(moment):
        raise Invalid.field(f"The clock must stay between {iso(EARLIEST)} and {iso(LATEST)}.", pointer=pointer)
