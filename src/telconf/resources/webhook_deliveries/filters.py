"""The `filter[...]` and `page[...]` parameters of GET /webhook_deliveries."""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.datastructures import QueryParams

from ...clock import iso
from ...http.query import MAX_LIST_VALUES, PageRequest, QueryReader
from ...store.webhooks import DeliveryFilter
from .models import DELIVERY_STATUSES

STATUS_KEY = "filter[status][eq]"
EVENT_TYPE_KEY = "filter[event_type]"
WEBHOOK_KEY = "filter[webhook][contains]"
ATTEMPTS_KEY = "filter[attempts][contains]"
MOMENT_KEYS = tuple(f"filter[{name}][{op}]" for name in ("started_at", "finished_at") for op in ("gte", "lte"))
LIST_KEYS = (STATUS_KEY, EVENT_TYPE_KEY, WEBHOOK_KEY, ATTEMPTS_KEY, *MOMENT_KEYS)
MAX_EVENT_TYPE = 128


def parse_list(params: QueryParams) -> tuple[DeliveryFilter, PageRequest]:
    q = QueryReader(params, LIST_KEYS)
    pg = q.page()
    status = q.enum(STATUS_KEY, DELIVERY_STATUSES)
    event_types = _event_types(q)
    webhook = q.text(WEBHOOK_KEY)
    attempts = q.text(ATTEMPTS_KEY)
    moments = {key: _moment(q, key) for key in MOMENT_KEYS}
    q.finish()
    return DeliveryFilter(
        status=status,
        event_types=event_types,
        webhook_contains=webhook or None,
        attempts_contains=attempts or None,
        started_at=(moments[MOMENT_KEYS[0]], moments[MOMENT_KEYS[1]]),
        finished_at=(moments[MOMENT_KEYS[2]], moments[MOMENT_KEYS[3]]),
    ), pg


def _event_types(q: QueryReader) -> tuple[str, ...]:
    raw = q.text(EVENT_TYPE_KEY, max_length=MAX_LIST_VALUES * MAX_EVENT_TYPE)
    if raw is None:
        return ()
    values = tuple(dict.fromkeys(v.strip() for v in raw.split(",") if v.strip()))
    if not values or len(values) > MAX_LIST_VALUES or any(len(v) > MAX_EVENT_TYPE for v in values):
        q.problems.add(
            f"{EVENT_TYPE_KEY} must be a comma-separated list of up to {MAX_LIST_VALUES} event types.",
            parameter=EVENT_TYPE_KEY,
        )
        return ()
    return values


def _moment(q: QueryReader, key: str) -> str | None:
    """An ISO 8601 date-time (a date alone is its midnight, UTC when no offset is given), compared as
    telconf stores timestamps."""
    raw = q.text(key, max_length=64)
    if raw is None:
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00") if raw.endswith("Z") else raw)
    except ValueError:
        q.problems.add(f"{key} must be an ISO 8601 date-time, e.g. 2024-01-15T21:32:14Z.", parameter=key)
        return None
    return iso(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
