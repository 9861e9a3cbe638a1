"""Phone-number lists: which index drives each query, exact totals, and remembered page keys.

A list request reads the state of the `list_counts` keys its filters and sort depend on (one small
indexed statement). That state is the list's version: a cached total and the page keys learned
under it stay valid until a write changes one of those keys, so a PATCH of a field the list does
not filter or sort on retires nothing. A filter on one counted dimension (status, tag, type,
country, profile, connection, ...) takes its total from the counts; any other is counted once per
version from the indexes.

Each query is planned here rather than left to the engine's guesses: a tag list reads the tag's
own rows in created order; a phone-number fragment is looked up in the substring index; a filter
that matches many numbers is applied while walking the sort order, one that matches few drives
the query and its rows are sorted (the counts say which is which).
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .db import Executor, PostgresDatabase, Row, SqliteDatabase
from .list_cache import ListCache, ListEntry
from .list_counts import ALL, COMPACT_AFTER, Key, KeyState, compact, crowded, read_keys, stamp, stored
from .phone_number_filter import SORT_COLUMNS, PhoneNumberFilter, columns_of, dependencies
from .phone_number_rows import SELECT_FROM, PhoneNumberRow
from .sql import LIKE_ESCAPE, Where, like_escape

log = logging.getLogger("telconf.lists")
# Sort columns paged by key (row-value comparison) instead of OFFSET. Connection names may be NULL
# (sorted first): a key that is a name still excludes every NULL before it, so only a page that
# starts among the NULLs is found by OFFSET.
KEYSET_SAFE = {"created_at", "purchased_at", "phone_number", "usage_payment_method", "connection_name"}
FEW_VALUES = {"usage_payment_method", "connection_name"}  # sort columns with few distinct values
QUICK_SKIP = 1000  # rows a page may skip and still be read on SQLite's event loop
# Equality filters with an (org_id, column, created_at, id) index: the default order comes with it.
CREATED_ORDER_INDEXED = {"status", "country_iso_alpha2", "phone_number_type", "connection_id", "billing_group_id",
                         "emergency_address_id"}  # fmt: skip


@dataclass
class _Plan:
    source: str  # FROM ...
    where: Where
    id_column: str
    key_columns: tuple[str, str]  # (sort column, id column) as named in `source`
    direction: str
    nulls: str
    walks_in_order: bool = True  # False: the matches are found first, then sorted


class PhoneNumberLists:
    def __init__(self, db: SqliteDatabase | PostgresDatabase) -> None:
        self.db = db
        self.cache = ListCache()
        self.sqlite = db.dialect == "sqlite"
        self.few_floor: int | None = None  # tests pin the choice between the two kinds of plan
        self._folding: set[tuple[int, Key]] = set()
        self._tasks: set[asyncio.Task[None]] = set()

    async def page(
        self, org_id: int, f: PhoneNumberFilter, sort: str | None, offset: int, limit: int
    ) -> tuple[list[PhoneNumberRow], int]:
        """One page in a total order, plus the exact total. Deep pages seek from a remembered key
        when one is known under the list's current version, so page 2,000 costs about what page 1
        costs, and the next page of a walk always does."""
        if f.nothing:
            return [], 0
        keys, total_keys, volatile = dependencies(f, sort)
        states = await read_keys(self.db, org_id, keys)
        version = stamp(states)
        entry = ListEntry(version) if volatile else self.cache.entry(org_id, (f.signature(), sort), version)
        self._compact_later(org_id, states)
        if entry.total is None:
            if total_keys is not None:
                entry.total = sum(states[k].total for k in total_keys)
            else:
                # Counted by whichever index the engine finds narrowest (no walking order to keep).
                counting = self._plan(org_id, f, sort, states, limit, ordered=False)
                row = await self.db.read_one(
                    f"SELECT COUNT(*) FROM {counting.source} WHERE {counting.where.sql()}",
                    counting.where.args,
                )
                entry.total = int(row[0]) if row else 0
        plan = self._plan(org_id, f, sort, states, limit)
        if offset >= entry.total:
            return [], entry.total
        column = SORT_COLUMNS[sort][0]
        keyset = column in KEYSET_SAFE
        ids, args, skip = self._ids(plan, column, entry.start(offset) if keyset else None, offset, limit)
        outer = f"p.{column} {plan.direction}{plan.nulls}, p.id {plan.direction}"
        # Deferred join: page through the narrow index first, then read only the rows shown.
        sql = f"{SELECT_FROM} WHERE p.id IN ({ids}) ORDER BY {outer}"
        # A page read in order from near its first row takes a millisecond or two: on SQLite it runs
        # on the loop (a hop to a reader thread would cost more than it saves). Anything that may
        # take longer (skipping many rows, sorting the matches, a sparse filter) goes to a reader.
        everyone = states[(ALL, "")].total
        quick = (
            plan.walks_in_order
            and skip <= QUICK_SKIP
            and (entry.total * 20 >= everyone or plan.id_column == "s.phone_number_id")
        )
        read = self.db.fetchall if quick else self.db.read_all
        rows = [*map(PhoneNumberRow._make, await read(sql, [*args, limit, skip]))]
        if rows and keyset:
            first, last = rows[0], rows[-1]
            entry.remember(offset, (getattr(first, column), first.id), inclusive=True)
            if len(rows) == limit:
                entry.remember(offset + limit, (getattr(last, column), last.id), inclusive=False)
        return rows, entry.total

    async def totals(self, org_id: int, keys: Sequence[Key]) -> dict[Key, int]:
        """Exact totals of counted keys (e.g. each status), from `list_counts`: one indexed read,
        as fast at a million numbers as at ten."""
        return {key: state.total for key, state in (await read_keys(self.db, org_id, keys)).items()}

    async def walk(
        self, executor: Executor, org_id: int, f: PhoneNumberFilter, after: tuple[str, int] | None, limit: int,
        select: str,
    ) -> list[Row]:  # fmt: skip
        """The next `limit` numbers the filter selects in the default order (newest first), after
        the key (created_at, id) of the last one read, on `executor` (a transaction). `select` is
        the columns of `phone_numbers p` and its messaging profile `m` to read. Created order is
        immutable, so a walk in steps reads each number at most once whatever changes between
        steps. For an export: the same plans as a list page, except that matches are never found
        first and sorted (that would redo the whole search at every step)."""
        if f.nothing:
            return []
        keys, _, _ = dependencies(f, None)
        states = await read_keys(executor, org_id, keys)
        plan = self._plan(org_id, f, None, states, limit)
        if not plan.walks_in_order:
            where = self._filters(org_id, f, states, 0, "created_at", skip=None, ordered=True)
            plan = _Plan("phone_numbers p", where, "p.id", ("p.created_at", "p.id"), "DESC", "")
        profile = "LEFT JOIN messaging_profiles m ON m.id = p.messaging_profile_id"
        order = "ORDER BY p.created_at DESC, p.id DESC LIMIT ?"
        if plan.source == "phone_numbers p":  # walked in order straight from its index: no deferred join
            clauses, args = plan.where.sql(), list(plan.where.args)
            if after is not None:
                clauses += " AND (p.created_at, p.id) < (?, ?)"
                args += after
            return await executor.fetchall(f"SELECT {select} FROM phone_numbers p {profile} WHERE {clauses} {order}",
                                           [*args, limit])  # fmt: skip
        start = (0, after, False) if after is not None else None
        ids, args, _ = self._ids(plan, "created_at", start, 0, limit)
        sql = f"SELECT {select} FROM phone_numbers p {profile} WHERE p.id IN ({ids}) {order}"
        return await executor.fetchall(sql, [*args, limit, 0, limit])

    def _ids(
        self, plan: _Plan, column: str, start: tuple[int, tuple[Any, Any], bool] | None, offset: int, limit: int
    ) -> tuple[str, list[Any], int]:
        """The statement paging the ids (its arguments before LIMIT and OFFSET, and the rows to skip):
        from the remembered key nearest before `offset` when there is one, else from the start."""
        sort_column, id_column = plan.key_columns
        order = f"{sort_column} {plan.direction}{plan.nulls}, {id_column} {plan.direction}"
        where, args = plan.where.sql(), list(plan.where.args)
        if start is None or start[1][0] is None:
            ids = f"SELECT {plan.id_column} FROM {plan.source} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?"
            return ids, args, offset
        at, key, inclusive = start
        skip = offset - at
        after = "<" if plan.direction == "DESC" else ">"
        if self.sqlite and column in FEW_VALUES:
            # SQLite seeks a row value by its first column only: with few distinct values that
            # walks every row sharing the key's value. Ties and later values, each a seek.
            ties = f"{sort_column} = ? AND {id_column} {after}{'=' if inclusive else ''} ?"
            part = f"SELECT {plan.id_column} AS i, {sort_column} AS k, {id_column} AS j FROM {plan.source} WHERE"
            ids = (
                f"SELECT i FROM (SELECT * FROM ({part} {where} AND {ties} ORDER BY {id_column} {plan.direction} "
                f"LIMIT ?) UNION ALL SELECT * FROM ({part} {where} AND {sort_column} {after} ? ORDER BY {order} "
                f"LIMIT ?)) ORDER BY k {plan.direction}, j {plan.direction} LIMIT ? OFFSET ?"
            )
            return ids, [*args, key[0], key[1], skip + limit, *args, key[0], skip + limit], skip
        comparison = after + ("=" if inclusive else "")
        where += f" AND ({sort_column}, {id_column}) {comparison} (?, ?)"
        ids = f"SELECT {plan.id_column} FROM {plan.source} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?"
        return ids, [*args, key[0], key[1]], skip

    def _plan(
        self, org_id: int, f: PhoneNumberFilter, sort: str | None, states: dict[Key, KeyState], limit: int,
        *, ordered: bool = True,
    ) -> _Plan:  # fmt: skip
        column, direction = SORT_COLUMNS[sort]
        nulls = " NULLS FIRST" if column == "connection_name" else ""
        everyone = states.get((ALL, ""))
        # Matches below this are cheaper to sort than to find by walking the sort order.
        few = max(1000, int(math.sqrt(limit * everyone.total))) if everyone else 1000
        if self.few_floor is not None:
            few = self.few_floor
        w = Where()
        tag_count = states[("tag", stored(f.tag))].total if f.tag is not None else None
        search = self._search_term(f)
        joined = "CROSS JOIN" if self.sqlite else "JOIN"
        # A side table of (org, value, created_at, number) rows drives the query: a customer
        # reference's (few numbers, as a rule), else a tag's when in created order or few enough.
        side: tuple[str, str, str] | None = None
        if f.customer_reference is not None and not self.sqlite:
            side = ("phone_number_references s", "s.customer_reference", f.customer_reference)
        elif (f.tag is not None and tag_count is not None and not search
              and (not ordered or column == "created_at" or tag_count <= few)):  # fmt: skip
            side = ("phone_number_tags s", "s.tag", f.tag)
        if side is not None:
            table, match, value = side
            w.add("s.org_id = ?", org_id)
            w.add(f"{match} = ?", value)
            rest = self._filters(org_id, f, states, few, column, skip=table, ordered=ordered)
            in_order = column == "created_at"
            if in_order and not rest.clauses[1:]:
                return _Plan(table, w, "s.phone_number_id", ("s.created_at", "s.phone_number_id"), direction, nulls)
            source = f"{table} {joined} phone_numbers p ON p.id = s.phone_number_id"
            keys = ("s.created_at", "s.phone_number_id") if in_order else (f"p.{column}", "p.id")
            w.clauses += rest.clauses
            w.args += rest.args
            return _Plan(source, w, "s.phone_number_id" if in_order else "p.id", keys, direction, nulls, in_order)
        if search is not None and self.sqlite:
            w.add("phone_number_search MATCH ?", search)
            rest = self._filters(org_id, f, states, few, column, skip=None, ordered=ordered)
            w.clauses += rest.clauses
            w.args += rest.args
            source = "phone_number_search s CROSS JOIN phone_numbers p ON p.id = s.rowid"
            return _Plan(source, w, "p.id", (f"p.{column}", "p.id"), direction, nulls, walks_in_order=False)
        w = self._filters(org_id, f, states, few, column, skip=None, ordered=ordered)
        return _Plan("phone_numbers p", w, "p.id", (f"p.{column}", "p.id"), direction, nulls)

    @staticmethod
    def _search_term(f: PhoneNumberFilter) -> str | None:
        """The substring to look up in the substring index (three characters at least)."""
        text = f.phone_number_digits or f.phone_number_contains
        if text is None or len(text) < 3:
            return None
        return '"' + text.replace('"', '""') + '"'

    def _filters(
        self, org_id: int, f: PhoneNumberFilter, states: dict[Key, KeyState], few: int, sort_column: str,
        *, skip: str | None, ordered: bool,
    ) -> Where:  # fmt: skip
        """The filters on phone_numbers p, less the one the side table `skip` already applies."""
        w = Where()
        w.add("p.org_id = ?", org_id)
        if f.tag is not None and skip != "phone_number_tags s":
            w.add("EXISTS (SELECT 1 FROM phone_number_tags t WHERE t.phone_number_id = p.id AND t.tag = ?)", f.tag)
        if f.without_tags:
            w.add("p.tags = '[]'")
        if f.phone_numbers:
            w.add(f"p.phone_number IN ({','.join('?' * len(f.phone_numbers))})", *f.phone_numbers)
        for text in (f.phone_number_contains, f.phone_number_digits):
            if text is not None:
                w.add(f"p.phone_number LIKE ? {LIKE_ESCAPE}", f"%{like_escape(text)}%")
        if f.has_bundle is not None:
            w.add("p.bundle_id IS NOT NULL" if f.has_bundle else "p.bundle_id IS NULL")
        if f.customer_reference is not None and self.sqlite:
            w.add("p.customer_reference = ?", f.customer_reference)  # its (org, reference, created) index
        elif f.customer_reference is not None and skip != "phone_number_references s":
            w.add(
                "p.id IN (SELECT r.phone_number_id FROM phone_number_references r "
                "WHERE r.org_id = ? AND r.customer_reference = ?)",
                org_id,
                f.customer_reference,
            )
        for c in columns_of(f):
            # On SQLite, a filter that matches many numbers is applied while walking the sort
            # order (`+` keeps its index out of the plan); the rest may drive the query. A single
            # value whose index is also in created order does both.
            many = sum(states[(c.dim, stored(v))].total for v in c.values) > few
            in_order = sort_column == "created_at" and len(c.values) == 1 and c.column in CREATED_ORDER_INDEXED
            name = f"+p.{c.column}" if self.sqlite and ordered and many and not in_order else f"p.{c.column}"
            present = [v for v in c.values if v is not None]
            parts = []
            if present:
                parts.append(f"{name} IN ({','.join('?' * len(present))})" if len(present) > 1 else f"{name} = ?")
            if len(present) < len(c.values):
                parts.append(f"p.{c.column} IS NULL")
            w.add(" OR ".join(parts) if len(parts) == 1 else f"({' OR '.join(parts)})", *present)
        if f.connection_name is not None:
            op, value = f.connection_name
            if op == "eq":
                w.add("p.connection_name = ?", value)
            else:
                escaped = like_escape(value)
                pattern = {"contains": f"%{escaped}%", "starts_with": f"{escaped}%", "ends_with": f"%{escaped}"}[op]
                # Matched on a lower-cased copy made in Python, so both engines fold case alike.
                w.add(f"p.connection_name_folded LIKE ? {LIKE_ESCAPE}", pattern.lower())
        return w

    def _compact_later(self, org_id: int, states: dict[Key, KeyState]) -> None:
        """Fold keys that have gathered many rows, after this request (one fold per key at once)."""
        for key, state in states.items():
            if state.rows > COMPACT_AFTER and (org_id, key) not in self._folding:
                self._folding.add((org_id, key))
                task = asyncio.get_running_loop().create_task(self._fold(org_id, key))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def fold_crowded(self) -> None:
        """Fold every key that has gathered many rows, read or not (the job runner's idle work)."""
        for org_id, dim, value in await crowded(self.db, COMPACT_AFTER):
            if (org_id, (dim, value)) not in self._folding:
                self._folding.add((org_id, (dim, value)))
                await self._fold(org_id, (dim, value))

    async def _fold(self, org_id: int, key: Key) -> None:
        try:
            async with self.db.transaction() as tx:
                await compact(tx, self.db.dialect, org_id, key)
        except Exception as exc:  # a lock not had at once, a closing pool: the next reader retries
            log.debug("list_counts fold of %s skipped: %s", key, exc)
        finally:
            self._folding.discard((org_id, key))
