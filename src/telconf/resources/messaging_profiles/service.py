"""Rules of the messaging-profile calls. Knows nothing of HTTP; raises typed errors. The settings
rules shared with seed files are in rules.py."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import msgspec

from ...clock import Clock, iso
from ...errors import RESOURCE_IN_USE, Invalid, NotFound
from ...formats import canonical_id
from ...ids import Ids
from ...principal import Principal
from ...store.db import Executor
from ...store.documents import Document
from ...store.message_metrics import MessageMetricsStore
from ...store.messaging_profiles import MessagingProfileStore, ProfileFilter, profile_columns
from ...store.phone_numbers import PhoneNumberStore
from ...store.short_codes import ShortCodeFilter, ShortCodeStore
from ..phone_numbers.messaging.models import PhoneNumberWithMessagingSettings, messaging_from_row
from ..short_codes.models import ShortCode
from ..short_codes.service import short_code_from
from .metrics import build, window
from .models import (
    AlphanumericSenderID,
    MessagingProfile,
    MessagingProfileCreate,
    MessagingProfileUpdate,
    MetricsTimeFrame,
    ProfileMetrics,
)
from .rules import apply_changes, new_secret

NOT_FOUND = "Messaging profile not found."
# Sender-id records are derived, not stored: their id is a name-based UUID of the profile and the
# sender, so it is stable while the profile keeps its sender and changes with it.
SENDER_ID_NAMESPACE = uuid.UUID("5b0d1c4e-8f5a-4c41-9a0e-7a2f3c6d9b17")


def profile_from(document: Document, organization_id: str) -> MessagingProfile:
    record: dict[str, Any] = {**document.doc, "id": document.id, "organization_id": organization_id}
    record.update(created_at=document.created_at, updated_at=document.updated_at)
    return msgspec.convert(record, MessagingProfile)


def sender_ids_of(document: Document, organization_id: str) -> list[AlphanumericSenderID]:
    """A profile's alphanumeric sender ids: its `alpha_sender`, if it has one."""
    sender = document.doc.get("alpha_sender")
    if not sender:
        return []
    record_id = str(uuid.uuid5(SENDER_ID_NAMESPACE, f"{document.id}/{sender}"))
    return [
        AlphanumericSenderID(
            record_type="alphanumeric_sender_id",
            id=record_id,
            alphanumeric_sender_id=sender,
            messaging_profile_id=document.id,
            organization_id=organization_id,
        )
    ]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class MessagingProfiles:
    def __init__(
        self,
        store: MessagingProfileStore,
        numbers: PhoneNumberStore,
        short_codes: ShortCodeStore,
        metrics: MessageMetricsStore,
        clock: Clock,
        ids: Ids,
    ) -> None:
        self.store = store
        self.numbers = numbers
        self.short_codes = short_codes
        self.metrics = metrics
        self.clock = clock
        self.ids = ids

    async def list(
        self, who: Principal, flt: ProfileFilter, offset: int, size: int
    ) -> tuple[Sequence[MessagingProfile], int]:
        documents, total = await self.store.list_page(who.org_id, flt, offset, size)
        return [profile_from(d, who.org_uuid) for d in documents], total

    async def create(self, who: Principal, body: MessagingProfileCreate) -> MessagingProfile:
        doc = apply_changes({"v1_secret": new_secret(self.ids)}, body)
        now = self.clock.now_iso()
        document = Document(self.ids.uuid(), doc, now, now, profile_columns(doc))
        await self.store.insert(who.org_id, document)
        return profile_from(document, who.org_uuid)

    async def retrieve(self, who: Principal, raw_id: str) -> MessagingProfile:
        return profile_from(await self._get(who, raw_id), who.org_uuid)

    async def update(self, who: Principal, raw_id: str, body: MessagingProfileUpdate) -> MessagingProfile:
        async def change(current: Document, tx: Executor) -> Document:
            doc = apply_changes(current.doc, body)
            return Document(current.id, doc, current.created_at, self.clock.now_iso(), profile_columns(doc))

        profile_id = canonical_id(raw_id)
        document = await self.store.update(who.org_id, profile_id, change) if profile_id else None
        if document is None:
            raise NotFound(NOT_FOUND)
        return profile_from(document, who.org_uuid)

    async def delete(self, who: Principal, raw_id: str) -> MessagingProfile:
        """Refused while numbers or short codes use the profile: nothing is unbound silently."""

        async def unused(current: Document, tx: Executor) -> None:
            numbers, mobile_numbers, short_codes = await self.store.usage(tx, who.org_id, current.id)
            if numbers or mobile_numbers or short_codes:
                raise Invalid.field(
                    f"The messaging profile is still used by {_plural(numbers, 'phone number')}, "
                    f"{_plural(mobile_numbers, 'mobile phone number')} and {_plural(short_codes, 'short code')}; "
                    "assign them to another profile first.",
                    code=RESOURCE_IN_USE,
                )

        profile_id = canonical_id(raw_id)
        document = await self.store.delete(who.org_id, profile_id, unused) if profile_id else None
        if document is None:
            raise NotFound(NOT_FOUND)
        return profile_from(document, who.org_uuid)

    async def list_phone_numbers(
        self, who: Principal, raw_id: str, offset: int, size: int
    ) -> tuple[Sequence[PhoneNumberWithMessagingSettings], int]:
        profile = await self._get(who, raw_id)
        rows, total = await self.numbers.list_by_profile(who.org_id, profile.id, offset, size)
        return [messaging_from_row(r, who.org_uuid) for r in rows], total

    async def list_short_codes(
        self, who: Principal, raw_id: str, offset: int, size: int
    ) -> tuple[Sequence[ShortCode], int]:
        profile = await self._get(who, raw_id)
        flt = ShortCodeFilter(messaging_profile_id=profile.id)
        documents, total = await self.short_codes.list_page(who.org_id, flt, offset, size)
        return [short_code_from(d) for d in documents], total

    async def list_alphanumeric_sender_ids(
        self, who: Principal, raw_id: str, offset: int, size: int
    ) -> tuple[Sequence[AlphanumericSenderID], int]:
        items = sender_ids_of(await self._get(who, raw_id), who.org_uuid)
        return items[offset : offset + size], len(items)

    async def regenerate_secret(self, who: Principal, raw_id: str) -> MessagingProfile:
        """A new `v1_secret` replaces the old one (never equal to it)."""

        async def change(current: Document, tx: Executor) -> Document:
            secret = new_secret(self.ids)
            while secret == current.doc.get("v1_secret"):
                secret = new_secret(self.ids)
            doc = {**current.doc, "v1_secret": secret}
            return Document(current.id, doc, current.created_at, self.clock.now_iso(), profile_columns(doc))

        profile_id = canonical_id(raw_id)
        document = await self.store.update(who.org_id, profile_id, change) if profile_id else None
        if document is None:
            raise NotFound(NOT_FOUND)
        return profile_from(document, who.org_uuid)

    async def retrieve_metrics(self, who: Principal, raw_id: str, time_frame: MetricsTimeFrame) -> ProfileMetrics:
        """The profile's messages over `time_frame`, ending at the clock's now (see metrics.py)."""
        profile = await self._get(who, raw_id)
        now = self.clock.now()
        start, slot_length = window(time_frame, now)
        groups = await self.metrics.groups(who.org_id, profile.id, iso(start), iso(now), slot_length)
        phone_numbers = await self.metrics.phone_numbers(who.org_id, profile.id)
        return build(profile.id, time_frame, now, groups, phone_numbers)

    async def _get(self, who: Principal, raw_id: str) -> Document:
        profile_id = canonical_id(raw_id)
        document = await self.store.get(who.org_id, profile_id) if profile_id else None
        if document is None:
            raise NotFound(NOT_FOUND)
        return document
