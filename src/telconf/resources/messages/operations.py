"""`client.messages`: send, send_long_code, send_number_pool, send_short_code,
send_with_alphanumeric_sender, schedule, retrieve and cancel_scheduled, declared once each."""

from __future__ import annotations

from ...http.operation import Operation
from .models import Message, SendMessage
from .service import Messages

TAG = "Messages"
ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"},
      "description": "The id of the message."}  # fmt: skip

OPERATIONS = [
    Operation(
        "POST", "/messages", "messages.send", "sendMessage", "Send a message", TAG, Messages,
        lambda s, c: s.send(c.who, c.body), Message, body=SendMessage, write=True,
    ),
    Operation(
        "POST", "/messages/long_code", "messages.send_long_code", "sendLongCodeMessage",
        "Send a message from a long code", TAG, Messages, lambda s, c: s.send(c.who, c.body, "long_code"), Message,
        body=SendMessage, write=True,
    ),
    Operation(
        "POST", "/messages/number_pool", "messages.send_number_pool", "sendNumberPoolMessage",
        "Send a message from the profile's number pool", TAG, Messages,
        lambda s, c: s.send(c.who, c.body, "number_pool"), Message, body=SendMessage, write=True,
    ),
    Operation(
        "POST", "/messages/short_code", "messages.send_short_code", "sendShortCodeMessage",
        "Send a message from a short code", TAG, Messages, lambda s, c: s.send(c.who, c.body, "short_code"),
        Message, body=SendMessage, write=True,
    ),
    Operation(
        "POST", "/messages/alphanumeric_sender_id", "messages.send_with_alphanumeric_sender",
        "sendMessageWithAlphanumericSender", "Send a message with an alphanumeric sender ID", TAG, Messages,
        lambda s, c: s.send(c.who, c.body, "alphanumeric_sender_id"), Message, body=SendMessage, write=True,
    ),
    Operation(
        "POST", "/messages/schedule", "messages.schedule", "scheduleMessage", "Schedule a message", TAG, Messages,
        lambda s, c: s.send(c.who, c.body, "schedule"), Message, body=SendMessage, write=True,
    ),
    Operation(
        "GET", "/messages/{id}", "messages.retrieve", "retrieveMessage", "Retrieve a message", TAG, Messages,
        lambda s, c: s.retrieve(c.who, c.id), Message, params=[ID],
    ),
    Operation(
        "DELETE", "/messages/{id}", "messages.cancel_scheduled", "cancelScheduledMessage",
        "Cancel a scheduled message", TAG, Messages, lambda s, c: s.cancel_scheduled(c.who, c.id), Message,
        params=[ID], write=True, envelope=False, refusals=("400",),
    ),
]  # fmt: skip
