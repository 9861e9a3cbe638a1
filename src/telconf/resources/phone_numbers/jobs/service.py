"""Rules of the phone-number batch jobs: what a job may target and change. The work itself is
done later by the job runner through `job_handlers.py`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Any

import msgspec

from ....clock import iso
from ....enums import JOB_TYPES
from ....errors import ASSOCIATION_MISSING, INVALID_ID, MISSING_PARAMETER, NOT_E164, Invalid, NotFound, Problems
from ....formats import E164_RE, canonical_id, int64_id
from ....principal import Principal
from ....store.jobs import JobFilter, JobItem
from ....store.phone_numbers import PhoneNumberFilter, PhoneNumberStore
from ....worker.policy import JobQueue
from ..voice.models import voice_changes
from .models import MAX_NUMBERS, UPDATE_FIELDS, DeleteBatch, EmergencyBatch, PhoneNumbersJob, UpdateBatch, job_view

# At most this many active (pending or in-progress) jobs per organisation, by kind.
ACTIVE_LIMITS = {
    "delete_phone_numbers": (("delete_phone_numbers", "update_phone_numbers"), 20),
    "update_phone_numbers": (("delete_phone_numbers", "update_phone_numbers"), 20),
    "update_emergency_settings": (("update_emergency_settings",), 500),
}
REFERENCE_DAYS = 90


async def resolve_targets(
    numbers: PhoneNumberStore, org_id: int, given: Sequence[str], problems: Problems, pointer: str
) -> list[JobItem]:
    """Check and resolve ids or E.164 numbers (mixed, duplicates once) to job items; every one must
    be the organisation's. Problems are added, not raised."""
    if not given:
        problems.add("You must provide at least 1 phone number.", pointer=pointer)
        return []
    if len(given) > MAX_NUMBERS:
        problems.add(f"{MAX_NUMBERS} numbers is the maximum allowed.", pointer=pointer)
        return []
    for i, value in enumerate(given):
        if value.startswith("+"):
            if not E164_RE.match(value):
                problems.add("The phone number must be in +E.164 format.", pointer=f"{pointer}/{i}", code=NOT_E164)
        elif int64_id(value) is None:
            problems.add("Expected a phone-number id or an E.164 number.", pointer=f"{pointer}/{i}", code=INVALID_ID)
    if problems.items:
        return []
    owned = await numbers.resolve(org_id, given)
    if any(value not in owned for value in given):
        problems.add("You must own every number in the bulk request", pointer=pointer)
        return []
    items: list[JobItem] = []
    seen: set[int] = set()
    for value in given:
        number_id, number = owned[value]
        if number_id not in seen:
            seen.add(number_id)
            items.append(JobItem(len(items), value, number_id, number))
    return items


class PhoneNumberJobs:
    def __init__(self, numbers: PhoneNumberStore, queue: JobQueue) -> None:
        self.numbers = numbers
        self.queue = queue
        self.jobs = queue.jobs
        self.clock = queue.clock

    async def list_jobs(
        self, who: Principal, f: JobFilter, ascending: bool, offset: int, size: int
    ) -> tuple[Sequence[PhoneNumbersJob], int]:
        if f.customer_reference is not None:
            f = JobFilter(**{**f.__dict__, "created_after": iso(self.clock.now() - timedelta(days=REFERENCE_DAYS))})
        if not f.kinds:  # bulk messaging updates are jobs too, but not phone-number jobs
            f = replace(f, kinds=JOB_TYPES)
        found, total = await self.jobs.list_page(who.org_id, f, ascending, offset, size)
        return [job_view(job, items) for job, items in found], total

    async def retrieve(self, who: Principal, job_id: str) -> PhoneNumbersJob:
        # Job ids are UUIDs; anything else names none (and must not reach the database: NUL).
        canonical = canonical_id(job_id)
        found = await self.jobs.get(who.org_id, canonical, JOB_TYPES) if canonical else None
        if found is None:
            raise NotFound("Job not found.")
        return job_view(*found)

    async def delete_batch(self, who: Principal, body: DeleteBatch) -> PhoneNumbersJob:
        problems = Problems()
        items = await resolve_targets(self.numbers, who.org_id, body.phone_numbers, problems, "/phone_numbers")
        problems.raise_if_any()
        return await self._create(who, "delete_phone_numbers", items, {"phone_numbers": body.phone_numbers}, None)

    async def update_emergency_settings_batch(self, who: Principal, body: EmergencyBatch) -> PhoneNumbersJob:
        problems = Problems()
        address = body.emergency_address_id if body.emergency_address_id is not msgspec.UNSET else None
        if body.emergency_enabled and address is None:
            problems.add("emergency_address_id is required when enabling emergency services.",
                         pointer="/emergency_address_id", code=MISSING_PARAMETER)  # fmt: skip
        elif not body.emergency_enabled and address is not None:
            problems.add("emergency_address_id must be null or left out when disabling emergency services.",
                         pointer="/emergency_address_id")  # fmt: skip
        elif address is not None and not await self.numbers.address_exists(who.org_id, address):
            problems.add("The emergency address does not exist.", pointer="/emergency_address_id",
                         code=ASSOCIATION_MISSING)  # fmt: skip
        items = await resolve_targets(self.numbers, who.org_id, body.phone_numbers, problems, "/phone_numbers")
        problems.raise_if_any()
        parameters: dict[str, Any] = {"phone_numbers": body.phone_numbers, "emergency_enabled": body.emergency_enabled}
        if body.emergency_address_id is not msgspec.UNSET:
            parameters["emergency_address_id"] = body.emergency_address_id
        return await self._create(who, "update_emergency_settings", items, parameters, None)

    async def update_batch(
        self, who: Principal, body: UpdateBatch, selection: PhoneNumberFilter | None
    ) -> PhoneNumbersJob:
        problems = Problems()
        sent = {name: getattr(body, name) for name in UPDATE_FIELDS if getattr(body, name) is not msgspec.UNSET}
        voice = body.voice if body.voice is not msgspec.UNSET else None
        if not sent or (voice is not None and len(sent) == 1 and not voice_changes(voice)):
            problems.add("You must provide at least 1 updateable field.", pointer="/updateable_fields")
        if body.phone_numbers or selection is None:
            items = await resolve_targets(self.numbers, who.org_id, body.phone_numbers, problems, "/phone_numbers")
        else:
            matched = await self.numbers.ids_matching(who.org_id, selection, MAX_NUMBERS)
            items = [JobItem(i, str(number_id), number_id, number) for i, (number_id, number) in enumerate(matched)]
        problems.raise_if_any()
        parameters = {"phone_numbers": [item.given for item in items], **msgspec.to_builtins(sent)}
        reference = sent.get("customer_reference")
        return await self._create(who, "update_phone_numbers", items, parameters, reference)

    async def _create(
        self, who: Principal, kind: str, items: list[JobItem], parameters: dict[str, Any], reference: str | None
    ) -> PhoneNumbersJob:
        kinds, most = ACTIVE_LIMITS[kind]
        job = await self.queue.enqueue(who.org_id, kind, parameters, items, reference, (kinds, most))
        if job is None:
            raise Invalid.field(f"You can have at most {most} pending or in progress jobs", pointer="/base")
        return job_view(job, items)
