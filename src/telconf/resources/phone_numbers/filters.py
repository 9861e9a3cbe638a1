"""The `filter[...]` and `sort` parameters of GET /phone_numbers and /phone_numbers/slim."""

from __future__ import annotations

from dataclasses import replace

from starlette.datastructures import QueryParams

from ...enums import STATUSES, USAGE_PAYMENT_METHODS
from ...formats import ascii_digits, int64_id
from ...http.query import MAX_LIST_VALUES, PageRequest, QueryReader
from ...store.jobs import JobFilter
from ...store.phone_numbers import PhoneNumberFilter
from .messaging.models import MESSAGING_TYPE_FILTERS
from .models import NUMBER_TYPE_FILTERS, SORTS

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


def _digits(q: QueryReader) -> tuple[str | None, bool]:
    """`filter[phone_number]` of the number lists: (digits to look for, whether nothing can match)."""
    digits = q.text("filter[phone_number]")
    if digits is None:
        return None, False
    if not ascii_digits(digits):
        return None, True  # documented: "non-numerical characters will result in no values being returned"
    if len(digits) < 3:
        q.problems.add("filter[phone_number] requires at least three digits.", parameter="filter[phone_number]")
        return None, False
    return digits, False


def _filter(q: QueryReader, slim: bool) -> PhoneNumberFilter:
    digits, nothing = _digits(q)
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
    # 'true' | 'false' in both SDKs; anything else is refused like every other enum value.
    without_tags = q.enum("filter[without_tags]", ("true", "false")) == "true" if not slim else False
    return PhoneNumberFilter(
        tag=q.text("filter[tag]"),
        phone_number_digits=digits,
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


VOICE_KEYS = (
    "filter[phone_number]",
    "filter[connection_name][contains]",
    "filter[customer_reference]",
    "filter[voice.usage_payment_method]",
    "sort",
)


def parse_voice(params: QueryParams) -> tuple[PhoneNumberFilter, str | None, PageRequest]:
    """GET /phone_numbers/voice: a few of the list's filters, with `connection_name` unprefixed."""
    q = QueryReader(params, VOICE_KEYS)
    page = q.page()
    digits, nothing = _digits(q)
    contains = q.text("filter[connection_name][contains]")
    if contains is not None and len(contains) < 3:
        q.problems.add("filter[connection_name][contains] requires at least three characters.",
                       parameter="filter[connection_name][contains]")  # fmt: skip
    flt = PhoneNumberFilter(
        phone_number_digits=digits,
        nothing=nothing,
        connection_name=("contains", contains) if contains is not None else None,
        customer_reference=q.text("filter[customer_reference]"),
        usage_payment_method=q.enum("filter[voice.usage_payment_method]", USAGE_PAYMENT_METHODS),
    )
    sort = q.enum("sort", SORTS)
    q.finish()
    return flt, sort, page


MESSAGING_KEYS = (
    "filter[messaging_profile_id]",
    "filter[phone_number]",
    "filter[phone_number][contains]",
    "filter[type]",
    "sort[phone_number]",
)


def parse_messaging(params: QueryParams) -> tuple[PhoneNumberFilter, str | None, PageRequest]:
    """GET /phone_numbers/messaging: exact numbers (comma-separated), a substring, the messaging
    type, the profile; `sort[phone_number]` asc|desc, else newest first like the main list."""
    q = QueryReader(params, MESSAGING_KEYS)
    page = q.page()
    exact = q.text("filter[phone_number]", max_length=4000)
    numbers = tuple(n for n in (exact or "").split(",") if n)
    if len(numbers) > MAX_LIST_VALUES:
        q.problems.add(f"filter[phone_number] takes at most {MAX_LIST_VALUES} numbers.",
                       parameter="filter[phone_number]")  # fmt: skip
    kind = q.enum("filter[type]", MESSAGING_TYPE_FILTERS)
    direction = q.enum("sort[phone_number]", ("asc", "desc"))
    flt = PhoneNumberFilter(
        messaging_profile_id=q.text("filter[messaging_profile_id]"),
        phone_numbers=numbers,
        nothing=exact is not None and not numbers,
        phone_number_contains=q.text("filter[phone_number][contains]"),
        number_types=MESSAGING_TYPE_FILTERS[kind] if kind else (),
    )
    q.finish()
    sort = {"asc": "phone_number", "desc": "phone_number_desc"}.get(direction or "")
    return flt, sort, page


UPDATE_SELECTOR_KEYS = tuple(
    k
    for k in COMMON_KEYS
    if k not in ("sort", "filter[country_iso_alpha2]", "filter[number_type][eq]", "filter[source]")
) + ("filter[has_bundle]",)


def parse_update_selector(params: QueryParams) -> PhoneNumberFilter | None:
    """The `filter[...]` of POST /phone_numbers/jobs/update_phone_numbers, which selects the numbers
    to update when no `phone_numbers` are given; None when no filter is given."""
    if not any(key.startswith("filter[") for key in params):
        return None
    q = QueryReader(params, UPDATE_SELECTOR_KEYS)
    flt = _filter(q, slim=False)
    # A string in the SDKs: `true` or `false` select; any other value selects nothing.
    bundle = q.text("filter[has_bundle]")
    has_bundle = {"true": True, "false": False}.get(bundle) if bundle is not None else None
    q.finish()
    return replace(flt, has_bundle=has_bundle, nothing=flt.nothing or (bundle is not None and has_bundle is None))


JOB_LIST_KEYS = ("filter[type]", "filter[status]", "filter[status][]", "filter[phone_number]",
                 "filter[phone_number][]", "filter[customer_reference]", "sort")  # fmt: skip
MAX_JOB_NUMBER_FILTERS = 10


def parse_job_list(
    params: QueryParams, types: tuple[str, ...], statuses: tuple[str, ...]
) -> tuple[JobFilter, bool, PageRequest]:
    """GET /phone_numbers/jobs: values of one filter combine with OR (comma-joined, as the SDKs
    send them, or repeated `key[]=`), different filters with AND; `sort=created_at` is oldest
    first, the default newest first."""
    q = QueryReader(params, JOB_LIST_KEYS)
    page = q.page()
    kind = q.enum("filter[type]", types)

    def values(name: str) -> list[str]:
        raw = [*params.getlist(name), *params.getlist(f"{name}[]")]
        return [v for chunk in raw for v in chunk.split(",") if v]

    chosen = values("filter[status]")
    if any(s not in statuses for s in chosen):
        q.problems.add(f"filter[status] must be among: {', '.join(statuses)}.", parameter="filter[status]")
    targets = values("filter[phone_number]")
    if len(targets) > MAX_JOB_NUMBER_FILTERS:
        q.problems.add(f"filter[phone_number] takes at most {MAX_JOB_NUMBER_FILTERS} values.",
                       parameter="filter[phone_number]")  # fmt: skip
    numbers = tuple(t for t in targets if t.startswith("+") and ascii_digits(t[1:]) and len(t) <= 21)
    ids = tuple(i for i in map(int64_id, targets) if i is not None)
    reference = params.get("filter[customer_reference]")
    if reference is not None and (not reference.strip() or len(reference) > 250 or "\x00" in reference):
        q.problems.add("filter[customer_reference] must have 1 to 250 characters.",
                       parameter="filter[customer_reference]")  # fmt: skip
    sort = q.enum("sort", ("created_at",))
    q.finish()
    flt = JobFilter(
        kinds=(kind,) if kind else (),
        statuses=tuple(chosen),
        numbers=numbers,
        number_ids=ids,
        customer_reference=reference,
        nothing=bool(targets) and not numbers and not ids,
    )
    return flt, sort == "created_at", page
