"""Rules of a number's voice and messaging settings and its emergency and bundle actions.
They share the core record's row: each write sets only the columns it changes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec

from ...clock import Clock
from ...errors import ASSOCIATION_MISSING, Invalid, NotFound, Problems
from ...principal import Principal
from ...store.db import Executor
from ...store.messaging_profiles import MessagingProfileStore
from ...store.phone_numbers import PhoneNumberFilter, PhoneNumberRow, PhoneNumberStore
from .messaging_models import MessagingUpdate, PhoneNumberWithMessagingSettings, eligible_products, messaging_from_row
from .service import parse_number_id
from .voice_models import PhoneNumberWithVoiceSettings, VoiceUpdate, check_cnam, voice_changes, voice_from_row


class NumberSettings:
    def __init__(self, store: PhoneNumberStore, profiles: MessagingProfileStore, clock: Clock) -> None:
        self.store = store
        self.profiles = profiles
        self.clock = clock

    async def _row(self, who: Principal, raw_id: str) -> PhoneNumberRow:
        row = await self.store.get(who.org_id, parse_number_id(raw_id))
        if row is None:
            raise NotFound("Phone number not found.")
        return row

    async def _update(self, who: Principal, raw_id: str, changes: dict[str, Any], **options: Any) -> PhoneNumberRow:
        row = await self.store.update(who.org_id, parse_number_id(raw_id), changes, self.clock.now_iso(), **options)
        if row is None:
            raise NotFound("Phone number not found.")
        return row

    # -- voice -------------------------------------------------------------------------------

    async def list_voice(
        self, who: Principal, flt: PhoneNumberFilter, sort: str | None, offset: int, size: int
    ) -> tuple[Sequence[PhoneNumberWithVoiceSettings], int]:
        rows, total = await self.store.list_page(who.org_id, flt, sort, offset, size)
        return [voice_from_row(r) for r in rows], total

    async def retrieve_voice(self, who: Principal, raw_id: str) -> PhoneNumberWithVoiceSettings:
        return voice_from_row(await self._row(who, raw_id))

    async def update_voice(self, who: Principal, raw_id: str, body: VoiceUpdate) -> PhoneNumberWithVoiceSettings:
        changes = voice_changes(body)

        async def check(current: PhoneNumberRow, tx: Executor) -> dict[str, Any]:
            check_cnam(
                changes.get("cnam_listing_enabled", bool(current.cnam_listing_enabled)),
                changes.get("cnam_listing_details", current.cnam_listing_details),
            )
            return {}

        needs_check = "cnam_listing_enabled" in changes or "cnam_listing_details" in changes
        return voice_from_row(await self._update(who, raw_id, changes, check=check if needs_check else None))

    # -- messaging ---------------------------------------------------------------------------

    async def list_messaging(
        self, who: Principal, flt: PhoneNumberFilter, sort: str | None, offset: int, size: int
    ) -> tuple[Sequence[PhoneNumberWithMessagingSettings], int]:
        rows, total = await self.store.list_page(who.org_id, flt, sort, offset, size)
        return [messaging_from_row(r, who.org_uuid) for r in rows], total

    async def list_by_profile(
        self, who: Principal, profile_id: str, offset: int, size: int
    ) -> tuple[Sequence[PhoneNumberWithMessagingSettings], int]:
        rows, total = await self.store.list_by_profile(who.org_id, profile_id, offset, size)
        return [messaging_from_row(r, who.org_uuid) for r in rows], total

    async def retrieve_messaging(self, who: Principal, raw_id: str) -> PhoneNumberWithMessagingSettings:
        return messaging_from_row(await self._row(who, raw_id), who.org_uuid)

    async def update_messaging(
        self, who: Principal, raw_id: str, body: MessagingUpdate
    ) -> PhoneNumberWithMessagingSettings:
        profile_id, product = body.messaging_profile_id, body.messaging_product

        async def check(current: PhoneNumberRow, tx: Executor) -> dict[str, Any]:
            problems = Problems()
            changes: dict[str, Any] = {}
            if isinstance(profile_id, str) and profile_id:
                if await self.profiles.exists(tx, who.org_id, profile_id):
                    changes["messaging_profile_id"] = profile_id
                else:
                    problems.add("The messaging profile does not exist.", pointer="/messaging_profile_id",
                                 code=ASSOCIATION_MISSING)  # fmt: skip
            elif profile_id == "":
                changes["messaging_profile_id"] = None
            if isinstance(product, str):
                allowed = eligible_products(current.phone_number_type)
                if product in allowed:
                    changes["messaging_product"] = product
                else:
                    problems.add(f"messaging_product must be one of this number's eligible products: "
                                 f"{', '.join(allowed)}.", pointer="/messaging_product")  # fmt: skip
            problems.raise_if_any()
            return changes

        tags = None if body.tags is msgspec.UNSET else body.tags
        row = await self._update(who, raw_id, {}, tags=tags, check=check)
        return messaging_from_row(row, who.org_uuid)

    # -- actions -----------------------------------------------------------------------------

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

        return voice_from_row(await self._update(who, raw_id, {}, check=check))

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

        return voice_from_row(await self._update(who, raw_id, {}, check=check))
