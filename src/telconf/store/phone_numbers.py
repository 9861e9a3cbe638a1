"""Phone-number queries. Every method takes the organisation first; no query crosses tenants."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, NamedTuple

from ..formats import int64_id
from .coalesce import KeyedRead
from .db import Executor, PostgresDatabase, SqliteDatabase, retrying
from .phone_number_filter import PhoneNumberFilter
from .phone_number_lists import PhoneNumberLists
from .phone_number_patch import PATCH, RETURNING, Write, with_tags
from .phone_number_rows import BY_ID_COLUMNS, BY_ID_SOURCE, PhoneNumberRow

__all__ = ["Check", "DeletionLocked", "NumberRef", "PhoneNumberFilter", "PhoneNumberRow", "PhoneNumberStore"]

# A write's guard: sees the current row (locked) and returns further columns to set, or raises.
Check = Callable[[PhoneNumberRow, Executor], Awaitable[dict[str, Any]]]
_row = PhoneNumberRow._make


class DeletionLocked(Exception):
    """The number's deletion lock refuses a delete; nothing was changed."""


class NumberRef(NamedTuple):
    """A number of the organisation, as a batch names it: its id and its E.164 number."""

    id: int
    phone_number: str


class PhoneNumberStore:
    def __init__(self, db: SqliteDatabase | PostgresDatabase) -> None:
        self.db = db
        self.lists = PhoneNumberLists(db)
        self._read = KeyedRead.build(db.dialect, BY_ID_COLUMNS, BY_ID_SOURCE, "p.org_id", "p.id")
        self._lock_sql = self._read.one + (" FOR UPDATE OF p" if db.dialect == "postgres" else "")

    async def get(self, org_id: int, number_id: int) -> PhoneNumberRow | None:
        row = await self.db.fetch_by_key(self._read, org_id, number_id)
        return _row(row) if row is not None else None

    # -- lists -------------------------------------------------------------------------------

    async def list_page(
        self, org_id: int, f: PhoneNumberFilter, sort: str | None, offset: int, limit: int
    ) -> tuple[list[PhoneNumberRow], int]:
        """One page in a total order, plus the exact total (see store/phone_number_lists.py)."""
        return await self.lists.page(org_id, f, sort, offset, limit)

    # -- writes ------------------------------------------------------------------------------

    async def update(
        self,
        org_id: int,
        number_id: int,
        changes: dict[str, Any],
        now: str,
        *,
        tags: Sequence[str] | None = None,
        check: Check | None = None,
    ) -> PhoneNumberRow | None:
        """Set the given columns (and only those) and move `updated_at`. `check` sees the current
        row, locked, and may raise to refuse or return more columns to set. None when absent."""
        return await retrying(lambda: self._update(org_id, number_id, changes, now, tags, check))

    async def _update(
        self, org_id: int, number_id: int, changes: dict[str, Any], now: str, tags: Sequence[str] | None,
        check: Check | None,
    ) -> PhoneNumberRow | None:  # fmt: skip
        if isinstance(self.db, PostgresDatabase) and check is None and (changes or tags is not None):
            # One statement, one round trip: the UPDATE, the tag rows that change and every trigger
            # are atomic by themselves; writes of one shape waiting for a lane share a statement.
            write = Write.of(org_id, number_id, _with_folded_name(changes), now, tags)
            row = await self.db.write_batched(PATCH, write.group, number_id, write)
            return _row(row) if row is not None else None
        async with self.db.transaction() as tx:
            return await self.update_in(tx, org_id, number_id, changes, now, tags=tags, check=check)

    async def update_in(
        self,
        tx: Executor,
        org_id: int,
        number_id: int,
        changes: dict[str, Any],
        now: str,
        *,
        tags: Sequence[str] | None = None,
        check: Check | None = None,
    ) -> PhoneNumberRow | None:
        """`update` inside the caller's transaction; the row as it now reads. None when absent."""
        final = await self._final_changes(tx, org_id, number_id, changes, tags, check)
        if final is None:
            return None
        if not final:  # nothing changes, so nothing (not even updated_at) moves
            current = await tx.fetchone(self._read.one, (org_id, number_id))
            return _row(current) if current is not None else None
        sql, args = _update_sql(final, now, org_id, number_id)
        # The changed row comes back from the UPDATE itself (one query less).
        found = await tx.fetchone(sql + RETURNING, args)
        if found is None:
            return None
        if tags is not None:
            await self._replace_tags(tx, org_id, number_id, [*dict.fromkeys(tags)])
        return _row(found)

    async def apply_in(
        self,
        tx: Executor,
        org_id: int,
        number_id: int,
        changes: dict[str, Any],
        now: str,
        *,
        tags: Sequence[str] | None = None,
        check: Check | None = None,
    ) -> bool:
        """The write itself, without re-reading the row: whether the number was there to change."""
        final = await self._final_changes(tx, org_id, number_id, changes, tags, check)
        if final is None:
            return False
        if not final:  # nothing changes, so nothing (not even updated_at) moves
            return (
                await tx.fetchone("SELECT 1 FROM phone_numbers WHERE org_id = ? AND id = ?", (org_id, number_id))
                is not None
            )
        if not await tx.execute(*_update_sql(final, now, org_id, number_id)):
            return False
        if tags is not None:
            await self._replace_tags(tx, org_id, number_id, [*dict.fromkeys(tags)])
        return True

    async def _final_changes(
        self, tx: Executor, org_id: int, number_id: int, changes: dict[str, Any], tags: Sequence[str] | None,
        check: Check | None,
    ) -> dict[str, Any] | None:  # fmt: skip
        """Every column a write sets: the caller's, the check's (run on the row, locked), the folded
        connection name and the tags' JSON. None when the check finds no number."""
        if check is not None:
            current = await tx.fetchone(self._lock_sql, (org_id, number_id))
            if current is None:
                return None
            changes = {**changes, **(await check(_row(current), tx))}
        return with_tags(_with_folded_name(changes), tags)

    @staticmethod
    async def _replace_tags(tx: Executor, org_id: int, number_id: int, tags: list[str]) -> None:
        """Only the tag rows that change are written: a tag kept costs no index write."""
        if tags:
            marks = ", ".join("?" for _ in tags)
            await tx.execute(
                f"DELETE FROM phone_number_tags WHERE phone_number_id = ? AND tag NOT IN ({marks})",
                (number_id, *tags),
            )
            await tx.executemany(
                "INSERT INTO phone_number_tags (phone_number_id, org_id, tag, created_at) "
                "SELECT id, org_id, ?, created_at FROM phone_numbers WHERE id = ? "
                "ON CONFLICT (phone_number_id, tag) DO NOTHING",
                [(tag, number_id) for tag in tags],
            )
        else:
            await tx.execute("DELETE FROM phone_number_tags WHERE phone_number_id = ?", (number_id,))

    async def apply_many(
        self,
        tx: Executor,
        org_id: int,
        number_ids: Sequence[int],
        changes: dict[str, Any],
        now: str,
        *,
        tags: Sequence[str] | None = None,
    ) -> set[int]:
        """The same change to many numbers in one statement (a batch job's chunk); the ids changed,
        which leaves out numbers that are gone."""
        if not number_ids:
            return set()
        changes = with_tags(_with_folded_name(changes), tags)
        marks = ",".join("?" * len(number_ids))
        sets = [f"{column} = ?" for column in changes] + ["updated_at = ?"]
        rows = await tx.fetchall(
            f"UPDATE phone_numbers SET {', '.join(sets)} WHERE +org_id = ? AND id IN ({marks}) RETURNING id",
            [*changes.values(), now, org_id, *number_ids],
        )
        done = {int(r[0]) for r in rows}
        if tags is not None and done:
            changed = sorted(done)
            # The BETWEEN changes no result; it keeps PostgreSQL on the primary key when the table has
            # no statistics yet (a fresh seed, autovacuum off), where `IN (…)` alone is guessed at
            # half the table and every chunk scanned all 1.5M tag rows (~80 ms).
            await tx.execute(
                f"DELETE FROM phone_number_tags WHERE phone_number_id IN ({','.join('?' * len(changed))}) "
                "AND phone_number_id BETWEEN ? AND ?",
                [*changed, changed[0], changed[-1]],
            )
            marks = ",".join("?" * len(changed))
            for tag in dict.fromkeys(tags):
                await tx.execute(
                    "INSERT INTO phone_number_tags (phone_number_id, org_id, tag, created_at) "
                    f"SELECT id, org_id, ?, created_at FROM phone_numbers WHERE +org_id = ? AND id IN ({marks})",
                    [tag, org_id, *changed],
                )
        return done

    async def delete_many(self, tx: Executor, org_id: int, number_ids: Sequence[int]) -> tuple[set[int], set[int]]:
        """Delete the numbers that are not deletion-locked; returns (deleted ids, locked ids)."""
        if not number_ids:
            return set(), set()
        marks = ",".join("?" * len(number_ids))
        locked = await tx.fetchall(
            f"SELECT id FROM phone_numbers WHERE +org_id = ? AND id IN ({marks}) AND deletion_lock_enabled = TRUE",
            [org_id, *number_ids],
        )
        deleted = await tx.fetchall(
            f"DELETE FROM phone_numbers WHERE +org_id = ? AND id IN ({marks}) AND deletion_lock_enabled = FALSE "
            "RETURNING id",
            [org_id, *number_ids],
        )
        return {int(r[0]) for r in deleted}, {int(r[0]) for r in locked}

    async def delete(self, org_id: int, number_id: int) -> PhoneNumberRow | None:
        """The deleted row; None when absent. Raises DeletionLocked when the lock refuses it."""

        async def attempt() -> PhoneNumberRow | None:
            async with self.db.transaction() as tx:
                return await self.delete_in(tx, org_id, number_id)

        return await retrying(attempt)

    async def delete_in(self, tx: Executor, org_id: int, number_id: int) -> PhoneNumberRow | None:
        """`delete` inside the caller's transaction."""
        found = await tx.fetchone(self._lock_sql, (org_id, number_id))
        if found is None:
            return None
        row = _row(found)
        if row.deletion_lock_enabled:
            raise DeletionLocked(number_id)
        await tx.execute("DELETE FROM phone_numbers WHERE org_id = ? AND id = ?", (org_id, number_id))
        return row

    async def resolve(self, org_id: int, given: Sequence[str]) -> dict[str, NumberRef]:
        """Ids or E.164 numbers as given -> (id, number) for those the organisation owns."""
        ids = [i for i in map(int64_id, given) if i is not None]
        numbers = [g for g in given if g.startswith("+")]
        found: dict[str, NumberRef] = {}
        for column, values in (("id", ids), ("phone_number", numbers)):
            for start in range(0, len(values), 500):
                chunk = values[start : start + 500]
                # `+org_id`: look numbers up by their own key, not by scanning the organisation's
                # index (SQLite would otherwise prefer it for `id IN (…)`).
                rows = await self.db.fetchall(
                    f"SELECT id, phone_number FROM phone_numbers WHERE +org_id = ? "
                    f"AND {column} IN ({','.join('?' * len(chunk))})",
                    [org_id, *chunk],
                )
                for row in rows:
                    key = str(row[0]) if column == "id" else row[1]
                    found[key] = NumberRef(int(row[0]), row[1])
        return found

    async def ids_matching(self, org_id: int, f: PhoneNumberFilter, limit: int) -> list[NumberRef]:
        """(id, number) of the first `limit` numbers a list filter selects, in list order."""
        rows, _ = await self.list_page(org_id, f, None, 0, limit)
        return [NumberRef(int(r.id), r.phone_number) for r in rows]

    async def document_exists(self, executor: Executor, table: str, org_id: int, record_id: str) -> bool:
        """Whether the organisation has this address or bundle (tables named by callers, never users)."""
        assert table in ("addresses", "bundles")
        row = await executor.fetchone(f"SELECT 1 FROM {table} WHERE org_id = ? AND id = ?", (org_id, record_id))
        return row is not None

    async def list_by_profile(
        self, org_id: int, profile_id: str, offset: int, limit: int
    ) -> tuple[list[PhoneNumberRow], int]:
        """The numbers assigned to a messaging profile, by phone number."""
        return await self.list_page(org_id, PhoneNumberFilter(messaging_profile_id=profile_id), "phone_number",
                                    offset, limit)  # fmt: skip

    async def find_numbers(
        self, org_id: int, numbers: list[str], exclude_statuses: frozenset[str] = frozenset()
    ) -> dict[str, int]:
        """E.164 number -> id, for the numbers of the organisation among `numbers`."""
        found: dict[str, int] = {}
        for start in range(0, len(numbers), 500):
            chunk = numbers[start : start + 500]
            rows = await self.db.fetchall(
                f"SELECT phone_number, id, status FROM phone_numbers WHERE org_id = ? "
                f"AND phone_number IN ({','.join('?' * len(chunk))})",
                [org_id, *chunk],
            )
            found.update({r[0]: int(r[1]) for r in rows if r[2] not in exclude_statuses})
        return found

    async def connection_name(self, org_id: int, connection_id: str | None) -> str | None:
        """Connections are known here only through the numbers that use them: a number moved to a
        connection takes the name its other numbers show for it."""
        if connection_id is None:
            return None
        row = await self.db.fetchone(
            # `|| ''` keeps the connection-name index out: it would walk every named number.
            "SELECT connection_name FROM phone_numbers WHERE org_id = ? AND connection_id = ? "
            "AND connection_name || '' IS NOT NULL LIMIT 1",
            (org_id, connection_id),
        )
        return row[0] if row else None

    async def address_exists(self, org_id: int, address_id: str) -> bool:
        return await self.document_exists(self.db, "addresses", org_id, address_id)


def _update_sql(changes: dict[str, Any], now: str, org_id: int, number_id: int) -> tuple[str, list[Any]]:
    """The UPDATE of exactly these columns (and `updated_at`) of one number, with its arguments."""
    sets = [f"{column} = ?" for column in changes] + ["updated_at = ?"]
    sql = f"UPDATE phone_numbers SET {', '.join(sets)} WHERE org_id = ? AND id = ?"
    return sql, [*changes.values(), now, org_id, number_id]


def _with_folded_name(changes: dict[str, Any]) -> dict[str, Any]:
    """A new connection name brings its lower-cased copy (what `contains` filters match)."""
    if "connection_name" not in changes:
        return changes
    name = changes["connection_name"]
    return {**changes, "connection_name_folded": name.lower() if name else None}
