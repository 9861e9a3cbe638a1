"""The pytest plugin as a user meets it: the README's test file, run by pytest in a fresh directory,
with the server as a process and in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "test_with_telconf.py"

pytest_plugins = ["pytester"]


def test_the_readme_shows_the_example_file_as_it_is() -> None:
    assert EXAMPLE.read_text() in (ROOT / "README.md").read_text()


@pytest.mark.parametrize("mode", ["socket", "in_process"])
def test_the_example_passes_against_a_fresh_telconf(pytester: pytest.Pytester, mode: str) -> None:
    pytester.makepyfile(test_with_telconf=EXAMPLE.read_text())
    result = pytester.runpytest_subprocess(f"--telconf-mode={mode}", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=6)


def test_a_failing_user_test_fails(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_wrong="""
def test_wrong(telnyx_client):
    assert telnyx_client.phone_numbers.list(filter={"tag": "no-such-tag"}).data != []
"""
    )
    result = pytester.runpytest_subprocess("--telconf-mode=in_process", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
