"""`client.webhook_deliveries`: list and retrieve, declared once each."""

from __future__ import annotations

from ...http.operation import Operation
from .. import parameters as p
from .filters import parse_list
from .models import WebhookDelivery
from .service import WebhookDeliveries

TAG = "Webhook deliveries"

OPERATIONS = [
    Operation(
        "GET", "/webhook_deliveries", "webhook_deliveries.list", "listWebhookDeliveries",
        "List webhook deliveries", TAG,
        WebhookDeliveries, lambda s, c: s.list(c.who, *c.listing()), WebhookDelivery,
        query=parse_list, params=p.WEBHOOK_DELIVERY_LIST, paged=True,
    ),
    Operation(
        "GET", "/webhook_deliveries/{id}", "webhook_deliveries.retrieve", "getWebhookDelivery",
        "Find webhook_delivery details by ID", TAG,
        WebhookDeliveries, lambda s, c: s.retrieve(c.who, c.id), WebhookDelivery, params=[p.WEBHOOK_DELIVERY_ID],
    ),
]  # fmt: skip
