"""`client.phone_numbers.messaging`: list, retrieve, update, declared once each."""

from __future__ import annotations

from ....http.operation import Operation
from ... import parameters as p
from ..filters import parse_messaging
from .models import MessagingUpdate, PhoneNumberWithMessagingSettings
from .service import MessagingSettings

TAG = "Phone number settings"

OPERATIONS = [
    Operation(
        "GET", "/phone_numbers/messaging", "phone_numbers.messaging.list", "listPhoneNumbersWithMessagingSettings",
        "List messaging settings", TAG, MessagingSettings, lambda s, c: s.list_messaging(c.who, *c.listing()),
        PhoneNumberWithMessagingSettings, query=parse_messaging, params=p.MESSAGING_LIST, paged=True,
    ),
    Operation(
        "GET", "/phone_numbers/{id}/messaging", "phone_numbers.messaging.retrieve",
        "retrievePhoneNumberMessagingSettings", "Retrieve messaging settings", TAG, MessagingSettings,
        lambda s, c: s.retrieve_messaging(c.who, c.id), PhoneNumberWithMessagingSettings, params=[p.NUMBER_ID],
    ),
    Operation(
        "PATCH", "/phone_numbers/{id}/messaging", "phone_numbers.messaging.update",
        "updatePhoneNumberMessagingSettings", "Update messaging settings", TAG, MessagingSettings,
        lambda s, c: s.update_messaging(c.who, c.id, c.body), PhoneNumberWithMessagingSettings,
        body=MessagingUpdate, params=[p.NUMBER_ID], write=True,
    ),
]  # fmt: skip
