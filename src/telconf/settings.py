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
    # Testing controls and limits (issue 6). No admin token: the admin API is not served at all.
    admin_token: str | None = None
    rate_limit: str | None = None  # e.g. "100/second" per API key; None: no limit
    route_rate_limits: tuple[str, ...] = ()  # "GET /phone_numbers/slim=500/second", ...
    redis_url: str | None = None  # shared rate-limit counters; the database otherwise
    faults_file: str | None = None  # fault rules loaded at start
    job_policy: str = "immediate"  # immediate | manual | after_seconds:N

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
            admin_token=env.get("TELCONF_ADMIN_TOKEN") or None,
            rate_limit=env.get("TELCONF_RATE_LIMIT") or None,
            route_rate_limits=tuple(r for r in env.get("TELCONF_ROUTE_RATE_LIMITS", "").split(";") if r),
            redis_url=env.get("TELCONF_REDIS_URL") or None,
            faults_file=env.get("TELCONF_FAULTS") or None,
            job_policy=env.get("TELCONF_JOB_POLICY", cls.job_policy),
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
            "TELCONF_ROUTE_RATE_LIMITS": ";".join(self.route_rate_limits),
            "TELCONF_JOB_POLICY": self.job_policy,
        }
        optional = {
            "TELCONF_ADMIN_TOKEN": self.admin_token,
            "TELCONF_RATE_LIMIT": self.rate_limit,
            "TELCONF_REDIS_URL": self.redis_url,
            "TELCONF_FAULTS": self.faults_file,
        }
        env.update({name: value for name, value in optional.items() if value})
        return env
