"""`client.phone_numbers.voice`: list, retrieve, update, declared once each."""

from __future__ import annotations

from ....http.operation import Operation
from ... import parameters as p
from ..filters import parse_voice
from .models import PhoneNumberWithVoiceSettings, VoiceUpdate
from .service import VoiceSettings

TAG = "Phone number settings"

OPERATIONS = [
    Operation(
        "GET", "/phone_numbers/voice", "phone_numbers.voice.list", "listPhoneNumbersWithVoiceSettings",
        "List voice settings", TAG, VoiceSettings, lambda s, c: s.list_voice(c.who, *c.listing()),
        PhoneNumberWithVoiceSettings, query=parse_voice, params=p.VOICE_LIST, paged=True,
    ),
    Operation(
        "GET", "/phone_numbers/{id}/voice", "phone_numbers.voice.retrieve", "retrievePhoneNumberVoiceSettings",
        "Retrieve voice settings", TAG, VoiceSettings, lambda s, c: s.retrieve_voice(c.who, c.id),
        PhoneNumberWithVoiceSettings, params=[p.NUMBER_ID],
    ),
    Operation(
        "PATCH", "/phone_numbers/{id}/voice", "phone_numbers.voice.update", "updatePhoneNumberVoiceSettings",
        "Update voice settings", TAG, VoiceSettings, lambda s, c: s.update_voice(c.who, c.id, c.body),
        PhoneNumberWithVoiceSettings, body=VoiceUpdate, params=[p.NUMBER_ID], write=True,
    ),
]  # fmt: skip
