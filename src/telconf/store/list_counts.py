"""Exact list totals and change stamps, kept by the database itself (and, by the same triggers on
PostgreSQL, the customer-reference index rows in `phone_number_references`).

Every change to a phone number that a list filters or sorts on appends rows to `list_counts`
in the same transaction, from triggers, so no writer (PATCH, settings, actions, jobs, bulk
updates, seeds, restores, deletes) can forget one:

- a *counted* dimension (status, tag, type, ...) gets `(dim, old value, -1)` and
  `(dim, new value, +1)`: the sum of `n` over a key is the number of the organisation's numbers
  with that value, exact in every snapshot;
- a *stamped* dimension (connection name) gets `(dim, '', 0)`: it says only that something
  changed. Customer references and bundles are neither: PATCHed all the time and filtered on
  rarely, they would tax every write; lists filtered on them remember nothing instead.

Rows are only appended, so concurrent writers never wait on each other (no hot row, no lock
order to get wrong); `compact` folds a key's rows into one now and then. A list remembers, per key
it depends on, (row count, highest id); any committed change moves one of the two (see `compact`),
which is how cached totals and page keys are retired by exactly the writes that affect them.

Values are stored as `'=' || value`, so NULL (stored as '') and '' (stored as '=') stay apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .db import Executor

# dimension -> the phone_numbers column (or expression over `{row}`) whose value it counts
COUNTED: dict[str, str] = {
    "status": "{row}.status",
    "type": "{row}.phone_number_type",
    "country": "{row}.country_iso_alpha2",
    "profile": "{row}.messaging_profile_id",
    "connection": "{row}.connection_id",
    "billing_group": "{row}.billing_group_id",
    "emergency_address": "{row}.emergency_address_id",
    "payment": "{row}.usage_payment_method",
    "source": "{row}.source_type",
    "untagged": "CASE WHEN {row}.tags = '[]' THEN 'yes' ELSE 'no' END",
}
# The column a counted expression reads, for `UPDATE OF` triggers.
COUNTED_COLUMN = {dim: "tags" if dim == "untagged" else expr.removeprefix("{row}.") for dim, expr in COUNTED.items()}
STAMPED: dict[str, str] = {"connection_name": "connection_name"}
ALL = "all"  # every number: +1 on insert, -1 on delete
COMPACT_AFTER = 64  # rows of one key a reader sees before it folds them

Key = tuple[str, str]  # (dimension, stored value)


def stored(value: str | None) -> str:
    return "" if value is None else "=" + value


def _value(expr: str, row: str) -> str:
    return f"COALESCE('=' || ({expr.format(row=row)}), '')"


def _row_statements(row: str, sign: int) -> list[str]:
    """The appends for a whole number arriving (NEW, +1) or leaving (OLD, -1)."""
    values = [f"({row}.org_id, '{ALL}', '', {sign})"]
    values += [f"({row}.org_id, '{dim}', {_value(expr, row)}, {sign})" for dim, expr in COUNTED.items()]
    return [f"INSERT INTO list_counts (org_id, dim, value, n) VALUES {', '.join(values)}"]


def _update_statements(dim: str) -> list[str]:
    if dim in COUNTED:
        expr = COUNTED[dim]
        return [
            "INSERT INTO list_counts (org_id, dim, value, n) VALUES "
            f"(OLD.org_id, '{dim}', {_value(expr, 'OLD')}, -1), (NEW.org_id, '{dim}', {_value(expr, 'NEW')}, 1)"
        ]
    return [f"INSERT INTO list_counts (org_id, dim, value, n) VALUES (NEW.org_id, '{dim}', '', 0)"]


def _changed(dim: str) -> str:
    expr = COUNTED.get(dim) or "{row}." + STAMPED.get(dim, dim)
    return f"{_value(expr, 'OLD')} <> {_value(expr, 'NEW')}"


def _triggers(dialect: str) -> list[tuple[str, str, str, str, list[str]]]:
    """(name, table, event, condition, statements) for every trigger that keeps the counts."""
    triggers: list[tuple[str, str, str, str, list[str]]] = [
        ("lc_pn_insert", "phone_numbers", "INSERT", "", _row_statements("NEW", 1)),
        ("lc_pn_delete", "phone_numbers", "DELETE", "", _row_statements("OLD", -1)),
        ("lc_tag_insert", "phone_number_tags", "INSERT", "",
         ["INSERT INTO list_counts (org_id, dim, value, n) VALUES (NEW.org_id, 'tag', '=' || NEW.tag, 1)"]),
        ("lc_tag_delete", "phone_number_tags", "DELETE", "",
         ["INSERT INTO list_counts (org_id, dim, value, n) VALUES (OLD.org_id, 'tag', '=' || OLD.tag, -1)"]),
    ]  # fmt: skip
    references = "INSERT INTO phone_number_references (phone_number_id, org_id, customer_reference, created_at) "
    # PostgreSQL only (SQLite indexes the column itself; it has no HOT updates to keep).
    triggers += [] if dialect == "sqlite" else [
        ("pnr_insert", "phone_numbers", "INSERT", "NEW.customer_reference IS NOT NULL",
         [references + "VALUES (NEW.id, NEW.org_id, NEW.customer_reference, NEW.created_at)"]),
        # The row is updated in place (no foreign-key check, a third of the DELETE + INSERT's cost).
        ("pnr_update", "phone_numbers", "UPDATE OF customer_reference", _changed("customer_reference"),
         ["IF NEW.customer_reference IS NULL THEN DELETE FROM phone_number_references WHERE phone_number_id = OLD.id",
          "ELSE UPDATE phone_number_references SET customer_reference = NEW.customer_reference "
          "WHERE phone_number_id = NEW.id",
          "IF NOT FOUND THEN " + references + "VALUES (NEW.id, NEW.org_id, NEW.customer_reference, NEW.created_at)",
          "END IF", "END IF"]),
    ]  # fmt: skip
    for dim in (*COUNTED, *STAMPED):
        column = COUNTED_COLUMN.get(dim) or STAMPED[dim]
        event = f"UPDATE OF {column}"
        triggers.append((f"lc_pn_{dim}", "phone_numbers", event, _changed(dim), _update_statements(dim)))
    return triggers


def trigger_ddl(dialect: str) -> list[str]:
    """CREATE statements for the triggers (each one statement, `;` inside bodies included)."""
    out: list[str] = []
    for name, table, event, condition, statements in _triggers(dialect):
        when = f" WHEN ({condition})" if condition else ""
        if dialect == "sqlite":
            body = "; ".join(statements)
            out.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW{when} BEGIN {body}; END")
        else:
            function = f"{name}_fn"
            out.append(
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {'; '.join(statements)}; RETURN NULL; END $$"
            )
            out.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW{when} EXECUTE FUNCTION {function}()"
            )
    return out


def function_ddl(dialect: str, trigger: str) -> list[str]:
    """PostgreSQL: the statement that (re)defines one trigger's function (a migration that changes
    what a trigger does); SQLite: nothing (its triggers have no functions)."""
    return [ddl for ddl in trigger_ddl(dialect) if ddl.startswith(f"CREATE OR REPLACE FUNCTION {trigger}_fn()")]


def drop_trigger_ddl(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {t[0]}" for t in _triggers(dialect)]
    return [f"DROP TRIGGER IF EXISTS {t[0]} ON {t[1]}" for t in _triggers(dialect)]


async def recount(tx: Executor, dialect: str, org_ids: Iterable[int] | None = None) -> None:
    """Rebuild the counts from the data (after a bulk load that ran without the triggers, or a
    restore): for the given organisations, or all. PostgreSQL reads phone_numbers once."""
    scope = ""
    args: tuple[int, ...] = ()
    ids = None if org_ids is None else sorted(set(org_ids))
    if ids is not None:
        if not ids:
            return
        scope = f" WHERE org_id IN ({','.join('?' * len(ids))})"
        args = tuple(ids)
    # New rows first, then the old ones go: ids only ever grow (a reused id could make a list's
    # remembered version look current), which SQLite's rowids do while the highest row stays.
    top = await tx.fetchone("SELECT COALESCE(MAX(id), 0) FROM list_counts")
    old = int(top[0]) if top else 0
    if dialect == "postgres":
        await tx.execute(_grouped_recount(scope), args)
    else:
        await _recount_each(tx, scope, args)
    await tx.execute(
        "INSERT INTO list_counts (org_id, dim, value, n) SELECT org_id, 'tag', '=' || tag, COUNT(*) "
        f"FROM phone_number_tags{scope} GROUP BY org_id, tag",
        args,
    )
    where = scope.replace(" WHERE ", " AND ") if scope else ""
    await tx.execute(f"DELETE FROM list_counts WHERE id <= ?{where}", (old, *args))


async def _recount_each(tx: Executor, scope: str, args: tuple[int, ...]) -> None:
    """The totals of phone_numbers, one scan per dimension."""
    await tx.execute(
        f"INSERT INTO list_counts (org_id, dim, value, n) SELECT org_id, '{ALL}', '', COUNT(*) "
        f"FROM phone_numbers{scope} GROUP BY org_id",
        args,
    )
    for dim, expr in COUNTED.items():
        # Grouped by the bare column first, so the (org_id, column, ...) index serves the scan.
        inner = expr.format(row="phone_numbers")
        await tx.execute(
            f"INSERT INTO list_counts (org_id, dim, value, n) SELECT org_id, '{dim}', {_value('{row}.v', 'g')}, n "
            f"FROM (SELECT org_id, {inner} AS v, COUNT(*) AS n FROM phone_numbers{scope} GROUP BY org_id, {inner}) g",
            args,
        )


def _grouped_recount(scope: str) -> str:
    """PostgreSQL: the same rows as _recount_each, in the same order of dimensions, from one scan
    (GROUPING SETS). GROUPING(e0, ..., en) sets the bit of each expression a group leaves out,
    e0's the highest: the 'all' group leaves out every one, a dimension's all but its own."""
    exprs = [expr.format(row="phone_numbers") for expr in COUNTED.values()]
    every = (1 << len(exprs)) - 1
    masks = [every] + [every & ~(1 << (len(exprs) - 1 - k)) for k in range(len(exprs))]
    dims = [ALL, *COUNTED]
    dim = " ".join(f"WHEN {m} THEN '{d}'" for m, d in zip(masks, dims, strict=True))
    value = " ".join(f"WHEN {m} THEN {_value(f'{{row}}.v{k}', 'g')}" for k, m in enumerate(masks[1:]))
    order = " ".join(f"WHEN {m} THEN {k}" for k, m in enumerate(masks))
    columns = ", ".join(f"{e} AS v{k}" for k, e in enumerate(exprs))
    sets = ", ".join(["(org_id)", *(f"(org_id, {e})" for e in exprs)])
    return (
        f"INSERT INTO list_counts (org_id, dim, value, n) SELECT org_id, CASE m {dim} END, "
        f"CASE m {value} ELSE '' END AS value, n FROM (SELECT org_id, GROUPING({', '.join(exprs)}) AS m, "
        f"{columns}, COUNT(*) AS n FROM phone_numbers{scope} GROUP BY GROUPING SETS ({sets})) g "
        f"ORDER BY CASE m {order} END, org_id, value"
    )


async def rebuild_references(tx: Executor, dialect: str, org_ids: Iterable[int]) -> None:
    """The customer-reference index rows (PostgreSQL) of organisations loaded without triggers."""
    ids = sorted(set(org_ids))
    if not ids or dialect != "postgres":
        return
    marks = ",".join("?" * len(ids))
    await tx.execute(f"DELETE FROM phone_number_references WHERE org_id IN ({marks})", ids)
    await tx.execute(
        "INSERT INTO phone_number_references (phone_number_id, org_id, customer_reference, created_at) "
        f"SELECT id, org_id, customer_reference, created_at FROM phone_numbers WHERE org_id IN ({marks}) "
        "AND customer_reference IS NOT NULL",
        ids,
    )


class KeyState:
    """What one read saw of a key: its sum, its row count and highest id."""

    __slots__ = ("total", "rows", "top")

    def __init__(self, total: int, rows: int, top: int) -> None:
        self.total, self.rows, self.top = total, rows, top


async def read_keys(db: Executor, org_id: int, keys: Sequence[Key]) -> dict[Key, KeyState]:
    """The state of each key, in one statement (one consistent snapshot)."""
    if not keys:
        return {}
    where = " OR ".join("(dim = ? AND value = ?)" for _ in keys)
    rows = await db.fetchall(
        f"SELECT dim, value, COALESCE(SUM(n), 0), COUNT(*), COALESCE(MAX(id), 0) FROM list_counts "
        f"WHERE org_id = ? AND ({where}) GROUP BY dim, value",
        [org_id, *(part for key in keys for part in key)],
    )
    found = {(r[0], r[1]): KeyState(int(r[2]), int(r[3]), int(r[4])) for r in rows}
    return {key: found.get(key, KeyState(0, 0, 0)) for key in keys}


def stamp(states: dict[Key, KeyState]) -> tuple[Any, ...]:
    """A list's version: any committed change to one of its keys changes it."""
    return tuple((key, s.rows, s.top) for key, s in sorted(states.items()))


async def crowded(db: Executor, more_than: int, limit: int = 1000) -> list[tuple[int, str, str]]:
    """Keys with more than `more_than` rows: (organisation, dimension, value)."""
    rows = await db.fetchall(
        "SELECT org_id, dim, value FROM list_counts GROUP BY org_id, dim, value HAVING COUNT(*) > ? LIMIT ?",
        (more_than, limit),
    )
    return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]


async def compact(tx: Executor, dialect: str, org_id: int, key: Key) -> bool:
    """Fold a key's rows into one. On PostgreSQL the table is locked against writers first (giving
    up after a moment rather than queueing them): then no uncommitted row can commit later with a
    lower id than the folded row, so a fold always raises the key's highest id and an append
    always raises its row count, and a remembered (rows, highest id) is never matched by
    different data."""
    if dialect == "postgres":
        await tx.execute("SET LOCAL lock_timeout = '50ms'")
        await tx.execute("LOCK TABLE list_counts IN SHARE ROW EXCLUSIVE MODE")
    row = await tx.fetchone(
        "SELECT COALESCE(SUM(n), 0), COUNT(*), MAX(id) FROM list_counts WHERE org_id = ? AND dim = ? AND value = ?",
        (org_id, *key),
    )
    if row is None or int(row[1]) < 2:
        return False
    # The folded row first (the highest id yet), then the rows it replaces: ids only ever grow.
    await tx.execute("INSERT INTO list_counts (org_id, dim, value, n) VALUES (?, ?, ?, ?)", (org_id, *key, row[0]))
    await tx.execute(
        "DELETE FROM list_counts WHERE org_id = ? AND dim = ? AND value = ? AND id <= ?", (org_id, *key, row[2])
    )
    return True
