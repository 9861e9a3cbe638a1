"""Rules of messaging bulk updates: the profile must be the organisation's (or "" to unassign);
numbers the organisation does not own are reported as failed, not refused."""

from __future__ import annotations

from ...errors import ASSOCIATION_MISSING, NotFound, Problems
from ...formats import canonical_id
from ...principal import Principal
from ...store.jobs import JobItem
from ...store.messaging_profiles import MessagingProfileStore
from ...store.phone_numbers import PhoneNumberStore
from ...worker.policy import JobQueue
from .models import MAX_NUMBERS, BulkUpdate, BulkUpdateOrder, order_view

KIND = "messaging_bulk_update"
NOT_OWNED = {"code": "10005", "title": "Resource not found", "detail": "The number is not in this organization."}


class MessagingNumbersBulkUpdates:
    def __init__(self, numbers: PhoneNumberStore, profiles: MessagingProfileStore, queue: JobQueue) -> None:
        self.numbers = numbers
        self.profiles = profiles
        self.queue = queue
        self.jobs = queue.jobs

    async def create(self, who: Principal, body: BulkUpdate) -> BulkUpdateOrder:
        problems = Problems()
        if not body.numbers:
            problems.add("You must provide at least 1 phone number.", pointer="/numbers")
        elif len(body.numbers) > MAX_NUMBERS:
            problems.add(f"{MAX_NUMBERS} numbers is the maximum allowed.", pointer="/numbers")
        profile = body.messaging_profile_id
        if profile and not await self.profiles.exists(self.profiles.db, who.org_id, profile):
            problems.add("The messaging profile does not exist.", pointer="/messaging_profile_id",
                         code=ASSOCIATION_MISSING)  # fmt: skip
        problems.raise_if_any()
        unique = [*dict.fromkeys(body.numbers)]
        owned = await self.numbers.resolve(who.org_id, unique)
        items = []
        for position, number in enumerate(unique):
            found = owned.get(number)
            if found is None:
                items.append(JobItem(position, number, None, number, "failed", [NOT_OWNED]))
            else:
                items.append(JobItem(position, number, found.id, number))
        parameters = {"messaging_profile_id": profile, "numbers": unique, "assign_only": body.assign_only}
        job = await self.queue.enqueue(who.org_id, KIND, parameters, items)
        assert job is not None  # no limit on bulk updates
        return order_view(job, items)

    async def retrieve(self, who: Principal, order_id: str) -> BulkUpdateOrder:
        # Order ids are UUIDs; anything else names none (and must not reach the database: NUL).
        canonical = canonical_id(order_id)
        found = await self.jobs.get(who.org_id, canonical, (KIND,)) if canonical else None
        if found is None:
            raise NotFound("Bulk update not found.")
        return order_view(*found)
