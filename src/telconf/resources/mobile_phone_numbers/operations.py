"""`client.mobile_phone_numbers` (list, retrieve, update) and `.messaging` (list, retrieve),
declared once each.

The SDKs call the number itself at /v2/v2/mobile_phone_numbers… (the spec declares those paths
with a /v2 of their own) and the messaging view at /v2/mobile_phone_numbers/…/messaging; the docs
show /v2/mobile_phone_numbers…, so the record is served at both."""

from __future__ import annotations

from starlette.datastructures import QueryParams

from ...http.operation import Operation
from ...http.query import PageRequest, QueryReader
from .. import parameters as p
from .models import MobilePhoneNumber, MobilePhoneNumberUpdate, MobilePhoneNumberWithMessagingSettings
from .service import MobilePhoneNumbers

TAG = "Mobile phone numbers"


def _page(params: QueryParams) -> PageRequest:
    q = QueryReader(params, ())
    pg = q.page()
    q.finish()
    return pg


def _record(prefix: str, suffix: str) -> list[Operation]:
    return [
        Operation(
            "GET", f"{prefix}/mobile_phone_numbers", "mobile_phone_numbers.list", f"listMobilePhoneNumbers{suffix}",
            "List mobile phone numbers", TAG, MobilePhoneNumbers, lambda s, c: s.list(c.who, *c.listing()),
            MobilePhoneNumber, query=_page, params=p.PAGE, paged=True,
        ),
        Operation(
            "GET", f"{prefix}/mobile_phone_numbers/{{id}}", "mobile_phone_numbers.retrieve",
            f"retrieveMobilePhoneNumber{suffix}", "Retrieve a mobile phone number", TAG, MobilePhoneNumbers,
            lambda s, c: s.retrieve(c.who, c.id), MobilePhoneNumber, params=[p.MOBILE_NUMBER_ID],
        ),
        Operation(
            "PATCH", f"{prefix}/mobile_phone_numbers/{{id}}", "mobile_phone_numbers.update",
            f"updateMobilePhoneNumber{suffix}", "Update a mobile phone number", TAG, MobilePhoneNumbers,
            lambda s, c: s.update(c.who, c.id, c.body), MobilePhoneNumber,
            body=MobilePhoneNumberUpdate, params=[p.MOBILE_NUMBER_ID], write=True,
        ),
    ]  # fmt: skip


OPERATIONS = [
    *_record("/v2", ""),  # the SDKs' path
    *_record("", "Unprefixed"),  # the docs' path
    Operation(
        "GET", "/mobile_phone_numbers/messaging", "mobile_phone_numbers.messaging.list",
        "listMobilePhoneNumbersWithMessagingSettings", "List mobile numbers' messaging settings", TAG,
        MobilePhoneNumbers, lambda s, c: s.list_messaging(c.who, *c.listing()),
        MobilePhoneNumberWithMessagingSettings, query=_page, params=p.PAGE, paged=True,
    ),
    Operation(
        "GET", "/mobile_phone_numbers/{id}/messaging", "mobile_phone_numbers.messaging.retrieve",
        "retrieveMobilePhoneNumberMessagingSettings", "Retrieve a mobile number's messaging settings", TAG,
        MobilePhoneNumbers, lambda s, c: s.retrieve_messaging(c.who, c.id), MobilePhoneNumberWithMessagingSettings,
        params=[p.MOBILE_NUMBER_ID],
    ),
]  # fmt: skip
