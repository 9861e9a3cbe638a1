"""The `filter[...]` parameter of GET /short_codes."""

from __future__ import annotations

from starlette.datastructures import QueryParams

from ...formats import canonical_id
from ...http.query import PageRequest, QueryReader
from ...store.short_codes import ShortCodeFilter

PROFILE_KEY = "filter[messaging_profile_id]"


def parse_list(params: QueryParams) -> tuple[ShortCodeFilter, PageRequest]:
    """`filter[messaging_profile_id]`: a profile id (UUID), or the string `null` for unbound codes."""
    q = QueryReader(params, (PROFILE_KEY,))
    pg = q.page()
    raw = q.text(PROFILE_KEY, max_length=64)
    flt = ShortCodeFilter()
    if raw == "null":
        flt = ShortCodeFilter(unassigned=True)
    elif raw is not None:
        profile_id = canonical_id(raw)
        if profile_id is None:
            q.problems.add(f"{PROFILE_KEY} must be a messaging profile id or null.", parameter=PROFILE_KEY)
        flt = ShortCodeFilter(messaging_profile_id=profile_id)
    q.finish()
    return flt, pg
