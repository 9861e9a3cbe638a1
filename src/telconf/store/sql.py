"""The small SQL helpers every store shares: a filter builder and a LIKE escaper.

Statements are written once with `?` placeholders on both engines (PostgreSQL's are rewritten to
`$n` by `db.py`), so a clause built here runs unchanged on either."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The escape clause that goes with `like_escape`. A lone backslash on both engines (PostgreSQL
# with standard_conforming_strings, its default).
LIKE_ESCAPE = "ESCAPE '\\'"


@dataclass
class Where:
    """Conditions ANDed together, with their arguments in placeholder order."""

    clauses: list[str] = field(default_factory=list)
    args: list[Any] = field(default_factory=list)

    def add(self, clause: str, *args: Any) -> Where:
        self.clauses.append(clause)
        self.args.extend(args)
        return self

    def sql(self) -> str:
        return " AND ".join(self.clauses)


def like_escape(value: str) -> str:
    """Make `value` match literally inside a LIKE pattern (with `LIKE_ESCAPE`)."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
