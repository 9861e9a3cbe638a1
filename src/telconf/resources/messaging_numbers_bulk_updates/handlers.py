"""What a `messaging_bulk_update` job does to a chunk of numbers: assign them the profile."""

from __future__ import annotations

from ...errors import ASSOCIATION_MISSING, ErrorItem
from ...store.db import Executor
from ...store.jobs import Apply, Job, JobItem, Outcome
from ...store.messaging_profiles import MessagingProfileStore
from ...store.phone_numbers import PhoneNumberStore
from ...worker.outcomes import errors, number_ids, outcomes


def bulk_update_handlers(numbers: PhoneNumberStore, profiles: MessagingProfileStore) -> dict[str, Apply]:
    async def assign_profile(tx: Executor, job: Job, items: list[JobItem], now: str) -> list[Outcome]:
        profile = job.parameters["messaging_profile_id"] or None
        if profile is not None and not await profiles.exists(tx, job.org_id, profile):
            gone = ErrorItem(*ASSOCIATION_MISSING, "The messaging profile no longer exists.",
                             pointer="/messaging_profile_id")  # fmt: skip
            return [errors(gone) for _ in items]
        done = await numbers.apply_many(tx, job.org_id, number_ids(items), {"messaging_profile_id": profile}, now)
        return outcomes(items, done)

    return {"messaging_bulk_update": assign_profile}
