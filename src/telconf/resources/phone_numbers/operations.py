"""`client.phone_numbers`: list, slim_list, retrieve, update, delete, declared once each."""

from __future__ import annotations

from ...http.operation import Operation
from .. import parameters as p
from .filters import parse_list, parse_slim
from .models import PhoneNumber, PhoneNumberUpdate, SlimPhoneNumber
from .service import PhoneNumbers

TAG = "Phone numbers"

OPERATIONS = [
    Operation(
        "GET", "/phone_numbers", "phone_numbers.list", "listPhoneNumbers", "List phone numbers", TAG,
        PhoneNumbers, lambda s, c: s.list(c.who, *c.listing()), PhoneNumber,
        query=parse_list, params=p.PHONE_NUMBER_LIST, paged=True,
    ),
    Operation(
        "GET", "/phone_numbers/slim", "phone_numbers.slim_list", "slimListPhoneNumbers", "Slim-list phone numbers",
        TAG, PhoneNumbers, lambda s, c: s.slim_list(c.who, *c.listing()), SlimPhoneNumber,
        query=parse_slim, params=p.PHONE_NUMBER_SLIM_LIST, paged=True,
    ),
    Operation(
        "GET", "/phone_numbers/{id}", "phone_numbers.retrieve", "retrievePhoneNumber", "Retrieve a phone number", TAG,
        PhoneNumbers, lambda s, c: s.retrieve(c.who, c.id), PhoneNumber, params=[p.NUMBER_ID],
    ),
    Operation(
        "PATCH", "/phone_numbers/{id}", "phone_numbers.update", "updatePhoneNumber", "Update a phone number", TAG,
        PhoneNumbers, lambda s, c: s.update(c.who, c.id, c.body), PhoneNumber,
        body=PhoneNumberUpdate, params=[p.NUMBER_ID], write=True,
    ),
    Operation(
        "DELETE", "/phone_numbers/{id}", "phone_numbers.delete", "deletePhoneNumber", "Delete a phone number", TAG,
        PhoneNumbers, lambda s, c: s.delete(c.who, c.id), "DeletedPhoneNumber", params=[p.NUMBER_ID], write=True,
    ),
]  # fmt: skip
