"""Rules of `client.phone_numbers.actions`: verify_ownership, and the emergency and bundle
actions, which set columns of the number's row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ....clock import Clock
from ....errors import ASSOCIATION_MISSING, NOT_E164, Invalid, Problems
from ....formats import E164_RE
from ....principal import Principal
from ....store.db import Executor
from ....store.phone_numbers import PhoneNumberRow, PhoneNumberStore
from ..service import update_number
from ..voice.models import PhoneNumberWithVoiceSettings, voice_from_row
from .models import OwnershipFound, OwnershipResult

MAX_VERIFY = 1000
# Numbers in these states cannot be configured, so verify_ownership does not list them as found.
NOT_EDITABLE = frozenset({"deleted", "ported-out", "purchase-failed", "port-failed"})


class NumberActions:
    def __init__(self, store: PhoneNumberStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    async def verify_ownership(self, who: Principal, numbers: Sequence[str]) -> OwnershipResult:
        problems = Problems()
        if not numbers:
            problems.add("phone_numbers must contain at least one number.", pointer="/phone_numbers")
        if len(numbers) > MAX_VERIFY:
            problems.add(f"phone_numbers may contain at most {MAX_VERIFY} numbers.", pointer="/phone_numbers")
        else:
            for i, number in enumerate(numbers):
                if not E164_RE.match(number):
                    problems.add(
                        "The phone number must be in +E.164 format.", pointer=f"/phone_numbers/{i}", code=NOT_E164
                    )
        problems.raise_if_any()
        unique = [*dict.fromkeys(numbers)]
        owned = await self.store.find_numbers(who.org_id, unique, exclude_statuses=NOT_EDITABLE)
        return OwnershipResult(
            found=[OwnershipFound(str(owned[n]), n) for n in unique if n in owned],
            not_found=[n for n in unique if n not in owned],
        )

    async def enable_emergency(
        self, who: Principal, raw_id: str, address_id: str, enabled: bool
    ) -> PhoneNumberWithVoiceSettings:
        async def check(current: PhoneNumberRow, tx: Executor) -> dict[str, Any]:
            if not await self.store.document_exists(tx, "addresses", who.org_id, address_id):
                raise Invalid.field("The emergency address does not exist.", pointer="/emergency_address_id",
                                    code=ASSOCIATION_MISSING)  # fmt: skip
            return {
                "emergency_address_id": address_id,
                "emergency_enabled": enabled,
                "emergency_status": "active" if enabled else "disabled",
            }

        return voice_from_row(await update_number(self.store, self.clock, who, raw_id, {}, check=check))

    async def change_bundle_status(
        self, who: Principal, raw_id: str, bundle_id: str | None
    ) -> PhoneNumberWithVoiceSettings:
        async def check(current: PhoneNumberRow, tx: Executor) -> dict[str, Any]:
            held = current.bundle_id
            if bundle_id is None or bundle_id == held:
                return {"bundle_id": bundle_id}
            if not await self.store.document_exists(tx, "bundles", who.org_id, bundle_id):
                raise Invalid.field("The bundle does not exist.", pointer="/bundle_id", code=ASSOCIATION_MISSING)
            if held is not None:
                raise Invalid.field("The number is in another bundle; remove it (bundle_id null) first.",
                                    pointer="/bundle_id")  # fmt: skip
            return {"bundle_id": bundle_id}

        return voice_from_row(await update_number(self.store, self.clock, who, raw_id, {}, check=check))
