"""Shapes of the phone-number batch jobs (`PhoneNumbersJob`) and their request bodies."""

from __future__ import annotations

from typing import Annotated, Any, Literal, cast

import msgspec

from ....enums import JobStatus, JobType
from ....store.jobs import Job, JobItem
from ..models import Tags, Text
from ..voice.models import VoiceUpdate

# A failed item's `errors` are entries of the error envelope (see openapi/schemas.py: Error).
ErrorEntries = list[Annotated[dict[str, Any], msgspec.Meta(extra_json_schema={"$ref": "#/components/schemas/Error"})]]
MAX_NUMBERS = 1000
Identifier = Annotated[str, msgspec.Meta(max_length=32)]
UNSET = msgspec.UNSET
Unset = msgspec.UnsetType


class DeleteBatch(msgspec.Struct, kw_only=True):
    phone_numbers: list[Identifier]


class EmergencyBatch(msgspec.Struct, kw_only=True):
    emergency_enabled: bool
    phone_numbers: list[Identifier]
    emergency_address_id: Text | None | Unset = UNSET


class UpdateBatch(msgspec.Struct, kw_only=True):
    phone_numbers: list[Identifier] = []
    billing_group_id: Text | None | Unset = UNSET  # null clears, as on PATCH
    connection_id: Text | None | Unset = UNSET  # null clears, as on PATCH
    customer_reference: Text | None | Unset = UNSET  # null clears, as on PATCH
    deletion_lock_enabled: bool | Unset = UNSET
    external_pin: Text | None | Unset = UNSET  # null clears, as on PATCH
    hd_voice_enabled: bool | Unset = UNSET
    tags: Tags | Unset = UNSET
    voice: VoiceUpdate | Unset = UNSET


UPDATE_FIELDS = (
    "billing_group_id",
    "connection_id",
    "customer_reference",
    "deletion_lock_enabled",
    "external_pin",
    "hd_voice_enabled",
    "tags",
    "voice",
)


class Operation(msgspec.Struct):
    id: str
    phone_number: str


class FailedOperation(msgspec.Struct):
    id: str | None
    phone_number: str | None
    errors: ErrorEntries


class PhoneNumbersJob(msgspec.Struct, kw_only=True):
    id: str
    record_type: Literal["phone_numbers_job"] = "phone_numbers_job"
    type: JobType
    status: JobStatus
    etc: str
    created_at: str
    updated_at: str
    phone_numbers: list[dict[str, str]]
    successful_operations: list[Operation]
    pending_operations: list[Operation]
    failed_operations: list[FailedOperation]
    parameters: dict[str, Any]


def given_as(identifier: str) -> dict[str, str]:
    """How the job echoes a target: under the kind of identifier the caller gave."""
    return {"phone_number": identifier} if identifier.startswith("+") else {"id": identifier}


def job_view(job: Job, items: list[JobItem]) -> PhoneNumbersJob:
    done: dict[str, list[Operation]] = {"success": [], "pending": []}
    failed: list[FailedOperation] = []
    for item in items:
        if item.state == "failed":
            number_id = str(item.phone_number_id) if item.phone_number_id is not None else None
            failed.append(FailedOperation(number_id, item.phone_number, item.errors or []))
        else:
            done[item.state].append(Operation(str(item.phone_number_id), item.phone_number or ""))
    return PhoneNumbersJob(
        id=job.id,
        type=cast(JobType, job.kind),  # this view is only ever built for the three number-job kinds
        status=job.status,
        etc=job.etc,
        created_at=job.created_at,
        updated_at=job.updated_at,
        phone_numbers=[given_as(item.given) for item in items],
        successful_operations=done["success"],
        pending_operations=done["pending"],
        failed_operations=failed,
        parameters=job.parameters,
    )
