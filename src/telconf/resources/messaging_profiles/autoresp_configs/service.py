"""Rules of the auto-response settings of a messaging profile. Knows nothing of HTTP; raises typed
errors. The profile must be the caller's (404 otherwise, like every profile call); a keyword
belongs to one setting per profile and country (422 naming the keyword otherwise); keywords
compare case-insensitively and are kept as written (store/autoresp_configs.py holds the rule)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from ....clock import Clock
from ....errors import DUPLICATE_RESOURCE, Invalid, NotFound, Problems
from ....formats import canonical_id
from ....http.body import convert
from ....ids import Ids
from ....principal import Principal
from ....store.autoresp_configs import Absent, AutoRespConfigStore, AutoRespFilter, AutoRespRecord, KeywordsTaken, fold
from ..countries import COUNTRY_CODES
from ..service import NOT_FOUND as PROFILE_NOT_FOUND
from .filters import COUNTRY_DETAIL
from .models import AutoRespConfig, AutoRespConfigCreate

NOT_FOUND = "Auto-response setting not found."
DELETED = "OK"  # the whole body of a delete, as Telnyx's API reference shows it
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
Write = Callable[[int, AutoRespRecord], Awaitable[AutoRespRecord | Absent]]


def read_body(data: dict[str, Any]) -> AutoRespConfigCreate:
    """The body of a create or an update, with every problem reported at once: the country must be
    an ISO code; keywords must hold no control characters nor surrounding whitespace (an inbound
    text is trimmed before it is compared, so such a keyword could never match), and must differ
    from each other ignoring case."""
    problems = Problems()
    try:
        body: AutoRespConfigCreate | None = convert(data, AutoRespConfigCreate)
    except Invalid as error:  # the types and bounds; the rules below still run on what they can
        problems.items.extend(error.items)
        body = None
    flagged = {item.pointer for item in problems.items}
    country, keywords = data.get("country_code"), data.get("keywords")
    if isinstance(country, str) and "/country_code" not in flagged and country not in COUNTRY_CODES:
        problems.add(f"country_code {COUNTRY_DETAIL}", pointer="/country_code")
    seen: dict[str, int] = {}
    for i, keyword in enumerate(keywords if isinstance(keywords, list) else ()):
        pointer = f"/keywords/{i}"
        if not isinstance(keyword, str) or pointer in flagged or "/keywords" in flagged:
            continue
        if _CONTROL.search(keyword) or keyword != keyword.strip():
            problems.add("A keyword may not hold control characters or begin or end with whitespace.", pointer=pointer)
        elif fold(keyword) in seen:
            problems.add(f"The keyword repeats keywords/{seen[fold(keyword)]} (keywords compare ignoring case).",
                         pointer=pointer)  # fmt: skip
        else:
            seen[fold(keyword)] = i
    problems.raise_if_any()
    assert body is not None  # convert raised otherwise
    return body


def config_from(record: AutoRespRecord) -> AutoRespConfig:
    return AutoRespConfig(
        id=record.id,
        country_code=record.country_code,
        created_at=record.created_at,
        keywords=list(record.keywords),
        op=record.op,  # type: ignore[arg-type]  # stored from an AutoRespOp
        updated_at=record.updated_at,
        resp_text=record.resp_text,
    )


def _missing(absent: Absent) -> NotFound:
    return NotFound(PROFILE_NOT_FOUND if absent is Absent.PROFILE else NOT_FOUND)


def _taken(error: KeywordsTaken, country_code: str) -> Problems:
    problems = Problems()
    for taken in error.taken:
        problems.add(
            f"The keyword {taken.keyword!r} already belongs to auto-response setting {taken.config_id} of this "
            f"profile for {country_code}; a keyword may answer once per profile and country.",
            pointer=f"/keywords/{taken.index}",
            code=DUPLICATE_RESOURCE,
        )
    return problems


class AutorespConfigs:
    def __init__(self, store: AutoRespConfigStore, clock: Clock, ids: Ids) -> None:
        self.store = store
        self.clock = clock
        self.ids = ids

    async def list(
        self, who: Principal, raw_profile_id: str, flt: AutoRespFilter, offset: int, size: int
    ) -> tuple[Sequence[AutoRespConfig], int]:
        found = await self.store.list_page(who.org_id, _profile_id(raw_profile_id), flt, offset, size)
        if isinstance(found, Absent):
            raise _missing(found)
        records, total = found
        return [config_from(r) for r in records], total

    async def create(self, who: Principal, raw_profile_id: str, body: AutoRespConfigCreate) -> AutoRespConfig:
        now = self.clock.now_iso()
        record = AutoRespRecord(self.ids.uuid(), _profile_id(raw_profile_id), body.country_code, body.op,
                                tuple(body.keywords), body.resp_text, now, now)  # fmt: skip
        return await self._write(self.store.create, who, record)

    async def retrieve(self, who: Principal, raw_profile_id: str, raw_id: str) -> AutoRespConfig:
        found = await self.store.get(who.org_id, _profile_id(raw_profile_id), canonical_id(raw_id) or "")
        if isinstance(found, Absent):
            raise _missing(found)
        return config_from(found)

    async def update(
        self, who: Principal, raw_profile_id: str, raw_id: str, body: AutoRespConfigCreate
    ) -> AutoRespConfig:
        """A PUT: every field is replaced (a `resp_text` left out is cleared)."""
        now = self.clock.now_iso()
        record = AutoRespRecord(canonical_id(raw_id) or "", _profile_id(raw_profile_id), body.country_code, body.op,
                                tuple(body.keywords), body.resp_text, now, now)  # fmt: skip
        return await self._write(self.store.replace, who, record)

    async def delete(self, who: Principal, raw_profile_id: str, raw_id: str) -> str:
        absent = await self.store.delete(who.org_id, _profile_id(raw_profile_id), canonical_id(raw_id) or "")
        if absent is not None:
            raise _missing(absent)
        return DELETED

    async def _write(self, write: Write, who: Principal, record: AutoRespRecord) -> AutoRespConfig:
        try:
            written = await write(who.org_id, record)
        except KeywordsTaken as error:
            _taken(error, record.country_code).raise_if_any()
            raise
        if isinstance(written, Absent):
            raise _missing(written)
        return config_from(written)


def _profile_id(raw: str) -> str:
    """A profile id in its stored form; anything that is not a UUID names no profile ("")."""
    return canonical_id(raw) or ""
