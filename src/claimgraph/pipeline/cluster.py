"""``claimgraph build --scheduler ADDRESS``: the mapping of the corpus's batches
and the validation of its parts on the workers of a Dask distributed cluster.

Both stages already go through work that can run in another process (see
:mod:`claimgraph.pipeline.batches` and :mod:`claimgraph.pipeline.parts`): with a
scheduler they are submitted to its workers through the client's
``concurrent.futures`` executor, and Dask redoes the work of a worker that is
lost. The workers read the corpus's files at the same path as this process
(a shared file system: checked when connecting, each worker listing the
folder); the parts' N-Quads are sent to them. Loading the
store, the cluster's results and the dumps stay here, in the output folder.

Dask is imported only when a scheduler is given (the extra ``cluster``).
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import CancelledError, Executor, Future
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from claimgraph import __version__
from claimgraph.errors import ClaimgraphError, quoted

T = TypeVar("T")

# How long the scheduler, and one of its workers, may take to answer.
CONNECT_TIMEOUT = 10.0
# tcp://HOST:PORT, tls://HOST:PORT, or HOST:PORT (tcp); HOST a name, IPv4 or [IPv6]
_ADDRESS = re.compile(
    r"(?:(?:tcp|tls)://)?(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]):\d{1,5}"
)


@dataclass(frozen=True)
class Cluster:
    """The cluster a run submits to: its executor and how many threads its
    workers have (how many parts are sent ahead)."""

    executor: Executor
    threads: int


_current: ContextVar[Cluster | None] = ContextVar("claimgraph_cluster", default=None)


def current() -> Cluster | None:
    """The cluster of this run (see :func:`connected`), or None: run here."""
    return _current.get()


def check_address(address: str) -> str:
    """``address`` if it is a scheduler's address, else an error naming it."""
    if not _ADDRESS.fullmatch(address) or int(address.rsplit(":", 1)[1]) > 65535:
        raise ClaimgraphError(
            f"not a Dask scheduler address: {quoted(address)}",
            hint="give tcp://HOST:PORT (or tls://HOST:PORT), as the scheduler prints it",
        )
    return address


@contextmanager
def connected(address: str | None, corpus: Path | None = None) -> Iterator[None]:
    """Within: the mapping and the validation of the parts run on the workers
    of the Dask scheduler at ``address`` (nothing changes without one); each
    worker must see the folder ``corpus`` as this process does."""
    if not address:
        yield
        return
    check_address(address)
    try:  # imported by name: typed as Any, with or without Dask's own types
        distributed = importlib.import_module("distributed")
    except ImportError:
        raise ClaimgraphError("--scheduler needs Dask: pip install 'claimgraph[cluster]'") from None
    # Each part's N-Quads go with its task (megabytes), on purpose: the
    # scheduler keeps them until it is done, to redo it if its worker is lost
    # (data scattered to a worker would be lost with it).
    dask = importlib.import_module("dask")
    with dask.config.set({"distributed.admin.large-graph-warning-threshold": "4GiB"}):
        yield from _connected(distributed, address, corpus)


def _connected(distributed: Any, address: str, corpus: Path | None) -> Iterator[None]:
    try:
        client = distributed.Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClaimgraphError(
            f"cannot reach the Dask scheduler at {quoted(address)} within "
            f"{CONNECT_TIMEOUT:g} s: {exc}",
            hint="start it (dask scheduler) and its workers, or check the address",
        ) from None
    try:
        try:
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
            versions = client.run(_version)
        except (OSError, TimeoutError) as exc:
            raise ClaimgraphError(
                f"the Dask scheduler at {quoted(address)} has no worker that answers "
                f"within {CONNECT_TIMEOUT:g} s: {exc}",
                hint="start workers: dask worker " + address,
            ) from None
        others = sorted({v for v in versions.values() if v != __version__})
        if others:
            raise ClaimgraphError(
                f"the workers of {quoted(address)} run claimgraph {', '.join(others)}, "
                f"this is {__version__}: the output would not be this version's",
                hint="install the same claimgraph on every worker",
            )
        if corpus is not None:
            _check_sees(client, address, corpus)
        threads = sum(client.nthreads().values()) or 1
        closed = importlib.import_module("distributed.comm.core").CommClosedError
        token = _current.set(Cluster(client.get_executor(), threads))
        try:
            yield
        except (distributed.KilledWorker, CancelledError, closed) as exc:
            raise ClaimgraphError(  # a task that killed its workers, the scheduler lost
                f"the build on the Dask cluster at {quoted(address)} failed: "
                f"{type(exc).__name__}: {exc}",
                hint="nothing was written; see the scheduler's and the workers' logs",
            ) from None
        finally:
            _current.reset(token)
    finally:
        client.close()


def local_cluster(workers: int = 2) -> Any:
    """A Dask LocalCluster of ``workers`` processes of one thread each, on
    loopback, without a dashboard: the one-machine cluster of the tests and of
    bench/cluster.py (its ``scheduler_address`` is what ``--scheduler`` takes)."""
    distributed = importlib.import_module("distributed")
    return distributed.LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )


def _version() -> str:
    return __version__


def _listing(folder: str) -> dict[str, int] | str:
    """The corpus's files in ``folder`` as a worker sees them (names and sizes),
    or why it sees none."""
    try:
        with os.scandir(folder) as entries:
            return {
                entry.name: entry.stat().st_size
                for entry in entries
                if entry.name.endswith((".yaml", ".yml", ".txt")) and entry.is_file()
            }
    except OSError as exc:
        return exc.strerror or type(exc).__name__


def _check_sees(client: Any, address: str, corpus: Path) -> None:
    """An error unless every worker sees the corpus folder (at its absolute
    path) with the files this process sees there."""
    folder = str(corpus.absolute())
    here = _listing(folder)
    blind = []
    for worker, seen in sorted(client.run(_listing, folder).items()):
        if isinstance(seen, str):
            blind.append(f"{worker} ({seen})")
        elif seen != here and isinstance(here, dict):
            other = sum(1 for name in here.keys() | seen.keys() if here.get(name) != seen.get(name))
            blind.append(f"{worker} ({other} of the files differ or are missing)")
    if blind:
        raise ClaimgraphError(
            f"the workers of {quoted(address)} do not see the corpus at {quoted(folder)} as "
            f"this machine does: {', '.join(blind)}",
            hint="the workers read the corpus's files at the same absolute path: put the "
            "folder on a file system they share (NFS, a cluster file system), mounted there",
        )


def check_worker_sees(folder: Path, files: list[Path]) -> None:
    """On a Dask worker, an error naming it unless it sees every one of ``files``
    (absolute paths the build listed in ``folder``): a worker that joined the
    cluster after the build checked its workers (:func:`_check_sees`), on a
    machine that does not share the folder, would otherwise report each file as
    missing from the corpus."""
    missing = [path for path in files if not path.is_file()]
    if not missing:
        return
    worker = importlib.import_module("distributed").get_worker()
    raise ClaimgraphError(
        f"the Dask worker {worker.address} does not see the corpus at {quoted(str(folder))} "
        f"as this build does: {len(missing)} of a batch's {len(files)} files are not there "
        f"({quoted(str(missing[0]))}…)",
        hint="the workers read the corpus's files at the same absolute path: put the "
        "folder on a file system they share (NFS, a cluster file system), mounted there "
        "on every machine that may join the cluster",
    )


def in_order(
    cluster: Cluster, work: Callable[..., T], arguments: Iterable[tuple[Any, ...]]
) -> Generator[T]:
    """``work(*args)`` for each of ``arguments`` on the cluster, the results in
    order; twice as many submitted ahead as the workers have threads, so that
    what is sent stays bounded. Stopping early cancels what is pending."""
    pending: list[Future[T]] = []
    given = iter(arguments)
    try:
        while True:
            while len(pending) < 2 * cluster.threads:
                args = next(given, None)
                if args is None:
                    break
                pending.append(cluster.executor.submit(work, *args))
            if not pending:
                return
            yield pending.pop(0).result()
    finally:
        for future in pending:
            future.cancel()
