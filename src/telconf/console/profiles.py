"""Messaging profiles: their settings, numbers and short codes, through the API's service."""

from __future__ import annotations

from starlette.responses import Response

from ..errors import Invalid
from ..formats import ascii_digits
from ..resources.messaging_profiles.service import MessagingProfiles
from ..store.messaging_profiles import ProfileFilter
from .core import Console, ConsolePage, Ctx
from .numbers import PAGE_SIZE, flatten
from .web import page


def page_number(ctx: Ctx) -> int:
    raw = ctx.request.query_params.get("page", "1") or "1"
    if not ascii_digits(raw) or len(raw) > 9 or int(raw) < 1:
        raise Invalid.field("page must be a whole number from 1.", parameter="page")
    return int(raw)


async def profiles_page(console: Console, ctx: Ctx) -> Response:
    at = page_number(ctx)
    service: MessagingProfiles = console.service(MessagingProfiles)
    found, total = await service.list(ctx.principal(), ProfileFilter(), (at - 1) * PAGE_SIZE, PAGE_SIZE)
    pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
    return page("profiles.html", **ctx.values("profiles", profiles=found, total=total, at=at, pages=pages))


async def profile_page(console: Console, ctx: Ctx) -> Response:
    who = ctx.principal()
    profile_id = ctx.request.path_params["id"]
    service: MessagingProfiles = console.service(MessagingProfiles)
    profile = await service.retrieve(who, profile_id)
    at = page_number(ctx)
    numbers, number_total = await service.list_phone_numbers(who, profile_id, (at - 1) * PAGE_SIZE, PAGE_SIZE)
    short_codes, short_code_total = await service.list_short_codes(who, profile_id, 0, PAGE_SIZE)
    hidden = ("v1_secret",)  # a secret is shown by the API on request only; not on a page
    values = ctx.values("profiles", profile=profile, settings=[(k, v) for k, v in flatten(profile) if k not in hidden])
    values.update(numbers=numbers, number_total=number_total)
    values.update(short_codes=short_codes, short_code_total=short_code_total)
    values.update(at=at, pages=(number_total + PAGE_SIZE - 1) // PAGE_SIZE)
    return page("profile.html", **values)


def pages(console: Console) -> list[ConsolePage]:
    return [
        ConsolePage("GET", "/profiles", lambda ctx: profiles_page(console, ctx)),
        ConsolePage("GET", "/profiles/{id}", lambda ctx: profile_page(console, ctx)),
    ]
