"""The document in-process: valid OpenAPI 3.1, and in step with the routes and parsers it describes."""

from __future__ import annotations

import inspect
import json
from unittest.mock import Mock

import jsonschema_rs
import msgspec
import pytest
import schemathesis

from telconf.api import OPERATIONS, openapi_bytes, openapi_document
from telconf.app import api_routes
from telconf.resources.messaging_profiles import filters as profile_filters
from telconf.resources.phone_numbers import filters as number_filters
from telconf.resources.phone_numbers.models import PhoneNumber
from telconf.resources.short_codes import filters as short_code_filters


def test_the_document_is_valid_openapi_3_1() -> None:
    document = openapi_document()
    assert document["openapi"] == "3.1.0"
    schemathesis.openapi.from_dict(document).validate()  # against the OpenAPI 3.1 meta-schema
    for name, schema in document["components"]["schemas"].items():
        assert jsonschema_rs.meta.is_valid(schema), name  # each one a valid JSON Schema 2020-12


def test_bytes_are_the_document_built_once() -> None:
    assert json.loads(openapi_bytes()) == openapi_document()
    assert openapi_bytes() is openapi_bytes()
    mine = openapi_document()
    mine["paths"].clear()  # a caller's copy is its own
    assert openapi_document()["paths"]


def test_every_route_is_documented_and_nothing_else() -> None:
    """The table lists exactly the paths and methods the slices serve (below /v2)."""
    params = inspect.signature(api_routes).parameters
    served = {
        (route.path, method.lower())
        for route in api_routes(*(Mock() for _ in params))
        for method in route.methods or ()
        if method != "HEAD"
    }
    documented = {(op.path, op.method.lower()) for op in OPERATIONS}
    assert documented == served
    assert len({op.operation_id for op in OPERATIONS}) == len(OPERATIONS)


def _query_names(operation_id: str) -> set[str]:
    for operations in openapi_document()["paths"].values():
        for op in operations.values():
            if op["operationId"] == operation_id:
                return {p["name"] for p in op["parameters"] if p["in"] == "query"}
    raise KeyError(operation_id)


PAGE = {"page[number]", "page[size]"}


@pytest.mark.parametrize(
    ("operation_id", "keys"),
    [
        ("listPhoneNumbers", {*number_filters.LIST_KEYS, *PAGE}),
        ("slimListPhoneNumbers", {*number_filters.SLIM_KEYS, *PAGE}),
        ("listPhoneNumbersWithVoiceSettings", {*number_filters.VOICE_KEYS, *PAGE}),
        ("listPhoneNumbersWithMessagingSettings", {*number_filters.MESSAGING_KEYS, *PAGE}),
        ("listPhoneNumbersJobs", {*number_filters.JOB_LIST_KEYS, *PAGE}),
        ("createUpdatePhoneNumbersJob", set(number_filters.UPDATE_SELECTOR_KEYS)),
        ("listMessagingProfiles", {*profile_filters.EXACT_KEYS, profile_filters.CONTAINS_KEY, *PAGE}),
        ("listShortCodes", {short_code_filters.PROFILE_KEY, *PAGE}),
        ("listMessagingProfilePhoneNumbers", PAGE),
        ("listMobilePhoneNumbers", PAGE),
        ("createCsvDownload", {"csv_format", "include_managed_accounts", *number_filters.UPDATE_SELECTOR_KEYS}),
        ("listCsvDownloads", PAGE),
        ("retrievePhoneNumber", set()),
    ],
)
def test_query_parameters_are_the_keys_the_parsers_accept(operation_id: str, keys: set[str]) -> None:
    assert _query_names(operation_id) == keys


def test_response_records_require_every_field_they_encode() -> None:
    schema = openapi_document()["components"]["schemas"]["PhoneNumber"]
    assert set(schema["required"]) == {f.encode_name for f in msgspec.structs.fields(PhoneNumber)}
    assert schema["additionalProperties"] is False
    slim = openapi_document()["components"]["schemas"]["SlimPhoneNumber"]
    assert "tags" not in slim["required"] and "connection_name" not in slim["required"]  # only when asked


def test_errors_and_security_are_declared_per_operation() -> None:
    document = openapi_document()
    assert document["security"] == [{"bearerAuth": []}]
    for path, operations in document["paths"].items():
        for method, op in operations.items():
            statuses = set(op["responses"])
            assert {"401", "429", "500"} <= statuses, (method, path)
            assert ("404" in statuses) == ("{" in path), (method, path)
            writes = method != "get" and path != "/phone_numbers/actions/verify_ownership"  # a read by POST
            assert ("403" in statuses) == writes, (method, path)
            assert ("415" in statuses) == ("requestBody" in op), (method, path)
