"""Sharing a serving process's query processes fairly between clients.

A client (its address, as uvicorn gives it: the peer, or the address an
``X-Forwarded-For`` names when the peer is a configured proxy) holds at most
``share`` query processes at once, and may have at most ``max_waiting``
queries waiting; when a process becomes free, the clients that wait take turns
(round robin), so one client's runaway queries never take every process, nor
put its queue in front of everyone else's.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections import OrderedDict, defaultdict, deque
from typing import Generic, TypeVar

from starlette.types import ASGIApp, Receive, Scope, Send

from claimgraph.web.querytypes import LimitExceeded

T = TypeVar("T")

# Who is asking: set for each request by ``ClientAddress`` (an ASGI middleware).
CLIENT: contextvars.ContextVar[str] = contextvars.ContextVar("claimgraph_client", default="")


class FairPool(Generic[T]):
    """Idle resources (query processes), handed out to clients in turn."""

    def __init__(self, *, share: int, max_waiting: int, queue_timeout: float) -> None:
        self.share = share
        self.max_waiting = max_waiting
        self.queue_timeout = queue_timeout
        self.capacity = 0  # resources in the pool, idle or not
        self._idle: list[T] = []
        self._running: defaultdict[str, int] = defaultdict(int)
        self._waiting: OrderedDict[str, deque[asyncio.Future[T]]] = OrderedDict()

    def add(self, item: T) -> None:
        """A new resource (a process started or restarted)."""
        self.capacity += 1
        self._idle.append(item)
        self._hand_out()

    def lose(self) -> None:
        """A resource handed out will not come back (its process was killed)."""
        self.capacity -= 1

    async def acquire(self, client: str) -> T:
        """A resource for ``client``: at once if one is idle and the client is within
        its share, else in its turn; raises
        ``LimitExceeded`` after ``queue_timeout`` seconds, or at once if the client
        already has ``max_waiting`` queries waiting."""
        # an idle resource means nobody who waits may take it (else it would have)
        if self._idle and self._running.get(client, 0) < self.share:
            self._running[client] += 1
            return self._idle.pop()
        queue = self._waiting.get(client)
        if queue is not None and len(queue) >= self.max_waiting:
            raise LimitExceeded(
                f"too many queries from one client: {self.max_waiting} are waiting "
                "already; wait for their answers before sending more"
            )
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(client, deque()).append(future)
        self._hand_out()
        try:
            return await asyncio.wait_for(asyncio.shield(future), self.queue_timeout)
        except TimeoutError:
            if future.done() and not future.cancelled():  # handed out just as time ran out
                return future.result()
            future.cancel()
            self._forget(client, future)
            raise LimitExceeded(
                f"too many concurrent queries: no query worker came free for this client "
                f"within {self.queue_timeout:g} s (settings workers, client_share, "
                "queue_timeout)"
            ) from None
        except asyncio.CancelledError:  # the request was abandoned while it waited
            if future.done() and not future.cancelled():
                self.release(client, future.result())
            else:
                future.cancel()
                self._forget(client, future)
            raise

    def release(self, client: str, item: T | None) -> None:
        """``client`` is done with ``item`` (None: it was lost, see ``lose``)."""
        self._running[client] -= 1
        if not self._running[client]:
            del self._running[client]
        if item is not None:
            self._idle.append(item)
        self._hand_out()

    def _forget(self, client: str, future: asyncio.Future[T]) -> None:
        queue = self._waiting.get(client)
        if queue is not None and future in queue:
            queue.remove(future)
            if not queue:
                del self._waiting[client]

    def _hand_out(self) -> None:
        """Give idle resources to waiting clients, one per client per turn."""
        while self._idle:
            chosen = next(
                (c for c in self._waiting if self._running.get(c, 0) < self.share),
                None,
            )
            if chosen is None:
                return
            queue = self._waiting.pop(chosen)
            future = queue.popleft()
            if queue:  # its turn is over: to the back of the line
                self._waiting[chosen] = queue
            if future.done():  # gave up meanwhile
                continue
            self._running[chosen] += 1
            future.set_result(self._idle.pop())


class ClientAddress:
    """ASGI middleware: the requesting client's address, in ``CLIENT``, for the
    queries the request runs (uvicorn has put a trusted proxy's
    ``X-Forwarded-For`` there, and only a trusted proxy's)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        token = CLIENT.set(str(client[0]) if client else "")
        try:
            await self.app(scope, receive, send)
        finally:
            CLIENT.reset(token)
