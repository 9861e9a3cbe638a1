"""`client.messaging_numbers_bulk_updates`: create and retrieve, declared once each."""

from __future__ import annotations

from ...http.operation import Operation
from .. import parameters as p
from .models import BulkUpdate, BulkUpdateOrder
from .service import MessagingNumbersBulkUpdates

TAG = "Messaging numbers bulk updates"

OPERATIONS = [
    Operation(
        "POST", "/messaging_numbers_bulk_updates", "messaging_numbers_bulk_updates.create",
        "createMessagingNumbersBulkUpdate", "Assign numbers to a messaging profile in bulk", TAG,
        MessagingNumbersBulkUpdates, lambda s, c: s.create(c.who, c.body), BulkUpdateOrder,
        body=BulkUpdate, write=True,
    ),
    Operation(
        "GET", "/messaging_numbers_bulk_updates/{order_id}", "messaging_numbers_bulk_updates.retrieve",
        "retrieveMessagingNumbersBulkUpdate", "Retrieve a bulk update", TAG, MessagingNumbersBulkUpdates,
        lambda s, c: s.retrieve(c.who, c.id), BulkUpdateOrder, params=[p.ORDER_ID],
    ),
]  # fmt: skip
