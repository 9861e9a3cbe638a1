"""What a seed gets wrong, in words: every record's problems are collected (up to a bound) so one
run names them all, each with the record and field; enum errors list the values allowed, and
format errors say what the format is instead of showing its regular expression."""

from __future__ import annotations

import typing
from typing import Any

import msgspec

from ..formats import E164_PATTERN

MAX_PROBLEMS = 50

# msgspec's "Expected `str` matching regex '…'" for the formats seeds use, said in words.
_FORMATS = {
    E164_PATTERN: "must be an E.164 number: '+' and 2 to 15 digits, the first not 0 (e.g. +13125550100)",
    r"^[1-9][0-9]{0,18}$(?!\n)": "must be a number of 1 to 19 digits, the first not 0",
    r"^[A-Z]{2}$(?!\n)": "must be a country code of two upper-case letters (ISO 3166-1 alpha-2, e.g. US)",
}


class SeedError(ValueError):
    """A seed that cannot be loaded; the message names each record and field."""


class Problems:
    """The problems found so far; loading stops at MAX_PROBLEMS."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, message: str) -> None:
        self.messages.append(message)
        if len(self.messages) >= MAX_PROBLEMS:
            raise self.error(stopped=True)

    def error(self, stopped: bool = False) -> SeedError:
        count = len(self.messages)
        head = f"the seed has {count} problem{'s' if count != 1 else ''}"
        if stopped:
            head += f" (stopped after {MAX_PROBLEMS})"
        return SeedError(head + ":\n" + "\n".join(f"  {m}" for m in self.messages))

    def raise_if_any(self) -> None:
        if self.messages:
            raise self.error()


def validation_message(exc: msgspec.ValidationError, model: type[Any] | None, where: str) -> str:
    """`where.field: what is wrong`, from msgspec's message, in words where it shows a pattern."""
    message, _, path = str(exc).partition(" - at ")
    field = path.strip("`").removeprefix("$").lstrip(".") if path else ""
    for pattern, words in _FORMATS.items():
        if message == f"Expected `str` matching regex {pattern!r}":
            message = words
    if message.startswith("Invalid enum value") and model is not None:
        allowed = _allowed(model, field)
        if allowed:
            message += f" (expected one of: {', '.join(map(str, allowed))})"
    return f"{where}{'.' + field if field else ''}: {message}"


def _allowed(model: type[Any], field: str) -> list[Any]:
    """The Literal values of a (possibly nested, dotted) field of a Struct, if it has them."""
    annotation: Any = model
    for name in field.split("."):
        if not (isinstance(annotation, type) and issubclass(annotation, msgspec.Struct)):
            return []
        hints = typing.get_type_hints(annotation)
        if name not in hints:
            return []
        annotation = _struct_in(hints[name]) if "." in field and name != field.split(".")[-1] else hints[name]
    return _literals(annotation)


def _struct_in(annotation: Any) -> Any:
    for arg in (annotation, *typing.get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, msgspec.Struct):
            return arg
    return annotation


def _literals(annotation: Any) -> list[Any]:
    if typing.get_origin(annotation) is typing.Literal:
        return list(typing.get_args(annotation))
    values: list[Any] = []
    for arg in typing.get_args(annotation):
        values += _literals(arg)
    return values
