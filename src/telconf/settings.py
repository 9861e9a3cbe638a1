"""Every setting of a telconf server, declared once: each `Settings` field carries its default, its
TELCONF_* variable, its `telconf serve` flag and its help. `from_env`/`to_env`, the flags (cli.py)
and README.md's table of variables (`markdown_table`, kept current by `python -m telconf.readme`)
are all derived from the fields, so a new setting is one line here."""

from __future__ import annotations

import os
import typing
from collections.abc import Iterator, Mapping
from dataclasses import Field, dataclass, field, fields
from typing import Any, TypeVar

T = TypeVar("T")
TRUE = ("1", "true", "yes")  # what a boolean variable accepts as on (anything else is off)


@dataclass(frozen=True)
class Option:
    """How a setting is given: a TELCONF_* variable and a `telconf serve` flag."""

    env: str
    flag: str
    help: str = ""
    min: int | None = None
    max: int | None = None
    negated: bool = False  # the flag and the variable turn the setting off (--no-worker: run_jobs)
    separator: str | None = None  # a list: the flag repeats, the variable joins items with this


def setting(default: T, env: str, flag: str, help: str = "", **how: Any) -> T:
    """A `Settings` field with its option (the field's default is the option's default)."""
    return field(default=default, metadata={"option": Option(env, flag, help, **how)})


@dataclass(frozen=True)
class Settings:
    host: str = setting("127.0.0.1", "TELCONF_HOST", "--host", "Address to listen on (0.0.0.0: every interface).")
    port: int = setting(4010, "TELCONF_PORT", "--port", "Port to listen on.", min=1, max=65535)
    database_url: str = setting(
        "./telconf.db", "TELCONF_DATABASE_URL", "--database", "SQLite path or postgresql:// URL."
    )
    seed: str | None = setting(None, "TELCONF_SEED", "--seed", "Seed file loaded into an empty database.")
    demo: bool = setting(False, "TELCONF_DEMO", "--demo", "Load the demo inventory into an empty database.")
    workers: int = setting(1, "TELCONF_WORKERS", "--workers", "Server processes.", min=1, max=64)
    log_level: str = setting(
        "info",
        "TELCONF_LOG_LEVEL",
        "--log-level",
        "critical | error | warning | info | debug (debug logs each request too) | trace",
    )
    access_log: bool = setting(
        False, "TELCONF_ACCESS_LOG", "--access-log", "Log each request, as uvicorn's access log."
    )
    run_jobs: bool = setting(  # process background jobs in this server
        True, "TELCONF_NO_WORKER", "--no-worker", "Serve without processing jobs.", negated=True
    )
    # Testing controls and limits (issue 6). No admin token: the admin API is not served at all.
    admin_token: str | None = setting(
        None,
        "TELCONF_ADMIN_TOKEN",
        "--admin-token",
        "Serve the admin API /_telconf/ to this token; `auto` makes one up and prints it. Prefer the variable "
        "TELCONF_ADMIN_TOKEN: a flag's value is visible to every local user in the process list.",
    )
    rate_limit: str | None = setting(  # None: no limit
        None, "TELCONF_RATE_LIMIT", "--rate-limit", "Requests per API key, e.g. 100/second."
    )
    route_rate_limits: tuple[str, ...] = setting(
        (),
        "TELCONF_ROUTE_RATE_LIMITS",
        "--route-rate-limit",
        'A route\'s own limit, e.g. "GET /phone_numbers/slim=500/second" (repeatable).',
        separator=";",
    )
    redis_url: str | None = setting(  # shared rate-limit counters; the database otherwise
        None,
        "TELCONF_REDIS_URL",
        "--redis",
        "Redis URL for the rate-limit counters (with --rate-limit or --route-rate-limit).",
    )
    faults_file: str | None = setting(None, "TELCONF_FAULTS", "--faults", "Fault rules file (JSON).")
    job_policy: str = setting("immediate", "TELCONF_JOB_POLICY", "--job-policy", "immediate | manual | after_seconds:N")
    console: bool = setting(
        False, "TELCONF_CONSOLE", "--console", "Serve the web console at /_telconf/console (on with the admin API)."
    )
    message_prices: str | None = setting(
        None,
        "TELCONF_MESSAGE_PRICES",
        "--message-prices",
        "JSON file: the price of a message part by destination country and type (docs/behaviour.md, Messages).",
    )
    webhook_retry_seconds: str = setting(
        "5,30",
        "TELCONF_WEBHOOK_RETRY_SECONDS",
        "--webhook-retry-seconds",
        "Pauses before a webhook URL's 2nd and 3rd attempts (seconds of the server's clock), then the next URL.",
    )
    webhook_allowed_hosts: tuple[str, ...] = setting(
        (),
        "TELCONF_WEBHOOK_ALLOWED_HOSTS",
        "--webhook-allowed-host",
        "A host webhooks may be sent to (repeatable; `*.example.com` for its subdomains); none given: any host.",
        separator=",",
    )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """The settings the TELCONF_* variables give (an empty variable is an unset one)."""
        env = os.environ if env is None else env
        values = {f.name: _parse(f, option, env[option.env]) for f, option in options() if env.get(option.env)}
        return cls(**values)

    def to_env(self) -> dict[str, str]:
        """The same settings as environment variables, for worker processes."""
        env = {}
        for f, option in options():
            value = getattr(self, f.name)
            if isinstance(value, bool):
                env[option.env] = "true" if value != option.negated else "false"
            elif isinstance(value, tuple):
                if value:
                    env[option.env] = str(option.separator).join(value)
            elif value is not None:
                env[option.env] = str(value)
        return env

    @classmethod
    def from_flags(cls, values: Mapping[str, Any], env: Mapping[str, str] | None = None) -> Settings:
        """The settings `telconf serve`'s flags give, keyed by field name (cli.py builds them).
        A repeatable flag not given falls back to its variable, read here: Typer would split it
        at whitespace, and its items hold spaces."""
        env = os.environ if env is None else env
        converted = {}
        for f, option in options():
            value = values[f.name]
            if option.negated:
                value = not value
            elif option.separator is not None:
                value = tuple(value or ()) or _parse(f, option, env.get(option.env, ""))
            converted[f.name] = value
        return cls(**converted)


def options() -> Iterator[tuple[Field[Any], Option]]:
    """The table: every field of `Settings` with its option, in declaration order."""
    for f in fields(Settings):
        yield f, f.metadata["option"]


def option(name: str) -> Option:
    """One field's option, for a command that shares it (e.g. `--database`)."""
    return dict((f.name, o) for f, o in options())[name]


def field_type(name: str) -> Any:
    """A field's type (the annotations are strings under `from __future__ import annotations`)."""
    return typing.get_type_hints(Settings)[name]


def _parse(f: Field[Any], option: Option, text: str) -> Any:
    kind = field_type(f.name)
    if kind is bool:
        return (text.lower() in TRUE) != option.negated
    if kind is int:
        return int(text)
    if option.separator is not None:
        return tuple(item for item in text.split(option.separator) if item)
    return text


def markdown_table() -> str:
    """README.md's table of variables (between its `begin: settings` / `end: settings` markers)."""
    rows = ["| Variable | `telconf serve` flag | Default | Meaning |", "| --- | --- | --- | --- |"]
    for _, option in options():
        default = Settings().to_env().get(option.env, "")
        meaning = option.help
        if option.separator:
            meaning += f" The variable separates items with `{option.separator}`."
        if option.min is not None and option.max is not None:
            meaning = f"{option.min} to {option.max}. {meaning}".strip()
        cells = [f"`{option.env}`", f"`{option.flag}`", f"`{default}`" if default else "", meaning]
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(rows) + "\n"
