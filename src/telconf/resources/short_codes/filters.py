"""The `filter[...]` parameter of GET /short_codes."""

from __future__ import annotations

from starlette.datastructures import QueryParams

from ...formats import canonical_id
from ...http.query import PageRequest, QueryReader
from ...store.short_codes import ShortCodeFilter

PROFILE_KEY = "filter[messaging_profile_id]"


def parse_list(params: QueryParams) -> tuple[ShortCodeFilter, PageRequest]:
    """`filter[messaging_profile_id]`: a profile id, or the string `null` for unbound codes. A value
    that is no profile's id (not a UUID, say) matches nothing, as any unknown id does."""
    q = QueryReader(params, (PROFILE_KEY,))
    pg = q.page()
    raw = q.text(PROFILE_KEY, max_length=64)
    flt = ShortCodeFilter()
    if raw == "null":
        flt = ShortCodeFilter(unassigned=True)
    elif raw is not None:
        flt = ShortCodeFilter(messaging_profile_id=canonical_id(raw) or raw)
    q.finish()
    return flt, pg
