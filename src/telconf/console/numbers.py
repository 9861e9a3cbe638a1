"""Overview and Numbers: the organisation's inventory through the API's own services. The number
search builds the same query GET /v2/phone_numbers parses (`parse_list`), so it is validated by
the same rules and served by the same list plans (fast at a million numbers)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import msgspec
from starlette.datastructures import QueryParams
from starlette.responses import Response

from ..enums import STATUSES
from ..errors import ApiError
from ..http.body import convert
from ..resources.messaging_profiles.service import MessagingProfiles
from ..resources.phone_numbers.filters import parse_list
from ..resources.phone_numbers.messaging.models import MessagingUpdate
from ..resources.phone_numbers.messaging.service import MessagingSettings
from ..resources.phone_numbers.models import NUMBER_TYPE_FILTERS, PhoneNumberUpdate
from ..resources.phone_numbers.service import PhoneNumbers
from ..resources.phone_numbers.voice.service import VoiceSettings
from ..store.jobs import JobFilter
from ..store.messaging_profiles import ProfileFilter
from .core import Console, ConsolePage, Ctx
from .web import page, problems_of, redirect

PAGE_SIZE = 25
PROFILE_CHOICES = 250  # profiles offered in the search and edit forms
OVERVIEW_ORGS = 50
SEPARATORS = re.compile(r"[\s+()\-.]")


def flatten(record: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """A record's fields as (dotted name, value) rows, nested objects spelled out."""
    rows: list[tuple[str, Any]] = []
    items = record if isinstance(record, dict) else msgspec.json.decode(msgspec.json.encode(record))
    for name, value in items.items():
        if isinstance(value, dict) and value:
            rows.extend(flatten(value, f"{prefix}{name}."))
        else:
            rows.append((prefix + name, value))
    return rows


async def profiles_of(console: Console, ctx: Ctx) -> list[Any]:
    found, _ = await console.service(MessagingProfiles).list(ctx.principal(), ProfileFilter(), 0, PROFILE_CHOICES)
    return list(found)


async def overview(console: Console, ctx: Ctx) -> Response:
    numbers: PhoneNumbers = console.service(PhoneNumbers)
    summary: list[dict[str, Any]] = []
    for org in ctx.orgs[:OVERVIEW_ORGS]:  # an organisation's session has only its own
        who = replace(ctx.principal(), org_id=org.id, org_uuid=org.uuid, org_name=org.name)
        total, _ = await numbers.counts_by_status(who)
        summary.append({"org": org, "total": total})
    total, by_status = await numbers.counts_by_status(ctx.principal()) if ctx.who else (0, {})
    profiles = await profiles_of(console, ctx) if ctx.who else []
    running: list[tuple[Any, list[Any]]] = []
    if ctx.who is not None:
        running, _ = await console.store.jobs.list_page(
            ctx.who.org_id, JobFilter(statuses=("pending", "in_progress")), False, 0, 10
        )
    errors = [e for e in journal_for(console, ctx) if e.status >= 400 or e.status == 0][:10]
    values = ctx.values("overview", summary=summary, more_orgs=len(ctx.orgs) > OVERVIEW_ORGS, total=total)
    values.update(by_status=by_status, profiles=profiles[:10], profile_count=len(profiles))
    values.update(running=[job_progress(j, items) for j, items in running], errors=errors)
    values.update(journal_on=console.admin is not None)
    today = console.messages_today
    values.update(messages_today=await today(ctx.who.org_id) if today and ctx.who else None)
    return page("overview.html", **values)


def journal_for(console: Console, ctx: Ctx) -> list[Any]:
    """The request journal as this session may see it: all of it for the admin, an organisation's
    own requests for its key (newest first)."""
    if console.admin is None:
        return []
    entries = console.admin.journal.recent(1000)
    if ctx.admin:
        return entries
    name = ctx.principal().org_name
    return [e for e in entries if e.organization == name]


def job_progress(job: Any, items: list[Any]) -> dict[str, Any]:
    done = sum(1 for item in items if item.state != "pending")
    failed = sum(1 for item in items if item.state == "failed")
    total = job.item_count or len(items)
    percent = round(100 * done / total) if total else 100
    return {"job": job, "done": done, "failed": failed, "total": total, "percent": percent}


def search_query(given: QueryParams) -> tuple[dict[str, str], dict[str, str]]:
    """(the form's values as shown, the same search as GET /v2/phone_numbers's parameters)."""
    form = {k: given.get(k, "").strip() for k in ("number", "tag", "status", "type", "profile", "page")}
    query = {"page[size]": str(PAGE_SIZE), "page[number]": form["page"] or "1"}
    digits = SEPARATORS.sub("", form["number"])
    for key, value in (
        ("filter[phone_number]", digits),
        ("filter[tag]", form["tag"]),
        ("filter[status]", form["status"]),
        ("filter[number_type][eq]", form["type"]),
    ):
        if value:
            query[key] = value
    return form, query


async def numbers_page(console: Console, ctx: Ctx) -> Response:
    who = ctx.principal()
    form, query = search_query(ctx.request.query_params)
    profiles = await profiles_of(console, ctx)
    values = ctx.values("numbers", form=form, statuses=STATUSES, types=NUMBER_TYPE_FILTERS, profiles=profiles)
    try:
        flt, sort, paging = parse_list(QueryParams(query))
        if form["profile"]:
            flt = replace(flt, messaging_profile_id=form["profile"])
        found, total = await console.service(PhoneNumbers).list(who, flt, sort, paging.offset, paging.size)
    except ApiError as error:
        return page("numbers.html", 422, **values, problems=problems_of(error), numbers=[], total=0, pages=0, at=1)
    pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
    at = paging.offset // PAGE_SIZE + 1
    base = {k: v for k, v in form.items() if k != "page"}
    rows = [(n, msgspec.json.decode(n.tags)) for n in found]
    return page("numbers.html", **values, problems=[], numbers=rows, total=total, pages=pages, at=at, base=base)


async def number_page(console: Console, ctx: Ctx, problems: list[dict[str, str]] | None = None) -> Response:
    who = ctx.principal()
    number_id = ctx.request.path_params["id"]
    record = await console.service(PhoneNumbers).retrieve(who, number_id)
    voice = await console.service(VoiceSettings).retrieve_voice(who, number_id)
    messaging = await console.service(MessagingSettings).retrieve_messaging(who, number_id)
    tags = msgspec.json.decode(record.tags)
    edit = {
        "customer_reference": record.customer_reference or "",
        "tags": ", ".join(tags),
        "messaging_profile_id": record.messaging_profile_id or "",
    }
    if problems is not None:
        edit.update({k: ctx.form.get(k, "") for k in edit})
    emergency = ("emergency_enabled", "emergency_status", "emergency_address_id")
    values = ctx.values("numbers", record=record, tags=tags, edit=edit, problems=problems or [])
    values.update(
        fields=[(k, v) for k, v in flatten(record) if k not in (*emergency, "tags")],
        emergency=[(k, getattr(record, k)) for k in emergency],
        voice=[(k, v) for k, v in flatten(voice) if k not in ("id", "phone_number", "record_type")],
        messaging=[(k, v) for k, v in flatten(messaging) if k not in ("id", "phone_number", "record_type")],
        profiles=await profiles_of(console, ctx),
        saved=ctx.request.query_params.get("saved") == "1",
    )
    return page("number.html", 422 if problems else 200, **values)


async def edit_number(console: Console, ctx: Ctx) -> Response:
    """The edit form: PATCH /phone_numbers/{id} and PATCH /phone_numbers/{id}/messaging, through
    the same conversions and rules. Both bodies are validated before either is applied."""
    who = ctx.writer()
    number_id = ctx.request.path_params["id"]
    reference = ctx.form.get("customer_reference", "").strip()
    tags = [t.strip() for t in ctx.form.get("tags", "").split(",") if t.strip()]
    try:
        record = convert({"customer_reference": reference or None, "tags": tags}, PhoneNumberUpdate)
        current = await console.service(PhoneNumbers).retrieve(who, number_id)
        profile = ctx.form.get("messaging_profile_id", "")
        if profile != (current.messaging_profile_id or ""):
            change = convert({"messaging_profile_id": profile}, MessagingUpdate)
            await console.service(MessagingSettings).update_messaging(who, number_id, change)
        await console.service(PhoneNumbers).update(who, number_id, record)
    except ApiError as error:
        if error.status == 404:
            raise
        return await number_page(console, ctx, problems_of(error))
    return redirect(ctx.link(f"/numbers/{number_id}", saved="1"))


def pages(console: Console) -> list[ConsolePage]:
    return [
        ConsolePage("GET", "/", lambda ctx: overview(console, ctx)),
        ConsolePage("POST", "/sign-out", console.sign_out),
        ConsolePage("GET", "/numbers", lambda ctx: numbers_page(console, ctx)),
        ConsolePage("GET", "/numbers/{id}", lambda ctx: number_page(console, ctx)),
        ConsolePage("POST", "/numbers/{id}", lambda ctx: edit_number(console, ctx)),
    ]
