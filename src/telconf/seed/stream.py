"""A streaming walker over a JSON document: the outer structure is stepped through by hand and
each record is decoded by the stdlib's C decoder (`raw_decode`), so a seed of a million numbers
is never held in memory whole."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from ..json_depth import MAX_DEPTH, may_be_too_deep, too_deep

CHUNK = 1 << 20
# Enough look-ahead that a bare number or literal is never cut by the buffer's end.
LOOKAHEAD = 64
_WS = " \t\n\r"
HOLDS_NUL = "text must not contain NUL characters (PostgreSQL cannot store them)"
TOO_DEEP = f"a value nests objects and arrays more than {MAX_DEPTH} levels deep"


class JsonSyntaxError(ValueError):
    pass


class JsonStream:
    def __init__(self, source: TextIO, chunk: int = CHUNK) -> None:
        self.source = source
        self.chunk = chunk
        self.buf = ""
        self.pos = 0
        self.eof = False
        self._decoder = json.JSONDecoder()
        # Where buf[0] sits in the source, for error messages: lines before it, and characters
        # since the last newline before it.
        self._line = 1
        self._column = 1

    def _fill(self, want: int = 0) -> bool:
        if self.eof:
            return False
        data = self.source.read(want or self.chunk)
        if not data:
            self.eof = True
            return False
        self._advance_location(self.pos)
        self.buf = self.buf[self.pos :] + data
        self.pos = 0
        return True

    def _advance_location(self, dropped: int) -> None:
        newlines = self.buf.count("\n", 0, dropped)
        if newlines:
            self._line += newlines
            self._column = dropped - self.buf.rindex("\n", 0, dropped)
        else:
            self._column += dropped

    def location(self, offset: int | None = None) -> str:
        """`line L, column C` of an offset into the buffer (the current position by default)."""
        at = self.pos if offset is None else offset
        newlines = self.buf.count("\n", 0, at)
        if newlines:
            column = at - self.buf.rindex("\n", 0, at)
            return f"line {self._line + newlines}, column {column}"
        return f"line {self._line}, column {self._column + at}"

    def error(self, message: str, offset: int | None = None) -> JsonSyntaxError:
        return JsonSyntaxError(f"{message} at {self.location(offset)}")

    def peek(self) -> str:
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._fill():
                return ""

    def expect(self, char: str) -> None:
        found = self.peek()
        if found != char:
            raise self.error(f"expected '{char}' but found {found or 'end of file'!r}")
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        want = self.chunk
        while True:
            if len(self.buf) - self.pos < LOOKAHEAD:
                self._fill(want)
            try:
                value, end = self._decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if self._fill(want):
                    want *= 2
                    continue
                raise self.error(f"invalid JSON: {exc.msg}", exc.pos) from None
            except RecursionError:
                raise JsonSyntaxError(TOO_DEEP) from None
            if may_be_too_deep(self.buf, self.pos, end) and too_deep(value):
                raise JsonSyntaxError(TOO_DEEP)
            if self.buf.find("\\u0000", self.pos, end) != -1 and _holds_nul(value):
                raise JsonSyntaxError(HOLDS_NUL)
            self.pos = end
            return value

    def object_keys(self) -> Iterator[str]:
        """Yields each key of an object; the caller reads its value before asking for the next."""
        self.expect("{")
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            key = self.value()
            if not isinstance(key, str):
                raise self.error("object keys must be strings")
            self.expect(":")
            yield key
            sep = self.peek()
            if sep not in (",", "}"):
                raise self.error(f"expected ',' or '}}' but found {sep or 'end of file'!r}")
            self.pos += 1
            if sep == "}":
                return

    def items(self) -> Iterator[int]:
        """Yields the index of each array element; the caller reads the element itself."""
        self.expect("[")
        if self.peek() == "]":
            self.pos += 1
            return
        index = 0
        while True:
            yield index
            index += 1
            sep = self.peek()
            if sep not in (",", "]"):
                raise self.error(f"expected ',' or ']' but found {sep or 'end of file'!r}")
            self.pos += 1
            if sep == "]":
                return

    def finish(self) -> None:
        if self.peek() != "":
            raise self.error("unexpected data after the document")


def _holds_nul(value: Any) -> bool:
    """Whether any string in `value` (keys included) holds NUL; iterative, as the depth is bounded
    only after this runs in the worst case."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
