"""The nesting bound of JSON input (request bodies, seed records). No Telnyx body nests more than
a few levels; a document nested hundreds deep would only exhaust the decoders' recursion (msgspec
and the stdlib both raise RecursionError near 1,000) or the validators walking the value."""

from __future__ import annotations

from typing import Any

MAX_DEPTH = 32


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether `value` nests objects and arrays more than `limit` levels (the top level is one).
    Iterative, so no depth can exhaust the stack."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def may_be_too_deep(text: str | bytes, start: int = 0, end: int | None = None, limit: int = MAX_DEPTH) -> bool:
    """A cheap test before `too_deep`: fewer opening brackets than the limit cannot nest past it
    (counting runs in C, so ordinary bodies pay nothing for the bound)."""
    open_object, open_array = ("{", "[") if isinstance(text, str) else (b"{", b"[")
    stop = len(text) if end is None else end
    return text.count(open_object, start, stop) + text.count(open_array, start, stop) > limit  # type: ignore[arg-type]
