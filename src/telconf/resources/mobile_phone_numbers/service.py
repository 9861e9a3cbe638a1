"""Rules of `client.mobile_phone_numbers` and its messaging view. Knows nothing of HTTP.

A mobile number is one JSON document; a PATCH merges into it under the row lock
(`DocumentStore.update`), so concurrent PATCHes of different fields all survive."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ...clock import Clock
from ...errors import NotFound
from ...principal import Principal
from ...store.db import Executor
from ...store.documents import Document
from ...store.mobile_phone_numbers import MobilePhoneNumberStore
from ..phone_numbers.voice.models import check_cnam
from .models import (
    NOISE_SUPPRESSION,
    UNSET,
    MobilePhoneNumber,
    MobilePhoneNumberUpdate,
    MobilePhoneNumberWithMessagingSettings,
    messaging_record,
    record,
    set_fields,
)

# Mobile-number ids are int64 numbers shown as strings; anything else names no number (404).
NUMBER_ID = re.compile(r"^[1-9][0-9]{0,18}$(?!\n)")
NOT_FOUND = "Mobile phone number not found."
MERGED = ("call_forwarding", "call_recording", "cnam_listing")
INTERCEPTIONS = ("inbound", "outbound")
PLAIN = ("caller_id_name_enabled", "customer_reference", "inbound_call_screening")


def _number_id(raw: str) -> str:
    if not NUMBER_ID.match(raw):
        raise NotFound(NOT_FOUND)
    return raw


class MobilePhoneNumbers:
    def __init__(self, store: MobilePhoneNumberStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    async def _document(self, who: Principal, raw_id: str) -> Document:
        found = await self.store.get(who.org_id, _number_id(raw_id))
        if found is None:
            raise NotFound(NOT_FOUND)
        return found

    async def list(self, who: Principal, offset: int, size: int) -> tuple[Sequence[MobilePhoneNumber], int]:
        found, total = await self.store.list_page(who.org_id, offset, size)
        return [record(d.id, d.doc, d.created_at, d.updated_at) for d in found], total

    async def retrieve(self, who: Principal, raw_id: str) -> MobilePhoneNumber:
        d = await self._document(who, raw_id)
        return record(d.id, d.doc, d.created_at, d.updated_at)

    async def list_messaging(
        self, who: Principal, offset: int, size: int
    ) -> tuple[Sequence[MobilePhoneNumberWithMessagingSettings], int]:
        found, total = await self.store.list_page(who.org_id, offset, size)
        return [messaging_record(d.id, d.doc, d.created_at, d.updated_at, who.org_uuid) for d in found], total

    async def retrieve_messaging(self, who: Principal, raw_id: str) -> MobilePhoneNumberWithMessagingSettings:
        d = await self._document(who, raw_id)
        return messaging_record(d.id, d.doc, d.created_at, d.updated_at, who.org_uuid)

    async def update(self, who: Principal, raw_id: str, body: MobilePhoneNumberUpdate) -> MobilePhoneNumber:
        number_id = _number_id(raw_id)
        if all(getattr(body, name) is UNSET for name in body.__struct_fields__):
            return await self.retrieve(who, raw_id)  # nothing to change: the record as it is
        now = self.clock.now_iso()

        async def mutate(current: Document, tx: Executor) -> Document:
            doc = await self._merged(who.org_id, current.doc, body, tx)
            if body.cnam_listing is not UNSET:
                check_cnam(doc["cnam_listing"]["cnam_listing_enabled"], doc["cnam_listing"]["cnam_listing_details"])
            return Document(current.id, doc, current.created_at, now)

        changed = await self.store.update(who.org_id, number_id, mutate)
        if changed is None:
            raise NotFound(NOT_FOUND)
        return record(changed.id, changed.doc, changed.created_at, changed.updated_at)

    async def _merged(
        self, org_id: int, current: dict[str, Any], body: MobilePhoneNumberUpdate, tx: Executor
    ) -> dict[str, Any]:
        """The document with the PATCH applied: nested objects merge field by field, `null`
        clears, names follow their ids, `tags` replaces the list."""
        doc = dict(current)
        for name in MERGED:
            part = getattr(body, name)
            if part is not UNSET:
                doc[name] = {**doc[name], **set_fields(part)}
        for name in INTERCEPTIONS:
            part = getattr(body, name)
            if part is UNSET or part.interception_app_id is UNSET:
                continue
            app_id = part.interception_app_id
            if app_id != doc[name]["interception_app_id"]:
                app_name = await self._app_name(org_id, app_id, tx) if app_id else None
                doc[name] = {"interception_app_id": app_id, "interception_app_name": app_name}
        for name in PLAIN:
            value = getattr(body, name)
            if value is not UNSET:
                doc[name] = value
        if body.noise_suppression is not UNSET:
            doc["noise_suppression"] = NOISE_SUPPRESSION[body.noise_suppression]
        if body.tags is not UNSET:
            doc["tags"] = list(dict.fromkeys(body.tags))
        connection_id = body.connection_id
        if connection_id is not UNSET and connection_id != doc["connection_id"]:
            known = await self._connection(org_id, connection_id, tx) if connection_id else (None, None)
            doc.update(connection_id=connection_id, connection_name=known[0], connection_type=known[1])
        return doc

    async def _connection(self, org_id: int, connection_id: str, tx: Executor) -> tuple[str | None, str | None]:
        """Connections have no endpoint here: a number joining one takes the name and type the
        organisation's other mobile numbers show for it, else the name its phone numbers show."""
        other = await self.store.doc_where(tx, org_id, ("connection_id",), connection_id, ("connection_name",))
        if other is not None:
            return other["connection_name"], other.get("connection_type")
        return await self.store.phone_number_connection_name(tx, org_id, connection_id), None

    async def _app_name(self, org_id: int, app_id: str, tx: Executor) -> str | None:
        """Likewise an interception app's name, from any number intercepted by it either way."""
        for side in INTERCEPTIONS:
            other = await self.store.doc_where(
                tx, org_id, (side, "interception_app_id"), app_id, (side, "interception_app_name")
            )
            if other is not None:
                name: str = other[side]["interception_app_name"]
                return name
        return None
