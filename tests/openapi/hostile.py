"""Hostile variants of generated requests, for the ring: each takes a valid request and spoils one
part of it the way the issue's black-box review did. None may cause a 5xx."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import schemathesis

Hostile = Callable[[schemathesis.Case, random.Random], None]

OTHER_DIGITS = ["²", "٢٠", "١", "１２", "߂", "৩", "𝟚", "٣١٢٥٥٥٠١٠٠", "+1٣١٢٥٥٥٠١٠٠"]
EXTREME_PAGES = ["999999999999999999", "9223372036854775807", "9223372036854775808", "1" + "0" * 40, "0", "-1"]


def _strings(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Where the strings of a JSON value are (paths of keys and indexes)."""
    if isinstance(value, str):
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _strings(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _strings(v, (*path, i))]
    return []


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, *rest = path
    value[head] = _replace(value[head], tuple(rest), new)
    return value


def _has_body(case: schemathesis.Case) -> bool:
    return isinstance(case.body, (dict, list))


def _spoil_text(case: schemathesis.Case, choice: random.Random, spoil: Callable[[str], str]) -> None:
    """Spoil one string: a path parameter, a query value or a body leaf, whichever the case has."""
    places: list[tuple[str, Any]] = [("path", k) for k in case.path_parameters or {}]
    places += [("query", k) for k, v in (case.query or {}).items() if isinstance(v, str)]
    if _has_body(case):
        places += [("body", p) for p in _strings(case.body)]
    if not places:
        case.query = {**(case.query or {}), "filter[tag]": spoil("x")}
        return
    where, key = choice.choice(places)
    if where == "path":
        case.path_parameters[key] = spoil(str(case.path_parameters[key]))
    elif where == "query":
        case.query[key] = spoil(case.query[key])
    else:
        current: Any = case.body
        for part in key:
            current = current[part]
        case.body = _replace(case.body, key, spoil(current))


def nul(case: schemathesis.Case, choice: random.Random) -> None:
    _spoil_text(case, choice, lambda text: text[: len(text) // 2] + "\x00" + text[len(text) // 2 :])


def trailing_newline(case: schemathesis.Case, choice: random.Random) -> None:
    _spoil_text(case, choice, lambda text: text + choice.choice(["\n", "\r\n", "\n\n"]))


def other_digits(case: schemathesis.Case, choice: random.Random) -> None:
    if choice.random() < 0.5:
        case.query = {**(case.query or {}), choice.choice(["page[number]", "page[size]"]): choice.choice(OTHER_DIGITS)}
    else:
        _spoil_text(case, choice, lambda _: choice.choice(OTHER_DIGITS))


def extreme_page(case: schemathesis.Case, choice: random.Random) -> None:
    case.query = {**(case.query or {}), "page[number]": choice.choice(EXTREME_PAGES),
                  "page[size]": choice.choice(["1", "250"])}  # fmt: skip


def deep(case: schemathesis.Case, choice: random.Random) -> None:
    """Nesting past the bound (Python's own encoder stops near 1,000; the raw-HTTP tests send that)."""
    depth = choice.randint(33, 600)
    value: Any = choice.choice([[], {}, "x", 1])
    for _ in range(depth):
        value = [value] if choice.random() < 0.5 else {"a": value}
    places = _strings(case.body) if _has_body(case) else []
    if places and choice.random() < 0.5:
        case.body = _replace(case.body, choice.choice(places), value)
    else:
        case.body = value if isinstance(value, dict) else {"tags": value}


HOSTILE: list[Hostile] = [nul, trailing_newline, other_digits, extreme_page, deep]


def assert_no_server_error(response: Any, hostile: Hostile) -> None:
    assert response.status_code < 500, f"{hostile.__name__}: {response.status_code} {response.text[:500]}"
    if response.status_code >= 400 and response.request.method != "HEAD":
        content_type = response.headers["content-type"]  # schemathesis keeps every value of a header
        content_type = content_type[0] if isinstance(content_type, list) else content_type
        assert content_type.startswith("application/json"), response.text[:200]
        assert response.json()["errors"], response.text[:200]
