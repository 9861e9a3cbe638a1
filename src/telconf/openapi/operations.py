"""Every operation telconf serves under /v2, as one table: path (below the server's `/v2`), method,
operationId, parameters, request body Struct, response and success status.

The routes themselves are in `resources/*/routes.py` (and `settings_routes.py`, `job_routes.py`);
`tests/openapi/test_document.py` checks that this table and those routes list the same paths and
methods. Error responses are added by document.py from what each operation takes (a body, a path
id, query parameters, a write)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import msgspec

from ..resources.messaging_numbers_bulk_updates.models import BulkUpdate, BulkUpdateOrder
from ..resources.messaging_profiles.models import MessagingProfile, MessagingProfileCreate, MessagingProfileUpdate
from ..resources.mobile_phone_numbers.models import (
    MobilePhoneNumber,
    MobilePhoneNumberUpdate,
    MobilePhoneNumberWithMessagingSettings,
)
from ..resources.phone_numbers.job_models import DeleteBatch, EmergencyBatch, PhoneNumbersJob, UpdateBatch
from ..resources.phone_numbers.messaging_models import MessagingUpdate, PhoneNumberWithMessagingSettings
from ..resources.phone_numbers.models import (
    OwnershipResult,
    PhoneNumber,
    PhoneNumberUpdate,
    SlimPhoneNumber,
    VerifyOwnership,
)
from ..resources.phone_numbers.settings_routes import BundleStatusChange, EnableEmergency
from ..resources.phone_numbers.voice_models import PhoneNumberWithVoiceSettings, VoiceUpdate
from ..resources.short_codes.models import ShortCode, ShortCodeUpdate
from . import parameters as p

# A response's `data`: a Struct, or the name of a component built otherwise (see document.py).
Data = type[msgspec.Struct] | str


@dataclass(frozen=True)
class Operation:
    path: str
    method: str
    operation_id: str
    summary: str
    tag: str
    data: Data
    params: list[dict[str, Any]] = field(default_factory=list)
    body: type[msgspec.Struct] | None = None
    paged: bool = False  # `{"data": [...], "meta": ...}` instead of `{"data": ...}`
    status: int = 200
    write: bool = False  # needs a read_write key (403 otherwise)


NUMBERS, SETTINGS, JOBS = "Phone numbers", "Phone number settings", "Phone number jobs"
PROFILES, SHORT_CODES, MOBILE = "Messaging profiles", "Short codes", "Mobile phone numbers"
BULK = "Messaging numbers bulk updates"
ACCEPTED = 202


def _mobile(prefix: str, suffix: str) -> list[Operation]:
    """The mobile-number record is served at /v2/v2/… (the SDKs' path) and /v2/… (the docs')."""
    return [
        Operation(f"{prefix}/mobile_phone_numbers", "get", f"listMobilePhoneNumbers{suffix}",
                  "List mobile phone numbers", MOBILE, MobilePhoneNumber, p.PAGE, paged=True),
        Operation(f"{prefix}/mobile_phone_numbers/{{id}}", "get", f"retrieveMobilePhoneNumber{suffix}",
                  "Retrieve a mobile phone number", MOBILE, MobilePhoneNumber, [p.MOBILE_NUMBER_ID]),
        Operation(f"{prefix}/mobile_phone_numbers/{{id}}", "patch", f"updateMobilePhoneNumber{suffix}",
                  "Update a mobile phone number", MOBILE, MobilePhoneNumber, [p.MOBILE_NUMBER_ID],
                  body=MobilePhoneNumberUpdate, write=True),
    ]  # fmt: skip


# fmt: off
OPERATIONS: list[Operation] = [
    # client.phone_numbers (resources/phone_numbers/routes.py)
    Operation("/phone_numbers", "get", "listPhoneNumbers", "List phone numbers", NUMBERS,
              PhoneNumber, p.PHONE_NUMBER_LIST, paged=True),
    Operation("/phone_numbers/slim", "get", "slimListPhoneNumbers", "Slim-list phone numbers", NUMBERS,
              SlimPhoneNumber, p.PHONE_NUMBER_SLIM_LIST, paged=True),
    Operation("/phone_numbers/actions/verify_ownership", "post", "verifyPhoneNumberOwnership",
              "Verify ownership of phone numbers", NUMBERS, OwnershipResult, body=VerifyOwnership),
    Operation("/phone_numbers/{id}", "get", "retrievePhoneNumber", "Retrieve a phone number", NUMBERS,
              PhoneNumber, [p.NUMBER_ID]),
    Operation("/phone_numbers/{id}", "patch", "updatePhoneNumber", "Update a phone number", NUMBERS,
              PhoneNumber, [p.NUMBER_ID], body=PhoneNumberUpdate, write=True),
    Operation("/phone_numbers/{id}", "delete", "deletePhoneNumber", "Delete a phone number", NUMBERS,
              "DeletedPhoneNumber", [p.NUMBER_ID], write=True),
    # client.phone_numbers.voice / .messaging / .actions (settings_routes.py)
    Operation("/phone_numbers/voice", "get", "listPhoneNumbersWithVoiceSettings", "List voice settings",
              SETTINGS, PhoneNumberWithVoiceSettings, p.VOICE_LIST, paged=True),
    Operation("/phone_numbers/messaging", "get", "listPhoneNumbersWithMessagingSettings",
              "List messaging settings", SETTINGS, PhoneNumberWithMessagingSettings, p.MESSAGING_LIST, paged=True),
    Operation("/phone_numbers/{id}/voice", "get", "retrievePhoneNumberVoiceSettings", "Retrieve voice settings",
              SETTINGS, PhoneNumberWithVoiceSettings, [p.NUMBER_ID]),
    Operation("/phone_numbers/{id}/voice", "patch", "updatePhoneNumberVoiceSettings", "Update voice settings",
              SETTINGS, PhoneNumberWithVoiceSettings, [p.NUMBER_ID], body=VoiceUpdate, write=True),
    Operation("/phone_numbers/{id}/messaging", "get", "retrievePhoneNumberMessagingSettings",
              "Retrieve messaging settings", SETTINGS, PhoneNumberWithMessagingSettings, [p.NUMBER_ID]),
    Operation("/phone_numbers/{id}/messaging", "patch", "updatePhoneNumberMessagingSettings",
              "Update messaging settings", SETTINGS, PhoneNumberWithMessagingSettings, [p.NUMBER_ID],
              body=MessagingUpdate, write=True),
    Operation("/phone_numbers/{id}/actions/enable_emergency", "post", "enablePhoneNumberEmergency",
              "Enable or disable emergency services", SETTINGS, PhoneNumberWithVoiceSettings, [p.NUMBER_ID],
              body=EnableEmergency, write=True),
    Operation("/phone_numbers/{id}/actions/bundle_status_change", "patch", "changePhoneNumberBundleStatus",
              "Change a number's bundle", SETTINGS, PhoneNumberWithVoiceSettings, [p.NUMBER_ID],
              body=BundleStatusChange, write=True),
    # client.phone_numbers.jobs (job_routes.py)
    Operation("/phone_numbers/jobs", "get", "listPhoneNumbersJobs", "List phone-numbers jobs", JOBS,
              PhoneNumbersJob, p.JOB_LIST, paged=True),
    Operation("/phone_numbers/jobs/{id}", "get", "retrievePhoneNumbersJob", "Retrieve a phone-numbers job",
              JOBS, PhoneNumbersJob, [p.JOB_ID]),
    Operation("/phone_numbers/jobs/delete_phone_numbers", "post", "createDeletePhoneNumbersJob",
              "Delete numbers in a batch", JOBS, PhoneNumbersJob, body=DeleteBatch, status=ACCEPTED, write=True),
    Operation("/phone_numbers/jobs/update_emergency_settings", "post", "createUpdateEmergencySettingsJob",
              "Update emergency settings in a batch", JOBS, PhoneNumbersJob, body=EmergencyBatch,
              status=ACCEPTED, write=True),
    Operation("/phone_numbers/jobs/update_phone_numbers", "post", "createUpdatePhoneNumbersJob",
              "Update numbers in a batch (listed, or selected by filter)", JOBS, PhoneNumbersJob,
              p.UPDATE_SELECTOR, body=UpdateBatch, status=ACCEPTED, write=True),
    # client.messaging_profiles (resources/messaging_profiles/routes.py)
    Operation("/messaging_profiles", "get", "listMessagingProfiles", "List messaging profiles", PROFILES,
              MessagingProfile, p.PROFILE_LIST, paged=True),
    Operation("/messaging_profiles", "post", "createMessagingProfile", "Create a messaging profile", PROFILES,
              MessagingProfile, body=MessagingProfileCreate, write=True),
    Operation("/messaging_profiles/{id}", "get", "retrieveMessagingProfile", "Retrieve a messaging profile",
              PROFILES, MessagingProfile, [p.PROFILE_ID]),
    Operation("/messaging_profiles/{id}", "patch", "updateMessagingProfile", "Update a messaging profile",
              PROFILES, MessagingProfile, [p.PROFILE_ID], body=MessagingProfileUpdate, write=True),
    Operation("/messaging_profiles/{id}", "delete", "deleteMessagingProfile", "Delete a messaging profile",
              PROFILES, MessagingProfile, [p.PROFILE_ID], write=True),
    Operation("/messaging_profiles/{id}/phone_numbers", "get", "listMessagingProfilePhoneNumbers",
              "List a profile's phone numbers", PROFILES, PhoneNumberWithMessagingSettings,
              [p.PROFILE_ID, *p.PAGE], paged=True),
    Operation("/messaging_profiles/{id}/short_codes", "get", "listMessagingProfileShortCodes",
              "List a profile's short codes", PROFILES, ShortCode, [p.PROFILE_ID, *p.PAGE], paged=True),
    # client.short_codes (resources/short_codes/routes.py)
    Operation("/short_codes", "get", "listShortCodes", "List short codes", SHORT_CODES, ShortCode,
              p.SHORT_CODE_LIST, paged=True),
    Operation("/short_codes/{id}", "get", "retrieveShortCode", "Retrieve a short code", SHORT_CODES, ShortCode,
              [p.SHORT_CODE_ID]),
    Operation("/short_codes/{id}", "patch", "updateShortCode", "Update a short code", SHORT_CODES, ShortCode,
              [p.SHORT_CODE_ID], body=ShortCodeUpdate, write=True),
    # client.mobile_phone_numbers (resources/mobile_phone_numbers/routes.py)
    *_mobile("/v2", ""),
    *_mobile("", "Unprefixed"),
    Operation("/mobile_phone_numbers/messaging", "get", "listMobilePhoneNumbersWithMessagingSettings",
              "List mobile numbers' messaging settings", MOBILE, MobilePhoneNumberWithMessagingSettings, p.PAGE,
              paged=True),
    Operation("/mobile_phone_numbers/{id}/messaging", "get", "retrieveMobilePhoneNumberMessagingSettings",
              "Retrieve a mobile number's messaging settings", MOBILE, MobilePhoneNumberWithMessagingSettings,
              [p.MOBILE_NUMBER_ID]),
    # client.messaging_numbers_bulk_updates (resources/messaging_numbers_bulk_updates/routes.py)
    Operation("/messaging_numbers_bulk_updates", "post", "createMessagingNumbersBulkUpdate",
              "Assign numbers to a messaging profile in bulk", BULK, BulkUpdateOrder, body=BulkUpdate, write=True),
    Operation("/messaging_numbers_bulk_updates/{order_id}", "get", "retrieveMessagingNumbersBulkUpdate",
              "Retrieve a bulk update", BULK, BulkUpdateOrder, [p.ORDER_ID]),
]
# fmt: on
