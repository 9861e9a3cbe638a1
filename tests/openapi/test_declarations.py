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


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: f"{op.method} {op.path}")
def test_each_path_parameter_is_declared_in_order(op: Operation) -> None:
    """The document describes every parameter of the path (a parent's id and an id, at most)."""
    assert [p["name"] for p in op.params if p["in"] == "path"] == list(op.path_names)


def test_a_call_gets_the_last_path_parameter_as_its_id_and_the_one_before_as_its_parent() -> None:
    two = next(op for op in OPERATIONS if op.path.endswith("{autoresp_cfg_id}"))
    assert (two.parent_name, two.id_name) == ("profile_id", "autoresp_cfg_id")
    one = next(op for op in OPERATIONS if op.path == "/messaging_profiles/{id}")
    assert (one.parent_name, one.id_name) == (None, "id")
    with pytest.raises(ValueError, match="at most two path parameters"):
        Operation("GET", "/a/{x}/b/{y}/c/{z}", "", "three", "", "", object, two.call, two.response)
