"""Rules of the core phone-number calls. Knows nothing of HTTP; raises typed errors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec

from ...clock import Clock
from ...enums import DELETE_TYPE_NAMES, STATUSES
from ...errors import ASSOCIATION_MISSING, Invalid, NotFound, Problems
from ...formats import int64_id
from ...principal import Principal
from ...store.list_counts import ALL, stored
from ...store.phone_numbers import DeletionLocked, PhoneNumberFilter, PhoneNumberRow, PhoneNumberStore
from .models import (
    PhoneNumber,
    PhoneNumberUpdate,
    SlimPhoneNumber,
    from_row,
    slim_from_row,
)


def parse_number_id(raw: str) -> int:
    """Phone-number ids are int64 numbers; anything else names no number (404)."""
    number_id = int64_id(raw)
    if number_id is None:
        raise NotFound("Phone number not found.")
    return number_id


async def number_row(store: PhoneNumberStore, who: Principal, raw_id: str) -> PhoneNumberRow:
    """The caller's number by its id as sent, or 404."""
    row = await store.get(who.org_id, parse_number_id(raw_id))
    if row is None:
        raise NotFound("Phone number not found.")
    return row


async def update_number(
    store: PhoneNumberStore, clock: Clock, who: Principal, raw_id: str, changes: dict[str, Any], **options: Any
) -> PhoneNumberRow:
    """Set `changes` (and what `options` ask: tags, a check under the row lock) on the caller's
    number, or 404. Every settings view and action writes through this."""
    row = await store.update(who.org_id, parse_number_id(raw_id), changes, clock.now_iso(), **options)
    if row is None:
        raise NotFound("Phone number not found.")
    return row


class PhoneNumbers:
    def __init__(self, store: PhoneNumberStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    async def retrieve(self, who: Principal, raw_id: str) -> PhoneNumber:
        row = await self.store.get(who.org_id, parse_number_id(raw_id))
        if row is None:
            raise NotFound("Phone number not found.")
        return from_row(row)

    async def list(
        self, who: Principal, flt: PhoneNumberFilter, sort: str | None, offset: int, size: int
    ) -> tuple[Sequence[PhoneNumber], int]:
        rows, total = await self.store.list_page(who.org_id, flt, sort, offset, size)
        return [from_row(r) for r in rows], total

    async def slim_list(
        self,
        who: Principal,
        flt: PhoneNumberFilter,
        sort: str | None,
        offset: int,
        size: int,
        include_tags: bool,
        include_connection: bool,
    ) -> tuple[Sequence[SlimPhoneNumber], int]:
        rows, total = await self.store.list_page(who.org_id, flt, sort, offset, size)
        return [slim_from_row(r, include_tags, include_connection) for r in rows], total

    async def counts_by_status(self, who: Principal) -> tuple[int, dict[str, int]]:
        """(every number, numbers per status) of the caller's organisation, from the list totals
        the database keeps (the console's overview)."""
        keys = [(ALL, ""), *(("status", stored(s)) for s in STATUSES)]
        totals = await self.store.lists.totals(who.org_id, keys)
        return totals[(ALL, "")], {s: totals[("status", stored(s))] for s in STATUSES}

    async def update(self, who: Principal, raw_id: str, body: PhoneNumberUpdate) -> PhoneNumber:
        number_id = parse_number_id(raw_id)
        problems = Problems()
        changes: dict[str, Any] = {
            name: getattr(body, name)
            for name in ("billing_group_id", "connection_id", "customer_reference", "external_pin", "hd_voice_enabled")
            if getattr(body, name) is not msgspec.UNSET
        }
        tags = None if body.tags is msgspec.UNSET else body.tags
        if body.address_id is not msgspec.UNSET:
            if await self.store.address_exists(who.org_id, body.address_id):
                changes["emergency_address_id"] = body.address_id
            else:
                problems.add("The address does not exist.", pointer="/address_id", code=ASSOCIATION_MISSING)
        problems.raise_if_any()
        if "connection_id" in changes:
            changes["connection_name"] = await self.store.connection_name(who.org_id, changes["connection_id"])
        row = await self.store.update(who.org_id, number_id, changes, self.clock.now_iso(), tags=tags)
        if row is None:
            raise NotFound("Phone number not found.")
        return from_row(row)

    async def delete(self, who: Principal, raw_id: str) -> PhoneNumber:
        try:
            row = await self.store.delete(who.org_id, parse_number_id(raw_id))
        except DeletionLocked:
            raise Invalid.field(
                "The phone number has deletion lock enabled; disable it before deleting the number.",
                pointer="/deletion_lock_enabled",
            ) from None
        if row is None:
            raise NotFound("Phone number not found.")
        number = from_row(row)
        number.status = "deleted"
        number.updated_at = self.clock.now_iso()
        number.phone_number_type = DELETE_TYPE_NAMES.get(number.phone_number_type, number.phone_number_type)
        return number
