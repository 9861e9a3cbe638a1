"""The route table picks the most specific template whatever order routes were added in, and
refuses two routes for one path."""

from __future__ import annotations

import pytest
from starlette.requests import Request
from starlette.responses import Response

from telconf.http.routing import Handler, RouteTable


def _named(name: str) -> Handler:
    async def handler(request: Request) -> Response:
        return Response(name)

    handler.__name__ = name
    return handler


def test_a_literal_segment_wins_over_a_parameter_in_any_order() -> None:
    table = RouteTable()
    table.add("/phone_numbers/{id}/voice", _named("voice"))  # a parameter first ...
    table.add("/phone_numbers/jobs/{id}", _named("job"))  # ... then the literal `jobs`
    table.add("/phone_numbers/{id}", _named("number"))
    table.add("/phone_numbers/slim", _named("slim"))
    found = table.find("/phone_numbers/jobs/abc")
    assert found is not None and found[0].__name__ == "job" and found[1] == {"id": "abc"}
    found = table.find("/phone_numbers/123/voice")
    assert found is not None and found[0].__name__ == "voice" and found[1] == {"id": "123"}
    found = table.find("/phone_numbers/slim")
    assert found is not None and found[0].__name__ == "slim"
    found = table.find("/phone_numbers/123")
    assert found is not None and found[0].__name__ == "number"
    assert table.find("/phone_numbers//voice") is None  # an empty segment names nothing


@pytest.mark.parametrize("path", ["/phone_numbers/slim", "/phone_numbers/{id}"])
def test_two_routes_for_one_path_are_refused(path: str) -> None:
    table = RouteTable()
    table.add(path, _named("first"))
    with pytest.raises(ValueError, match="two routes"):
        table.add(path, _named("second"))
