"""Rules of `client.phone_numbers.voicemail`: a number's voicemail settings exist once created;
create makes them (once), update changes what is sent, retrieve shows them. Knows nothing of
HTTP; raises typed errors."""

from __future__ import annotations

from dataclasses import replace

import msgspec

from ....errors import DUPLICATE_RESOURCE, MISSING_PARAMETER, Invalid, NotFound
from ....principal import Principal
from ....store.voicemail import Absent, VoicemailRow, VoicemailStore
from ..service import parse_number_id
from .models import DEFAULT_MODE, VoicemailPrefResponse, VoicemailRequest, voicemail_from_row

NUMBER_NOT_FOUND = "Phone number not found."
NO_SETTINGS = "This phone number has no voicemail settings; create them with POST /phone_numbers/{id}/voicemail."
ALREADY = "This phone number already has voicemail settings; change them with PATCH /phone_numbers/{id}/voicemail."
NO_MEDIA = "greeting.media_name is required when greeting.mode is custom_greeting."
# Nothing is switched on unless asked: a new number's voicemail is off, with the system greeting.
NEW = VoicemailRow(enabled=False, pin=None, greeting_mode=DEFAULT_MODE, greeting_media_name=None)


def _absent(why: Absent) -> NotFound:
    return NotFound(NUMBER_NOT_FOUND if why is Absent.NUMBER else NO_SETTINGS)


def applied(current: VoicemailRow, body: VoicemailRequest) -> VoicemailRow:
    """`current` with what `body` sends; the greeting merges field by field, and a custom greeting
    needs a media name (checked on the result, so one may be sent before or with the mode)."""
    row = current
    if body.enabled is not msgspec.UNSET:
        row = replace(row, enabled=body.enabled)
    if body.pin is not msgspec.UNSET:
        row = replace(row, pin=body.pin)
    greeting = body.greeting
    if greeting is not msgspec.UNSET:
        if greeting.mode is not msgspec.UNSET:
            row = replace(row, greeting_mode=greeting.mode)
        if greeting.media_name is not msgspec.UNSET:
            row = replace(row, greeting_media_name=greeting.media_name)
    if row.greeting_mode == "custom_greeting" and not row.greeting_media_name:
        raise Invalid.field(NO_MEDIA, pointer="/greeting/media_name", code=MISSING_PARAMETER)
    return row


class Voicemail:
    def __init__(self, store: VoicemailStore) -> None:
        self.store = store

    async def retrieve(self, who: Principal, raw_id: str) -> VoicemailPrefResponse:
        found = await self.store.get(who.org_id, parse_number_id(raw_id))
        if isinstance(found, Absent):
            raise _absent(found)
        return voicemail_from_row(found)

    async def create(self, who: Principal, raw_id: str, body: VoicemailRequest) -> VoicemailPrefResponse:
        number_id = parse_number_id(raw_id)
        created = await self.store.create(who.org_id, number_id, applied(NEW, body))
        if created is None:
            raise Invalid.field(ALREADY, code=DUPLICATE_RESOURCE)
        if isinstance(created, Absent):
            raise _absent(created)
        return voicemail_from_row(created)

    async def update(self, who: Principal, raw_id: str, body: VoicemailRequest) -> VoicemailPrefResponse:
        changed = await self.store.update(who.org_id, parse_number_id(raw_id), lambda row: applied(row, body))
        if isinstance(changed, Absent):
            raise _absent(changed)
        return voicemail_from_row(changed)
