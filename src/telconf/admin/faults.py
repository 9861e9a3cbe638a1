"""Fault injection: rules that make chosen requests fail, slow down or lose their connection, so a
client's handling of 408/409/429/5xx, retries, timeouts and network errors can be tested on demand.

A rule matches by method, path pattern (relative to /v2, `*` matches within a segment, `**`
across segments) and organisation (name or id), applies to every matching request, the first
`count` of them, or each with a `probability`, and may skip the first `after` matches. Rules are
tried in order; the first that applies wins. "Fail twice, then succeed" is one rule with count 2.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable
from typing import Any

import msgspec
from starlette.responses import Response

from ..errors import ApiError, ErrorItem, render
from ..ids import Ids
from ..store.admin_state import AdminStateStore

_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}")
_HEADER_VALUE = re.compile(r"[\x20-\x7e]{0,1000}")
RETRYABLE_STATUSES = frozenset({408, 409, 429, *range(500, 600)})
# Each status answers with Telnyx's own code and title for it.
_ERROR_ITEMS = {
    408: ("10008", "Request timeout", "The request timed out."),
    409: ("10012", "Duplicate resource", "Resource is a duplicate."),
    429: ("10011", "Too many requests", "You have exceeded the maximum number of allowed requests."),
}
_SERVER_ERROR = ("10007", "Unexpected error", "An unexpected error occured.")


class FaultRule(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    method: str | None = None
    path: str | None = None
    organization: str | None = None
    status: int | None = None
    headers: dict[str, str] = msgspec.field(default_factory=dict)
    latency_ms: int = msgspec.field(default=0)
    drop: bool = False
    count: int | None = None
    after: int = 0
    probability: float = 1.0
    id: int = 0
    matched: int = 0
    applied: int = 0

    def problems(self) -> list[tuple[str, str]]:
        """(pointer, detail) for each bad field."""
        found = []
        if self.status is not None and self.status not in RETRYABLE_STATUSES:
            found.append(("/status", "status must be 408, 409, 429 or 500-599."))
        if self.status is None and not self.drop and self.latency_ms <= 0:
            found.append(("/status", "A rule needs a status, drop or latency_ms."))
        if self.status is not None and self.drop:
            found.append(("/drop", "A rule either answers with a status or drops the connection."))
        if not 0 <= self.latency_ms <= 60_000:
            found.append(("/latency_ms", "latency_ms must be between 0 and 60000."))
        if self.count is not None and self.count < 1:
            found.append(("/count", "count must be at least 1."))
        if self.after < 0:
            found.append(("/after", "after must not be negative."))
        if not 0.0 <= self.probability <= 1.0:
            found.append(("/probability", "probability must be between 0 and 1."))
        if self.method is not None and not self.method.isalpha():
            found.append(("/method", "method must be an HTTP method such as GET."))
        if len(self.headers) > 20:
            found.append(("/headers", "At most 20 headers."))
        for name, value in self.headers.items():
            if not _HEADER_NAME.fullmatch(name) or not _HEADER_VALUE.fullmatch(value):
                found.append((f"/headers/{name}", "Header names are tokens; values are printable, at most 1000 chars."))
        return found

    def spent(self) -> bool:
        return self.count is not None and self.applied >= self.count


class DropConnection(Exception):
    """Raised to end a request by closing its connection mid-response."""


class FaultRules:
    MAX_RULES = 200

    def __init__(self, ids: Ids | None = None) -> None:
        self.rules: list[FaultRule] = []
        self._patterns: dict[int, re.Pattern[str]] = {}
        self.next_id = 1
        self._ids = ids or Ids()  # samples rules with a probability (seed it to replay a run)
        # With the admin API on, matches are counted in the database (admin/shared.py), so a
        # rule's `count` and `after` hold across every process; None: counted here.
        self.counter: AdminStateStore | None = None

    def add(self, rules: Iterable[FaultRule]) -> list[FaultRule]:
        added = []
        for rule in rules:
            rule.id, rule.matched, rule.applied = self.next_id, 0, 0
            self.next_id += 1
            if rule.method:
                rule.method = rule.method.upper()
            self._patterns[rule.id] = _compile(rule.path or "**")
            self.rules.append(rule)
            added.append(rule)
        return added

    def remove(self, rule_id: int) -> bool:
        before = len(self.rules)
        self.rules = [r for r in self.rules if r.id != rule_id]
        self._patterns.pop(rule_id, None)
        return len(self.rules) < before

    def clear(self) -> None:
        self.rules.clear()
        self._patterns.clear()

    def replace(self, rules: list[FaultRule], next_id: int) -> None:
        """Adopt rules another process added (their ids kept)."""
        self.rules = list(rules)
        self._patterns = {rule.id: _compile(rule.path or "**") for rule in self.rules}
        self.next_id = next_id

    async def pick_counted(self, method: str, path: str, organizations: tuple[str, ...]) -> FaultRule | None:
        """`pick`, counting matches in the database when the rules are shared by several processes."""
        if self.counter is None:
            return self.pick(method, path, organizations)
        for rule in self.rules:
            if not self._matches(rule, method, path, organizations):
                continue
            matched = await self.counter.match(rule.id, rule.count)
            if matched is None or matched <= rule.after:  # spent, or still skipping
                continue
            if rule.probability < 1.0 and not self._ids.chance(rule.probability):
                continue
            if await self.counter.apply(rule.id, rule.count):
                return rule
        return None

    def _matches(self, rule: FaultRule, method: str, path: str, organizations: tuple[str, ...]) -> bool:
        if rule.method and rule.method != method:
            return False
        if rule.organization and rule.organization not in organizations:
            return False
        return self._patterns[rule.id].fullmatch(path) is not None

    def pick(self, method: str, path: str, organizations: tuple[str, ...]) -> FaultRule | None:
        """The rule that applies to this request, counted as applied; None: serve it normally."""
        for rule in self.rules:
            if rule.spent() or not self._matches(rule, method, path, organizations):
                continue
            rule.matched += 1
            if rule.matched <= rule.after:
                continue
            if rule.probability < 1.0 and not self._ids.chance(rule.probability):
                continue
            rule.applied += 1
            return rule
        return None

    @staticmethod
    async def delay(rule: FaultRule) -> None:
        if rule.latency_ms:
            await asyncio.sleep(rule.latency_ms / 1000)

    @staticmethod
    def response(rule: FaultRule) -> Response | None:
        """The answer a rule gives instead of the API's, or None when it only adds latency."""
        if rule.drop:
            raise DropConnection()
        if rule.status is None:
            return None
        code, title, detail = _ERROR_ITEMS.get(rule.status, _SERVER_ERROR)
        error = ApiError([ErrorItem(code, title, f"{detail} (injected by telconf)")])
        return Response(render(error), status_code=rule.status, headers=rule.headers, media_type="application/json")


def _compile(pattern: str) -> re.Pattern[str]:
    parts = re.split(r"(\*\*|\*)", pattern)
    regex = "".join(".*" if p == "**" else "[^/]*" if p == "*" else re.escape(p) for p in parts)
    return re.compile(regex)


def parse_rules(document: Any) -> list[FaultRule]:
    """`{"rules": [...]}` or a bare list, as a --faults file or an admin request holds them."""
    items = document.get("rules") if isinstance(document, dict) else document
    return msgspec.convert(items, list[FaultRule])
