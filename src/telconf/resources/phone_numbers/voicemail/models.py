"""Voicemail shapes: `VoicemailPrefResponse` (the `data` of every call) and the request body
`VoicemailRequest`, which create and update share. Unsent fields are UNSET; the greeting merges
field by field."""

from __future__ import annotations

from typing import Annotated

import msgspec

from ....enums import GreetingMode
from ....store.voicemail import VoicemailRow

UNSET = msgspec.UNSET
Unset = msgspec.UnsetType

# Neither the SDKs nor Telnyx's documentation give the pin a format (the examples show "1234"), so
# it is only bounded; a media name is the name of a file in Media Storage, which telconf lacks.
Pin = Annotated[str, msgspec.Meta(min_length=1, max_length=255)]
MediaName = Annotated[str, msgspec.Meta(min_length=1, max_length=255)]
DEFAULT_MODE: GreetingMode = "default"


class GreetingChange(msgspec.Struct, kw_only=True):
    media_name: MediaName | None | Unset = UNSET
    mode: GreetingMode | Unset = UNSET


class VoicemailRequest(msgspec.Struct, kw_only=True):
    """Body of POST and PATCH /phone_numbers/{id}/voicemail."""

    enabled: bool | Unset = UNSET
    greeting: GreetingChange | Unset = UNSET
    pin: Pin | Unset = UNSET


class Greeting(msgspec.Struct, kw_only=True):
    media_name: str | None
    mode: GreetingMode


class VoicemailPrefResponse(msgspec.Struct, kw_only=True, omit_defaults=True):
    """A number's voicemail settings. `pin` is left out until one is set (the Node SDK types it
    `pin?: string`, so null would be off its type)."""

    enabled: bool
    greeting: Greeting
    pin: str | None = None


def voicemail_from_row(row: VoicemailRow) -> VoicemailPrefResponse:
    greeting = Greeting(media_name=row.greeting_media_name, mode=row.greeting_mode)  # type: ignore[arg-type]
    return VoicemailPrefResponse(enabled=row.enabled, greeting=greeting, pin=row.pin)
