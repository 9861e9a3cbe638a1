"""One frozen Settings object; every CLI flag mirrors a TELCONF_* environment variable."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 4010
    database_url: str = "./telconf.db"
    seed: str | None = None
    demo: bool = False
    workers: int = 1
    log_level: str = "info"
    run_jobs: bool = True  # process background jobs in this server (`--no-worker` turns it off)

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        return cls(
            host=env.get("TELCONF_HOST", cls.host),
            port=int(env.get("TELCONF_PORT", cls.port)),
            database_url=env.get("TELCONF_DATABASE_URL", cls.database_url),
            seed=env.get("TELCONF_SEED") or None,
            demo=env.get("TELCONF_DEMO", "").lower() in ("1", "true", "yes"),
            workers=int(env.get("TELCONF_WORKERS", cls.workers)),
            log_level=env.get("TELCONF_LOG_LEVEL", cls.log_level),
            run_jobs=env.get("TELCONF_NO_WORKER", "").lower() not in ("1", "true", "yes"),
        )

    def to_env(self) -> dict[str, str]:
        """The same settings as environment variables, for worker processes."""
        env = {
            "TELCONF_HOST": self.host,
            "TELCONF_PORT": str(self.port),
            "TELCONF_DATABASE_URL": self.database_url,
            "TELCONF_WORKERS": str(self.workers),
            "TELCONF_LOG_LEVEL": self.log_level,
            "TELCONF_NO_WORKER": "false" if self.run_jobs else "true",
        }
        return env
