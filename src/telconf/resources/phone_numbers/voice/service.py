"""Rules of `client.phone_numbers.voice`: a number's voice settings, columns of its row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ....clock import Clock
from ....principal import Principal
from ....store.db import Executor
from ....store.phone_numbers import PhoneNumberFilter, PhoneNumberRow, PhoneNumberStore
from ..service import number_row, update_number
from .models import PhoneNumberWithVoiceSettings, VoiceUpdate, check_cnam, voice_changes, voice_from_row


class VoiceSettings:
    def __init__(self, store: PhoneNumberStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    async def list_voice(
        self, who: Principal, flt: PhoneNumberFilter, sort: str | None, offset: int, size: int
    ) -> tuple[Sequence[PhoneNumberWithVoiceSettings], int]:
        rows, total = await self.store.list_page(who.org_id, flt, sort, offset, size)
        return [voice_from_row(r) for r in rows], total

    async def retrieve_voice(self, who: Principal, raw_id: str) -> PhoneNumberWithVoiceSettings:
        return voice_from_row(await number_row(self.store, who, raw_id))

    async def update_voice(self, who: Principal, raw_id: str, body: VoiceUpdate) -> PhoneNumberWithVoiceSettings:
        changes = voice_changes(body)

        async def check(current: PhoneNumberRow, tx: Executor) -> dict[str, Any]:
            check_cnam(
                changes.get("cnam_listing_enabled", bool(current.cnam_listing_enabled)),
                changes.get("cnam_listing_details", current.cnam_listing_details),
            )
            return {}

        needs_check = "cnam_listing_enabled" in changes or "cnam_listing_details" in changes
        row = await update_number(self.store, self.clock, who, raw_id, changes, check=check if needs_check else None)
        return voice_from_row(row)
