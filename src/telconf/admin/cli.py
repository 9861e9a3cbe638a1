"""`telconf admin ...`: the admin API's operations against a running server."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from ..settings import option
from .client import AdminClient, AdminError

admin_cli = typer.Typer(no_args_is_help=True, help="Control a running server (TELCONF_ADMIN_TOKEN).")
snapshot_cli = typer.Typer(no_args_is_help=True, help="Named snapshots of all data.")
clock_cli = typer.Typer(no_args_is_help=True, help="The server's clock.")
jobs_cli = typer.Typer(no_args_is_help=True, help="Job policy and control of single jobs.")
faults_cli = typer.Typer(no_args_is_help=True, help="Fault rules.")
admin_cli.add_typer(snapshot_cli, name="snapshot")
admin_cli.add_typer(clock_cli, name="clock")
admin_cli.add_typer(jobs_cli, name="jobs")
admin_cli.add_typer(faults_cli, name="faults")

Url = Annotated[str, typer.Option("--url", envvar="TELCONF_URL", help="The server's root URL.")]
Token = Annotated[
    str,
    typer.Option(
        "--token",
        envvar=option("admin_token").env,
        help="The admin token. Prefer the variable TELCONF_ADMIN_TOKEN: a flag shows in the process list.",
    ),
]
DEFAULT_URL = "http://127.0.0.1:4010"


def _do(url: str, token: str, call: str, *args: Any, **kwargs: Any) -> None:
    client = AdminClient(url, token)
    try:
        result = getattr(client, call)(*args, **kwargs)
    except AdminError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    finally:
        client.close()
    typer.echo(json.dumps(result, indent=2))


@admin_cli.command()
def reset(url: Url = DEFAULT_URL, token: Token = "") -> None:
    """Back to the start state: data, clock, fault rules, journal."""
    _do(url, token, "reset")


@admin_cli.command()
def seed(file: str, baseline: bool = False, url: Url = DEFAULT_URL, token: Token = "") -> None:
    """Load a seed file into the running server (--baseline: reset returns to the result)."""
    _do(url, token, "seed", file, baseline=baseline)


@admin_cli.command()
def requests(limit: int = 50, url: Url = DEFAULT_URL, token: Token = "") -> None:
    """The most recent API requests, newest first."""
    _do(url, token, "requests", limit)


@snapshot_cli.command("save")
def snapshot_save(name: str, url: Url = DEFAULT_URL, token: Token = "") -> None:
    _do(url, token, "save_snapshot", name)


@snapshot_cli.command("restore")
def snapshot_restore(name: str, url: Url = DEFAULT_URL, token: Token = "") -> None:
    _do(url, token, "restore_snapshot", name)


@snapshot_cli.command("list")
def snapshot_list(url: Url = DEFAULT_URL, token: Token = "") -> None:
    _do(url, token, "snapshots")


@snapshot_cli.command("delete")
def snapshot_delete(name: str, url: Url = DEFAULT_URL, token: Token = "") -> None:
    _do(url, token, "delete_snapshot", name)


@clock_cli.command("show")
def clock_show(url: Url = DEFAULT_URL, token: Token = "") -> None:
    _do(url, token, "clock")


@clock_cli.command("freeze")
def clock_freeze(at: str | None = None, url: Url = DEFAULT_URL, token: Token = "") -> None:
    _do(url, token, "freeze_clock", at)


@clock_cli.command("unfreeze")
def clock_unfreeze(url: Url = DEFAULT_URL, token: Token = "") -> None:
    _do(url, token, "unfreeze_clock")


@clock_cli.command("set")
def clock_set(at: str, url: Url = DEFAULT_URL, token: Token = "") -> None:
    _do(url, token, "set_clock", at)


@clock_cli.command("advance")
def clock_advance(seconds: float, url: Url = DEFAULT_URL, token: Token = "") -> None:
    _do(url, token, "advance_clock", seconds)


@clock_cli.command("real")
def clock_real(url: Url = DEFAULT_URL, token: Token = "") -> None:
    _do(url, token, "real_clock")


@jobs_cli.command("policy")
def jobs_policy(
    policy: Annotated[str | None, typer.Argument(help="immediate | manual | after_seconds")] = None,
    seconds: float = 0,
    url: Url = DEFAULT_URL,
    token: Token = "",
) -> None:
    """Show the job policy, or set it."""
    if policy is None:
        _do(url, token, "job_policy")
    else:
        _do(url, token, "set_job_policy", policy, seconds)


@jobs_cli.command("hold")
def jobs_hold(job_id: str, url: Url = DEFAULT_URL, token: Token = "") -> None:
    _do(url, token, "hold_job", job_id)


@jobs_cli.command("release")
def jobs_release(job_id: str, url: Url = DEFAULT_URL, token: Token = "") -> None:
    _do(url, token, "release_job", job_id)


@jobs_cli.command("advance")
def jobs_advance(job_id: str, numbers: int | None = None, url: Url = DEFAULT_URL, token: Token = "") -> None:
    _do(url, token, "advance_job", job_id, numbers)


@jobs_cli.command("fail")
def jobs_fail(job_id: str, url: Url = DEFAULT_URL, token: Token = "") -> None:
    _do(url, token, "fail_job", job_id)


@faults_cli.command("add")
def faults_add(file: str, url: Url = DEFAULT_URL, token: Token = "") -> None:
    """Add the rules of a JSON file (`{"rules": [...]}`)."""
    with open(file, encoding="utf-8") as f:
        document = json.load(f)
    rules = document.get("rules", []) if isinstance(document, dict) else document
    _do(url, token, "add_faults", *rules)


@faults_cli.command("list")
def faults_list(url: Url = DEFAULT_URL, token: Token = "") -> None:
    _do(url, token, "faults")


@faults_cli.command("clear")
def faults_clear(url: Url = DEFAULT_URL, token: Token = "") -> None:
    _do(url, token, "clear_faults")
