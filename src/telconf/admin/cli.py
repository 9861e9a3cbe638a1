"""`telconf admin ...`: the admin API's operations against a running server."""

from __future__ import annotations

import json
from typing import Annotated, Any, NoReturn

import httpx
import typer

from ..settings import option
from ..worker.policy import JobPolicy
from .client import AdminClient, AdminError

admin_cli = typer.Typer(no_args_is_help=True, help="Control a running server (TELCONF_ADMIN_TOKEN).")
snapshot_cli = typer.Typer(no_args_is_help=True, help="Named snapshots of all data.")
clock_cli = typer.Typer(no_args_is_help=True, help="The server's clock.")
jobs_cli = typer.Typer(no_args_is_help=True, help="Job policy and control of single jobs.")
faults_cli = typer.Typer(no_args_is_help=True, help="Fault rules.")
messages_cli = typer.Typer(no_args_is_help=True, help="Inbound messages, message steps and outcomes.")
admin_cli.add_typer(snapshot_cli, name="snapshot")
admin_cli.add_typer(clock_cli, name="clock")
admin_cli.add_typer(jobs_cli, name="jobs")
admin_cli.add_typer(faults_cli, name="faults")
admin_cli.add_typer(messages_cli, name="messages")

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
SnapshotName = Annotated[str, typer.Argument(help="The snapshot's name.")]
JobId = Annotated[str, typer.Argument(help="The job's id.")]
ClockTime = Annotated[str, typer.Argument(help="ISO 8601 time, e.g. 2030-01-01T00:00:00Z.")]


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def _do(url: str, token: str, call: str, *args: Any, **kwargs: Any) -> None:
    """One admin call, its answer printed as JSON; every failure one line on stderr."""
    if not token:
        _fail(
            "no admin token: set TELCONF_ADMIN_TOKEN (or --token) to the token the server was started with "
            "(telconf serve --admin-token TOKEN, or --admin-token auto, which prints one)"
        )
    client = AdminClient(url, token)
    try:
        result = getattr(client, call)(*args, **kwargs)
    except AdminError as exc:
        _fail(str(exc))
    except httpx.HTTPError as exc:
        _fail(
            f"no telconf answers at {url} ({exc or type(exc).__name__}): start one (telconf serve "
            "--admin-token ...) or give its root URL with --url (TELCONF_URL)"
        )
    finally:
        client.close()
    typer.echo(json.dumps(result, indent=2))


def _read_json(file: str) -> Any:
    """A JSON file given on the command line; one line when it is missing or not JSON."""
    try:
        with open(file, encoding="utf-8") as f:
            return json.load(f)
    except OSError as exc:
        _fail(f"cannot read {file}: {exc.strerror or exc}")
    except ValueError as exc:
        _fail(f"{file} is not JSON: {exc}")


@admin_cli.command()
def reset(url: Url = DEFAULT_URL, token: Token = "") -> None:
    """Back to the start state: data, clock, fault rules, journal."""
    _do(url, token, "reset")


@admin_cli.command()
def seed(
    file: Annotated[str, typer.Argument(help="Seed file (JSON, as `telconf seed` takes).")],
    baseline: Annotated[bool, typer.Option(help="Reset returns to the result.")] = False,
    url: Url = DEFAULT_URL,
    token: Token = "",
) -> None:
    """Load a seed file into the running server (--baseline: reset returns to the result)."""
    document = _read_json(file)
    if not isinstance(document, dict):
        _fail(f'{file} must hold a seed object ({{"organizations": [...]}})')
    _do(url, token, "seed", document, baseline=baseline)


@admin_cli.command()
def orgs(url: Url = DEFAULT_URL, token: Token = "") -> None:
    """Every organisation, with the public key that verifies its webhooks."""
    _do(url, token, "orgs")


@admin_cli.command()
def requests(
    limit: Annotated[int, typer.Option(help="How many requests to show.", min=1)] = 50,
    url: Url = DEFAULT_URL,
    token: Token = "",
) -> None:
    """The most recent API requests, newest first."""
    _do(url, token, "requests", limit)


@snapshot_cli.command("save")
def snapshot_save(name: SnapshotName, url: Url = DEFAULT_URL, token: Token = "") -> None:
    """Save all data under a name (`baseline`: reset returns to it)."""
    _do(url, token, "save_snapshot", name)


@snapshot_cli.command("restore")
def snapshot_restore(name: SnapshotName, url: Url = DEFAULT_URL, token: Token = "") -> None:
    """Bring back all data as a snapshot holds it."""
    _do(url, token, "restore_snapshot", name)


@snapshot_cli.command("list")
def snapshot_list(url: Url = DEFAULT_URL, token: Token = "") -> None:
    """The saved snapshots."""
    _do(url, token, "snapshots")


@snapshot_cli.command("delete")
def snapshot_delete(name: SnapshotName, url: Url = DEFAULT_URL, token: Token = "") -> None:
    """Delete a snapshot."""
    _do(url, token, "delete_snapshot", name)


@clock_cli.command("show")
def clock_show(url: Url = DEFAULT_URL, token: Token = "") -> None:
    """The server's time and whether it is frozen."""
    _do(url, token, "clock")


@clock_cli.command("freeze")
def clock_freeze(
    at: Annotated[str | None, typer.Option(help="Freeze at this ISO 8601 time (default: now).")] = None,
    url: Url = DEFAULT_URL,
    token: Token = "",
) -> None:
    """Stop the server's clock."""
    _do(url, token, "freeze_clock", at)


@clock_cli.command("unfreeze")
def clock_unfreeze(url: Url = DEFAULT_URL, token: Token = "") -> None:
    """Let the clock run on from where it stands."""
    _do(url, token, "unfreeze_clock")


@clock_cli.command("set")
def clock_set(at: ClockTime, url: Url = DEFAULT_URL, token: Token = "") -> None:
    """Move the clock to a time."""
    _do(url, token, "set_clock", at)


@clock_cli.command("advance")
def clock_advance(
    seconds: Annotated[float, typer.Argument(help="Seconds to move the clock forward.")],
    url: Url = DEFAULT_URL,
    token: Token = "",
) -> None:
    """Move the clock forward."""
    _do(url, token, "advance_clock", seconds)


@clock_cli.command("real")
def clock_real(url: Url = DEFAULT_URL, token: Token = "") -> None:
    """Back to real time."""
    _do(url, token, "real_clock")


@jobs_cli.command("policy")
def jobs_policy(
    policy: Annotated[
        str | None, typer.Argument(help="immediate | manual | after_seconds:N (or after_seconds with --seconds N)")
    ] = None,
    seconds: Annotated[float, typer.Option(help="The delay of after_seconds.", min=0)] = 0,
    url: Url = DEFAULT_URL,
    token: Token = "",
) -> None:
    """Show the job policy, or set it (the forms `telconf serve --job-policy` takes)."""
    if policy is None:
        _do(url, token, "job_policy")
        return
    try:
        parsed = JobPolicy.parse(f"after_seconds:{seconds:g}" if policy.strip() == "after_seconds" else policy)
    except ValueError as exc:
        _fail(str(exc))
    _do(url, token, "set_job_policy", parsed.kind, parsed.seconds)


@jobs_cli.command("hold")
def jobs_hold(job_id: JobId, url: Url = DEFAULT_URL, token: Token = "") -> None:
    """Keep a job from running until it is released."""
    _do(url, token, "hold_job", job_id)


@jobs_cli.command("release")
def jobs_release(job_id: JobId, url: Url = DEFAULT_URL, token: Token = "") -> None:
    """Let a held job run."""
    _do(url, token, "release_job", job_id)


@jobs_cli.command("advance")
def jobs_advance(
    job_id: JobId,
    numbers: Annotated[int | None, typer.Option(help="Process this many numbers (default: all).", min=1)] = None,
    url: Url = DEFAULT_URL,
    token: Token = "",
) -> None:
    """Process a job's numbers now: all of them, or the next N."""
    _do(url, token, "advance_job", job_id, numbers)


@jobs_cli.command("fail")
def jobs_fail(job_id: JobId, url: Url = DEFAULT_URL, token: Token = "") -> None:
    """End a job as failed."""
    _do(url, token, "fail_job", job_id)


@faults_cli.command("add")
def faults_add(
    file: Annotated[str, typer.Argument(help='JSON file: {"rules": [...]} (README.md, Fault injection).')],
    url: Url = DEFAULT_URL,
    token: Token = "",
) -> None:
    """Add the rules of a JSON file (`{"rules": [...]}`)."""
    document = _read_json(file)
    rules = document.get("rules", []) if isinstance(document, dict) else document
    _do(url, token, "add_faults", *rules)


@faults_cli.command("list")
def faults_list(url: Url = DEFAULT_URL, token: Token = "") -> None:
    """The fault rules in force."""
    _do(url, token, "faults")


@faults_cli.command("clear")
def faults_clear(url: Url = DEFAULT_URL, token: Token = "") -> None:
    """Remove every fault rule."""
    _do(url, token, "clear_faults")


@messages_cli.command("inbound")
def messages_inbound(
    from_: Annotated[str, typer.Option("--from", help="The sending handset's number (+E.164).")],
    to: Annotated[str, typer.Option("--to", help="The organisation's number or short code that receives it.")],
    text: Annotated[str | None, typer.Option(help="The message's text.")] = None,
    media_url: Annotated[list[str] | None, typer.Option("--media-url", help="A media URL (MMS); repeatable.")] = None,
    url: Url = DEFAULT_URL,
    token: Token = "",
) -> None:
    """Deliver a message as a handset would: message.received goes to the number's profile webhooks."""
    _do(url, token, "inbound", from_, to, text, media_urls=media_url or None)


@messages_cli.command("advance")
def messages_advance(message_id: Annotated[str, typer.Argument(help="The message's id.")], url: Url = DEFAULT_URL,
                     token: Token = "") -> None:  # fmt: skip
    """Move a message one step on (queued, sending, sent, its final status)."""
    _do(url, token, "advance_message", message_id)


@messages_cli.command("outcomes")
def messages_outcomes(url: Url = DEFAULT_URL, token: Token = "") -> None:
    """The outcome rules in force and the test destinations."""
    _do(url, token, "message_outcomes")


@messages_cli.command("outcome")
def messages_outcome(
    phone_number: Annotated[str, typer.Argument(help="The destination number (+E.164).")],
    outcome: Annotated[
        str,
        typer.Argument(
            help="delivered, delivery_failed, delivery_unconfirmed, sending_failed, "
            "expired, or none to remove the rule."
        ),
    ],  # fmt: skip
    url: Url = DEFAULT_URL,
    token: Token = "",
) -> None:
    """Make every message to a number end this way."""
    _do(url, token, "set_message_outcome", phone_number, None if outcome == "none" else outcome)
