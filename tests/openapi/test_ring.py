"""The property-based ring: schemathesis generates requests from telconf's own OpenAPI document,
valid ones and invalid ones, and sends them to a live server per engine as an organisation that
holds records of every kind. No response may be a 5xx or break the document (an undeclared
status, a wrong content type, a body that does not match its schema), and every operation must
refuse a request without a key. Derandomized, so a run is repeatable.

A third mode sends hostile variants of valid requests (see `hostile.py`: nesting past the bound,
digits of other scripts, trailing newlines, page numbers past any offset, NUL in any text or path
parameter): every answer must be below 500 and, if an error, Telnyx's envelope."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_schema_conformance,
    status_code_conformance,
)

from telconf.api import openapi_document

from ..support import Orgs, Server
from .hostile import HOSTILE, Hostile, assert_no_server_error
from .inventory import Inventory, make_inventory, path_values, ring_document

# Per operation and mode (valid, invalid): some 800 requests per engine, about ten seconds. A
# longer exploration: TELCONF_RING_EXAMPLES=200.
EXAMPLES = int(os.environ.get("TELCONF_RING_EXAMPLES", "12"))
# Hostile variants per operation: some 1,600 requests per engine, about fifteen seconds.
HOSTILE_EXAMPLES = int(os.environ.get("TELCONF_RING_HOSTILE_EXAMPLES", "40"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          ignored_auth]  # fmt: skip
POSITIVE, NEGATIVE = schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE


def _runs() -> list[tuple[str, schemathesis.GenerationMode]]:
    """Every operation with valid data; with invalid data too when it takes a body or a query (an
    id in the path cannot be invalid: any string is one)."""
    runs = []
    for operations in openapi_document()["paths"].values():
        for op in operations.values():
            runs.append((op["operationId"], POSITIVE))
            if "requestBody" in op or any(p["in"] == "query" for p in op["parameters"]):
                runs.append((op["operationId"], NEGATIVE))
    return runs


@dataclass(frozen=True)
class Ring:
    schema: schemathesis.BaseSchema
    inventory: Inventory
    headers: dict[str, str]


@pytest.fixture(scope="module")
def ring(server: Server) -> Iterator[Ring]:
    inventory = make_inventory(server, Orgs(server))
    # The key is sent by the ring; generated Authorization headers would only replace it.
    config = schemathesis.Config.from_dict(
        {"base-url": server.base_url, "generation": {"with-security-parameters": False}}
    )
    schema = schemathesis.openapi.from_dict(ring_document(inventory), config=config)
    yield Ring(schema, inventory, {"Authorization": f"Bearer {inventory.key}"})


@pytest.mark.parametrize(("operation_id", "mode"), _runs())
def test_operation_keeps_its_contract(ring: Ring, operation_id: str, mode: schemathesis.GenerationMode) -> None:
    operation = ring.schema.find_operation_by_id(operation_id)
    cases = operation.as_strategy(generation_mode=mode)
    names = [p.name for p in operation.path_parameters]
    if names and mode is POSITIVE:
        # Arbitrary ids, and as often the inventory's (which the generator would never guess).
        real = st.sampled_from(path_values(ring.inventory, operation.path, operation.method.lower(), names))
        cases = st.one_of(
            cases,
            real.flatmap(lambda values: operation.as_strategy(generation_mode=mode, path_parameters=values)),
        )

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def exchange(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=ring.headers, checks=CHECKS)

    exchange()


def _operation_ids() -> list[str]:
    return [op["operationId"] for ops in openapi_document()["paths"].values() for op in ops.values()]


@pytest.mark.parametrize("operation_id", _operation_ids())
def test_operation_survives_hostile_input(ring: Ring, operation_id: str) -> None:
    operation = ring.schema.find_operation_by_id(operation_id)
    names = [p.name for p in operation.path_parameters]
    cases = operation.as_strategy(generation_mode=POSITIVE)
    if names:
        real = st.sampled_from(path_values(ring.inventory, operation.path, operation.method.lower(), names))
        cases = st.one_of(
            cases,
            real.flatmap(lambda values: operation.as_strategy(generation_mode=POSITIVE, path_parameters=values)),
        )

    @given(case=cases, hostile=st.sampled_from(HOSTILE), choice=st.randoms(use_true_random=False))
    @settings(
        max_examples=HOSTILE_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def exchange(case: schemathesis.Case, hostile: Hostile, choice: random.Random) -> None:
        hostile(case, choice)
        assert_no_server_error(case.call(headers=ring.headers), hostile)

    exchange()
