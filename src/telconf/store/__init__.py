"""Storage: one schema on SQLite or PostgreSQL, reached through tenant-scoped stores."""

from __future__ import annotations

from .autoresp_configs import AutoRespConfigStore
from .console_sessions import ConsoleSessionStore
from .csv_downloads import CsvDownloadStore
from .db import PostgresDatabase, SqliteDatabase, open_database
from .jobs import JobStore
from .message_metrics import MessageMetricsStore
from .messages import MessageStore
from .messaging_profiles import MessagingProfileStore
from .mobile_phone_numbers import MobilePhoneNumberStore
from .orgs import OrgStore
from .phone_numbers import PhoneNumberStore
from .schema import migrate
from .short_codes import ShortCodeStore
from .voicemail import VoicemailStore
from .webhooks import WebhookStore


class Store:
    """The one storage object the app holds; each resource's queries live in its own store."""

    def __init__(self, db: SqliteDatabase | PostgresDatabase) -> None:
        self.db = db
        self.orgs = OrgStore(db)
        self.phone_numbers = PhoneNumberStore(db)
        self.messaging_profiles = MessagingProfileStore(db)
        self.short_codes = ShortCodeStore(db)
        self.mobile_phone_numbers = MobilePhoneNumberStore(db)
        self.jobs = JobStore(db)
        self.voicemail = VoicemailStore(db)
        self.csv_downloads = CsvDownloadStore(db)
        self.messages = MessageStore(db)
        self.webhooks = WebhookStore(db)
        self.autoresp_configs = AutoRespConfigStore(db)
        self.message_metrics = MessageMetricsStore(db)
        self.console_sessions = ConsoleSessionStore(db)

    @classmethod
    async def open(cls, url: str, *, run_migrations: bool = True) -> Store:
        db = await open_database(url)
        if run_migrations:
            await migrate(db)
        return cls(db)

    async def advice(self) -> list[str]:
        """What an operator should change about the database server, one line each (logged at
        start-up). telconf's list counts are appended and folded, so their dead rows are many:
        without autovacuum nothing reclaims them and the tables only grow."""
        if self.db.dialect != "postgres":
            return []
        row = await self.db.fetchone("SELECT current_setting('autovacuum')")
        if row is not None and row[0] == "off":
            return [
                "PostgreSQL's autovacuum is off: the dead rows telconf's writes leave (list counts, "
                "tags, references) are not reclaimed and its tables keep growing; turn autovacuum on "
                "or run VACUUM regularly"
            ]
        return []

    async def close(self) -> None:
        await self.db.close()


__all__ = ["Store", "migrate", "open_database"]
