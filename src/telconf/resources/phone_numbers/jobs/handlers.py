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
from ....store.messaging_profiles import MessagingProfileStore
from ....store.phone_numbers import PhoneNumberRow, PhoneNumberStore
from ..voice.models import VoiceUpdate, check_cnam, voice_changes

CORE_FIELDS = (
    "billing_group_id",
    "connection_id",
    "customer_reference",
    "deletion_lock_enabled",
    "external_pin",
    "hd_voice_enabled",
)
GONE = ErrorItem("10005", "Resource not found", "The phone number is no longer in this organization.")
LOCKED = ErrorItem(*BAD_REQUEST, "The phone number has deletion lock enabled.", pointer="/deletion_lock_enabled")


def _errors(*items: ErrorItem) -> list[dict[str, Any]]:
    return [item.to_json() for item in items]


def _ids(items: list[JobItem]) -> list[int]:
    return [item.phone_number_id for item in items if item.phone_number_id is not None]


def _outcomes(items: list[JobItem], done: set[int], failure: ErrorItem = GONE) -> list[Outcome]:
    return [None if item.phone_number_id in done else _errors(failure) for item in items]


def phone_number_handlers(numbers: PhoneNumberStore, profiles: MessagingProfileStore) -> dict[str, Apply]:
    async def update(tx: Executor, job: Job, items: list[JobItem], now: str) -> list[Outcome]:
        params = job.parameters
        changes: dict[str, Any] = {k: params[k] for k in CORE_FIELDS if k in params}
        if "voice" in params:
            changes.update(voice_changes(msgspec.convert(params["voice"], VoiceUpdate)))
        if "connection_id" in changes:
            changes["connection_name"] = await numbers.connection_name(job.org_id, changes["connection_id"])
        tags = params.get("tags")
        if "cnam_listing_enabled" not in changes and "cnam_listing_details" not in changes:
            done = await numbers.apply_many(tx, job.org_id, _ids(items), changes, now, tags=tags)
            return _outcomes(items, done)

        async def cnam_rule(current: PhoneNumberRow, _: Executor) -> dict[str, Any]:
            check_cnam(
                changes.get("cnam_listing_enabled", bool(current.cnam_listing_enabled)),
                changes.get("cnam_listing_details", current.cnam_listing_details),
            )
            return {}

        outcomes: list[Outcome] = []
        for item in items:
            assert item.phone_number_id is not None
            try:
                applied = await numbers.apply_in(
                    tx, job.org_id, item.phone_number_id, changes, now, tags=tags, check=cnam_rule
                )
            except ApiError as error:  # the rule's pointer, inside the request's `voice` object
                outcomes.append(_errors(*(replace(e, pointer=f"/voice{e.pointer}") for e in error.items)))
                continue
            outcomes.append(None if applied else _errors(GONE))
        return outcomes

    async def delete(tx: Executor, job: Job, items: list[JobItem], now: str) -> list[Outcome]:
        deleted, locked = await numbers.delete_many(tx, job.org_id, _ids(items))
        return [
            None if item.phone_number_id in deleted else _errors(LOCKED if item.phone_number_id in locked else GONE)
            for item in items
        ]

    async def emergency(tx: Executor, job: Job, items: list[JobItem], now: str) -> list[Outcome]:
        enabled = bool(job.parameters["emergency_enabled"])
        address = job.parameters.get("emergency_address_id")
        if address is not None and not await numbers.document_exists(tx, "addresses", job.org_id, address):
            gone = ErrorItem(*ASSOCIATION_MISSING, "The emergency address no longer exists.",
                             pointer="/emergency_address_id")  # fmt: skip
            return [_errors(gone) for _ in items]
        changes: dict[str, Any] = {
            "emergency_enabled": enabled,
            "emergency_status": "active" if enabled else "disabled",
        }
        if enabled:
            changes["emergency_address_id"] = address
        return _outcomes(items, await numbers.apply_many(tx, job.org_id, _ids(items), changes, now))

    async def assign_profile(tx: Executor, job: Job, items: list[JobItem], now: str) -> list[Outcome]:
        profile = job.parameters["messaging_profile_id"] or None
        if profile is not None and not await profiles.exists(tx, job.org_id, profile):
            gone = ErrorItem(*ASSOCIATION_MISSING, "The messaging profile no longer exists.",
                             pointer="/messaging_profile_id")  # fmt: skip
            return [_errors(gone) for _ in items]
        done = await numbers.apply_many(tx, job.org_id, _ids(items), {"messaging_profile_id": profile}, now)
        return _outcomes(items, done)

    return {
        "update_phone_numbers": update,
        "delete_phone_numbers": delete,
        "update_emergency_settings": emergency,
        "messaging_bulk_update": assign_profile,
    }
