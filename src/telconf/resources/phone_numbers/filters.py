"""The `filter[...]` and `sort` parameters of GET /phone_numbers and /phone_numbers/slim."""

from __future__ import annotations

from starlette.datastructures import QueryParams

from ...http.query import PageRequest, QueryReader
from ...store.phone_numbers import PhoneNumberFilter
from .models import NUMBER_TYPE_FILTERS, SORTS, STATUSES, USAGE_PAYMENT_METHODS

CONNECTION_NAME_OPS = ("eq", "contains", "starts_with", "ends_with")
COMMON_KEYS = (
    "filter[tag]",
    "filter[phone_number]",
    "filter[status]",
    "filter[country_iso_alpha2]",
    "filter[connection_id]",
    "filter[voice.usage_payment_method]",
    "filter[billing_group_id]",
    "filter[emergency_address_id]",
    "filter[customer_reference]",
    "filter[number_type][eq]",
    "filter[source]",
    "sort",
    *(f"filter[voice.connection_name][{op}]" for op in CONNECTION_NAME_OPS),
)
LIST_KEYS = (*COMMON_KEYS, "filter[without_tags]", "handle_messaging_profile_error")
SLIM_KEYS = (*COMMON_KEYS, "include_connection", "include_tags")
# The slim list spells one status with an underscore; both spellings mean the same state.
SLIM_STATUS_ALIASES = {"port_pending": "port-pending"}
SOURCES = {"ported": "port_request", "purchased": "number_order"}
# The legacy type names are the same kinds of number as the current ones.
TYPE_ALIASES = {"toll_free": ("toll_free", "tollfree"), "local": ("local", "longcode")}


def _filter(q: QueryReader, slim: bool) -> PhoneNumberFilter:
    nothing = False
    digits = q.text("filter[phone_number]")
    if digits is not None:
        if sum(c.isdigit() for c in digits) < 3:
            q.problems.add("filter[phone_number] requires at least three digits.", parameter="filter[phone_number]")
        elif not digits.isdigit():
            nothing = True  # documented: non-numerical characters return no values
    statuses = q.enum_list("filter[status]", (*STATUSES, *SLIM_STATUS_ALIASES) if slim else STATUSES)
    statuses = tuple(SLIM_STATUS_ALIASES.get(s, s) for s in statuses)
    countries = tuple(c.upper() for c in q.enum_list("filter[country_iso_alpha2]", _country_codes(q)))
    connection_name: tuple[str, str] | None = None
    for op in CONNECTION_NAME_OPS:
        key = f"filter[voice.connection_name][{op}]"
        value = q.text(key)
        if value is None:
            continue
        if op != "eq" and len(value) < 3:
            q.problems.add(f"{key} requires at least three characters.", parameter=key)
        connection_name = (op, value)
    number_type = q.enum("filter[number_type][eq]", NUMBER_TYPE_FILTERS)
    source = q.enum("filter[source]", SOURCES)
    without_tags = q.text("filter[without_tags]") == "true" if not slim else False
    return PhoneNumberFilter(
        tag=q.text("filter[tag]"),
        phone_number_digits=digits if digits is not None and digits.isdigit() else None,
        statuses=statuses,
        countries=countries,
        connection_id=q.text("filter[connection_id]"),
        connection_name=connection_name,
        usage_payment_method=q.enum("filter[voice.usage_payment_method]", USAGE_PAYMENT_METHODS),
        billing_group_id=q.text("filter[billing_group_id]"),
        emergency_address_id=q.text("filter[emergency_address_id]"),
        customer_reference=q.text("filter[customer_reference]"),
        number_types=TYPE_ALIASES.get(number_type, (number_type,)) if number_type else (),
        source_type=SOURCES[source] if source else None,
        without_tags=without_tags,
        nothing=nothing,
    )


def _country_codes(q: QueryReader) -> tuple[str, ...]:
    """Any two-letter code is well-formed; the values given are accepted if they are."""
    raw = q.params.get("filter[country_iso_alpha2]") or ""
    return tuple(v for v in raw.split(",") if len(v) == 2 and v.isalpha())


def parse_list(params: QueryParams) -> tuple[PhoneNumberFilter, str | None, PageRequest]:
    q = QueryReader(params, LIST_KEYS)
    page = q.page()
    flt = _filter(q, slim=False)
    sort = q.enum("sort", SORTS)
    q.enum("handle_messaging_profile_error", ("true", "false"))
    q.finish()
    return flt, sort, page


def parse_slim(params: QueryParams) -> tuple[PhoneNumberFilter, str | None, PageRequest, bool, bool]:
    q = QueryReader(params, SLIM_KEYS)
    page = q.page()
    flt = _filter(q, slim=True)
    sort = q.enum("sort", SORTS)
    include_tags = bool(q.boolean("include_tags"))
    include_connection = bool(q.boolean("include_connection"))
    q.finish()
    return flt, sort, page, include_tags, include_connection
