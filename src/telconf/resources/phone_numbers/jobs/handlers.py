"""What a batch job does to a chunk of numbers, inside the runner's chunk transaction. A number
that fails (gone meanwhile, deletion-locked, a per-number rule) is recorded with Telnyx-shaped
errors and nothing of it is changed. Uniform changes are applied to the whole chunk with one
statement, as a round trip per number would dominate on PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import msgspec

from ....errors import ASSOCIATION_MISSING, BAD_REQUEST, ApiError, ErrorItem
from ....store.db import Executor
from ....store.jobs import Apply, Job, JobItem, Outcome
from ....store.phone_numbers import PhoneNumberRow, PhoneNumberStore
from ....worker.outcomes import GONE, errors, number_ids, outcomes
from ..voice.models import VoiceUpdate, check_cnam, voice_changes

CORE_FIELDS = (
    "billing_group_id",
    "connection_id",
    "customer_reference",
    "deletion_lock_enabled",
    "external_pin",
    "hd_voice_enabled",
)
LOCKED = ErrorItem(*BAD_REQUEST, "The phone number has deletion lock enabled.", pointer="/deletion_lock_enabled")


def phone_number_handlers(numbers: PhoneNumberStore) -> dict[str, Apply]:
    """The handlers of `client.phone_numbers.jobs`' three kinds, by kind."""
    return {
        "update_phone_numbers": _update(numbers),
        "delete_phone_numbers": _delete(numbers),
        "update_emergency_settings": _emergency(numbers),
    }


def _update(numbers: PhoneNumberStore) -> Apply:
    async def update(tx: Executor, job: Job, items: list[JobItem], now: str) -> list[Outcome]:
        params = job.parameters
        changes: dict[str, Any] = {k: params[k] for k in CORE_FIELDS if k in params}
        if "voice" in params:
            changes.update(voice_changes(msgspec.convert(params["voice"], VoiceUpdate)))
        if "connection_id" in changes:
            changes["connection_name"] = await numbers.connection_name(job.org_id, changes["connection_id"])
        tags = params.get("tags")
        if "cnam_listing_enabled" not in changes and "cnam_listing_details" not in changes:
            done = await numbers.apply_many(tx, job.org_id, number_ids(items), changes, now, tags=tags)
            return outcomes(items, done)

        async def cnam_rule(current: PhoneNumberRow, _: Executor) -> dict[str, Any]:
            check_cnam(
                changes.get("cnam_listing_enabled", bool(current.cnam_listing_enabled)),
                changes.get("cnam_listing_details", current.cnam_listing_details),
            )
            return {}

        results: list[Outcome] = []
        for item in items:
            assert item.phone_number_id is not None
            try:
                applied = await numbers.apply_in(
                    tx, job.org_id, item.phone_number_id, changes, now, tags=tags, check=cnam_rule
                )
            except ApiError as error:  # the rule's pointer, inside the request's `voice` object
                results.append(errors(*(replace(e, pointer=f"/voice{e.pointer}") for e in error.items)))
                continue
            results.append(None if applied else errors(GONE))
        return results

    return update


def _delete(numbers: PhoneNumberStore) -> Apply:
    async def delete(tx: Executor, job: Job, items: list[JobItem], now: str) -> list[Outcome]:
        deleted, locked = await numbers.delete_many(tx, job.org_id, number_ids(items))
        return [
            None if item.phone_number_id in deleted else errors(LOCKED if item.phone_number_id in locked else GONE)
            for item in items
        ]

    return delete


def _emergency(numbers: PhoneNumberStore) -> Apply:
    async def emergency(tx: Executor, job: Job, items: list[JobItem], now: str) -> list[Outcome]:
        enabled = bool(job.parameters["emergency_enabled"])
        address = job.parameters.get("emergency_address_id")
        if address is not None and not await numbers.document_exists(tx, "addresses", job.org_id, address):
            gone = ErrorItem(*ASSOCIATION_MISSING, "The emergency address no longer exists.",
                             pointer="/emergency_address_id")  # fmt: skip
            return [errors(gone) for _ in items]
        changes: dict[str, Any] = {
            "emergency_enabled": enabled,
            "emergency_status": "active" if enabled else "disabled",
        }
        if enabled:
            changes["emergency_address_id"] = address
        return outcomes(items, await numbers.apply_many(tx, job.org_id, number_ids(items), changes, now))

    return emergency
