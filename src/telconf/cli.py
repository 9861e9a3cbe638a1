"""telconf serve | seed | migrate | orgs | keys. Every flag mirrors a TELCONF_* variable."""

from __future__ import annotations

import asyncio
import inspect
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Annotated, Any, TypeVar

import typer

try:  # typer >= 0.20 carries its own copy of click
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - older typer, on click itself
    from click import exceptions as click_errors  # type: ignore[no-redef]

from .admin.cli import admin_cli
from .clock import Clock
from .demo import DEMO_KEY
from .ids import Ids
from .preflight import (
    Problem,
    check_database_url,
    check_faults,
    check_log_level,
    check_port,
    check_rate_limits,
    check_readable,
    run_with_store,
)
from .resources.messages.prices import load_prices
from .seed.initial import load_initial
from .seed.loader import SeedError, load_seed
from .settings import Settings, field_type, options
from .settings import option as settings_option
from .store import Store, migrate
from .store.orgs import SCOPES
from .webhooks.dispatcher import parse_retry_seconds
from .worker.policy import JobPolicy

# uvicorn's httptools protocol, answering requests it cannot parse in the error envelope.
PROTOCOL = "telconf.http.protocol:EnvelopeHttpToolsProtocol"
AUTO_TOKEN = "auto"  # --admin-token auto: telconf makes up a token and prints it

T = TypeVar("T")
cli = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
orgs_cli = typer.Typer(no_args_is_help=True, help="Organisations.")
keys_cli = typer.Typer(no_args_is_help=True, help="API keys (shown once, stored as hashes).")
cli.add_typer(orgs_cli, name="orgs")
cli.add_typer(keys_cli, name="keys")
cli.add_typer(admin_cli, name="admin")


def flag_option(name: str) -> Any:
    """The Typer option of a `Settings` field, from its row in the table (settings.py)."""
    option = settings_option(name)
    bool_pair = field_type(name) is bool and not option.negated  # --demo/--no-demo, as Typer names a bool
    declaration = f"{option.flag}/--no-{option.flag[2:]}" if bool_pair else option.flag
    help = option.help
    if option.separator is not None:  # Typer would split the variable at whitespace: Settings reads it
        return typer.Option(declaration, help=f"{help} Variable: {option.env} ({option.separator}-separated).")
    return typer.Option(declaration, envvar=option.env, help=help or None, min=option.min, max=option.max)


def settings_command(command: Callable[[Settings], None]) -> Callable[..., None]:
    """`command(settings)` as a Typer command with a flag per setting. Typer reads a command's
    parameters from its signature, so the signature is built from the table."""

    def typer_command(**flags: Any) -> None:
        command(Settings.from_flags(flags))

    parameters = []
    for f, option in options():
        kind: Any = field_type(f.name)
        default: Any = f.default
        if option.separator is not None:
            kind, default = list[str] | None, None
        elif option.negated:
            default = False
        annotation = Annotated[kind, flag_option(f.name)]
        parameters.append(
            inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
        )
    typer_command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    typer_command.__name__ = command.__name__
    typer_command.__doc__ = command.__doc__
    return typer_command


DEFAULT_DATABASE = Settings.database_url
Database = Annotated[str, flag_option("database_url")]


def _run(work: Callable[[Store], Awaitable[T]], database: str) -> T:
    return run_with_store(work, database)


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


@cli.command("serve")
@settings_command
def serve(settings: Settings) -> None:
    """Serve the API under /v2 (TELNYX_BASE_URL=http://HOST:PORT/v2)."""
    generated = settings.admin_token == AUTO_TOKEN
    if generated:
        settings = replace(settings, admin_token=Ids().secret(32))  # letters and digits: never a "-" first
    settings = replace(settings, log_level=settings.log_level.lower())  # uvicorn knows "debug", not "DEBUG"
    _preflight(settings)
    _run(lambda store: _load_initial(store, settings), settings.database_url)
    _announce(settings, generated)
    _serve(settings)


def _preflight(settings: Settings) -> None:
    """Everything `serve` needs, checked before it says "serving on": one line per mistake."""
    check_log_level(settings.log_level)
    try:
        JobPolicy.parse(settings.job_policy)
        parse_retry_seconds(settings.webhook_retry_seconds)
        load_prices(settings.message_prices)
    except ValueError as exc:
        raise Problem(str(exc)) from None
    if settings.seed:
        check_readable(settings.seed, "the seed file", "--seed")
    if settings.faults_file:
        check_faults(settings.faults_file)
    for warning in check_rate_limits(settings):
        typer.echo(f"telconf: warning: {warning}", err=True)
    check_port(settings.host, settings.port)
    check_database_url(settings.database_url)


async def _load_initial(store: Store, settings: Settings) -> None:
    """The seed or the demo, into an empty database only (a restart keeps the state)."""
    try:
        for line in await load_initial(store, settings.seed, settings.demo):
            typer.echo(f"telconf: {line}")
    except SeedError as exc:
        _fail(f"seed refused: {exc}")


def _announce(settings: Settings, generated_token: bool = False) -> None:
    root = f"http://{settings.host}:{settings.port}"
    if settings.demo:
        typer.echo(f"telconf: demo organisation ready; API key: {DEMO_KEY}")
    typer.echo(f"telconf: serving on {root}/v2")
    if settings.admin_token:
        typer.echo(f"telconf: admin API on {root}/_telconf/ (Bearer TELCONF_ADMIN_TOKEN)")
        if generated_token:  # made up by `--admin-token auto`: shown once, here
            typer.echo(
                f"telconf: admin token: {settings.admin_token} (export TELCONF_ADMIN_TOKEN={settings.admin_token})"
            )
    if settings.admin_token or settings.console:
        typer.echo(f"telconf: web console on {root}/_telconf/console")
    sys.stdout.flush()


def _serve(settings: Settings) -> None:
    """uvicorn: the app in this process, or worker processes that read the settings from the
    environment (`app_from_env`)."""
    import uvicorn

    options: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "log_level": settings.log_level,
        "loop": "uvloop",
        "http": PROTOCOL,  # httptools, answering unparsable requests in the error envelope
        "access_log": settings.access_log or settings.log_level in ("debug", "trace"),
        "lifespan": "on",
    }
    if settings.workers == 1:
        from .app import create_app

        uvicorn.run(create_app(settings, owns_process=True), **options)
    else:
        os.environ.update(settings.to_env())
        uvicorn.run("telconf.app:app_from_env", factory=True, workers=settings.workers, **options)


@cli.command()
def worker(database: Database = DEFAULT_DATABASE) -> None:
    """Process background work (batch jobs, bulk updates, messages' lifecycles, webhooks) from the
    database until SIGTERM/SIGINT; run any number of these against one PostgreSQL to scale out."""
    from .app import job_runner, message_pump, webhook_dispatcher

    async def work(store: Store) -> None:
        runner = job_runner(store, Clock(), Ids())
        webhooks = webhook_dispatcher(store, Clock(), Ids(), Settings.from_env())  # TELCONF_WEBHOOK_* apply
        pump = message_pump(store, Clock(), Ids(), webhooks.wake)
        loop = asyncio.get_running_loop()

        def stop() -> None:
            runner.stop()
            webhooks.stop()
            pump.stop()

        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop)
        typer.echo(f"telconf worker {runner.owner} processing jobs, messages and webhooks")
        await asyncio.gather(runner.run(), webhooks.run(), pump.run())
        typer.echo("telconf worker stopped")

    _run(work, database)


SeedFile = Annotated[str, typer.Argument(help="Seed file (JSON, see README.md, Seed files).")]


@cli.command("seed")
def seed_command(file: SeedFile, database: Database = DEFAULT_DATABASE) -> None:
    """Load a seed file offline: all of it, or nothing if any record is bad."""
    check_readable(file, "the seed file", "the FILE argument")

    async def work(store: Store) -> None:
        try:
            with open(file, encoding="utf-8") as f:
                summary = await load_seed(store, f)
        except SeedError as exc:
            _fail(f"seed refused, nothing was loaded: {exc}")
        else:
            typer.echo(f"loaded {', '.join(summary.organizations)}: {summary.counts}")

    _run(work, database)


@cli.command("migrate")
def migrate_command(database: Database = DEFAULT_DATABASE) -> None:
    """Apply pending schema migrations."""
    version = _run(lambda store: migrate(store.db), database)
    typer.echo(f"schema at version {version}")


@orgs_cli.command("create")
def orgs_create(
    name: Annotated[str, typer.Argument(help="The organisation's name (unique).")],
    database: Database = DEFAULT_DATABASE,
) -> None:
    """Create an organisation and print its id; then give it keys with `keys create`."""
    if not name.strip() or len(name) > 255:  # as seed files require
        _fail("an organisation's name must be a non-empty string of at most 255 characters")

    async def work(store: Store) -> None:
        if await store.orgs.by_name(name):
            _fail(f"an organization named {name!r} exists")
        ids = Ids()
        org = await store.orgs.create(ids.uuid(), name, Clock().now_iso(), ids.key_seed())
        typer.echo(f"{org.uuid}\t{org.name}")

    _run(work, database)


@orgs_cli.command("list")
def orgs_list(database: Database = DEFAULT_DATABASE) -> None:
    """Every organisation: id, name, creation time."""

    async def work(store: Store) -> None:
        for org in await store.orgs.all():
            typer.echo(f"{org.uuid}\t{org.name}\t{org.created_at}")

    _run(work, database)


@orgs_cli.command("public-key")
def orgs_public_key(
    name: Annotated[str, typer.Argument(help="The organisation's name.")],
    database: Database = DEFAULT_DATABASE,
) -> None:
    """Print the public key that verifies the organisation's webhooks (for TELNYX_PUBLIC_KEY)."""

    async def work(store: Store) -> None:
        org = await store.orgs.by_name(name)
        key = await store.webhooks.public_key(org.id) if org else None
        if key is None:
            _fail(f"no organization named {name!r}")
        typer.echo(key)

    _run(work, database)


@keys_cli.command("create")
def keys_create(
    org: Annotated[str, typer.Option(help="Organisation name.")],
    scope: Annotated[str, typer.Option(help="read_write or read_only.")] = "read_write",
    database: Database = DEFAULT_DATABASE,
) -> None:
    """Create a key and print it once; only its hash is kept."""
    if scope not in SCOPES:
        _fail(f"scope must be one of {', '.join(SCOPES)}")

    async def work(store: Store) -> None:
        found = await store.orgs.by_name(org)
        if found is None:
            _fail(f"no organization named {org!r}")
            return
        key = Ids().api_key()
        await store.orgs.add_key(found.id, key, scope, Clock().now_iso())
        typer.echo(key)

    _run(work, database)


@keys_cli.command("list")
def keys_list(
    org: Annotated[str, typer.Option(help="Organisation name.")], database: Database = DEFAULT_DATABASE
) -> None:
    """An organisation's keys: id, hash prefix, scope, creation time, state (never the key)."""

    async def work(store: Store) -> None:
        found = await store.orgs.by_name(org)
        if found is None:
            _fail(f"no organization named {org!r}")
            return
        for k in await store.orgs.keys(found.id):
            state = f"revoked {k.revoked_at}" if k.revoked_at else "active"
            typer.echo(f"{k.id}\tsha256:{k.prefix}…\t{k.scope}\t{k.created_at}\t{state}")

    _run(work, database)


@keys_cli.command("revoke")
def keys_revoke(
    key_id: Annotated[int, typer.Argument(help="The key's id, as `keys list` shows it.")],
    database: Database = DEFAULT_DATABASE,
) -> None:
    """Revoke a key by the id `keys list` shows."""

    async def work(store: Store) -> None:
        if not await store.orgs.revoke_key(key_id, Clock().now_iso()):
            _fail(f"no active key with id {key_id}")
        typer.echo(f"revoked key {key_id}")

    _run(work, database)


def main() -> None:
    """`telconf`: a mistake ends in one line on stderr and exit status 1 (2 for a usage error), never
    a traceback or a framed usage panel."""
    try:
        code = cli(standalone_mode=False)
    except Problem as problem:
        typer.echo(f"error: {problem}", err=True)
        sys.exit(1)
    except click_errors.NoArgsIsHelpError as shown:  # `telconf` alone, or a group alone: its help
        typer.echo(shown.ctx.get_help() if shown.ctx else str(shown))
        sys.exit(0)
    except click_errors.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "telconf"
        typer.echo(f"error: {exc.format_message()} (see {command} --help)", err=True)
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("error: interrupted", err=True)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
