"""telconf serve | seed | migrate | orgs | keys. Every flag mirrors a TELCONF_* variable."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer

from .admin.cli import admin_cli
from .clock import Clock
from .demo import DEMO_KEY
from .ids import Ids
from .jobs.policy import JobPolicy
from .seed.initial import load_initial
from .seed.loader import SeedError, load_seed
from .settings import Settings
from .store import Store, migrate
from .store.orgs import SCOPES

# uvicorn's httptools protocol, answering requests it cannot parse in the error envelope.
PROTOCOL = "telconf.http.protocol:EnvelopeHttpToolsProtocol"

T = TypeVar("T")
cli = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
orgs_cli = typer.Typer(no_args_is_help=True, help="Organisations.")
keys_cli = typer.Typer(no_args_is_help=True, help="API keys (shown once, stored as hashes).")
cli.add_typer(orgs_cli, name="orgs")
cli.add_typer(keys_cli, name="keys")
cli.add_typer(admin_cli, name="admin")

Database = Annotated[
    str, typer.Option("--database", envvar="TELCONF_DATABASE_URL", help="SQLite path or postgresql:// URL.")
]


def _run(work: Callable[[Store], Awaitable[T]], database: str) -> T:
    async def main() -> T:
        store = await Store.open(database)
        try:
            return await work(store)
        finally:
            await store.close()

    return asyncio.run(main())


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


@cli.command()
def serve(
    host: Annotated[str, typer.Option(envvar="TELCONF_HOST")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="TELCONF_PORT")] = 4010,
    database: Database = "./telconf.db",
    seed: Annotated[
        str | None, typer.Option(envvar="TELCONF_SEED", help="Seed file loaded into an empty database.")
    ] = None,
    demo: Annotated[
        bool, typer.Option(envvar="TELCONF_DEMO", help="Load the demo inventory into an empty database.")
    ] = False,
    workers: Annotated[int, typer.Option(envvar="TELCONF_WORKERS", min=1, max=64)] = 1,
    log_level: Annotated[str, typer.Option(envvar="TELCONF_LOG_LEVEL")] = "info",
    no_worker: Annotated[
        bool, typer.Option("--no-worker", envvar="TELCONF_NO_WORKER", help="Serve without processing jobs.")
    ] = False,
    admin_token: Annotated[
        str | None,
        typer.Option(
            envvar="TELCONF_ADMIN_TOKEN",
            help="Serve the admin API /_telconf/ to this token. Prefer the variable TELCONF_ADMIN_TOKEN: "
            "a flag's value is visible to every local user in the process list.",
        ),
    ] = None,
    rate_limit: Annotated[
        str | None, typer.Option(envvar="TELCONF_RATE_LIMIT", help="Requests per API key, e.g. 100/second.")
    ] = None,
    route_rate_limit: Annotated[
        list[str] | None,
        typer.Option(help='A route\'s own limit, e.g. "GET /phone_numbers/slim=500/second" (repeatable).'),
    ] = None,
    redis: Annotated[
        str | None, typer.Option(envvar="TELCONF_REDIS_URL", help="Redis URL for rate-limit counters.")
    ] = None,
    faults: Annotated[str | None, typer.Option(envvar="TELCONF_FAULTS", help="Fault rules file (JSON).")] = None,
    job_policy: Annotated[
        str, typer.Option(envvar="TELCONF_JOB_POLICY", help="immediate | manual | after_seconds:N")
    ] = "immediate",
) -> None:
    """Serve the API under /v2 (TELNYX_BASE_URL=http://HOST:PORT/v2)."""
    import uvicorn

    settings = Settings(
        host=host,
        port=port,
        database_url=database,
        seed=seed,
        demo=demo,
        workers=workers,
        log_level=log_level,
        run_jobs=not no_worker,
        admin_token=admin_token,
        rate_limit=rate_limit,
        route_rate_limits=tuple(route_rate_limit or ())
        or tuple(r for r in os.environ.get("TELCONF_ROUTE_RATE_LIMITS", "").split(";") if r),
        redis_url=redis,
        faults_file=faults,
        job_policy=job_policy,
    )

    try:
        JobPolicy.parse(job_policy)
    except ValueError as exc:
        _fail(str(exc))

    async def prepare(store: Store) -> None:
        try:
            for line in await load_initial(store, seed, demo):
                typer.echo(f"telconf: {line}")
        except SeedError as exc:
            _fail(f"seed refused: {exc}")

    _run(prepare, database)
    if demo:
        typer.echo(f"telconf: demo organisation ready; API key: {DEMO_KEY}")
    typer.echo(f"telconf: serving on http://{host}:{port}/v2")
    if admin_token:
        typer.echo(f"telconf: admin API on http://{host}:{port}/_telconf/ (Bearer TELCONF_ADMIN_TOKEN)")
    sys.stdout.flush()
    options = {
        "host": host,
        "port": port,
        "log_level": log_level,
        "loop": "uvloop",
        "http": PROTOCOL,  # httptools, answering unparsable requests in the error envelope
        "access_log": False,
        "lifespan": "on",
    }
    if workers == 1:
        from .app import create_app

        uvicorn.run(create_app(settings), **options)  # type: ignore[arg-type]
    else:
        os.environ.update(settings.to_env())
        uvicorn.run("telconf.app:app_from_env", factory=True, workers=workers, **options)  # type: ignore[arg-type]


@cli.command()
def worker(database: Database = "./telconf.db") -> None:
    """Process background jobs (batch jobs, bulk updates) from the database until SIGTERM/SIGINT;
    run any number of these against one PostgreSQL to scale out."""
    from .app import job_runner

    async def work(store: Store) -> None:
        runner = job_runner(store, Clock(), Ids())
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, runner.stop)
        typer.echo(f"telconf worker {runner.owner} processing jobs")
        await runner.run()
        typer.echo("telconf worker stopped")

    _run(work, database)


@cli.command("seed")
def seed_command(file: str, database: Database = "./telconf.db") -> None:
    """Load a seed file offline: all of it, or nothing if any record is bad."""

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
def migrate_command(database: Database = "./telconf.db") -> None:
    """Apply pending schema migrations."""
    version = _run(lambda store: migrate(store.db), database)
    typer.echo(f"schema at version {version}")


@orgs_cli.command("create")
def orgs_create(name: str, database: Database = "./telconf.db") -> None:
    async def work(store: Store) -> None:
        if await store.orgs.by_name(name):
            _fail(f"an organization named {name!r} exists")
        org = await store.orgs.create(Ids().uuid(), name, Clock().now_iso())
        typer.echo(f"{org.uuid}\t{org.name}")

    _run(work, database)


@orgs_cli.command("list")
def orgs_list(database: Database = "./telconf.db") -> None:
    async def work(store: Store) -> None:
        for org in await store.orgs.all():
            typer.echo(f"{org.uuid}\t{org.name}\t{org.created_at}")

    _run(work, database)


@keys_cli.command("create")
def keys_create(
    org: Annotated[str, typer.Option(help="Organisation name.")],
    scope: Annotated[str, typer.Option(help="read_write or read_only.")] = "read_write",
    database: Database = "./telconf.db",
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
    org: Annotated[str, typer.Option(help="Organisation name.")], database: Database = "./telconf.db"
) -> None:
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
def keys_revoke(key_id: int, database: Database = "./telconf.db") -> None:
    """Revoke a key by the id `keys list` shows."""

    async def work(store: Store) -> None:
        if not await store.orgs.revoke_key(key_id, Clock().now_iso()):
            _fail(f"no active key with id {key_id}")
        typer.echo(f"revoked key {key_id}")

    _run(work, database)


def main() -> None:
    cli()
