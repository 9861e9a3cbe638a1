"""Request bodies: size-bounded JSON objects, validated field by field into msgspec Structs so a
422 lists every bad field with a JSON pointer."""

from __future__ import annotations

import functools
import re
import typing
from typing import Any, TypeVar

import msgspec
from starlette.requests import Request

from ..errors import (
    BAD_REQUEST,
    MISSING_PARAMETER,
    NOT_E164,
    BodyTooLarge,
    Invalid,
    MalformedJson,
    Problems,
    UnsupportedMediaType,
)
from ..formats import E164_PATTERN, ascii_digits
from ..json_depth import MAX_DEPTH, may_be_too_deep, too_deep

MAX_BODY_BYTES = 1_048_576
T = TypeVar("T", bound=msgspec.Struct)
TOO_DEEP = f"The JSON body nests objects and arrays more than {MAX_DEPTH} levels deep."

_decoder = msgspec.json.Decoder()
_PATH = re.compile(r"\$((?:\.[A-Za-z_][\w]*|\[\d+\])*)")


async def read_object(request: Request, limit: int = MAX_BODY_BYTES) -> dict[str, Any]:
    """The body as a JSON object; an empty body counts as `{}` (Node sends one on bare PATCH)."""
    declared = request.headers.get("content-length")
    if declared and ascii_digits(declared) and int(declared) > limit:
        raise BodyTooLarge(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
    raw = b"".join(chunks)
    if not raw.strip():
        return {}
    content_type = request.headers.get("content-type", "")
    if content_type and content_type.split(";")[0].strip().lower() not in ("application/json", "text/json"):
        raise UnsupportedMediaType()
    try:
        value = _decoder.decode(raw)
    except msgspec.DecodeError:
        raise MalformedJson() from None
    except RecursionError:  # nested far beyond MAX_DEPTH
        raise MalformedJson(TOO_DEEP) from None
    if may_be_too_deep(raw) and too_deep(value):
        raise MalformedJson(TOO_DEEP)
    if not isinstance(value, dict):
        raise Invalid.field("The request body must be a JSON object.", pointer="")
    return value


def _pointer(field: str, message: str) -> str:
    """Turn msgspec's `at $[0].x` into a JSON pointer below the field."""
    match = _PATH.search(message.rsplit(" - at ", 1)[-1]) if " - at " in message else None
    tail = ""
    if match:
        tail = re.sub(r"\[(\d+)\]", r"/\1", match.group(1)).replace(".", "/")
    return f"/{field}{tail}"


def convert(data: dict[str, Any], model: type[T]) -> T:
    """Build `model` from `data`, checking each known field on its own (nested objects too) so every
    bad field is reported with its pointer; fields the model does not know are ignored."""
    if _nul_at(data) is None:
        try:  # the common case, a good body: one conversion (the same result as field by field)
            return msgspec.convert(data, model)
        except msgspec.ValidationError:
            pass  # field by field below, to report every bad field with its pointer
    problems = Problems()
    clean = _collect(data, model, "", problems)
    problems.raise_if_any()
    return msgspec.convert(clean, model)


def _struct_in(annotation: Any) -> type[msgspec.Struct] | None:
    """The Struct class a field holds (alone or in a union with None/UNSET), if any."""
    candidates = typing.get_args(annotation) or (annotation,)
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, msgspec.Struct):
            return candidate
    return None


@functools.cache
def _fields(model: type[msgspec.Struct]) -> tuple[tuple[msgspec.structs.FieldInfo, type[msgspec.Struct] | None], ...]:
    """A model's fields and nested Struct types, worked out once per model: msgspec re-evaluates
    the annotations on every `fields()` call, which cost half of a PATCH."""
    return tuple((info, _struct_in(info.type)) for info in msgspec.structs.fields(model))


def _collect(data: dict[str, Any], model: type[msgspec.Struct], prefix: str, problems: Problems) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for info, nested in _fields(model):
        pointer = f"{prefix}/{info.encode_name}"
        if info.encode_name not in data:
            if info.required:
                problems.add("This field is required.", pointer=pointer, code=MISSING_PARAMETER)
            continue
        value = data[info.encode_name]
        if nested is not None and isinstance(value, dict):
            before = len(problems.items)
            inner = _collect(value, nested, pointer, problems)
            if len(problems.items) == before:
                clean[info.encode_name] = msgspec.convert(inner, nested)
            continue
        try:
            converted = msgspec.convert(value, info.type)
        except msgspec.ValidationError as exc:
            detail, code = _explain(str(exc).split(" - at ")[0])
            problems.add(detail, pointer=prefix + _pointer(info.encode_name, str(exc)), code=code)
            continue
        nul = _nul_at(value)
        if nul is not None:
            problems.add("Text must not contain NUL characters.", pointer=f"{pointer}{nul}")
            continue
        clean[info.encode_name] = converted
    return clean


def _nul_at(value: Any) -> str | None:
    """The pointer (below the field) of a string holding NUL, if any: PostgreSQL cannot store one
    in text, so it is refused on every engine alike."""
    if isinstance(value, str):
        return "" if "\x00" in value else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if isinstance(key, str) and "\x00" in key:
            return ""  # the object holding the key
        inner = _nul_at(item)
        if inner is not None:
            return f"/{key}{inner}"
    return None


def _explain(message: str) -> tuple[str, tuple[str, str]]:
    """A client-facing detail and code for a msgspec validation message. Pattern failures say what
    was expected instead of showing the regular expression."""
    if "matching regex" not in message:
        return f"{message}.", BAD_REQUEST
    if repr(E164_PATTERN) in message:  # msgspec quotes the pattern as repr() does
        return "The phone number must be in +E.164 format.", NOT_E164
    return "The value does not have the expected format.", BAD_REQUEST
