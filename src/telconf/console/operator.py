"""Jobs (batch jobs, bulk updates and CSV downloads, with their progress) and the request journal.
Job control (hold, release, advance, fail) is the admin API's `JobControl`: admin sessions only."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from ..errors import Invalid, NotFound
from ..formats import ascii_digits
from ..store.jobs import JobFilter
from .core import Console, ConsolePage, Ctx
from .numbers import PAGE_SIZE, job_progress, journal_for
from .profiles import page_number
from .web import page, redirect

JOB_ACTIONS = ("hold", "release", "advance", "fail")
REQUESTS_SHOWN = 200
STATUS_CLASSES = ("2xx", "3xx", "4xx", "5xx", "dropped")


async def jobs_page(console: Console, ctx: Ctx) -> Response:
    who = ctx.principal()
    at = page_number(ctx)
    found, total = await console.store.jobs.list_page(who.org_id, JobFilter(), False, (at - 1) * PAGE_SIZE, PAGE_SIZE)
    jobs = [job_progress(job, items) for job, items in found]
    policy = console.admin.jobs.describe_policy() if console.admin is not None and ctx.admin else None
    values = ctx.values("jobs", jobs=jobs, total=total, at=at, pages=(total + PAGE_SIZE - 1) // PAGE_SIZE)
    return page("jobs.html", **values, policy=policy, actions=JOB_ACTIONS, done=ctx.request.query_params.get("done"))


async def control_job(console: Console, ctx: Ctx) -> Response:
    if console.admin is None:
        raise NotFound("Job control needs the admin API (TELCONF_ADMIN_TOKEN).")
    job_id, action = ctx.request.path_params["id"], ctx.request.path_params["action"]
    jobs = console.admin.jobs
    if action == "advance":
        raw = ctx.form.get("numbers", "").strip()
        if raw and (not ascii_digits(raw) or len(raw) > 9 or int(raw) < 1):
            raise Invalid.field("numbers must be a whole number from 1, or empty for all.", pointer="/numbers")
        await jobs.advance(job_id, int(raw) if raw else None)
    elif action in ("hold", "release", "fail"):
        await getattr(jobs, action)(job_id)
    else:
        raise NotFound("No such job action.")
    return redirect(ctx.link("/jobs", done=f"{action}: {job_id}"))


def request_filter(ctx: Ctx) -> dict[str, str]:
    given = ctx.request.query_params
    return {k: given.get(k, "").strip() for k in ("status", "method", "path", "organization")}


def matches(entry: Any, f: dict[str, str]) -> bool:
    status = f["status"]
    if status == "dropped" and entry.status != 0:
        return False
    if status in STATUS_CLASSES[:4] and str(entry.status)[:1] != status[0]:
        return False
    if f["method"] and entry.method != f["method"].upper():
        return False
    if f["path"] and f["path"] not in entry.path:
        return False
    return not (f["organization"] and entry.organization != f["organization"])


async def requests_page(console: Console, ctx: Ctx) -> Response:
    f = request_filter(ctx)
    shown = [e for e in journal_for(console, ctx) if matches(e, f)][:REQUESTS_SHOWN]
    values = ctx.values("requests", entries=shown, f=f, classes=STATUS_CLASSES, journal_on=console.admin is not None)
    return page("requests.html", **values, methods=("GET", "POST", "PATCH", "PUT", "DELETE"))


def pages(console: Console) -> list[ConsolePage]:
    return [
        ConsolePage("GET", "/jobs", lambda ctx: jobs_page(console, ctx)),
        ConsolePage("POST", "/jobs/{id}/{action}", lambda ctx: control_job(console, ctx), admin_only=True),
        ConsolePage("GET", "/requests", lambda ctx: requests_page(console, ctx)),
    ]
