"""`client.phone_numbers.voicemail`: retrieve, create, update, declared once each."""

from __future__ import annotations

from ....http.operation import Operation
from ... import parameters as p
from .models import VoicemailPrefResponse, VoicemailRequest
from .service import Voicemail

TAG = "Phone number settings"

OPERATIONS = [
    Operation(
        "GET", "/phone_numbers/{id}/voicemail", "phone_numbers.voicemail.retrieve", "retrievePhoneNumberVoicemail",
        "Retrieve voicemail settings", TAG, Voicemail, lambda s, c: s.retrieve(c.who, c.id),
        VoicemailPrefResponse, params=[p.NUMBER_ID],
    ),
    Operation(
        "POST", "/phone_numbers/{id}/voicemail", "phone_numbers.voicemail.create", "createPhoneNumberVoicemail",
        "Create voicemail settings", TAG, Voicemail, lambda s, c: s.create(c.who, c.id, c.body),
        VoicemailPrefResponse, body=VoicemailRequest, params=[p.NUMBER_ID], write=True,
    ),
    Operation(
        "PATCH", "/phone_numbers/{id}/voicemail", "phone_numbers.voicemail.update", "updatePhoneNumberVoicemail",
        "Update voicemail settings", TAG, Voicemail, lambda s, c: s.update(c.who, c.id, c.body),
        VoicemailPrefResponse, body=VoicemailRequest, params=[p.NUMBER_ID], write=True,
    ),
]  # fmt: skip
