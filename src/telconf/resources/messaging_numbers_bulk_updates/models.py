"""Shapes of messaging bulk updates."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from ...formats import E164
from ...store.jobs import Job, JobItem

MAX_NUMBERS = 1000


class BulkUpdate(msgspec.Struct, kw_only=True):
    messaging_profile_id: Annotated[str, msgspec.Meta(max_length=64)]
    numbers: list[E164]
    assign_only: bool = False


class BulkUpdateOrder(msgspec.Struct, kw_only=True):
    record_type: Literal["messaging_numbers_bulk_update"] = "messaging_numbers_bulk_update"
    order_id: str
    success: list[str]
    pending: list[str]
    failed: list[str]


def order_view(job: Job, items: list[JobItem]) -> BulkUpdateOrder:
    lists: dict[str, list[str]] = {"success": [], "pending": [], "failed": []}
    for item in items:
        lists[item.state].append(item.given)
    return BulkUpdateOrder(order_id=job.id, success=lists["success"], pending=lists["pending"], failed=lists["failed"])
