"""The example queries shipped with the endpoint (web/queries/*.rq), shown on
the landing page and preloaded in the query editor."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

QUERIES = Path(__file__).parent / "queries"


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    query: str


@cache
def examples() -> tuple[Example, ...]:
    found = []
    for path in sorted(QUERIES.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        first, _, rest = text.partition("\n")
        title = first.removeprefix("# title:").strip()
        found.append(Example(path.stem, title, rest.strip() + "\n"))
    return tuple(found)
