"""The rings report (tests/rings.py): a run says which rings ran, and a Redis ring without Redis is
skipped with its reason outside CI and runs (to fail) in CI."""

from __future__ import annotations

import pytest

from . import rings

pytest_plugins = ["pytester"]

REDIS_TEST = """
import pytest

@pytest.mark.redis
def test_needs_redis():
    pass
"""


@pytest.fixture
def no_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rings, "redis_answers", lambda: False)


def test_without_redis_the_ring_is_skipped_and_the_run_says_why(
    pytester: pytest.Pytester, no_redis: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv(rings.POSTGRES_ENV, raising=False)
    pytester.makepyfile(test_redis=REDIS_TEST)
    result = pytester.runpytest("-p", "tests.rings", "-p", "no:cacheprovider")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*rings*", "PostgreSQL: SKIPPED: TELCONF_TEST_POSTGRES_URL is not set*"])
    result.stdout.fnmatch_lines(["Redis: SKIPPED: Redis does not answer at 127.0.0.1:6379*"])


def test_in_ci_the_redis_ring_is_not_skipped(
    pytester: pytest.Pytester, no_redis: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    pytester.makepyfile(test_redis=REDIS_TEST)
    result = pytester.runpytest("-p", "tests.rings", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["Redis: ran (1 test)"])
