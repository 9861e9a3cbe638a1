"""A first run without tracebacks: every mistake on a `telconf` command line ends in one line on
stderr (`error: ...`, what was wrong and what to do) and a non-zero exit status, and `serve` finds
each mistake before it says "serving on"."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .support import POSTGRES_ENV, free_port


def telconf(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`telconf ARGS` with no TELCONF_* variables of the caller's, plus `env`."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TELCONF_")}
    return subprocess.run(
        [sys.executable, "-m", "telconf", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**clean, **env},
    )


def error_line(result: subprocess.CompletedProcess[str], *fragments: str, status: int = 1) -> str:
    """The one `error: ...` line a refused command printed (after any warnings), checked."""
    assert result.returncode == status, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert "serving on" not in result.stdout
    lines = [line for line in result.stderr.splitlines() if not line.startswith("telconf: warning: ")]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "telconf.db")


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port something else listens on."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield int(listener.getsockname()[1])


def test_a_missing_seed_file(db: str) -> None:
    error_line(telconf("seed", "/no/such/seed.json", "--database", db), "/no/such/seed.json", "does not exist")
    error_line(telconf("serve", "--seed", "/no/such/seed.json", "--database", db), "--seed")


def test_a_postgresql_server_that_refuses_the_connection() -> None:
    port = free_port()  # nothing listens there
    url = f"postgresql://postgres@127.0.0.1:{port}/telconf"
    error_line(telconf("migrate", "--database", url), f"cannot connect to PostgreSQL at 127.0.0.1:{port}")
    error_line(telconf("serve", "--database", url, "--port", str(free_port())), "is the server running?")


@pytest.mark.skipif(not os.environ.get(POSTGRES_ENV), reason=f"{POSTGRES_ENV} is not set")
def test_a_postgresql_database_that_does_not_exist() -> None:
    url = os.environ[POSTGRES_ENV].rsplit("/", 1)[0] + "/telconf_no_such_database"
    error_line(telconf("migrate", "--database", url), "'telconf_no_such_database' does not exist", "createdb")


def test_an_sqlite_path_whose_folder_does_not_exist(tmp_path: Path) -> None:
    path = str(tmp_path / "no-such-folder" / "telconf.db")
    error_line(telconf("migrate", "--database", path), "the folder", "does not exist")
    error_line(telconf("orgs", "list", "--database", path), "the folder")


def test_a_database_telconf_does_not_speak() -> None:
    error_line(
        telconf("migrate", "--database", "mysql://root@127.0.0.1/telconf"), "cannot use mysql://", "postgresql://"
    )


def test_admin_without_a_token_or_without_a_server() -> None:
    error_line(telconf("admin", "reset"), "no admin token", "TELCONF_ADMIN_TOKEN")
    url = f"http://127.0.0.1:{free_port()}"
    result = telconf("admin", "clock", "show", "--url", url, TELCONF_ADMIN_TOKEN="t" * 20)
    error_line(result, f"no telconf answers at {url}")


def test_admin_files_that_are_missing_or_not_json(tmp_path: Path) -> None:
    bad = tmp_path / "rules.json"
    bad.write_text("{not json")
    token = {"TELCONF_ADMIN_TOKEN": "t" * 20}
    error_line(telconf("admin", "faults", "add", "/no/such/rules.json", **token), "cannot read /no/such/rules.json")
    error_line(telconf("admin", "faults", "add", str(bad), **token), "is not JSON")
    error_line(telconf("admin", "seed", "/no/such/seed.json", **token), "cannot read")


def test_a_bad_log_level(db: str) -> None:
    error_line(telconf("serve", "--log-level", "loud", "--database", db), "'loud'", "debug")


def test_a_port_in_use(db: str, busy_port: int) -> None:
    error_line(telconf("serve", "--port", str(busy_port), "--database", db), f":{busy_port}", "choose another --port")


@pytest.mark.parametrize("port", ["99999", "0", "http"])
def test_a_port_that_is_no_port(db: str, port: str) -> None:
    error_line(telconf("serve", "--port", port, "--database", db), "--port", "telconf serve --help", status=2)


def test_usage_mistakes_are_one_line(db: str) -> None:
    error_line(telconf("serve", "--no-such-flag"), "--no-such-flag", status=2)
    error_line(telconf("keys", "create", "--database", db), "--org", status=2)
    assert telconf("orgs").returncode == 0  # a group alone shows its help


@pytest.mark.parametrize("name", ["", "   "])
def test_an_empty_organisation_name_is_refused(db: str, name: str) -> None:
    error_line(telconf("orgs", "create", name, "--database", db), "non-empty")
    assert telconf("orgs", "list", "--database", db).stdout == ""


def test_serve_checks_rate_limits_faults_and_redis_first(db: str, tmp_path: Path) -> None:
    port = str(free_port())
    error_line(telconf("serve", "--rate-limit", "5/fortnight", "--database", db, "--port", port), "'5/fortnight'")
    error_line(telconf("serve", "--route-rate-limit", "GET /x", "--database", db, "--port", port), "'GET /x'")
    error_line(telconf("serve", "--faults", "/no/such/faults.json", "--database", db, "--port", port), "--faults")
    faults = tmp_path / "faults.json"
    faults.write_text(json.dumps({"rules": [{"path": "/phone_numbers", "status": 200}]}))
    error_line(telconf("serve", "--faults", str(faults), "--database", db, "--port", port), "rules[0]/status")
    faults.write_text("[")
    error_line(telconf("serve", "--faults", str(faults), "--database", db, "--port", port), str(faults))
    redis = f"redis://127.0.0.1:{free_port()}/0"
    error_line(
        telconf("serve", "--rate-limit", "5/s", "--redis", redis, "--database", db, "--port", port),
        f"cannot reach Redis at {redis}",
    )
    error_line(telconf("serve", "--job-policy", "later", "--database", db, "--port", port), "job policy")
    retries = telconf("serve", "--webhook-retry-seconds", "5", "--database", db, "--port", port)
    error_line(retries, "--webhook-retry-seconds '5'")


def test_ignored_settings_are_warned_about(db: str, busy_port: int) -> None:
    result = telconf(
        "serve",
        "--route-rate-limit",
        "GET /phone_number/{id}=5/s",
        "--route-rate-limit",
        "PATCH /phone_numbers/{id}=5/s",
        "--port",
        str(busy_port),  # stops the start once the settings are checked
        "--database",
        db,
    )
    error_line(result, "cannot listen")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("telconf: warning: ")]
    assert len(warnings) == 1 and "GET /phone_number/{id}" in warnings[0], result.stderr
    alone = telconf("serve", "--redis", "redis://127.0.0.1:6379/0", "--port", str(busy_port), "--database", db)
    assert "telconf: warning: --redis is ignored" in alone.stderr


def test_every_command_and_option_has_help() -> None:
    import typer.main

    from telconf.cli import cli

    missing = []

    def walk(command: object, path: str) -> None:
        if not (getattr(command, "help", None) or "").strip():
            missing.append(path)
        for param in getattr(command, "params", []):
            if param.name != "help" and not (getattr(param, "help", None) or "").strip():
                missing.append(f"{path} {param.name}")
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(typer.main.get_command(cli), "telconf")
    assert missing == []


def test_the_demo_script_installs_only_what_serving_needs_and_offers_the_admin_api() -> None:
    root = Path(__file__).resolve().parents[1]
    script = (root / "scripts" / "serve-demo").read_text()
    assert "pip install --quiet ." in script and "[test]" not in script
    commands = [line.strip() for line in script.splitlines() if not line.lstrip().startswith("#")]
    assert not any(line.startswith(("scripts/bootstrap", "npm")) for line in commands)
    assert "--admin-token auto" in script
    readme = (root / "README.md").read_text()
    assert 'pip install "git+URL"' in readme and "pip install ./telconf" in readme and "--admin-token auto" in readme


def test_serve_checks_the_message_price_table_first(db: str, tmp_path: Path) -> None:
    port = str(free_port())
    prices = tmp_path / "prices.json"
    for text, fragment in (
        ("{", "is not JSON"),
        ('{"USA": {"SMS": {"rate": "1", "carrier_fee": "0"}, "MMS": {"rate": "1", "carrier_fee": "0"}}}', "'USA'"),
        ('{"US": {"SMS": {"rate": "1", "carrier_fee": "0"}}}', "exactly SMS and MMS"),
        (
            '{"US": {"SMS": {"rate": "-1", "carrier_fee": "0"}, "MMS": {"rate": "1", "carrier_fee": "0"}}}',
            "US.SMS.rate",
        ),
    ):
        prices.write_text(text)
        error_line(telconf("serve", "--message-prices", str(prices), "--database", db, "--port", port), fragment)
    error_line(telconf("serve", "--message-prices", "/no/such.json", "--database", db, "--port", port), "/no/such.json")
