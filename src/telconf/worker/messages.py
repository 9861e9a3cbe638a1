"""The lifecycle of outbound messages: queued → sending → sent → delivered (or delivery_failed,
delivery_unconfirmed, sending_failed, expired), with `message.sent` and `message.finalized`
webhooks queued in the same transaction as each step. Runs beside the job runner in `serve` and
`telconf worker`: claims due messages under a lease, so a killed process's messages are taken
over once the lease lapses, and a step is never recorded twice.

Pacing comes from the job policy when the message was sent (`pace`): `0` moves on at once,
`N` seconds waits N seconds of the admin clock between steps, `manual` holds the message after
each step until the admin API advances it. A scheduled message waits for its `send_at`."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from ..clock import Clock, iso
from ..ids import Ids
from ..store.db import Executor
from ..store.messages import MessageRow, MessageStore
from ..store.webhooks import WebhookEvent, WebhookStore
from .message_outcomes import Ending, ending_for
from .waking import Waking

FINAL = frozenset({"delivered", "delivery_failed", "delivery_unconfirmed", "sending_failed", "expired"})


class MessagePump(Waking):
    def __init__(
        self, store: MessageStore, webhooks: WebhookStore, clock: Clock, ids: Ids, *,
        notify: Callable[[], None] | None = None, batch: int = 200, lease_seconds: float = 30.0,
        idle_seconds: float = 0.05,
    ) -> None:  # fmt: skip
        self.store = store
        self.webhooks = webhooks
        self.clock = clock
        self.ids = ids
        self.notify = notify or (lambda: None)  # tells the webhook dispatcher that events wait
        self.batch = batch
        self.lease = timedelta(seconds=lease_seconds)
        self.idle_seconds = idle_seconds
        self.owner = f"messages-{ids.uuid()}"
        super().__init__()

    async def run(self) -> None:
        async def step() -> bool:  # a full batch: more may be due at once
            return await self.run_once() >= self.batch

        await self.loop(step, self.idle_seconds, "message step")

    async def run_once(self) -> int:
        """Move every due message (up to a batch) as far as its pace allows now."""
        now = self.clock.now()
        if not await self.store.due(iso(now)):  # idle: one query, no transaction
            return 0
        claimed = await self.store.claim(self.owner, iso(now), iso(now + self.lease), self.batch)
        if not claimed:
            return 0
        async with self.store.db.transaction() as tx:
            rules = await self.store.outcome_rules_for(tx, {row.to_number for row in claimed})
            for row in claimed:
                await self._move(tx, row, rules.get(row.to_number), self.owner, now, steps=None)
        self.notify()
        return len(claimed)

    async def advance(self, row: MessageRow) -> MessageRow:
        """One step of one message now, whatever its pace or hold (the admin API's advance)."""
        now = self.clock.now()
        async with self.store.db.transaction() as tx:
            rules = await self.store.outcome_rules_for(tx, {row.to_number})
            await self._move(tx, row, rules.get(row.to_number), None, now, steps=1)
        self.notify()
        found = await self.store.find(row.id)
        return found or row

    async def _move(
        self, tx: Executor, row: MessageRow, rule: str | None, owner: str | None, now: datetime, steps: int | None
    ) -> None:
        """Step one message on (as far as its pace allows, or `steps` steps); `rule` is the admin's
        outcome rule for its destination, if any."""
        record: dict[str, Any] = json.loads(row.record)
        ending = ending_for(row.to_number, rule)
        status = row.status
        taken = 0
        while status not in FINAL and (steps is None or taken < steps):
            status = await self._step(tx, row, record, status, ending, now)
            taken += 1
            if steps is None and row.pace != "0":
                break
        step_at, held = self._next(row, status, now)
        await self.store.step(tx, row.id, owner, status, json.dumps(record), iso(now), step_at, held)

    def _next(self, row: MessageRow, status: str, now: datetime) -> tuple[str | None, bool]:
        if status in FINAL:
            return None, False
        if row.pace == "manual":
            return iso(now), True
        return iso(now + timedelta(seconds=float(row.pace))), False

    async def _step(
        self, tx: Executor, row: MessageRow, record: dict[str, Any], status: str, ending: Ending, now: datetime
    ) -> str:
        if status == "scheduled":
            return self._set(record, "queued")
        if status == "queued":
            return self._set(record, "sending")
        if status == "sending":
            if ending.status == "sending_failed":
                return await self._finish(tx, row, record, ending, now)
            record["sent_at"] = iso(now)
            self._set(record, "sent")
            await self._event(tx, row, record, "message.sent", now)
            return "sent"
        return await self._finish(tx, row, record, ending, now)

    async def _finish(
        self, tx: Executor, row: MessageRow, record: dict[str, Any], ending: Ending, now: datetime
    ) -> str:
        record["completed_at"] = iso(now)
        if ending.code is not None:
            record["errors"] = [{"code": ending.code, "title": ending.title, "detail": ending.title}]
        self._set(record, ending.status)
        await self._event(tx, row, record, "message.finalized", now)
        return ending.status

    @staticmethod
    def _set(record: dict[str, Any], status: str) -> str:
        for party in record.get("to", []):
            party["status"] = status
        return status

    async def _event(self, tx: Executor, row: MessageRow, record: dict[str, Any], kind: str, now: datetime) -> None:
        event = WebhookEvent(self.ids.uuid(), kind, iso(now), copy.deepcopy(record))  # later steps change `record`
        await self.webhooks.enqueue(tx, row.org_id, event, json.loads(row.webhook_urls), iso(now), row.id)
