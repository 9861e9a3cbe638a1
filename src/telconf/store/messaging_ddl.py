"""The tables of the messaging loop (migration 13): messages and what sending consults (opt-outs,
sticky senders, each profile's spend per day, the admin's outcome rules, auto-response settings),
and the webhooks that report them (each organisation's signing key, durable deliveries); and the
web console's sessions, shared by every process on the database (store/console_sessions.py)."""

from __future__ import annotations

MIGRATION_13 = """
CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    org_id {bigint} NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    direction TEXT NOT NULL,
    messaging_profile_id TEXT,
    from_number TEXT NOT NULL,
    to_number TEXT NOT NULL,
    status TEXT NOT NULL,
    type TEXT NOT NULL,
    parts INTEGER NOT NULL,
    cost TEXT,
    received_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    step_at TEXT,
    pace TEXT NOT NULL,
    held {bool} NOT NULL DEFAULT {false},
    webhook_urls TEXT NOT NULL,
    lease_owner TEXT,
    lease_until TEXT,
    record TEXT NOT NULL
);
CREATE INDEX messages_org_received ON messages (org_id, received_at, id);
CREATE INDEX messages_org_pair ON messages (org_id, from_number, to_number, received_at);
CREATE INDEX messages_profile_received ON messages (messaging_profile_id, received_at);
CREATE INDEX messages_due ON messages (step_at) WHERE step_at IS NOT NULL;
CREATE TABLE message_opt_outs (
    org_id {bigint} NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    from_number TEXT NOT NULL,
    to_number TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (org_id, from_number, to_number)
);
CREATE TABLE message_sticky_senders (
    org_id {bigint} NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    messaging_profile_id TEXT NOT NULL,
    to_number TEXT NOT NULL,
    from_number TEXT NOT NULL,
    PRIMARY KEY (messaging_profile_id, to_number)
);
CREATE TABLE message_spend (
    org_id {bigint} NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    messaging_profile_id TEXT NOT NULL,
    day TEXT NOT NULL,
    amount TEXT NOT NULL,
    limit_reported {bool} NOT NULL DEFAULT {false},
    PRIMARY KEY (messaging_profile_id, day)
);
CREATE TABLE message_outcome_rules (
    phone_number TEXT PRIMARY KEY,
    outcome TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE autoresp_configs (
    id TEXT PRIMARY KEY,
    org_id {bigint} NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    messaging_profile_id TEXT NOT NULL REFERENCES messaging_profiles(id) ON DELETE CASCADE,
    country_code TEXT NOT NULL,
    op TEXT NOT NULL,
    keywords TEXT NOT NULL,
    resp_text TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX autoresp_configs_profile ON autoresp_configs (org_id, messaging_profile_id, created_at, id);
CREATE TABLE webhook_keys (
    org_id {bigint} PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
    private_key TEXT NOT NULL,
    public_key TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    org_id {bigint} NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    payload TEXT NOT NULL,
    urls TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts TEXT NOT NULL,
    attempt_count INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    next_attempt_at TEXT,
    lease_owner TEXT,
    lease_until TEXT,
    started_at TEXT,
    finished_at TEXT,
    message_id TEXT
);
CREATE INDEX webhook_deliveries_org ON webhook_deliveries (org_id, created_at, id);
CREATE INDEX webhook_deliveries_status ON webhook_deliveries (org_id, status, created_at, id);
CREATE INDEX webhook_deliveries_event_type ON webhook_deliveries (org_id, event_type, created_at, id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX webhook_deliveries_message ON webhook_deliveries (message_id);
CREATE TABLE console_sessions (
    id_hash TEXT PRIMARY KEY,
    csrf TEXT NOT NULL,
    admin {bool} NOT NULL,
    key_hash TEXT,
    label TEXT NOT NULL,
    created_at {bigint} NOT NULL,
    last_seen {bigint} NOT NULL
);
CREATE INDEX console_sessions_last_seen ON console_sessions (last_seen, id_hash)
"""
