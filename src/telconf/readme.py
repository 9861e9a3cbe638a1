"""README.md's generated sections: the text between `<!-- begin: NAME -->` and `<!-- end: NAME -->`
is written from the code it documents, so it cannot drift (a test compares, this module rewrites).

    python -m telconf.readme [README.md]          # rewrite every generated section
    python -m telconf.readme --check [README.md]  # exit 1 if any section is stale
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from . import api, settings

# Section name -> the function that writes its body.
SECTIONS: dict[str, Callable[[], str]] = {
    "settings": settings.markdown_table,
    "calls": api.markdown_table,
}


def _bounds(text: str, name: str) -> tuple[int, int]:
    begin, end = f"<!-- begin: {name} -->", f"<!-- end: {name} -->"
    if text.count(begin) != 1 or text.count(end) != 1:
        raise ValueError(f"README needs exactly one {begin} and one {end}")
    start = text.index(begin) + len(begin)
    stop = text.index(end)
    if stop < start:
        raise ValueError(f"{end} comes before {begin}")
    return start, stop


def section(text: str, name: str) -> str:
    """The body between a section's markers, as it stands."""
    start, stop = _bounds(text, name)
    return text[start:stop].strip("\n") + "\n"


def replace_section(text: str, name: str, body: str) -> str:
    """`text` with the body between the markers of section `name` replaced by `body`."""
    start, stop = _bounds(text, name)
    return text[:start] + "\n" + body.strip("\n") + "\n" + text[stop:]


def generate(text: str) -> str:
    """`text` with every generated section written afresh."""
    for name, write in SECTIONS.items():
        text = replace_section(text, name, write())
    return text


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [arg for arg in argv if arg != "--check"] or ["README.md"]
    stale = []
    for path in map(Path, paths):
        text = path.read_text(encoding="utf-8")
        fresh = generate(text)
        if fresh != text:
            stale.append(str(path))
            if not check:
                path.write_text(fresh, encoding="utf-8")
    verb = "stale" if check else "rewritten"
    for name in stale:
        print(f"{name}: {verb}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
