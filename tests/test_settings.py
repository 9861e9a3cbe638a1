"""The settings table: variables, flags and README.md's table all come from `Settings`' fields."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from telconf import readme
from telconf.cli import cli, settings_command
from telconf.settings import Settings, markdown_table, options

README = Path(__file__).parent.parent / "README.md"


def parsed(*args: str, env: dict[str, str] | None = None) -> Settings:
    """The Settings `telconf serve`'s flags give, through the same Typer construction."""
    seen: list[Settings] = []

    def record(settings: Settings) -> None:
        seen.append(settings)

    app = typer.Typer()
    app.command()(settings_command(record))
    app.command("other")(lambda: None)  # two commands: the first is named, as `serve` is
    unset: dict[str, str | None] = {option.env: None for _, option in options()}  # the caller's own
    result = CliRunner().invoke(app, ["record", *args], env={**unset, **(env or {})})
    assert result.exit_code == 0, result.output
    return seen[0]


def test_the_readme_table_is_current() -> None:
    """Stale? Run `python -m telconf.readme` (it rewrites every generated section)."""
    assert readme.section(README.read_text(encoding="utf-8"), "settings") == markdown_table()


def test_every_setting_is_a_flag_with_its_variable() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"], env={"COLUMNS": "300"})
    for _, option in options():
        assert option.flag in result.output and option.env in result.output


def test_defaults_and_the_environment_round_trip() -> None:
    assert parsed() == Settings() == Settings.from_env({})
    changed = Settings(
        port=5000, demo=True, run_jobs=False, admin_token="t", route_rate_limits=("GET /a=1/s", "* /b/{id}=2/s")
    )
    assert Settings.from_env(changed.to_env()) == changed


def test_flags_and_variables_give_the_same_settings() -> None:
    flags = parsed(
        "--port", "5000", "--demo", "--no-worker", "--workers", "3",
        "--route-rate-limit", "GET /a=1/s", "--route-rate-limit", "* /b/{id}=2/s",
    )  # fmt: skip
    env = {
        "TELCONF_PORT": "5000",
        "TELCONF_DEMO": "true",
        "TELCONF_NO_WORKER": "1",
        "TELCONF_WORKERS": "3",
        "TELCONF_ROUTE_RATE_LIMITS": "GET /a=1/s;* /b/{id}=2/s;",
    }
    assert flags == parsed(env=env) == Settings.from_env(env)
    assert flags.route_rate_limits == ("GET /a=1/s", "* /b/{id}=2/s") and not flags.run_jobs
    assert parsed("--route-rate-limit", "GET /c=3/s", env=env).route_rate_limits == ("GET /c=3/s",)  # the flag wins


@pytest.mark.parametrize("workers", ["0", "65"])
def test_workers_are_bounded(workers: str) -> None:
    result = CliRunner().invoke(cli, ["serve", "--workers", workers])
    assert result.exit_code == 2


def test_replace_section_keeps_the_rest() -> None:
    text = "a\n<!-- begin: x -->\nold\n<!-- end: x -->\nb\n"
    assert readme.replace_section(text, "x", "new") == "a\n<!-- begin: x -->\nnew\n<!-- end: x -->\nb\n"
    with pytest.raises(ValueError):
        readme.replace_section("no markers", "x", "new")
