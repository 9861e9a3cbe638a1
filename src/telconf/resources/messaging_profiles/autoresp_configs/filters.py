"""The query of `client.messaging_profiles.autoresp_configs.list`: `country_code`,
`created_at[gte|lte]`, `updated_at[gte|lte]` (deepObject keys, as the SDKs send them) and
`page[...]`."""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.datastructures import QueryParams

from ....clock import EARLIEST, LATEST, iso
from ....http.query import PageRequest, QueryReader
from ....store.autoresp_configs import AutoRespFilter
from ..countries import COUNTRY_CODES

COUNTRY_KEY = "country_code"
TIME_KEYS = ("created_at[gte]", "created_at[lte]", "updated_at[gte]", "updated_at[lte]")
KEYS = (COUNTRY_KEY, *TIME_KEYS)
COUNTRY_DETAIL = "must be an ISO 3166-1 alpha-2 country code in capitals, such as US."


def _moment(q: QueryReader, name: str) -> str | None:
    """An ISO 8601 date or date-time (UTC unless it gives an offset) in the stored format."""
    raw = q.text(name)
    if raw is None:
        return None
    try:
        moment = datetime.fromisoformat(raw)
        moment = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
        # Nothing is stored outside the clock's bounds, so a bound beyond them selects the same.
        return iso(min(max(moment, EARLIEST), LATEST))
    except (ValueError, OverflowError):
        q.problems.add(f"{name} must be an ISO 8601 date or date-time.", parameter=name)
        return None


def parse_list(params: QueryParams) -> tuple[AutoRespFilter, PageRequest]:
    q = QueryReader(params, KEYS)
    pg = q.page()
    country = q.text(COUNTRY_KEY)
    if country is not None and country not in COUNTRY_CODES:
        q.problems.add(f"{COUNTRY_KEY} {COUNTRY_DETAIL}", parameter=COUNTRY_KEY)
    created_gte, created_lte, updated_gte, updated_lte = (_moment(q, key) for key in TIME_KEYS)
    for key in params:
        if key.startswith(("created_at[", "updated_at[")) and key not in TIME_KEYS:
            q.problems.add(f"Unknown query parameter {key}.", parameter=key)
    q.finish()
    return AutoRespFilter(country, created_gte, created_lte, updated_gte, updated_lte), pg
