"""A number's PATCH as one PostgreSQL statement, and several numbers' PATCHes of the same columns
as one statement (store/write_batches.py decides which): the UPDATE, the tag rows that change and
every trigger are atomic by themselves, and the changed rows come back from the UPDATE itself,
with their profile's name, as the read path shows them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import msgspec

from .phone_number_rows import COLUMN_NAMES, PROFILE_NAME
from .write_batches import BatchedWrite

_json = msgspec.json.Encoder()
ID_AT = COLUMN_NAMES.index("id")
_PROFILE_NAME = PROFILE_NAME.format(row="phone_numbers")
RETURNING = " RETURNING " + ", ".join(
    f"{_PROFILE_NAME} AS {c}" if c == "messaging_profile_name" else c for c in COLUMN_NAMES
)
# The same where the UPDATE joins a batch's values, whose columns have the table's names.
_RETURNING_JOINED = " RETURNING " + ", ".join(
    f"{_PROFILE_NAME} AS {c}" if c == "messaging_profile_name" else f"phone_numbers.{c}" for c in COLUMN_NAMES
)
_TAG_ROWS = (
    ", d AS (DELETE FROM phone_number_tags t USING u WHERE t.phone_number_id = u.id AND {unkept}), "
    "i AS (INSERT INTO phone_number_tags (phone_number_id, org_id, tag, created_at) "
    "SELECT u.id, ?::bigint, x, u.created_at FROM u, {kept} AS x ON CONFLICT (phone_number_id, tag) DO NOTHING)"
)


def with_tags(changes: dict[str, Any], tags: Sequence[str] | None) -> dict[str, Any]:
    """`changes` plus the `tags` column (JSON text, each tag once, in order) when tags are set."""
    if tags is None:
        return changes
    return {**changes, "tags": _json.encode([*dict.fromkeys(tags)]).decode()}


class Write(NamedTuple):
    """One number's PATCH: its organisation and id, every column it sets (tags as their JSON
    text), its time, and its tags (None when it leaves them)."""

    org_id: int
    id: int
    changes: dict[str, Any]
    now: str
    tags: list[str] | None

    @classmethod
    def of(cls, org_id: int, number_id: int, changes: dict[str, Any], now: str, tags: Sequence[str] | None) -> Write:
        kept = None if tags is None else [*dict.fromkeys(tags)]
        return cls(org_id, number_id, with_tags(changes, kept), now, kept)

    @property
    def group(self) -> tuple[int, tuple[str, ...]]:
        """Its organisation and the columns it sets: writes of one group can share a statement."""
        return self.org_id, tuple(self.changes)


def one_statement(w: Write) -> tuple[str, list[Any]]:
    sets = ", ".join([f"{column} = ?" for column in w.changes] + ["updated_at = ?"])
    args: list[Any] = [*w.changes.values(), w.now, w.org_id, w.id]
    tag_rows = ""
    if w.tags is not None:
        tag_rows = _TAG_ROWS.format(unkept="NOT (t.tag = ANY(?::text[]))", kept="unnest(?::text[])")
        args += [w.tags, w.org_id, w.tags]
    update = f"UPDATE phone_numbers SET {sets} WHERE org_id = ? AND id = ?{RETURNING}"
    return f"WITH u AS ({update}){tag_rows} SELECT * FROM u", args


def many_statement(writes: list[Write]) -> tuple[str, list[Any]]:
    """Each row's values (its own `updated_at` too) come in one JSON array, typed by the table's
    own columns; the statement's text depends only on the shape, so it is prepared once."""
    org_id, columns = writes[0].org_id, [*writes[0].changes, "updated_at"]
    payload = _json.encode([{"id": w.id, **w.changes, "updated_at": w.now} for w in writes]).decode()
    sets = ", ".join(f"{column} = v.{column}" for column in columns)
    args: list[Any] = [payload, org_id]
    tag_rows = ""
    if writes[0].tags is not None:
        each = "json_array_elements_text(u.tags::json)"
        tag_rows = _TAG_ROWS.format(unkept=f"t.tag <> ALL (ARRAY(SELECT {each}))", kept=each)
        args.append(org_id)
    values = "v AS (SELECT * FROM json_populate_recordset(NULL::phone_numbers, ?::json))"
    update = (
        f"UPDATE phone_numbers SET {sets} FROM v WHERE phone_numbers.org_id = ? AND phone_numbers.id = v.id"
        f"{_RETURNING_JOINED}"
    )
    return f"WITH {values}, u AS ({update}){tag_rows} SELECT * FROM u", args


PATCH = BatchedWrite(one_statement, many_statement, ID_AT)
