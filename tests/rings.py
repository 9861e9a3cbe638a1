"""The suite's rings beyond SQLite, and one line per ring at the end of every run saying whether it
ran, and if not, why (a skipped ring must never pass for a green one):

- PostgreSQL: every engine-parametrised test runs on PostgreSQL too when TELCONF_TEST_POSTGRES_URL
  names a server (`engines()` in support.py).
- Node SDK: tests/test_node_sdk.py and tests/testing/test_node_faults.py, when Node 20.11+ is
  installed; skipped without it, failing in CI (CI=true).
- Console browser: tests/console/test_browser*.py drive /usr/bin/chromium through Playwright;
  skipped without it, failing in CI (CI=true) (.ci/run installs it).
- Redis: tests marked `redis` need Redis at 127.0.0.1:6379; skipped when it does not answer,
  except in CI (CI=true), where they run and fail.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable

import pytest

REDIS_ADDRESS = ("127.0.0.1", 6379)
POSTGRES_ENV = "TELCONF_TEST_POSTGRES_URL"
REDIS_SKIPPED = "Redis does not answer at 127.0.0.1:6379 (start redis-server to run the Redis ring)"


def in_ci() -> bool:
    return os.environ.get("CI") == "true"


def redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS_ADDRESS, timeout=1):
            return True
    except OSError:
        return False


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "redis: needs Redis at 127.0.0.1:6379 (skipped without it, except in CI)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    needing = [item for item in items if item.get_closest_marker("redis")]
    if needing and not in_ci() and not redis_answers():
        for item in needing:
            item.add_marker(pytest.mark.skip(reason=REDIS_SKIPPED))


def _in_browser_ring(report: pytest.TestReport) -> bool:
    return any(f"console/{name}.py" in report.nodeid for name in ("test_browser", "test_browser_messaging"))


def _outcomes(reporter: pytest.TerminalReporter, belongs: Callable[[pytest.TestReport], bool]) -> tuple[int, list[str]]:
    """(how many of a ring's tests ran, the reasons its skipped tests gave)."""
    ran, reasons = 0, []
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in reporter.stats.get(outcome, []):
            if not isinstance(report, pytest.TestReport) or not belongs(report):
                continue
            if outcome == "skipped" and isinstance(report.longrepr, tuple):
                reasons.append(str(report.longrepr[2]).removeprefix("Skipped: "))
            elif report.when == "call" or outcome == "error":
                ran += 1
    return ran, reasons


def _ring(name: str, ran: int, reasons: list[str]) -> str:
    if ran:
        counted = f"{name}: ran ({ran} test{'' if ran == 1 else 's'})"
        return counted + (f", {len(reasons)} skipped: {reasons[0]}" if reasons else "")
    if reasons:
        return f"{name}: SKIPPED: {reasons[0]}"
    return f"{name}: not selected"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    lines = []
    if os.environ.get(POSTGRES_ENV):
        lines.append(f"PostgreSQL: ran ({POSTGRES_ENV} is set)")
    else:
        lines.append(
            f"PostgreSQL: SKIPPED: {POSTGRES_ENV} is not set (e.g. postgresql://postgres@127.0.0.1:5432/postgres)"
        )
    lines.append(_ring("Node SDK", *_outcomes(terminalreporter, lambda r: "test_node_" in r.nodeid)))
    lines.append(_ring("Console browser", *_outcomes(terminalreporter, _in_browser_ring)))
    lines.append(_ring("Redis", *_outcomes(terminalreporter, lambda r: "redis" in r.keywords)))
    terminalreporter.write_sep("-", "rings")
    for line in lines:
        terminalreporter.write_line(line)
