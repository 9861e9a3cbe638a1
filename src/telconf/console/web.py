"""The console's HTTP plumbing: templates (Jinja2, autoescaped), the security headers every page
carries, cookies, and the small urlencoded form parser (no multipart: the console posts only
short forms)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ..errors import ApiError, Invalid

PREFIX = "/_telconf/console"
SESSION_COOKIE = "telconf_console"
SIGN_IN_COOKIE = "telconf_console_sign_in"  # the sign-in form's own CSRF token (double submit)
MAX_FORM_BYTES = 64 * 1024
# No inline script or style anywhere: everything the page runs or wears comes from /static.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}

templates = jinja2.Environment(
    loader=jinja2.PackageLoader("telconf.console", "templates"),
    autoescape=True,  # every value is escaped unless a template says otherwise (none does)
    trim_blocks=True,
    lstrip_blocks=True,
)


def url(path: str, **query: Any) -> str:
    """A console URL with its query (None values left out)."""
    given = {k: v for k, v in query.items() if v not in (None, "")}
    return PREFIX + path + ("?" + urlencode(given) if given else "")


templates.globals["url"] = url
templates.filters["unquote"] = unquote  # a journal entry's query, as its parameters were written


def page(name: str, status: int = 200, **values: Any) -> HTMLResponse:
    html = templates.get_template(name).render(**values)
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


def redirect(location: str) -> Response:
    return RedirectResponse(location, status_code=303, headers=SECURITY_HEADERS)


def set_cookie(response: Response, request: Request, name: str, value: str, max_age: int | None = None) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=PREFIX,
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )


def clear_cookie(response: Response, request: Request, name: str) -> None:
    set_cookie(response, request, name, "", max_age=0)


async def read_form(request: Request) -> dict[str, str]:
    """An urlencoded form's fields (the last value of a repeated name); 413 past 64 KiB."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise Invalid.field("The form is too large.", pointer="")
    try:
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=200))
    except (UnicodeDecodeError, ValueError):
        raise Invalid.field("The form could not be read.", pointer="") from None


def problems_of(error: ApiError) -> list[dict[str, str]]:
    """An API error's items as the page lists them: the field (from its pointer) and the detail."""
    shown = []
    for item in error.items:
        where = item.pointer or item.parameter or ""
        shown.append({"field": where.strip("/").replace("/", "."), "detail": item.detail, "code": item.code})
    return shown
