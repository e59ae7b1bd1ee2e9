"""Progress of the long stages of a build or validation, on a terminal.

A stage that counts its steps (articles loaded, articles mapped, shapes
checked…) shows, on stderr, how many are done of how many, the rate and the
time left::

    mapping  412 of 1000 articles |███▋     | 121.30 articles/s, 00:03 elapsed, 00:04 left

The line appears only when

- both stdout and stderr are terminals: a report piped or redirected to a
  file (``claimgraph validate … > report.txt``), CI logs and tests stay clean;
- the stage has run longer than :data:`DEFAULT_DELAY` seconds (2): a small
  corpus shows nothing; the environment variable ``CLAIMGRAPH_PROGRESS_DELAY``
  changes it (``0`` shows every stage at once: the tests use it);
- the command was not given ``--quiet`` (which runs it inside :func:`quiet`).

Drawing is tqdm's. A finished stage leaves its last line (how long it took);
one that never showed leaves nothing.

The API, for any stage of the pipeline:

``tracked(items, "mapping")``
    iterate over ``items`` (a sized collection, or give ``total=``) while
    counting them; the smallest change to an existing loop::

        for article in tracked(corpus.articles, "mapping"):
            ...

``with progress("validating", total, unit="shapes") as advance:``
    for steps that are not one loop: call ``advance()`` after each step
    (``advance(n)`` after n of them). ``total`` may be ``None`` when unknown:
    then the count and the rate show, without the time left.

``with quiet():``
    nothing shows inside it (``quiet(False)`` changes nothing), in this thread
    and the tasks it starts; the command line's ``--quiet``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol, TypeVar

from tqdm import tqdm

T = TypeVar("T")

DEFAULT_DELAY = 2.0
DELAY_VARIABLE = "CLAIMGRAPH_PROGRESS_DELAY"
BAR_FORMAT = (
    "{desc}  {n_fmt} of {total_fmt}{unit} |{bar}| {rate_noinv_fmt}, "
    "{elapsed} elapsed, {remaining} left"
)
# Without a total: no bar, no time left.
COUNT_FORMAT = "{desc}  {n_fmt}{unit} | {rate_noinv_fmt}, {elapsed} elapsed"


class Advance(Protocol):
    """What :func:`progress` gives its block: call it after each step."""

    def __call__(self, steps: int = 1) -> None: ...


_quiet: ContextVar[bool] = ContextVar("claimgraph_progress_quiet", default=False)


@contextmanager
def quiet(enabled: bool = True) -> Iterator[None]:
    """Show no progress inside this block (when ``enabled``)."""
    token = _quiet.set(enabled or _quiet.get())
    try:
        yield
    finally:
        _quiet.reset(token)


def _is_terminal(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):  # missing or closed
        return False


def shows() -> bool:
    """Whether a stage that runs long enough would show its progress here."""
    return not _quiet.get() and _is_terminal(sys.stdout) and _is_terminal(sys.stderr)


def delay() -> float:
    """Seconds a stage runs before its progress shows (``CLAIMGRAPH_PROGRESS_DELAY``)."""
    value = os.environ.get(DELAY_VARIABLE, "")
    try:
        seconds = float(value)
    except ValueError:
        return DEFAULT_DELAY
    return seconds if seconds >= 0 else DEFAULT_DELAY


def _options(stage: str, total: int | None, unit: str) -> dict[str, Any]:
    """tqdm's settings for a stage."""
    return {
        "desc": stage,
        "total": total,
        "unit": f" {unit}",
        "bar_format": BAR_FORMAT if total is not None else COUNT_FORMAT,
        "file": sys.stderr,
        "disable": not shows() or total == 0,  # a stage with nothing to do shows nothing
        "delay": delay(),
        "leave": True,
        "dynamic_ncols": True,
    }


@contextmanager
def progress(stage: str, total: int | None, *, unit: str = "articles") -> Iterator[Advance]:
    """Show the progress of ``stage``, ``total`` steps (``None``: unknown; 0:
    nothing is shown); the block calls the function it is given after each step
    (with how many, 1 by default)."""
    bar: tqdm[None] = tqdm(**_options(stage, total, unit))
    try:
        yield _advancer(bar)
    finally:
        bar.close()


def _advancer(bar: tqdm[None]) -> Advance:
    def advance(steps: int = 1) -> None:
        bar.update(steps)

    return advance


def tracked(
    items: Iterable[T], stage: str, *, total: int | None = None, unit: str = "articles"
) -> Iterable[T]:
    """``items``, counted as they are iterated over as the steps of ``stage``;
    ``total`` defaults to ``len(items)``."""
    if total is None and isinstance(items, Collection):
        total = len(items)
    return tqdm(items, **_options(stage, total, unit))
