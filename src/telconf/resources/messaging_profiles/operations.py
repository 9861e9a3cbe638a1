"""`client.messaging_profiles`: list, create, retrieve, update, delete, list_phone_numbers,
list_short_codes, list_alphanumeric_sender_ids and retrieve_metrics, and `client.messaging_profiles.actions`:
regenerate_secret, declared once each."""

from __future__ import annotations

from typing import Any

from ...http.operation import Operation
from .. import parameters as p
from ..phone_numbers.messaging.models import PhoneNumberWithMessagingSettings
from ..short_codes.models import ShortCode
from .filters import parse_list, parse_metrics, parse_page
from .models import (
    AlphanumericSenderID,
    MessagingProfile,
    MessagingProfileCreate,
    MessagingProfileUpdate,
    ProfileMetrics,
)
from .rules import read_changes
from .service import MessagingProfiles

TAG = "Messaging profiles"


def _create(data: dict[str, Any]) -> MessagingProfileCreate:
    return read_changes(data, MessagingProfileCreate, creating=True)


def _update(data: dict[str, Any]) -> MessagingProfileUpdate:
    return read_changes(data, MessagingProfileUpdate, creating=False)


OPERATIONS = [
    Operation(
        "GET", "/messaging_profiles", "messaging_profiles.list", "listMessagingProfiles", "List messaging profiles",
        TAG, MessagingProfiles, lambda s, c: s.list(c.who, *c.listing()), MessagingProfile,
        query=parse_list, params=p.PROFILE_LIST, paged=True,
    ),
    Operation(
        "POST", "/messaging_profiles", "messaging_profiles.create", "createMessagingProfile",
        "Create a messaging profile", TAG, MessagingProfiles, lambda s, c: s.create(c.who, c.body), MessagingProfile,
        body=MessagingProfileCreate, read_body=_create, write=True,
    ),
    Operation(
        "GET", "/messaging_profiles/{id}", "messaging_profiles.retrieve", "retrieveMessagingProfile",
        "Retrieve a messaging profile", TAG, MessagingProfiles, lambda s, c: s.retrieve(c.who, c.id),
        MessagingProfile, params=[p.PROFILE_ID],
    ),
    Operation(
        "PATCH", "/messaging_profiles/{id}", "messaging_profiles.update", "updateMessagingProfile",
        "Update a messaging profile", TAG, MessagingProfiles, lambda s, c: s.update(c.who, c.id, c.body),
        MessagingProfile, body=MessagingProfileUpdate, read_body=_update, params=[p.PROFILE_ID], write=True,
    ),
    Operation(
        "DELETE", "/messaging_profiles/{id}", "messaging_profiles.delete", "deleteMessagingProfile",
        "Delete a messaging profile", TAG, MessagingProfiles, lambda s, c: s.delete(c.who, c.id), MessagingProfile,
        params=[p.PROFILE_ID], write=True,
    ),
    Operation(
        "GET", "/messaging_profiles/{id}/phone_numbers", "messaging_profiles.list_phone_numbers",
        "listMessagingProfilePhoneNumbers", "List a profile's phone numbers", TAG, MessagingProfiles,
        lambda s, c: s.list_phone_numbers(c.who, c.id, *c.listing()), PhoneNumberWithMessagingSettings,
        query=parse_page, params=[p.PROFILE_ID, *p.PAGE], paged=True,
    ),
    Operation(
        "GET", "/messaging_profiles/{id}/short_codes", "messaging_profiles.list_short_codes",
        "listMessagingProfileShortCodes", "List a profile's short codes", TAG, MessagingProfiles,
        lambda s, c: s.list_short_codes(c.who, c.id, *c.listing()), ShortCode,
        query=parse_page, params=[p.PROFILE_ID, *p.PAGE], paged=True,
    ),
    Operation(
        "GET", "/messaging_profiles/{id}/alphanumeric_sender_ids", "messaging_profiles.list_alphanumeric_sender_ids",
        "listMessagingProfileAlphanumericSenderIds", "List a profile's alphanumeric sender IDs", TAG,
        MessagingProfiles, lambda s, c: s.list_alphanumeric_sender_ids(c.who, c.id, *c.listing()),
        AlphanumericSenderID, query=parse_page, params=[p.PROFILE_ID, *p.PAGE], paged=True,
    ),
    Operation(
        "GET", "/messaging_profiles/{id}/metrics", "messaging_profiles.retrieve_metrics",
        "retrieveMessagingProfileMetrics", "Retrieve a profile's message metrics", TAG, MessagingProfiles,
        lambda s, c: s.retrieve_metrics(c.who, c.id, c.query), ProfileMetrics, query=parse_metrics,
        params=[p.PROFILE_ID, *p.METRICS],
    ),
    Operation(
        "POST", "/messaging_profiles/{id}/actions/regenerate_secret", "messaging_profiles.actions.regenerate_secret",
        "regenerateMessagingProfileSecret", "Regenerate a profile's v1 secret", TAG, MessagingProfiles,
        lambda s, c: s.regenerate_secret(c.who, c.id), MessagingProfile, params=[p.PROFILE_ID], write=True,
    ),
]  # fmt: skip
