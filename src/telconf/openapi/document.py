"""The OpenAPI 3.1 document of a list of declared operations (telconf/api.py serves the one of
every operation): paths, the error responses each can give, and the components."""

from __future__ import annotations

import typing
from typing import Any

import msgspec

from .. import __version__
from ..http.operation import Operation
from ..http.responses import JSON
from .schemas import (
    ERROR,
    ERRORS,
    OK,
    PAGE_META,
    Schema,
    data_of,
    deleted_phone_number,
    page_of,
    ref,
    struct_components,
)

# Error responses, by status: the component name and when Telconf answers it.
ERROR_RESPONSES: dict[str, tuple[str, str]] = {
    "400": ("MalformedJson", "The body is not JSON (code 10023)."),
    "401": ("Unauthorized", "No valid `Authorization: Bearer <key>` (code 10009)."),
    "403": ("Forbidden", "The key is read-only (code 10010)."),
    "404": ("NotFound", "No such record in the key's organisation (code 10005)."),
    "413": ("BodyTooLarge", "The body exceeds 1 MiB."),
    "415": ("UnsupportedMediaType", "A body that is not application/json (code 10014)."),
    "422": ("Invalid", "A parameter or field is invalid: one entry per problem, with its source."),
    "429": ("TooManyRequests", "Rate limited (code 10011); retry after the headers' delay."),
    "500": ("Unexpected", "An unexpected error (code 10007), logged with the request id shown."),
}
RETRY_HEADERS = {
    "Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer", "minimum": 1}},
    "retry-after-ms": {"description": "Milliseconds to wait.", "schema": {"type": "integer", "minimum": 1}},
}


def _error_statuses(op: Operation) -> list[str]:
    """What may go wrong, from what the operation takes."""
    statuses = ["401", "429", "500"]
    if op.write:
        statuses.append("403")
    if any(param["in"] == "path" for param in op.params):
        statuses.append("404")
    if op.body is not None:
        statuses += ["400", "413", "415"]
    # Bodies and query values are validated; deletes refuse records still locked or in use.
    if op.body is not None or any(param["in"] == "query" for param in op.params) or op.method == "DELETE":
        statuses.append("422")
    return sorted({*statuses, *op.refusals})


def _data_schema(op: Operation) -> Schema:
    if isinstance(op.response, str):
        return ref(op.response)
    if typing.get_origin(op.response) is list:  # `{"data": [...]}` outside a page
        return {"type": "array", "items": ref(_struct(op.response).__name__)}
    return ref(op.response.__name__)


def _struct(response: Any) -> type[msgspec.Struct]:
    """The Struct a response's data is made of (itself, or a list's items)."""
    struct: type[msgspec.Struct] = typing.get_args(response)[0] if typing.get_origin(response) is list else response
    return struct


def _body_required(model: type[msgspec.Struct]) -> bool:
    # An empty body reads as {} (http/body.py), so it is optional when no field is required.
    return any(info.required for info in msgspec.structs.fields(model))


def _operation(op: Operation) -> dict[str, Any]:
    if op.produces != JSON:  # a file, not a record
        content = {op.produces: {"schema": {"type": "string"}}}
    else:
        data = _data_schema(op)
        schema = page_of(data) if op.paged else data_of(data) if op.envelope else data
        content = {JSON: {"schema": schema}}
    responses: dict[str, Any] = {str(op.status): {"description": op.summary, "content": content}}
    for status in _error_statuses(op):
        responses[status] = {"$ref": f"#/components/responses/{ERROR_RESPONSES[status][0]}"}
    rendered: dict[str, Any] = {
        "operationId": op.operation_id,
        "summary": op.summary,
        "tags": [op.tag],
        "parameters": list(op.params),
        "responses": responses,
    }
    if op.body is not None:
        rendered["requestBody"] = {
            "required": _body_required(op.body),
            "content": {"application/json": {"schema": ref(op.body.__name__)}},
        }
    return rendered


def _components(operations: list[Operation]) -> dict[str, Any]:
    bodies = [op.body for op in operations if op.body is not None]
    datas = [_struct(op.response) for op in operations if not isinstance(op.response, str)]
    schemas = struct_components(dict.fromkeys(bodies), dict.fromkeys(datas))
    schemas["DeletedPhoneNumber"] = deleted_phone_number(schemas)
    schemas.update(PageMeta=PAGE_META, Error=ERROR, Errors=ERRORS, Ok=OK)
    responses: dict[str, Any] = {}
    for status, (name, description) in ERROR_RESPONSES.items():
        response: dict[str, Any] = {
            "description": description,
            "content": {"application/json": {"schema": ref("Errors")}},
        }
        if status == "429":
            response["headers"] = RETRY_HEADERS
        responses[name] = response
    return {
        "schemas": dict(sorted(schemas.items())),
        "responses": responses,
        "securitySchemes": {
            "bearerAuth": {"type": "http", "scheme": "bearer", "description": "An API key of an organisation."}
        },
    }


def build(operations: list[Operation]) -> dict[str, Any]:
    # Operations share parameter dicts (p.NUMBER_ID, p.PAGE); the encoded form does not.
    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "telconf",
            "version": __version__,
            "description": "What telconf implements of Telnyx's v2 API for phone-number configuration and "
            "messaging profiles. Paths are below the server's /v2.",
        },
        "servers": [{"url": "/v2"}],
        "security": [{"bearerAuth": []}],
        "tags": [{"name": name} for name in dict.fromkeys(op.tag for op in operations)],
        "paths": paths,
        "components": _components(operations),
    }
