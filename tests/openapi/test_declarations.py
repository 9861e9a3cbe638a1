"""The operations' declarations name real SDK methods, and the README's table of calls is the one
generated from them."""

from __future__ import annotations

from pathlib import Path

import pytest
import telnyx

from telconf import readme
from telconf.api import OPERATIONS, markdown_table
from telconf.http.operation import Operation

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.parametrize("op", [op for op in OPERATIONS if op.sdk], ids=lambda op: f"{op.method} {op.path}")
def test_each_operation_names_a_method_of_the_python_sdk(op: Operation) -> None:
    target: object = telnyx.Telnyx(api_key="KEY", base_url="http://127.0.0.1:9/v2")
    for name in op.sdk.split("."):
        target = getattr(target, name)
    assert callable(target)


def test_each_sdk_method_is_declared_once_per_path() -> None:
    pairs = [(op.sdk, op.path) for op in OPERATIONS]
    assert len(pairs) == len(set(pairs))
    assert len({(op.method, op.path) for op in OPERATIONS}) == len(OPERATIONS)


def test_only_files_go_without_an_sdk_method() -> None:
    """An operation with no SDK method is a file a record links to (a CSV download's `url`)."""
    assert all(op.produces != "application/json" for op in OPERATIONS if not op.sdk)


def test_the_readme_table_of_calls_is_current() -> None:
    """Stale? Run `python -m telconf.readme` (it rewrites every generated section)."""
    assert readme.section(README.read_text(encoding="utf-8"), "calls") == markdown_table()
