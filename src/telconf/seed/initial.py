"""What a server starts with: a seed file and/or the demo inventory, loaded into an empty database."""

from __future__ import annotations

import io
import json

from ..demo import demo_seed
from ..store import Store
from .loader import load_seed


async def load_initial(store: Store, seed: str | None, demo: bool) -> list[str]:
    """Loads the seed file and the demo inventory when the database is empty; returns what it did.
    Raises SeedError for a bad seed, having loaded nothing of it."""
    if not (seed or demo):
        return []
    if await store.db.fetchone("SELECT 1 FROM organizations LIMIT 1") is not None:
        return ["the database already holds data; the seed was not loaded again"]
    done = []
    if seed:
        with open(seed, encoding="utf-8") as f:
            summary = await load_seed(store, f)
        done.append(f"loaded seed {seed}: {summary.counts}")
    if demo:
        await load_seed(store, io.StringIO(json.dumps(demo_seed())))
    return done
