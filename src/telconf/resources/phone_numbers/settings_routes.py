"""`client.phone_numbers.voice`, `.messaging` and `.actions.enable_emergency` /
`.actions.change_bundle_status`, declared once each."""

from __future__ import annotations

import msgspec

from ...http.operation import Operation
from ...openapi import parameters as p
from .filters import parse_messaging, parse_voice
from .messaging_models import MessagingUpdate, PhoneNumberWithMessagingSettings
from .settings import NumberSettings
from .voice_models import PhoneNumberWithVoiceSettings, VoiceUpdate

TAG = "Phone number settings"


class EnableEmergency(msgspec.Struct, kw_only=True):
    emergency_address_id: str
    emergency_enabled: bool


class BundleStatusChange(msgspec.Struct, kw_only=True):
    bundle_id: str | None  # required, but null takes the number out of its bundle


OPERATIONS = [
    Operation(
        "GET", "/phone_numbers/voice", "phone_numbers.voice.list", "listPhoneNumbersWithVoiceSettings",
        "List voice settings", TAG, NumberSettings, lambda s, c: s.list_voice(c.who, *c.listing()),
        PhoneNumberWithVoiceSettings, query=parse_voice, params=p.VOICE_LIST, paged=True,
    ),
    Operation(
        "GET", "/phone_numbers/messaging", "phone_numbers.messaging.list", "listPhoneNumbersWithMessagingSettings",
        "List messaging settings", TAG, NumberSettings, lambda s, c: s.list_messaging(c.who, *c.listing()),
        PhoneNumberWithMessagingSettings, query=parse_messaging, params=p.MESSAGING_LIST, paged=True,
    ),
    Operation(
        "GET", "/phone_numbers/{id}/voice", "phone_numbers.voice.retrieve", "retrievePhoneNumberVoiceSettings",
        "Retrieve voice settings", TAG, NumberSettings, lambda s, c: s.retrieve_voice(c.who, c.id),
        PhoneNumberWithVoiceSettings, params=[p.NUMBER_ID],
    ),
    Operation(
        "PATCH", "/phone_numbers/{id}/voice", "phone_numbers.voice.update", "updatePhoneNumberVoiceSettings",
        "Update voice settings", TAG, NumberSettings, lambda s, c: s.update_voice(c.who, c.id, c.body),
        PhoneNumberWithVoiceSettings, body=VoiceUpdate, params=[p.NUMBER_ID], write=True,
    ),
    Operation(
        "GET", "/phone_numbers/{id}/messaging", "phone_numbers.messaging.retrieve",
        "retrievePhoneNumberMessagingSettings", "Retrieve messaging settings", TAG, NumberSettings,
        lambda s, c: s.retrieve_messaging(c.who, c.id), PhoneNumberWithMessagingSettings, params=[p.NUMBER_ID],
    ),
    Operation(
        "PATCH", "/phone_numbers/{id}/messaging", "phone_numbers.messaging.update",
        "updatePhoneNumberMessagingSettings", "Update messaging settings", TAG, NumberSettings,
        lambda s, c: s.update_messaging(c.who, c.id, c.body), PhoneNumberWithMessagingSettings,
        body=MessagingUpdate, params=[p.NUMBER_ID], write=True,
    ),
    Operation(
        "POST", "/phone_numbers/{id}/actions/enable_emergency", "phone_numbers.actions.enable_emergency",
        "enablePhoneNumberEmergency", "Enable or disable emergency services", TAG, NumberSettings,
        lambda s, c: s.enable_emergency(c.who, c.id, c.body.emergency_address_id, c.body.emergency_enabled),
        PhoneNumberWithVoiceSettings, body=EnableEmergency, params=[p.NUMBER_ID], write=True,
    ),
    Operation(
        "PATCH", "/phone_numbers/{id}/actions/bundle_status_change", "phone_numbers.actions.change_bundle_status",
        "changePhoneNumberBundleStatus", "Change a number's bundle", TAG, NumberSettings,
        lambda s, c: s.change_bundle_status(c.who, c.id, c.body.bundle_id), PhoneNumberWithVoiceSettings,
        body=BundleStatusChange, params=[p.NUMBER_ID], write=True,
    ),
]  # fmt: skip
