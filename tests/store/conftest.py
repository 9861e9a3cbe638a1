"""Fixtures of the store's tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..support import POSTGRES_ENV, create_database, drop_database


@pytest.fixture
def pg_url(tmp_path: Path) -> Iterator[str]:
    """A fresh PostgreSQL database, for what only PostgreSQL has (lanes, batched writes)."""
    if not os.environ.get(POSTGRES_ENV):
        pytest.skip(f"{POSTGRES_ENV} is not set")
    database = create_database("postgres", tmp_path)
    yield database
    drop_database(database)
