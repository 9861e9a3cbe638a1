"""Typed API errors. Services raise them; `render` turns them into Telnyx's envelope in one place."""

from __future__ import annotations

import math
from dataclasses import dataclass

import msgspec

DOCS_URL = "https://developers.telnyx.com/docs/overview/errors/"


@dataclass(frozen=True)
class ErrorItem:
    """One entry of Telnyx's `errors[]` array."""

    code: str
    title: str
    detail: str
    pointer: str | None = None
    parameter: str | None = None

    def to_json(self) -> dict[str, object]:
        item: dict[str, object] = {"code": self.code, "title": self.title, "detail": self.detail}
        if self.pointer is not None:
            item["source"] = {"pointer": self.pointer}
        elif self.parameter is not None:
            item["source"] = {"parameter": self.parameter}
        item["meta"] = {"url": DOCS_URL + self.code}
        return item


# Telnyx's error codes (see the API notes' table); titles and details are Telnyx's own wording.
BAD_REQUEST = ("10015", "Bad Request")
MISSING_PARAMETER = ("10004", "Missing required parameter")
NOT_E164 = ("10016", "Phone number must be in +E.164 format")
INVALID_ID = ("10006", "Invalid ID")
ASSOCIATION_MISSING = ("10017", "Associated resource does not exist")
RESOURCE_IN_USE = ("10021", "Resource in use")
DUPLICATE_RESOURCE = ("10012", "Duplicate resource")


class ApiError(Exception):
    """Base of every error a client may see; carries an HTTP status and one or more items."""

    status: int = 500
    headers: dict[str, str] = {}  # noqa: RUF012 - class-level default, never mutated

    def __init__(self, items: list[ErrorItem], headers: dict[str, str] | None = None) -> None:
        super().__init__(items[0].detail if items else "")
        self.items = items
        if headers:
            self.headers = headers


class NotFound(ApiError):
    status = 404

    def __init__(self, detail: str = "The requested resource or URL could not be found.") -> None:
        super().__init__([ErrorItem("10005", "Resource not found", detail)])


class Unauthorized(ApiError):
    status = 401

    def __init__(self) -> None:
        super().__init__(
            [
                ErrorItem(
                    "10009",
                    "Authentication failed",
                    "The required authentication headers were either invalid or not included in the request.",
                )
            ]
        )


class Forbidden(ApiError):
    status = 403

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(
            [
                ErrorItem(
                    "10010",
                    "Authorization failed",
                    detail
                    or "You do not have permission to perform the requested action on the specified "
                    "resource or resources.",
                )
            ]
        )


class MalformedJson(ApiError):
    status = 400

    def __init__(self, detail: str = "The supplied JSON body could not be parsed.") -> None:
        super().__init__([ErrorItem("10023", "Invalid JSON", detail)])


class UnsupportedMediaType(ApiError):
    status = 415

    def __init__(self) -> None:
        super().__init__(
            [
                ErrorItem(
                    "10014",
                    "Unsupported Media Type",
                    "The request failed because the server does not support the media type. Send application/json.",
                )
            ]
        )


class MethodNotAllowed(ApiError):
    status = 405

    def __init__(self, allow: str) -> None:
        super().__init__([ErrorItem(*BAD_REQUEST, "The method is not allowed for this resource.")], {"Allow": allow})


class BodyTooLarge(ApiError):
    status = 413

    def __init__(self, limit: int) -> None:
        super().__init__([ErrorItem(*BAD_REQUEST, f"The request body exceeds the limit of {limit} bytes.")])


class TooManyRequests(ApiError):
    """429 with the headers both SDKs' retry logic reads: `retry-after-ms` first, then `Retry-After`."""

    status = 429

    def __init__(self, retry_after_seconds: float) -> None:
        wait = max(retry_after_seconds, 0.001)
        super().__init__(
            [ErrorItem("10011", "Too many requests", "You have exceeded the maximum number of allowed requests.")],
            {"Retry-After": str(max(1, math.ceil(wait))), "retry-after-ms": str(max(1, math.ceil(wait * 1000)))},
        )


class Unexpected(ApiError):
    status = 500

    def __init__(self, request_id: str) -> None:
        super().__init__(
            [ErrorItem("10007", "Unexpected error", f"An unexpected error occured. Request id: {request_id}.")]
        )


class Invalid(ApiError):
    """422 with one item per bad field; `Problems` gathers several before raising."""

    status = 422

    @classmethod
    def field(
        cls,
        detail: str,
        *,
        pointer: str | None = None,
        parameter: str | None = None,
        code: tuple[str, str] = BAD_REQUEST,
    ) -> Invalid:
        return cls([ErrorItem(code[0], code[1], detail, pointer=pointer, parameter=parameter)])


class Problems:
    """Collects per-field problems so a request reports all of them at once."""

    def __init__(self) -> None:
        self.items: list[ErrorItem] = []

    def add(
        self,
        detail: str,
        *,
        pointer: str | None = None,
        parameter: str | None = None,
        code: tuple[str, str] = BAD_REQUEST,
    ) -> None:
        self.items.append(ErrorItem(code[0], code[1], detail, pointer=pointer, parameter=parameter))

    def raise_if_any(self) -> None:
        if self.items:
            raise Invalid(self.items)


_encoder = msgspec.json.Encoder()


def render(error: ApiError) -> bytes:
    return _encoder.encode({"errors": [item.to_json() for item in error.items]})
