"""The console's request handling: who is signed in (sessions.py), which organisation a page
shows, and the rules every page shares. An organisation's session sees that organisation only,
with its key's scope; the admin session picks any organisation, acting as that organisation's
read-write key would. Every page reaches data through the API's own services (or a store method
with the organisation id first), so the console can do nothing the same user could not do
through the API."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..admin.service import AdminService
from ..clock import Clock
from ..errors import ApiError, Forbidden, NotFound
from ..http.routing import Handler, resource
from ..ids import Ids
from ..principal import Principal
from ..store import Store
from ..store.orgs import Organization, hash_key
from .sessions import CSRF_BYTES, CSRF_LENGTH, Session, Sessions, same_token
from .web import (
    PREFIX,
    SECURITY_HEADERS,
    SESSION_COOKIE,
    SIGN_IN_COOKIE,
    clear_cookie,
    page,
    problems_of,
    read_form,
    redirect,
    set_cookie,
    url,
)

STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
MAX_TOKEN_LENGTH = 512
NAV = (
    ("overview", "/", "Overview", False),
    ("numbers", "/numbers", "Numbers", False),
    ("profiles", "/profiles", "Messaging profiles", False),
    ("messages", "/messages", "Messages", False),
    ("webhooks", "/webhooks", "Webhook deliveries", False),
    ("jobs", "/jobs", "Jobs", False),
    ("requests", "/requests", "Requests", False),
    ("testing", "/testing", "Testing controls", True),
)


@dataclass
class Ctx:
    """One signed-in request: the session, the organisation shown and the principal acting in it."""

    request: Request
    session: Session
    orgs: list[Organization]
    org: Organization | None
    who: Principal | None
    form: dict[str, str] = field(default_factory=dict)

    @property
    def admin(self) -> bool:
        return self.session.admin

    def principal(self) -> Principal:
        if self.who is None:
            raise NotFound("There is no organisation to show: seed one first.")
        return self.who

    def writer(self) -> Principal:
        """The principal for a change: a read-only key changes nothing, as through the API."""
        who = self.principal()
        who.require_write()
        return who

    def link(self, path: str, **query: Any) -> str:
        """A console URL that keeps the organisation an admin session is looking at."""
        org = self.org.uuid if self.admin and self.org is not None else None
        return url(path, org=org, **query)

    def values(self, active: str, **more: Any) -> dict[str, Any]:
        nav = [(key, self.link(path), title) for key, path, title, admin in NAV if self.admin or not admin]
        return {
            "session": self.session,
            "csrf": self.session.csrf,
            "orgs": self.orgs,
            "org": self.org,
            "who": self.who,
            "nav": nav,
            "active": active,
            "switch_action": url(next((path for key, path, _, _ in NAV if key == active), "/")),
            "link": self.link,
            "read_only": self.who is not None and self.who.scope != "read_write",
            **more,
        }


View = Callable[[Ctx], Awaitable[Response]]


@dataclass(frozen=True)
class ConsolePage:
    """One console route: method, path below the prefix, the view, and whether only admins may."""

    method: str
    path: str
    view: View
    admin_only: bool = False


class Console:
    def __init__(
        self,
        store: Store,
        services: dict[type, Any],
        ids: Ids,
        admin: AdminService | None,
        admin_token: str | None,
    ) -> None:
        self.store = store
        self.services = services
        self.ids = ids
        self.admin = admin
        self._admin_token = admin_token.encode() if admin_token else None
        # Real time (`unix()`, which every process agrees on), not the testing clock: freezing or
        # advancing telconf's clock ends no session.
        self.sessions = Sessions(Clock(), ids, store.console_sessions)
        self.messages_today: Callable[[int], Awaitable[int]] | None = None  # messaging.py sets it
        self.static = {f.name: f.read_bytes() for f in resources.files("telconf.console").joinpath("static").iterdir()}

    def service(self, kind: type[Any]) -> Any:
        return self.services[kind]

    def routes(self, pages: list[ConsolePage]) -> list[Route]:
        table: dict[str, dict[str, Handler]] = {}
        for p in pages:
            table.setdefault(PREFIX + p.path, {})[p.method] = self._handler(p)
        table.setdefault(PREFIX, {})["GET"] = table[PREFIX + "/"]["GET"]
        table[PREFIX + "/sign-in"] = {"GET": self.sign_in_form, "POST": self.sign_in}
        table[PREFIX + "/static/{name}"] = {"GET": self.static_file}
        return [resource(path, **methods) for path, methods in table.items()]

    def _handler(self, p: ConsolePage) -> Handler:
        async def handle(request: Request) -> Response:
            session = await self.sessions.find(request.cookies.get(SESSION_COOKIE))
            if session is None:
                if p.method == "GET":
                    return redirect(url("/sign-in"))
                return page("message.html", 401, title="Signed out", text="Sign in again to continue.")
            ctx: Ctx | None = None
            try:
                form = await read_form(request) if p.method == "POST" else {}
                if p.method == "POST" and not same_token(form.get("csrf"), session.csrf):
                    raise Forbidden("The form did not come from this console session; reload the page and retry.")
                ctx = await self.context(request, session, form)
                if ctx is None:  # the key was revoked
                    await self.sessions.close(session.id)
                    return redirect(url("/sign-in"))
                if p.admin_only and not session.admin:
                    raise Forbidden("Only the admin token may use this page.")
                return await p.view(ctx)
            except ApiError as error:
                title = {403: "Not allowed", 404: "Not found"}.get(error.status, "Not done")
                shown = ctx.values("") if ctx is not None else {}  # signed in: the header and menu too
                return page("message.html", error.status, **{**shown, "title": title}, problems=problems_of(error))

        return handle

    async def context(self, request: Request, session: Session, form: dict[str, str]) -> Ctx | None:
        wanted = request.query_params.get("org")
        if not session.admin:
            assert session.key_hash is not None
            owner = await self.store.orgs.owner_of(session.key_hash)
            if owner is None:
                return None
            if wanted and wanted != owner.org_uuid:
                raise NotFound("No such organisation.")  # another organisation is as missing as none
            org = Organization(owner.org_id, owner.org_uuid, owner.org_name, "")
            who = Principal(owner.org_id, owner.org_uuid, owner.scope, owner.org_name)
            return Ctx(request, session, [org], org, who, form)
        orgs = await self.store.orgs.all()
        chosen = orgs[0] if orgs and not wanted else next((o for o in orgs if o.uuid == wanted), None)
        if wanted and chosen is None:
            raise NotFound("No such organisation.")
        acting = Principal(chosen.id, chosen.uuid, "read_write", chosen.name) if chosen else None
        return Ctx(request, session, orgs, chosen, acting, form)

    async def sign_in_form(self, request: Request, problem: str | None = None) -> Response:
        if problem is None and await self.sessions.find(request.cookies.get(SESSION_COOKIE)) is not None:
            return redirect(url("/"))
        token = request.cookies.get(SIGN_IN_COOKIE)
        if not token or len(token) != CSRF_LENGTH:
            token = self.ids.token(CSRF_BYTES)
        status = 401 if problem else 200
        response = page("sign_in.html", status, csrf=token, problem=problem, admin_api=self.admin is not None)
        set_cookie(response, request, SIGN_IN_COOKIE, token)
        return response

    async def sign_in(self, request: Request) -> Response:
        try:
            form = await read_form(request)
        except ApiError:
            form = {}
        if not same_token(form.get("csrf"), request.cookies.get(SIGN_IN_COOKIE) or "-"):
            return await self.sign_in_form(request, "The sign-in form expired; please try again.")
        secret = form.get("token", "").strip()
        session = await self._open(secret) if 0 < len(secret) <= MAX_TOKEN_LENGTH else None
        if session is None:
            return await self.sign_in_form(request, "That is neither the admin token nor a live API key.")
        response = redirect(url("/"))
        set_cookie(response, request, SESSION_COOKIE, session.id)
        clear_cookie(response, request, SIGN_IN_COOKIE)
        return response

    async def _open(self, secret: str) -> Session | None:
        if self._admin_token is not None and hmac.compare_digest(secret.encode(), self._admin_token):
            return await self.sessions.open(True, None, "admin")
        # Looked up afresh (not through the API's 2-second key cache): a revoked key opens nothing.
        digest = hash_key(secret)
        owner = await self.store.orgs.owner_of(digest)
        if owner is None or not hmac.compare_digest(owner.key_hash, digest):
            return None
        scope = "read-only key" if owner.scope != "read_write" else "key"
        return await self.sessions.open(False, digest, f"{owner.org_name} ({scope})")

    async def sign_out(self, ctx: Ctx) -> Response:
        await self.sessions.close(ctx.session.id)
        response = redirect(url("/sign-in"))
        clear_cookie(response, ctx.request, SESSION_COOKIE)
        return response

    async def static_file(self, request: Request) -> Response:
        name = request.path_params["name"]
        body = self.static.get(name)
        kind = STATIC_TYPES.get(name[name.rfind(".") :]) if "." in name else None
        if body is None or kind is None:
            raise NotFound("No such file.")
        headers = {**SECURITY_HEADERS, "Cache-Control": "max-age=300"}
        return Response(body, media_type=kind, headers=headers)
