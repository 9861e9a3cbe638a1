"""The OpenAPI description of each list's query parameters and of path ids, from the keys the
filter parsers accept (the operations' declarations name them).

Each list's parameters are built from the parser's own tuple of known keys (`LIST_KEYS`, …), so a
key added to a parser without a schema here is still documented (as a string); `QUERY_SCHEMAS`
and the per-list overrides say what each value must be. Names are written as they are sent on the
wire (`filter[status]`), not as deepObject parameters: that is what the parsers read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..enums import JOB_STATUSES, JOB_TYPES, STATUSES, USAGE_PAYMENT_METHODS
from ..http.query import MAX_LIST_VALUES, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX
from ..resources.messaging_profiles import filters as profile_filters
from ..resources.messaging_profiles.autoresp_configs import filters as autoresp_filters
from ..resources.messaging_profiles.metrics import DEFAULT_TIME_FRAME, FRAMES
from ..resources.phone_numbers import filters as number_filters
from ..resources.phone_numbers.csv_downloads.models import CSV_FORMATS
from ..resources.phone_numbers.messaging.models import MESSAGING_TYPE_FILTERS
from ..resources.phone_numbers.models import NUMBER_TYPE_FILTERS, SORTS
from ..resources.short_codes import filters as short_code_filters
from ..resources.webhook_deliveries import filters as delivery_filters
from ..resources.webhook_deliveries.models import DELIVERY_STATUSES

Schema = dict[str, Any]


def enum(values: Iterable[Any]) -> Schema:
    return {"enum": list(values)}


TEXT: Schema = {"type": "string", "maxLength": 256}
BOOLEAN: Schema = {"type": "boolean"}


def comma_list(item: Schema, max_items: int = MAX_LIST_VALUES) -> dict[str, Any]:
    """An array sent comma-joined in one value (`filter[status]=active,deleted`), as the SDKs do."""
    return {
        "schema": {"type": "array", "items": item, "minItems": 1, "maxItems": max_items},
        "style": "form",
        "explode": False,
    }


def repeated(item: Schema, max_items: int | None = None) -> dict[str, Any]:
    """An array sent as repeated keys (`filter[status][]=a&filter[status][]=b`)."""
    schema: Schema = {"type": "array", "items": item}
    if max_items is not None:
        schema["maxItems"] = max_items
    return {"schema": schema, "style": "form", "explode": True}


# What the value of each key must be, by key, for the phone-number lists. A value is either a
# schema or a full parameter fragment (schema, style, explode).
PHONE_NUMBER_VALUES: dict[str, Schema] = {
    "filter[phone_number]": {**TEXT, "description": "Digits the number contains (at least three)."},
    "filter[status]": comma_list(enum(STATUSES)),
    "filter[country_iso_alpha2]": comma_list({"type": "string", "pattern": "^[A-Za-z]{2}$"}),
    "filter[voice.usage_payment_method]": enum(USAGE_PAYMENT_METHODS),
    "filter[number_type][eq]": enum(NUMBER_TYPE_FILTERS),
    "filter[source]": enum(number_filters.SOURCES),
    "filter[without_tags]": BOOLEAN,
    "handle_messaging_profile_error": BOOLEAN,
    "include_tags": BOOLEAN,
    "include_connection": BOOLEAN,
    "filter[has_bundle]": BOOLEAN,
    "sort": enum(SORTS),
    **{
        f"filter[voice.connection_name][{op}]": {**TEXT, "minLength": 0 if op == "eq" else 3}
        for op in number_filters.CONNECTION_NAME_OPS
    },
}
SLIM_VALUES: dict[str, Schema] = {
    **PHONE_NUMBER_VALUES,
    "filter[status]": comma_list(enum([*STATUSES, *number_filters.SLIM_STATUS_ALIASES])),
}
VOICE_VALUES: dict[str, Schema] = {
    **PHONE_NUMBER_VALUES,
    "filter[connection_name][contains]": {**TEXT, "minLength": 3},
}
MESSAGING_VALUES: dict[str, Schema] = {
    "filter[phone_number]": comma_list({"type": "string"}),
    "filter[type]": enum(MESSAGING_TYPE_FILTERS),
    "sort[phone_number]": enum(("asc", "desc")),
}
JOB_VALUES: dict[str, Schema] = {
    "filter[type]": enum(JOB_TYPES),
    "filter[status]": comma_list(enum(JOB_STATUSES)),
    "filter[status][]": repeated(enum(JOB_STATUSES)),
    "filter[phone_number]": comma_list({"type": "string"}, number_filters.MAX_JOB_NUMBER_FILTERS),
    "filter[phone_number][]": repeated({"type": "string"}, number_filters.MAX_JOB_NUMBER_FILTERS),
    "filter[customer_reference]": {"type": "string", "minLength": 1, "maxLength": 250},
    "sort": enum(("created_at",)),
}
SHORT_CODE_VALUES: dict[str, Schema] = {
    short_code_filters.PROFILE_KEY: {
        "anyOf": [{"type": "string", "format": "uuid"}, {"const": "null"}],
        "description": "A messaging profile id, or `null` for short codes bound to none.",
    },
}

DATE_TIME: Schema = {"type": "string", "format": "date-time", "maxLength": 64}
WEBHOOK_DELIVERY_VALUES: dict[str, Schema] = {
    delivery_filters.STATUS_KEY: enum(DELIVERY_STATUSES),
    delivery_filters.EVENT_TYPE_KEY: comma_list({"type": "string", "maxLength": delivery_filters.MAX_EVENT_TYPE}),
    **dict.fromkeys(delivery_filters.MOMENT_KEYS, DATE_TIME),
}


def query(keys: Iterable[str], values: Mapping[str, Schema] | None = None) -> list[dict[str, Any]]:
    """Query parameters for the parser keys given; the value schema from `values`, else text."""
    params = []
    for key in keys:
        value = dict((values or {}).get(key, TEXT))
        fragment = value if "schema" in value else {"schema": value}
        params.append({"name": key, "in": "query", "required": False, **fragment})
    return params


PAGE = [
    {
        "name": "page[number]",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": 10**18 - 1, "default": 1},
    },
    {
        "name": "page[size]",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": PAGE_SIZE_MAX, "default": PAGE_SIZE_DEFAULT},
    },
]

# Every list's parameters, by the parser that reads them.
PHONE_NUMBER_LIST = [*PAGE, *query(number_filters.LIST_KEYS, PHONE_NUMBER_VALUES)]
PHONE_NUMBER_SLIM_LIST = [*PAGE, *query(number_filters.SLIM_KEYS, SLIM_VALUES)]
VOICE_LIST = [*PAGE, *query(number_filters.VOICE_KEYS, VOICE_VALUES)]
MESSAGING_LIST = [*PAGE, *query(number_filters.MESSAGING_KEYS, MESSAGING_VALUES)]
JOB_LIST = [*PAGE, *query(number_filters.JOB_LIST_KEYS, JOB_VALUES)]
UPDATE_SELECTOR = query(number_filters.UPDATE_SELECTOR_KEYS, PHONE_NUMBER_VALUES)
CSV_DOWNLOAD_VALUES: dict[str, Schema] = {
    **PHONE_NUMBER_VALUES,
    "csv_format": {**enum(CSV_FORMATS), "default": "V1"},
    "include_managed_accounts": {**BOOLEAN, "description": "Refused (403) with V2: no managed accounts here."},
}
CSV_DOWNLOAD_CREATE = query(
    ("csv_format", "include_managed_accounts", *number_filters.UPDATE_SELECTOR_KEYS), CSV_DOWNLOAD_VALUES
)
PROFILE_LIST = [*PAGE, *query((*profile_filters.EXACT_KEYS, profile_filters.CONTAINS_KEY))]
SHORT_CODE_LIST = [*PAGE, *query((short_code_filters.PROFILE_KEY,), SHORT_CODE_VALUES)]
MOMENT: Schema = {
    "type": "string",
    "maxLength": 256,
    "description": "An ISO 8601 date or date-time, UTC unless it gives an offset; inclusive.",
}
AUTORESP_VALUES: dict[str, Schema] = {
    autoresp_filters.COUNTRY_KEY: {"type": "string", "pattern": "^[A-Z]{2}$"},
    **{key: MOMENT for key in autoresp_filters.TIME_KEYS},
}
AUTORESP_LIST = [*PAGE, *query(autoresp_filters.KEYS, AUTORESP_VALUES)]
METRICS = query(("time_frame",), {"time_frame": {**enum(FRAMES), "default": DEFAULT_TIME_FRAME}})
WEBHOOK_DELIVERY_LIST = [*PAGE, *query(delivery_filters.LIST_KEYS, WEBHOOK_DELIVERY_VALUES)]


def path(name: str, description: str, schema: Schema | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": schema or {"type": "string"},
    }


NUMBER_ID = path("id", "A phone number's id (an int64, as a string); anything else is 404.")
MOBILE_NUMBER_ID = path("id", "A mobile phone number's id (an int64, as a string); anything else is 404.")
PROFILE_ID = path("id", "A messaging profile's id (a UUID, any case); anything else is 404.")
SHORT_CODE_ID = path("id", "A short code's id (a UUID, any case); anything else is 404.")
WEBHOOK_DELIVERY_ID = path("id", "A webhook delivery's id (a UUID, any case); anything else is 404.")
JOB_ID = path("id", "A phone-numbers job's id.")
ORDER_ID = path("order_id", "A messaging-numbers bulk update's order id.")
CSV_DOWNLOAD_ID = path("id", "A CSV download's id (a UUID, any case); anything else is 404.")
AUTORESP_PROFILE_ID = path("profile_id", "A messaging profile's id (a UUID, any case); anything else is 404.")
AUTORESP_ID = path("autoresp_cfg_id", "An auto-response setting's id (a UUID, any case); anything else is 404.")
