"""What a batch job does to one number, inside the runner's chunk transaction. A number that
fails (gone meanwhile, deletion-locked, a per-number rule) is recorded with Telnyx-shaped errors
and nothing of it is changed."""

from __future__ import annotations

from typing import Any

import msgspec

from ...errors import ASSOCIATION_MISSING, BAD_REQUEST, ApiError, ErrorItem
from ...store.db import Executor, Row
from ...store.jobs import Apply, Job, JobItem
from ...store.messaging_profiles import MessagingProfileStore
from ...store.phone_numbers import PhoneNumberStore
from .models import COLUMN
from .voice_models import VoiceUpdate, check_cnam, voice_changes

CORE_FIELDS = (
    "billing_group_id",
    "connection_id",
    "customer_reference",
    "deletion_lock_enabled",
    "external_pin",
    "hd_voice_enabled",
)
GONE = ErrorItem("10005", "Resource not found", "The phone number is no longer in this organization.")


def _errors(*items: ErrorItem) -> list[dict[str, Any]]:
    return [item.to_json() for item in items]


def phone_number_handlers(numbers: PhoneNumberStore, profiles: MessagingProfileStore) -> dict[str, Apply]:
    async def update(tx: Executor, job: Job, item: JobItem, now: str) -> list[dict[str, Any]] | None:
        assert item.phone_number_id is not None
        params = dict(job.parameters)
        changes: dict[str, Any] = {k: params[k] for k in CORE_FIELDS if k in params}
        voice = msgspec.convert(params["voice"], VoiceUpdate) if "voice" in params else None
        if voice is not None:
            changes.update(voice_changes(voice))
        if "connection_id" in changes:
            changes["connection_name"] = await numbers.connection_name(job.org_id, changes["connection_id"])

        async def rules(current: Row, _: Executor) -> dict[str, Any]:
            if "cnam_listing_enabled" in changes or "cnam_listing_details" in changes:
                check_cnam(
                    changes.get("cnam_listing_enabled", bool(current[COLUMN["cnam_listing_enabled"]])),
                    changes.get("cnam_listing_details", current[COLUMN["cnam_listing_details"]]),
                )
            return {}

        try:
            row = await numbers.update_in(tx, job.org_id, item.phone_number_id, changes, now,
                                          tags=params.get("tags"), check=rules)  # fmt: skip
        except ApiError as error:
            return _errors(*error.items)
        return None if row is not None else _errors(GONE)

    async def delete(tx: Executor, job: Job, item: JobItem, now: str) -> list[dict[str, Any]] | None:
        assert item.phone_number_id is not None
        result = await numbers.delete_in(tx, job.org_id, item.phone_number_id)
        if result is None:
            return _errors(GONE)
        if result is False:
            return _errors(ErrorItem(*BAD_REQUEST, "The phone number has deletion lock enabled.",
                                     pointer="/deletion_lock_enabled"))  # fmt: skip
        return None

    async def emergency(tx: Executor, job: Job, item: JobItem, now: str) -> list[dict[str, Any]] | None:
        assert item.phone_number_id is not None
        enabled = bool(job.parameters["emergency_enabled"])
        address = job.parameters.get("emergency_address_id")
        if address is not None and not await numbers.document_exists(tx, "addresses", job.org_id, address):
            return _errors(ErrorItem(*ASSOCIATION_MISSING, "The emergency address no longer exists.",
                                     pointer="/emergency_address_id"))  # fmt: skip
        changes: dict[str, Any] = {
            "emergency_enabled": enabled,
            "emergency_status": "active" if enabled else "disabled",
        }
        if enabled:
            changes["emergency_address_id"] = address
        row = await numbers.update_in(tx, job.org_id, item.phone_number_id, changes, now)
        return None if row is not None else _errors(GONE)

    async def assign_profile(tx: Executor, job: Job, item: JobItem, now: str) -> list[dict[str, Any]] | None:
        if item.phone_number_id is None:
            return _errors(GONE)
        profile = job.parameters["messaging_profile_id"] or None
        if profile is not None and not await profiles.exists(tx, job.org_id, profile):
            return _errors(ErrorItem(*ASSOCIATION_MISSING, "The messaging profile no longer exists.",
                                     pointer="/messaging_profile_id"))  # fmt: skip
        row = await numbers.update_in(tx, job.org_id, item.phone_number_id, {"messaging_profile_id": profile}, now)
        return None if row is not None else _errors(GONE)

    return {
        "update_phone_numbers": update,
        "delete_phone_numbers": delete,
        "update_emergency_settings": emergency,
        "messaging_bulk_update": assign_profile,
    }
