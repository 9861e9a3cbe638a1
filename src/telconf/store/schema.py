"""One schema for both engines, as numbered migrations applied in order at start.

Type words in braces are filled per engine, so the DDL itself is written once. Timestamps are
stored as Telnyx-formatted ISO strings (fixed width, UTC), which sort correctly as text and are
served without conversion.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from .admin_state import MIGRATION_12
from .db import Executor, PostgresDatabase, SqliteDatabase
from .ddl import INDEXES_AT_1, TYPES, index_statements, search_index_ddl
from .list_counts import function_ddl, recount, trigger_ddl
from .messaging_ddl import MIGRATION_13

MIGRATION_1 = """
CREATE TABLE organizations (
    id {pk},
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    data_version {bigint} NOT NULL DEFAULT 0
);
CREATE TABLE api_keys (
    id {pk},
    org_id {bigint} NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    key_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    scope TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TABLE phone_numbers (
    id {bigint} PRIMARY KEY,
    org_id {bigint} NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    phone_number {ctext} NOT NULL UNIQUE,
    country_iso_alpha2 TEXT NOT NULL,
    status TEXT NOT NULL,
    phone_number_type TEXT NOT NULL,
    tags TEXT NOT NULL,
    deletion_lock_enabled {bool} NOT NULL,
    external_pin TEXT,
    connection_id TEXT,
    connection_name {ctext},
    connection_name_folded TEXT,
    customer_reference TEXT,
    billing_group_id TEXT,
    emergency_address_id TEXT,
    emergency_enabled {bool} NOT NULL,
    emergency_status TEXT NOT NULL,
    messaging_profile_id TEXT,
    messaging_profile_name TEXT,
    messaging_campaign_id TEXT,
    source_type TEXT,
    inbound_call_screening TEXT NOT NULL,
    call_forwarding_enabled {bool} NOT NULL,
    call_recording_enabled {bool} NOT NULL,
    caller_id_name_enabled {bool} NOT NULL,
    cnam_listing_enabled {bool} NOT NULL,
    hd_voice_enabled {bool} NOT NULL,
    t38_fax_gateway_enabled {bool} NOT NULL,
    usage_payment_method TEXT NOT NULL,
    purchased_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    activated_at TEXT
);
CREATE TABLE phone_number_tags (
    phone_number_id {bigint} NOT NULL REFERENCES phone_numbers(id) ON DELETE CASCADE,
    org_id {bigint} NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (phone_number_id, tag)
);
CREATE TABLE messaging_profiles (
    id TEXT PRIMARY KEY,
    org_id {bigint} NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    doc TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE short_codes (
    id TEXT PRIMARY KEY,
    org_id {bigint} NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    short_code TEXT NOT NULL,
    messaging_profile_id TEXT,
    doc TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE mobile_phone_numbers (
    id TEXT PRIMARY KEY,
    org_id {bigint} NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    phone_number TEXT NOT NULL UNIQUE,
    doc TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE addresses (
    id TEXT PRIMARY KEY,
    org_id {bigint} NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    doc TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE bundles (
    id TEXT PRIMARY KEY,
    org_id {bigint} NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    doc TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX mp_org ON messaging_profiles (org_id, created_at, id);
CREATE INDEX sc_org ON short_codes (org_id, messaging_profile_id);
CREATE INDEX mpn_org ON mobile_phone_numbers (org_id, created_at, id);
"""


# Voice and messaging settings as columns, so a PATCH of some fields is one UPDATE of those
# columns (no read-modify-write); the profile name is joined, not copied.
MIGRATION_2 = """
ALTER TABLE phone_numbers ADD COLUMN forwarding_type TEXT;
ALTER TABLE phone_numbers ADD COLUMN forwards_to TEXT;
ALTER TABLE phone_numbers ADD COLUMN inbound_call_recording_channels TEXT NOT NULL DEFAULT 'single';
ALTER TABLE phone_numbers ADD COLUMN inbound_call_recording_format TEXT NOT NULL DEFAULT 'wav';
ALTER TABLE phone_numbers ADD COLUMN cnam_listing_details TEXT;
ALTER TABLE phone_numbers ADD COLUMN accept_any_rtp_packets_enabled {bool} NOT NULL DEFAULT FALSE;
ALTER TABLE phone_numbers ADD COLUMN rtp_auto_adjust_enabled {bool} NOT NULL DEFAULT TRUE;
ALTER TABLE phone_numbers ADD COLUMN tech_prefix_enabled {bool} NOT NULL DEFAULT FALSE;
ALTER TABLE phone_numbers ADD COLUMN translated_number TEXT NOT NULL DEFAULT '';
ALTER TABLE phone_numbers ADD COLUMN messaging_product TEXT NOT NULL DEFAULT 'A2P';
ALTER TABLE phone_numbers ADD COLUMN bundle_id TEXT;
ALTER TABLE phone_numbers DROP COLUMN messaging_profile_name;
ALTER TABLE addresses ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
ALTER TABLE bundles ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
CREATE INDEX mp_org_name ON messaging_profiles (org_id, name);
CREATE INDEX sc_org_created ON short_codes (org_id, created_at, id);
"""

# Messaging profiles: a lower-cased copy of the name, made in Python, so `filter[name][contains]`
# folds case alike on both engines; short codes are listed per profile in created order.
MIGRATION_3 = """
ALTER TABLE messaging_profiles ADD COLUMN name_folded TEXT NOT NULL DEFAULT '';
UPDATE messaging_profiles SET name_folded = LOWER(name);
DROP INDEX sc_org;
CREATE INDEX sc_org_profile ON short_codes (org_id, messaging_profile_id, created_at, id);
"""

# Mobile numbers' profile as an indexed column (a copy of the document's, which no call changes),
# so profile deletion can count them; the profile-number index with its final name.
MIGRATION_4 = """
ALTER TABLE mobile_phone_numbers ADD COLUMN messaging_profile_id TEXT;
UPDATE mobile_phone_numbers SET messaging_profile_id = {doc_profile_id};
CREATE INDEX mpn_org_profile ON mobile_phone_numbers (org_id, messaging_profile_id);
DROP INDEX IF EXISTS pn_org_profile;
CREATE INDEX IF NOT EXISTS pn_org_profile_number ON phone_numbers (org_id, messaging_profile_id, phone_number, id);
"""

# Durable background jobs: one row per job, one row per number in it. A number's change and its
# item's outcome commit together; a lease names the worker holding the job and when it lapses.
MIGRATION_5 = """
CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    org_id {bigint} NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    parameters TEXT NOT NULL,
    customer_reference TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    etc TEXT NOT NULL,
    lease_owner TEXT,
    lease_until TEXT,
    item_count INTEGER NOT NULL
);
CREATE TABLE job_items (
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    org_id {bigint} NOT NULL,
    given TEXT NOT NULL,
    phone_number_id {bigint},
    phone_number TEXT,
    state TEXT NOT NULL,
    errors TEXT,
    PRIMARY KEY (job_id, position)
);
CREATE INDEX jobs_org_created ON jobs (org_id, created_at, id);
CREATE INDEX jobs_runnable ON jobs (status, created_at);
CREATE INDEX job_items_pending ON job_items (job_id, state, position);
CREATE INDEX job_items_org_number ON job_items (org_id, phone_number);
CREATE INDEX job_items_org_number_id ON job_items (org_id, phone_number_id);
"""

# PostgreSQL: leave room in each page so updates of unindexed columns (most settings) stay HOT,
# touching none of the number's many indexes. SQLite has no such setting.
MIGRATION_6 = """
{phone_numbers_fillfactor};
"""

# Testing controls and shared limits. Snapshots hold every data table's rows (msgpack), so reset
# and restore work across processes; rate-limit windows are counted here when no Redis is given;
# a job can be held (admin `hold`, policy `manual`) or kept back until `not_before`.
MIGRATION_7 = """
CREATE TABLE snapshots (
    name TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    data {blob} NOT NULL
);
CREATE TABLE rate_limit_windows (
    bucket TEXT NOT NULL,
    window_start {bigint} NOT NULL,
    hits {bigint} NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
ALTER TABLE jobs ADD COLUMN held {bool} NOT NULL DEFAULT {false};
ALTER TABLE jobs ADD COLUMN not_before TEXT
"""

# API keys: the display hint was the key's first six characters, which with an unsalted hash
# made short seeded keys recoverable from a dump; it becomes the start of the hash (store/orgs.py).
MIGRATION_8 = """
UPDATE api_keys SET prefix = substr(key_hash, 1, 8)
"""

# Lists that stay fast while the inventory changes (see store/list_counts.py): exact counts and
# change stamps kept by triggers; tag rows carry the number's created_at, so a tag list is read in
# order from its own index; a substring index for `filter[phone_number]`. On PostgreSQL customer
# references are indexed in a table of their own, kept by triggers: an index on phone_numbers' own
# column meant no PATCH of it could be a HOT update (every index of the table written again).
MIGRATION_9 = """
CREATE TABLE list_counts (
    id {serial},
    org_id {bigint} NOT NULL,
    dim TEXT NOT NULL,
    value TEXT NOT NULL,
    n {bigint} NOT NULL
);
CREATE INDEX list_counts_key ON list_counts (org_id, dim, value, id, n);
ALTER TABLE phone_number_tags ADD COLUMN created_at TEXT NOT NULL DEFAULT '';
UPDATE phone_number_tags SET created_at =
    (SELECT p.created_at FROM phone_numbers p WHERE p.id = phone_number_tags.phone_number_id);
DROP INDEX IF EXISTS pnt_org_tag;
CREATE INDEX pnt_org_tag ON phone_number_tags (org_id, tag, created_at, phone_number_id)
"""

# PostgreSQL: customer references in a table of their own (see list_counts.REFERENCE_TRIGGERS).
PG_REFERENCES = """
CREATE TABLE phone_number_references (
    phone_number_id {bigint} PRIMARY KEY REFERENCES phone_numbers(id) ON DELETE CASCADE,
    org_id {bigint} NOT NULL,
    customer_reference TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX pnr_org_reference ON phone_number_references (org_id, customer_reference, created_at, phone_number_id);
DROP INDEX IF EXISTS pn_org_reference;
INSERT INTO phone_number_references (phone_number_id, org_id, customer_reference, created_at)
    SELECT id, org_id, customer_reference, created_at FROM phone_numbers WHERE customer_reference IS NOT NULL
"""

# CSV downloads (client.phone_numbers.csv_downloads): the download is a job of kind
# `phone_numbers_csv_download` (jobs, job_items); its file is kept here, one row per chunk the runner
# wrote, in order, with the last row's sort key so the next chunk continues from it.
MIGRATION_11 = """
CREATE TABLE csv_download_parts (
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    part INTEGER NOT NULL,
    org_id {bigint} NOT NULL,
    row_count INTEGER NOT NULL,
    byte_count INTEGER NOT NULL,
    last_created_at TEXT,
    last_id {bigint},
    body {blob} NOT NULL,
    PRIMARY KEY (job_id, part)
)
"""


async def _migration_9(tx: Executor, dialect: str) -> None:
    script = MIGRATION_9 + (";" + PG_REFERENCES if dialect == "postgres" else "")
    for statement in script.format(**TYPES[dialect]).split(";"):
        if statement.strip():
            await tx.execute(statement)
    for statement in (*trigger_ddl(dialect), *search_index_ddl(dialect)):
        await tx.execute(statement)
    await recount(tx, dialect)


# Voicemail settings (`client.phone_numbers.voicemail`): a row only once they are created, removed
# with the number; served by store/voicemail.py.
MIGRATION_10 = """
CREATE TABLE phone_number_voicemail (
    phone_number_id {bigint} PRIMARY KEY REFERENCES phone_numbers(id) ON DELETE CASCADE,
    org_id {bigint} NOT NULL,
    enabled {bool} NOT NULL,
    pin TEXT,
    greeting_mode TEXT NOT NULL,
    greeting_media_name TEXT
)
"""


async def _migration_14(tx: Executor, dialect: str) -> None:
    """PostgreSQL: a changed customer reference updates its reference row in place."""
    for statement in function_ddl(dialect, "pnr_update"):
        await tx.execute(statement)


Migration = str | Callable[[Executor, str], Awaitable[None]]
MIGRATIONS: list[Migration] = [
    MIGRATION_1 + ";\n".join(index_statements(INDEXES_AT_1)) + ";",
    MIGRATION_2,
    MIGRATION_3,
    MIGRATION_4,
    MIGRATION_5,
    MIGRATION_6,
    MIGRATION_7,
    MIGRATION_8,
    _migration_9,
    MIGRATION_10,
    MIGRATION_11,
    MIGRATION_12,
    MIGRATION_13,
    _migration_14,
]


async def migrate(db: SqliteDatabase | PostgresDatabase) -> int:
    """Apply pending migrations; returns the schema version. Safe to run from several processes."""
    types = TYPES[db.dialect]
    if db.dialect == "postgres":
        # One migrator at a time across processes.
        async with db.transaction() as tx:
            await tx.execute("SELECT pg_advisory_xact_lock(7315001)")
            return await _apply(tx, db.dialect, types)
    async with db.transaction() as tx:
        return await _apply(tx, db.dialect, types)


async def _apply(tx: Executor, dialect: str, types: dict[str, str]) -> int:
    await tx.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    row = await tx.fetchone("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
    current = int(row[0]) if row else 0
    for version, script in enumerate(MIGRATIONS, start=1):
        if version <= current:
            continue
        if callable(script):
            await script(tx, dialect)
        else:
            for statement in script.format(**types).split(";"):
                if statement.strip():
                    await tx.execute(statement)
        await tx.execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (?, CURRENT_TIMESTAMP)"
            if dialect == "sqlite"
            else "INSERT INTO schema_migrations (version, applied_at) VALUES (?, now()::text)",
            (version,),
        )
        current = version
    return current
