"""Loads a seed file in one transaction: all of it, or (on the first bad record) none of it.

This is admin code: it writes across organisations, which no request path can.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

import msgspec

from ..clock import Clock
from ..formats import MAX_INT64, country_of, int64_id
from ..ids import Ids
from ..resources.messaging_profiles import seed as messaging_profile_seed
from ..resources.mobile_phone_numbers import seed as mobile_phone_number_seed
from ..resources.phone_numbers.messaging.models import eligible_products
from ..resources.phone_numbers.seed import PHONE_COLUMNS, SeedPhoneNumber, phone_row
from ..resources.short_codes import seed as short_code_seed
from ..store import Store
from ..store.ddl import SEARCH_TRIGGER_NAMES, bulk_index_names, foreign_keys, index_ddl, search_index_ddl
from ..store.documents import SeedBuilder
from ..store.list_counts import drop_trigger_ddl, rebuild_references, recount, trigger_ddl
from ..store.orgs import hash_key, key_hint
from ..store.webhooks import add_signing_key
from .problems import Problems, SeedError, validation_message
from .records import SeedApiKey, build_address, build_bundle, webhook_signing_seed
from .stream import JsonStream, JsonSyntaxError

BATCH = 5000
YIELD_EVERY = 64  # records read between turns of the event loop while a batch is written
ID_AT = PHONE_COLUMNS.index("id")
CREATED_AT = PHONE_COLUMNS.index("created_at")
DOCUMENT_BUILDERS: dict[str, SeedBuilder] = {
    "messaging_profiles": messaging_profile_seed.build,
    "short_codes": short_code_seed.build,
    "mobile_phone_numbers": mobile_phone_number_seed.build,
    "addresses": build_address,
    "bundles": build_bundle,
}
COLLECTIONS = ("phone_numbers", "mobile_phone_numbers", "short_codes", "messaging_profiles", "addresses", "bundles")
_json = msgspec.json.Encoder()


__all__ = ["SeedError", "SeedLoader", "SeedSummary", "load_seed"]  # SeedError lives in problems.py

BULK_MAINTENANCE_MEMORY = "512MB"  # PostgreSQL, for the index builds at the end of a bulk load
ANALYZE_AFTER = 1000  # numbers loaded at once, above which PostgreSQL's statistics are refreshed


@dataclass
class SeedSummary:
    organizations: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(("api_keys", *COLLECTIONS), 0))


@dataclass
class _Batch:
    table: str
    columns: Sequence[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    where: list[str] = field(default_factory=list)  # each row's place in the seed, for errors

    def take(self) -> _Batch:
        """The rows so far, as a batch of their own; this one starts empty."""
        taken = _Batch(self.table, self.columns, self.rows, self.where)
        self.rows, self.where = [], []
        return taken


class SeedLoader:
    def __init__(self, store: Store, clock: Clock, ids: Ids) -> None:
        self.store = store
        self.db = store.db
        self.clock = clock
        self.ids = ids

    async def load(self, source: TextIO) -> SeedSummary:
        summary = SeedSummary()
        async with self.db.transaction() as tx:
            self.tx = tx
            bulk = await self._empty("phone_numbers")
            self.org_ids: list[int] = []
            self.problems = Problems()
            if bulk:
                await self._bulk_start()
            try:
                stream = JsonStream(source)
                for key in stream.object_keys():
                    if key != "organizations":
                        raise SeedError(f"{key}: unknown top-level field (expected 'organizations')")
                    for i in stream.items():
                        await self._organization(stream, f"organizations[{i}]", summary)
                stream.finish()
            except JsonSyntaxError as exc:
                if not self.problems.messages:
                    raise SeedError(f"the seed is not valid JSON: {exc}") from None
                self.problems.messages.append(f"the seed is not valid JSON: {exc}")
                raise self.problems.error() from None
            except SeedError as exc:
                if not self.problems.messages or str(exc).startswith("the seed has"):
                    raise
                self.problems.messages.append(str(exc))
                raise self.problems.error() from None
            self.problems.raise_if_any()
            if bulk:
                await self._bulk_finish()
        if self.db.dialect == "postgres" and summary.counts["phone_numbers"] >= ANALYZE_AFTER:
            # Without statistics (autovacuum may be off, or not yet run) PostgreSQL guesses that
            # an `IN (…)` matches half a table and scans it; a big load gets them at once.
            await self.db.execute("ANALYZE")
        return summary

    async def _bulk_start(self) -> None:
        """Into an empty table, indexes, counts, reference rows and the substring index are built
        once at the end, and (PostgreSQL) foreign keys checked once: much faster than keeping them
        up to date row by row. The rows a load writes refer only to rows it wrote before them."""
        dialect = self.db.dialect
        drops = [f"DROP INDEX IF EXISTS {name}" for name in bulk_index_names(dialect)]
        drops += drop_trigger_ddl(dialect)
        self.foreign_keys = await foreign_keys(self.tx) if dialect == "postgres" else []
        if dialect == "sqlite":
            drops += [f"DROP TRIGGER IF EXISTS {name}" for name in SEARCH_TRIGGER_NAMES]
            drops.append("DROP TABLE IF EXISTS phone_number_search")
        else:
            drops.append("DROP INDEX IF EXISTS pn_number_trgm")
            drops += [f'ALTER TABLE {table} DROP CONSTRAINT "{name}"' for table, name, _ in self.foreign_keys]
        for statement in drops:
            await self.tx.execute(statement)

    async def _bulk_finish(self) -> None:
        dialect = self.db.dialect
        if dialect == "postgres":
            # Index builds sort; in memory (and with parallel workers) rather than on disk.
            await self.tx.execute(f"SET LOCAL maintenance_work_mem = '{BULK_MAINTENANCE_MEMORY}'")
        await rebuild_references(self.tx, dialect, self.org_ids)
        for ddl in (*index_ddl(dialect), *trigger_ddl(dialect)):
            await self.tx.execute(ddl)
        if dialect == "postgres":
            # Counted in one pass of hash tables, not a sort spilling to disk, once the planner
            # knows the table is big but its values few (the rows this transaction wrote count).
            await self.tx.execute("ANALYZE phone_numbers")
        await recount(self.tx, dialect, self.org_ids)
        for ddl in search_index_ddl(dialect):
            await self.tx.execute(ddl)
        for table, name, definition in self.foreign_keys:
            await self.tx.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')

    async def _empty(self, table: str) -> bool:
        return await self.tx.fetchone(f"SELECT 1 FROM {table} LIMIT 1") is None

    async def _organization(self, stream: JsonStream, where: str, summary: SeedSummary) -> None:
        now = self.clock.now_iso()
        placeholder = "seed-" + self.ids.uuid()
        row = await self.tx.fetchone(
            "INSERT INTO organizations (uuid, name, created_at) VALUES (?, ?, ?) RETURNING id",
            (self.ids.uuid(), placeholder, now),
        )
        assert row is not None
        (raw_id,) = row
        org_id = int(raw_id)
        self.org_ids.append(org_id)
        name: str | None = None
        signing_seed: bytes | None = None
        for key in stream.object_keys():
            at = f"{where}.{key}"
            if key == "webhook_signing_key":
                signing_seed = webhook_signing_seed(stream.value(), at)
            elif key == "name":
                name = stream.value()
                if not isinstance(name, str) or not name.strip() or len(name) > 255:
                    raise SeedError(f"{at}: must be a non-empty string of at most 255 characters")
                if await self.tx.fetchone("SELECT 1 FROM organizations WHERE name = ?", (name,)):
                    raise SeedError(f"{at}: an organization named {name!r} already exists")
                await self.tx.execute("UPDATE organizations SET name = ? WHERE id = ?", (name, org_id))
            elif key == "api_keys":
                for i in stream.items():
                    try:
                        api_key = self._convert(stream.value(), SeedApiKey, f"{at}[{i}]")
                    except SeedError as exc:
                        self.problems.add(str(exc))
                        continue
                    digest = hash_key(api_key.key)
                    if await self.tx.fetchone("SELECT 1 FROM api_keys WHERE key_hash = ?", (digest,)):
                        self.problems.add(f"{at}[{i}].key: this key is already in use")
                        continue
                    await self.tx.execute(
                        "INSERT INTO api_keys (org_id, key_hash, prefix, scope, created_at) VALUES (?, ?, ?, ?, ?)",
                        (org_id, digest, key_hint(digest), api_key.scope, now),
                    )
                    summary.counts["api_keys"] += 1
            elif key in COLLECTIONS:
                summary.counts[key] += await self._collection(stream, key, at, org_id, now)
            else:
                raise SeedError(f"{at}: unknown field (expected name, api_keys, webhook_signing_key, "
                                f"{', '.join(COLLECTIONS)})")  # fmt: skip
        if name is None:
            raise SeedError(f"{where}.name: this field is required")
        await add_signing_key(self.tx, org_id, signing_seed or self.ids.key_seed(), now)
        await self._check_references(org_id, where)
        summary.organizations.append(name)

    async def _collection(self, stream: JsonStream, key: str, at: str, org_id: int, now: str) -> int:
        make: Callable[[Any, str], tuple[Any, ...]]
        if key == "phone_numbers":
            batch = _Batch("phone_numbers", PHONE_COLUMNS)
            tags = _Batch("phone_number_tags", ("phone_number_id", "org_id", "tag", "created_at"))

            def make(record: Any, where: str) -> tuple[Any, ...]:
                row = self._phone_number(record, where, org_id, now)
                for tag in dict.fromkeys(record.get("tags") or ()):
                    tags.rows.append((row[ID_AT], org_id, tag, row[CREATED_AT]))
                    tags.where.append(f"{where}.tags")
                return row
        else:
            batch, make = self._document_maker(key, org_id, now)
            tags = None
        count = 0
        # A full batch is written while the next one is read: the database works on one core
        # while Python parses on the other, the loop given a turn every few records to feed it.
        writing: asyncio.Future[None] | None = None
        try:
            for i in stream.items():
                where = f"{at}[{i}]"
                record = stream.value()
                try:
                    row = make(record, where)
                except SeedError as exc:  # noted; the rest is still read, so one run names every problem
                    self.problems.add(str(exc))
                    continue
                batch.rows.append(row)
                batch.where.append(where)
                count += 1
                if len(batch.rows) >= BATCH:
                    if writing is not None:
                        await writing
                    writing = asyncio.ensure_future(self._flush(batch.take(), tags and tags.take()))
                elif count % YIELD_EVERY == 0:
                    await asyncio.sleep(0)
        finally:
            if writing is not None:
                await writing  # before anything else uses the connection (or the transaction ends)
        await self._flush(batch, tags)
        return count

    def _convert(self, record: Any, model: type[Any], where: str) -> Any:
        if not isinstance(record, dict):
            raise SeedError(f"{where}: must be an object")
        try:
            return msgspec.convert(record, model)
        except msgspec.ValidationError as exc:
            raise SeedError(validation_message(exc, model, where)) from None

    def _phone_number(self, record: Any, where: str, org_id: int, now: str) -> tuple[Any, ...]:
        n: SeedPhoneNumber = self._convert(record, SeedPhoneNumber, where)
        country = n.country_iso_alpha2 or country_of(n.phone_number)
        if country is None:
            raise SeedError(f"{where}.country_iso_alpha2: required for numbers outside the known calling codes")
        if n.messaging_product not in eligible_products(n.phone_number_type):
            raise SeedError(
                f"{where}.messaging_product: {n.phone_number_type} numbers cannot use {n.messaging_product}"
            )
        number_id = int64_id(n.id) if n.id else self.ids.numeric()
        if number_id is None:
            raise SeedError(f"{where}.id: {n.id!r} is beyond the largest id, {MAX_INT64}")
        try:
            return phone_row(n, number_id, org_id, country, now)
        except ValueError as exc:
            raise SeedError(f"{where}.{exc}") from None

    def _document_maker(self, key: str, org_id: int, now: str) -> tuple[_Batch, Callable[[Any, str], tuple[Any, ...]]]:
        """Records kept as a JSON document plus indexed columns; each slice knows its own shape."""
        build = DOCUMENT_BUILDERS[key]
        columns: list[str] = []

        def make(record: Any, where: str) -> tuple[Any, ...]:
            if not isinstance(record, dict):
                raise SeedError(f"{where}: must be an object")
            try:
                built = build(record, self.ids)
            except msgspec.ValidationError as exc:
                raise SeedError(validation_message(exc, None, where)) from None
            doc = dict(built.doc)
            created = doc.pop("created_at", None) or now
            updated = doc.pop("updated_at", None) or created
            values = {"id": built.id, "org_id": org_id, **built.columns, "doc": _json.encode(doc).decode(),
                      "created_at": created, "updated_at": updated}  # fmt: skip
            if not columns:
                columns.extend(values)
                batch.columns = tuple(columns)
            return tuple(values[c] for c in columns)

        batch = _Batch(key, ())
        return batch, make

    async def _flush(self, batch: _Batch, tags: _Batch | None = None) -> None:
        if tags is not None:
            await self._flush(batch)
            batch = tags
        if self.problems.messages:  # nothing of a seed with problems is kept; only read on
            batch.rows.clear()
            batch.where.clear()
            return
        if not batch.rows:
            return
        sql = f"INSERT INTO {batch.table} ({', '.join(batch.columns)}) VALUES ({', '.join('?' * len(batch.columns))})"
        try:
            await self._savepoint("SAVEPOINT seed_batch")
            await self._insert_many(batch, sql)
            await self._savepoint("RELEASE SAVEPOINT seed_batch")
        except Exception as exc:
            if not _is_conflict(exc):
                raise
            await self._savepoint("ROLLBACK TO SAVEPOINT seed_batch")
            await self._find_conflict(batch, sql)
            raise SeedError(f"{batch.where[0]}..: a record conflicts with another ({exc})") from None
        batch.rows.clear()
        batch.where.clear()

    async def _savepoint(self, statement: str) -> None:
        await self.tx.execute(statement)

    async def _insert_many(self, batch: _Batch, sql: str) -> None:
        conn = getattr(self.tx, "conn", None)
        if self.db.dialect == "postgres" and conn is not None:
            await conn.copy_records_to_table(batch.table, records=batch.rows, columns=list(batch.columns))
        else:
            await self.tx.executemany(sql, batch.rows)

    async def _find_conflict(self, batch: _Batch, sql: str) -> None:
        """Insert row by row to name the record that clashes; raises SeedError for it."""
        for row, where in zip(batch.rows, batch.where, strict=True):
            await self._savepoint("SAVEPOINT seed_row")
            try:
                await self.tx.execute(sql, row)
            except Exception as exc:
                if not _is_conflict(exc):
                    raise
                await self._savepoint("ROLLBACK TO SAVEPOINT seed_row")
                what = ", ".join(
                    f"{c}={v!r}"
                    for c, v in zip(batch.columns, row, strict=True)
                    if c in ("id", "phone_number", "short_code", "tag")
                )
                raise SeedError(f"{where}: duplicates a record that already exists ({what})") from None
            await self._savepoint("RELEASE SAVEPOINT seed_row")

    async def _check_references(self, org_id: int, where: str) -> None:
        checks = (
            ("phone_numbers", "phone_number", "messaging_profile_id", "messaging_profiles"),
            ("phone_numbers", "phone_number", "emergency_address_id", "addresses"),
            ("short_codes", "short_code", "messaging_profile_id", "messaging_profiles"),
            ("mobile_phone_numbers", "phone_number", "messaging_profile_id", "messaging_profiles"),
        )
        for table, label, column, target in checks:
            row = await self.tx.fetchone(
                f"SELECT {label}, {column} FROM {table} WHERE org_id = ? AND {column} IS NOT NULL "
                f"AND {column} NOT IN (SELECT id FROM {target} WHERE org_id = ?) LIMIT 1",
                (org_id, org_id),
            )
            if row:
                record, value = row
                raise SeedError(
                    f"{where}.{table} ({label} {record}).{column}: {value!r} is not one of this organization's {target}"
                )


def _is_conflict(exc: Exception) -> bool:
    if isinstance(exc, sqlite3.IntegrityError):
        return True
    return type(exc).__name__ in (
        "UniqueViolationError",
        "ForeignKeyViolationError",
        "IntegrityConstraintViolationError",
    )


async def load_seed(store: Store, source: TextIO, clock: Clock | None = None, ids: Ids | None = None) -> SeedSummary:
    return await SeedLoader(store, clock or Clock(), ids or Ids()).load(source)
