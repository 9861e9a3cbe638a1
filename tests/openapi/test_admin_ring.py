"""The admin API's share of the property-based ring: generated clock moves (zones or none, years 1
to 9999, huge advances), snapshot names, job and fault ids, journal limits, policies, fault rules
and seed documents, with NUL, newlines and other scripts' digits among the characters. No answer
may be a 5xx, errors come in the envelope, and the API keeps answering whatever the clock did."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from telconf.testing.server import TelconfServer

EXAMPLES = int(os.environ.get("TELCONF_RING_ADMIN_EXAMPLES", "600"))
TEXT = st.text(alphabet=st.sampled_from([*"abcXYZ019-_.", "\x00", "\n", "²", "٢", "é", " ", "/"]), max_size=12)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=12,
)
MOMENTS = st.datetimes(
    min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31), timezones=st.none() | st.just(UTC)
)
SECONDS = st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(10**12), 10**12)


def _segment(text: str) -> str:
    return quote(text, safe="") or "x"


REQUESTS = st.one_of(
    st.tuples(st.sampled_from(["/clock/set", "/clock/freeze"]), st.just("POST"),
              st.fixed_dictionaries({"at": MOMENTS.map(datetime.isoformat) | TEXT | JSON})),
    st.tuples(st.just("/clock/advance"), st.just("POST"), st.fixed_dictionaries({"seconds": SECONDS | JSON})),
    st.tuples(st.sampled_from(["/clock/unfreeze", "/clock/real"]), st.just("POST"), st.just({})),
    st.tuples(st.just("/snapshots"), st.just("POST"), st.fixed_dictionaries({"name": TEXT | JSON})),
    st.tuples(TEXT.map(lambda t: f"/snapshots/{_segment(t)}/restore"), st.just("POST"), st.just({})),
    st.tuples(TEXT.filter(lambda t: t != "baseline").map(lambda t: f"/snapshots/{_segment(t)}"), st.just("DELETE"),
              st.just(None)),
    st.tuples(st.tuples(TEXT, st.sampled_from(["hold", "release", "advance", "fail"]))
              .map(lambda p: f"/jobs/{_segment(p[0])}/{p[1]}"), st.just("POST"),
              st.just({}) | st.fixed_dictionaries({"numbers": JSON})),
    st.tuples(TEXT.map(lambda t: f"/faults/{_segment(t)}"), st.just("DELETE"), st.just(None)),
    st.tuples(st.just("/faults"), st.just("POST"), st.fixed_dictionaries({"rules": JSON})),
    st.tuples(TEXT.map(lambda t: f"/requests?limit={quote(t)}"), st.just("GET"), st.just(None)),
    st.tuples(st.just("/jobs/policy"), st.just("PUT"), st.fixed_dictionaries({"policy": TEXT, "seconds": SECONDS})),
    st.tuples(st.just("/seed"), st.just("POST"),
              st.fixed_dictionaries({"organizations": st.lists(st.dictionaries(
                  st.sampled_from(["name", "api_keys", "phone_numbers", "x"]), JSON), max_size=2)})),
)  # fmt: skip


def test_the_admin_api_survives_generated_input(telconf_server: TelconfServer) -> None:
    admin = {"Authorization": f"Bearer {telconf_server.admin_token}", "Content-Type": "application/json"}
    user = {"Authorization": f"Bearer {telconf_server.api_key}"}
    with telconf_server.http_client(timeout=30) as http:

        @given(request=REQUESTS)
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def exchange(request: tuple[str, str, Any]) -> None:
            path, method, body = request
            content = None if body is None else json.dumps(body)
            response = http.request(method, f"{telconf_server.root_url}/_telconf{path}", content=content, headers=admin)
            assert response.status_code < 500, (path, body, response.text)
            if response.status_code >= 400:
                assert response.json()["errors"], response.text
            # Whatever the clock now says, the API still answers (a jobs filter reaches 90 days back).
            after = http.get(f"{telconf_server.base_url}/phone_numbers/jobs",
                             params={"filter[customer_reference]": "x"}, headers=user)  # fmt: skip
            assert after.status_code == 200, (path, body, after.text)

        exchange()
