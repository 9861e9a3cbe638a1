"""Rules of `client.phone_numbers.messaging`: a number's messaging profile and product."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec

from ....clock import Clock
from ....errors import ASSOCIATION_MISSING, Problems
from ....principal import Principal
from ....store.db import Executor
from ....store.messaging_profiles import MessagingProfileStore
from ....store.phone_numbers import PhoneNumberFilter, PhoneNumberRow, PhoneNumberStore
from ..service import number_row, update_number
from .models import MessagingUpdate, PhoneNumberWithMessagingSettings, eligible_products, messaging_from_row


class MessagingSettings:
    def __init__(self, store: PhoneNumberStore, profiles: MessagingProfileStore, clock: Clock) -> None:
        self.store = store
        self.profiles = profiles
        self.clock = clock

    async def list_messaging(
        self, who: Principal, flt: PhoneNumberFilter, sort: str | None, offset: int, size: int
    ) -> tuple[Sequence[PhoneNumberWithMessagingSettings], int]:
        rows, total = await self.store.list_page(who.org_id, flt, sort, offset, size)
        return [messaging_from_row(r, who.org_uuid) for r in rows], total

    async def retrieve_messaging(self, who: Principal, raw_id: str) -> PhoneNumberWithMessagingSettings:
        return messaging_from_row(await number_row(self.store, who, raw_id), who.org_uuid)

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
        row = await update_number(self.store, self.clock, who, raw_id, {}, tags=tags, check=check)
        return messaging_from_row(row, who.org_uuid)
