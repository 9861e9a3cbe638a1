"""The errors a send can end in, with Telnyx's codes and titles (API notes, messaging §2)."""

from __future__ import annotations

from ...errors import ApiError, ErrorItem


class Refused(ApiError):
    """A send refused synchronously: 400 unless the code says otherwise (40333 is 429)."""

    def __init__(self, code: str, title: str, detail: str, pointer: str | None = None, status: int = 400) -> None:
        # A refusal is final: retrying the same send (as the SDKs do on 429) cannot succeed.
        super().__init__([ErrorItem(code, title, detail, pointer=pointer)], {"x-should-retry": "false"})
        self.status = status


def missing(field: str, detail: str | None = None) -> Refused:
    detail = detail or f"The '{field}' parameter is required."
    return Refused("10004", "Missing required parameter", detail, f"/{field}")


def bad_request(detail: str, field: str) -> Refused:
    return Refused("10015", "Bad Request", detail, f"/{field}")


def invalid_from(detail: str = "The 'from' address should be string containing a valid number associated with "
                 "the sending messaging profile.") -> Refused:  # fmt: skip
    return Refused("40305", "Invalid 'from' address", detail, "/from")


def invalid_to() -> Refused:
    return Refused("40310", "Invalid 'to' address", "The 'to' address should be a single valid number.", "/to")


def stopped(from_number: str, to_number: str) -> Refused:
    return Refused(
        "40300", "Blocked due to STOP message",
        f"Messages cannot be sent from {from_number} to {to_number} due to an existing block rule.", "/to",
    )  # fmt: skip


def not_found(message_id: str) -> Refused:
    return Refused("40303", "Message not found", f"The message with ID {message_id} was not found.", status=404)


def spend_limit(profile_id: str, limit: str) -> Refused:
    return Refused(
        "40333", "Messaging profile spend limit reached",
        f"The messaging profile {profile_id} has reached its daily spend limit of {limit} USD.", status=429,
    )  # fmt: skip
