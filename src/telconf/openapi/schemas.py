"""Component schemas of the document, generated from telconf's own msgspec Structs.

msgspec describes every Struct, enums included (the models' fields are Literal types; tags kept
as JSON text carry their schema in their annotation). Two things are added, because the Structs
say less than the code guarantees:

- a response Struct always encodes every field (unless it omits defaults), so every such field
  is required there, and nothing else is sent (`additionalProperties: false`);
- the error envelope is rendered by `errors.ErrorItem.to_json`, not by a Struct, and is written
  here to match it.
"""

from __future__ import annotations

import copy
import typing
from collections.abc import Iterable, Iterator
from typing import Any

import msgspec

from ..enums import DELETE_TYPE_NAMES, PHONE_NUMBER_TYPES

Schema = dict[str, Any]
REF = "#/components/schemas/{name}"


def ref(name: str) -> Schema:
    return {"$ref": REF.format(name=name)}


def enum(values: Iterable[Any], *, nullable: bool = False) -> Schema:
    listed = list(values)
    return {"enum": [*listed, None] if nullable else listed}


def _literal(annotation: Any) -> list[Any]:
    return list(typing.get_args(annotation))


def _request_field_enum(model: type[msgspec.Struct], name: str) -> list[Any]:
    """The Literal values a request Struct's field accepts (UNSET and None left out)."""
    info = next(f for f in msgspec.structs.fields(model) if f.name == name)
    values: list[Any] = []
    for part in typing.get_args(info.type):
        values.extend(typing.get_args(part))
    return values


def _structs_in(annotation: Any) -> Iterator[type[msgspec.Struct]]:
    if isinstance(annotation, type) and issubclass(annotation, msgspec.Struct):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _structs_in(arg)


def reachable(models: Iterable[type[msgspec.Struct]]) -> set[type[msgspec.Struct]]:
    """Every Struct class the given ones contain, themselves included."""
    seen: set[type[msgspec.Struct]] = set()
    stack = list(models)
    while stack:
        model = stack.pop()
        if model in seen:
            continue
        seen.add(model)
        for info in msgspec.structs.fields(model):
            stack.extend(_structs_in(info.type))
    return seen


def _as_response(model: type[msgspec.Struct], schema: Schema) -> None:
    """Every field a response Struct encodes is required, and it encodes nothing else."""
    omits_defaults = model.__struct_config__.omit_defaults
    schema["required"] = [
        info.encode_name for info in msgspec.structs.fields(model) if not (omits_defaults and not info.required)
    ]
    schema["additionalProperties"] = False
    for props in schema["properties"].values():
        props.pop("default", None)  # a default says what a request may leave out; not so here


def struct_components(
    requests: Iterable[type[msgspec.Struct]], responses: Iterable[type[msgspec.Struct]]
) -> dict[str, Schema]:
    """Schemas of the request and response Structs and everything they contain, by class name."""
    requests, responses = list(requests), list(responses)
    response_structs = reachable(responses)
    shared = reachable(requests) & response_structs
    if shared:  # the two kinds are described differently, so a Struct may not be both
        raise ValueError(f"Structs used in requests and responses: {sorted(s.__name__ for s in shared)}")
    _, components = msgspec.json.schema_components([*requests, *responses], ref_template=REF)
    for model in response_structs:
        schema = components[model.__name__]
        _as_response(model, schema)
    return components


def deleted_phone_number(components: dict[str, Schema]) -> Schema:
    """DELETE /phone_numbers/{id} answers the final record, with `status: deleted` and the delete
    response's narrower type enum (legacy names are translated, see the service)."""
    schema = copy.deepcopy(components["PhoneNumber"])
    schema["title"] = "DeletedPhoneNumber"
    schema["properties"]["status"] = {"const": "deleted"}
    kept = [t for t in PHONE_NUMBER_TYPES if t not in DELETE_TYPE_NAMES]
    schema["properties"]["phone_number_type"] = enum(kept)
    return schema


# -- envelopes ------------------------------------------------------------------------------------

PAGE_META: Schema = {
    "type": "object",
    "properties": {
        name: {"type": "integer", "minimum": low}
        for name, low in (("page_number", 1), ("page_size", 1), ("total_pages", 0), ("total_results", 0))
    },
    "required": ["page_number", "page_size", "total_pages", "total_results"],
    "additionalProperties": False,
}

OK: Schema = {
    "title": "Ok",
    "description": 'The whole body of some deletes: the JSON string "OK" (not wrapped in `data`).',
    "type": "string",
    "const": "OK",
}

ERROR: Schema = {
    "title": "Error",
    "description": "One entry of Telnyx's `errors[]` (see errors.ErrorItem.to_json).",
    "type": "object",
    "properties": {
        "code": {"type": "string", "pattern": "^[0-9]+$"},
        "title": {"type": "string"},
        "detail": {"type": "string"},
        "source": {
            "oneOf": [
                {
                    "type": "object",
                    "properties": {"pointer": {"type": "string"}},
                    "required": ["pointer"],
                    "additionalProperties": False,
                },
                {
                    "type": "object",
                    "properties": {"parameter": {"type": "string"}},
                    "required": ["parameter"],
                    "additionalProperties": False,
                },
            ]
        },
        "meta": {
            "type": "object",
            "properties": {"url": {"type": "string"}},
            "required": ["url"],
            "additionalProperties": False,
        },
    },
    "required": ["code", "title", "detail", "meta"],
    "additionalProperties": False,
}

ERRORS: Schema = {
    "title": "Errors",
    "type": "object",
    "properties": {"errors": {"type": "array", "items": ref("Error"), "minItems": 1}},
    "required": ["errors"],
    "additionalProperties": False,
}


def data_of(schema: Schema) -> Schema:
    """`{"data": …}`, as http/responses.ok encodes it."""
    return {"type": "object", "properties": {"data": schema}, "required": ["data"], "additionalProperties": False}


def page_of(item: Schema) -> Schema:
    """`{"data": […], "meta": …}`, as http/responses.page encodes it."""
    return {
        "type": "object",
        "properties": {"data": {"type": "array", "items": item}, "meta": ref("PageMeta")},
        "required": ["data", "meta"],
        "additionalProperties": False,
    }
