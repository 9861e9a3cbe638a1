"""`client.phone_numbers.actions`: verify_ownership, enable_emergency, change_bundle_status,
declared once each."""

from __future__ import annotations

from ....http.operation import Operation
from ... import parameters as p
from ..voice.models import PhoneNumberWithVoiceSettings
from .models import BundleStatusChange, EnableEmergency, OwnershipResult, VerifyOwnership
from .service import NumberActions

TAG = "Phone number settings"

OPERATIONS = [
    Operation(
        "POST", "/phone_numbers/actions/verify_ownership", "phone_numbers.actions.verify_ownership",
        "verifyPhoneNumberOwnership", "Verify ownership of phone numbers", "Phone numbers",
        NumberActions, lambda s, c: s.verify_ownership(c.who, c.body.phone_numbers), OwnershipResult,
        body=VerifyOwnership,
    ),
    Operation(
        "POST", "/phone_numbers/{id}/actions/enable_emergency", "phone_numbers.actions.enable_emergency",
        "enablePhoneNumberEmergency", "Enable or disable emergency services", TAG, NumberActions,
        lambda s, c: s.enable_emergency(c.who, c.id, c.body.emergency_address_id, c.body.emergency_enabled),
        PhoneNumberWithVoiceSettings, body=EnableEmergency, params=[p.NUMBER_ID], write=True,
    ),
    Operation(
        "PATCH", "/phone_numbers/{id}/actions/bundle_status_change", "phone_numbers.actions.change_bundle_status",
        "changePhoneNumberBundleStatus", "Change a number's bundle", TAG, NumberActions,
        lambda s, c: s.change_bundle_status(c.who, c.id, c.body.bundle_id), PhoneNumberWithVoiceSettings,
        body=BundleStatusChange, params=[p.NUMBER_ID], write=True,
    ),
]  # fmt: skip
