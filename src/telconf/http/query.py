"""Query-string reading: pages, filters (deepObject keys), booleans and enums, with 422s that name
the parameter. Starlette has already percent-decoded the keys."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from starlette.datastructures import QueryParams

from ..errors import Problems
from ..formats import ascii_digits

PAGE_SIZE_DEFAULT = 20
PAGE_SIZE_MAX = 250
MAX_LIST_VALUES = 100


@dataclass(frozen=True)
class PageRequest:
    number: int
    size: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


class QueryReader:
    def __init__(self, params: QueryParams, known: Iterable[str]) -> None:
        self.params = params
        self.problems = Problems()
        self._known = set(known) | {"page[number]", "page[size]"}

    def page(self) -> PageRequest:
        number = self._int("page[number]", 1, 1, None)
        size = self._int("page[size]", PAGE_SIZE_DEFAULT, 1, PAGE_SIZE_MAX)
        return PageRequest(number, size)

    def _int(self, name: str, default: int, low: int, high: int | None) -> int:
        raw = self.params.get(name)
        if raw is None:
            return default
        bound = f"between {low} and {high}" if high else f"at least {low}"
        # Eighteen digits keep any offset within a 64-bit integer; larger pages are just empty.
        if not ascii_digits(raw) or len(raw) > 18 or int(raw) < low or (high is not None and int(raw) > high):
            self.problems.add(f"{name} must be an integer {bound}.", parameter=name)
            return default
        return int(raw)

    def text(self, name: str, max_length: int = 256) -> str | None:
        raw = self.params.get(name)
        if raw is not None and len(raw) > max_length:
            self.problems.add(f"{name} must be at most {max_length} characters.", parameter=name)
            return None
        if raw is not None and "\x00" in raw:  # PostgreSQL cannot compare text with NUL
            self.problems.add(f"{name} must not contain NUL characters.", parameter=name)
            return None
        return raw

    def enum(self, name: str, allowed: Iterable[str]) -> str | None:
        raw = self.params.get(name)
        allowed = tuple(allowed)
        if raw is not None and raw not in allowed:
            self.problems.add(f"{name} must be one of: {', '.join(allowed)}.", parameter=name)
            return None
        return raw

    def enum_list(self, name: str, allowed: Iterable[str]) -> tuple[str, ...]:
        """Comma-joined values (how the SDKs send arrays), each checked against `allowed`."""
        raw = self.params.get(name)
        if raw is None:
            return ()
        values = tuple(v for v in raw.split(",") if v)
        allowed = tuple(allowed)
        bad = [v for v in values if v not in allowed]
        if bad or not values or len(values) > MAX_LIST_VALUES:
            self.problems.add(f"{name} must be a comma-separated list of: {', '.join(allowed)}.", parameter=name)
            return ()
        return values

    def boolean(self, name: str) -> bool | None:
        raw = self.params.get(name)
        if raw is None:
            return None
        if raw not in ("true", "false"):
            self.problems.add(f"{name} must be true or false.", parameter=name)
            return None
        return raw == "true"

    def finish(self) -> None:
        """Unknown filter and page keys are refused, so a typo never silently lists everything;
        other unknown parameters are ignored, as HTTP APIs usually do."""
        for key in self.params:
            if key.startswith(("filter[", "page[")) and key not in self._known:
                self.problems.add(f"Unknown query parameter {key}.", parameter=key)
        self.problems.raise_if_any()
