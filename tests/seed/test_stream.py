"""The streaming JSON walker reads records correctly whatever the buffer size."""

from __future__ import annotations

import io
import json

import pytest

from telconf.seed.stream import JsonStream, JsonSyntaxError

DOC = {
    "organizations": [
        {"name": 'a \u00e9 "q"', "phone_numbers": [{"n": i, "t": ["x", "y"] * i} for i in range(40)]},
        {"name": "b", "phone_numbers": []},
    ]
}


def walk(text: str, chunk: int) -> list[tuple[str, list[object]]]:
    stream = JsonStream(io.StringIO(text), chunk=chunk)
    result = []
    for key in stream.object_keys():
        assert key == "organizations"
        for _ in stream.items():
            name, records = None, []
            for field in stream.object_keys():
                if field == "name":
                    name = stream.value()
                else:
                    for _ in stream.items():
                        records.append(stream.value())
            result.append((name, records))
    stream.finish()
    return result


@pytest.mark.parametrize("chunk", [1, 3, 7, 64, 1 << 20])
@pytest.mark.parametrize("indent", [None, 2])
def test_every_chunk_size_gives_the_same_records(chunk: int, indent: int | None) -> None:
    text = json.dumps(DOC, indent=indent)
    assert walk(text, chunk) == [(o["name"], o["phone_numbers"]) for o in DOC["organizations"]]


@pytest.mark.parametrize(
    "text",
    [
        '{"organizations": [',
        '{"organizations": [}',
        '{"organizations": []} x',
        "[]",
        '{"organizations": [{"name": "a",}]}',
    ],
)
def test_broken_documents_are_refused(text: str) -> None:
    with pytest.raises(JsonSyntaxError):
        walk(text, 4)
