"""What a job handler answers per item: `None` for done, else Telnyx-shaped errors. Shared by
every slice's handlers (`resources/*/jobs/handlers.py`, `resources/*/handlers.py`)."""

from __future__ import annotations

from typing import Any

from ..errors import ErrorItem
from ..store.jobs import JobItem, Outcome

GONE = ErrorItem("10005", "Resource not found", "The phone number is no longer in this organization.")


def errors(*items: ErrorItem) -> list[dict[str, Any]]:
    return [item.to_json() for item in items]


def number_ids(items: list[JobItem]) -> list[int]:
    return [item.phone_number_id for item in items if item.phone_number_id is not None]


def outcomes(items: list[JobItem], done: set[int], failure: ErrorItem = GONE) -> list[Outcome]:
    return [None if item.phone_number_id in done else errors(failure) for item in items]
