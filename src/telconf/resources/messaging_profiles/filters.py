"""The `filter[...]` and `page[...]` parameters of the messaging-profile lists, and `time_frame` of
their metrics."""

from __future__ import annotations

from typing import cast

from starlette.datastructures import QueryParams

from ...http.query import PageRequest, QueryReader
from ...store.messaging_profiles import ProfileFilter
from .metrics import DEFAULT_TIME_FRAME, FRAMES
from .models import MetricsTimeFrame

EXACT_KEYS = ("filter[name]", "filter[name][eq]")
CONTAINS_KEY = "filter[name][contains]"


def parse_list(params: QueryParams) -> tuple[ProfileFilter, PageRequest]:
    """`filter[name]` and `filter[name][eq]` match the name exactly; `filter[name][contains]`
    matches part of it, ignoring case. Filters given together must all hold."""
    q = QueryReader(params, (*EXACT_KEYS, CONTAINS_KEY))
    pg = q.page()
    names = tuple(v for v in (q.text(key) for key in EXACT_KEYS) if v is not None)
    contains = q.text(CONTAINS_KEY)
    q.finish()
    return ProfileFilter(names=names, name_contains=contains), pg


def parse_page(params: QueryParams) -> PageRequest:
    """The lists under one profile take only `page[...]`."""
    q = QueryReader(params, ())
    pg = q.page()
    q.finish()
    return pg


def parse_metrics(params: QueryParams) -> MetricsTimeFrame:
    """`time_frame`: one of 1h, 3h, 24h (the default), 3d, 7d, 30d."""
    q = QueryReader(params, ())
    time_frame = q.enum("time_frame", FRAMES)
    q.finish()
    return cast(MetricsTimeFrame, time_frame or DEFAULT_TIME_FRAME)
