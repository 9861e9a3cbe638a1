"""The admin API's messaging controls: deliver an inbound message as a handset would, move a
message one step on (under the `manual` policy, or to hurry one along), and set how messages to
a number end (beside the test destinations of worker/message_outcomes.py)."""

from __future__ import annotations

from typing import Any

import msgspec

from ..clock import Clock
from ..errors import Invalid, NotFound
from ..formats import E164_RE, canonical_id
from ..resources.messages.inbound import Inbound
from ..resources.messages.models import InboundMessage, Message
from ..store.messages import MessageStore
from ..worker.message_outcomes import OUTCOMES, TEST_DESTINATIONS, Outcome
from ..worker.messages import MessagePump


class OutcomeRule(msgspec.Struct, kw_only=True):
    outcome: Outcome | None  # null removes the rule


class MessagingControl:
    def __init__(self, store: MessageStore, inbound: Inbound, pump: MessagePump, clock: Clock) -> None:
        self.store = store
        self.inbound = inbound
        self.pump = pump
        self.clock = clock

    async def receive(self, body: InboundMessage) -> Any:
        return await self.inbound.receive(body)

    async def advance(self, message_id: str) -> Any:
        canonical = canonical_id(message_id)
        row = await self.store.find(canonical) if canonical else None
        if row is None:
            raise NotFound(f"No message has the id {message_id}.")
        moved = await self.pump.advance(row)
        return msgspec.json.decode(moved.record, type=Message)

    async def outcomes(self) -> dict[str, Any]:
        rules = await self.store.outcome_rules()
        tests = {number: ending.status for number, ending in TEST_DESTINATIONS.items()}
        return {"rules": [{"phone_number": n, "outcome": o} for n, o in rules], "test_destinations": tests,
                "outcomes": list(OUTCOMES)}  # fmt: skip

    async def set_outcome(self, number: str, rule: OutcomeRule) -> dict[str, Any]:
        if not E164_RE.match(number):
            raise Invalid.field("The phone number must be in +E.164 format.", parameter="phone_number")
        await self.store.set_outcome_rule(number, rule.outcome, self.clock.now_iso())
        return {"phone_number": number, "outcome": rule.outcome}
