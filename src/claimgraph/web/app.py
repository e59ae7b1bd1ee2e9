"""The app: assembles the routers; heavy state (the store and its query
threads) starts in the lifespan."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime

import anyio
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi.telemetry import TelemetryConfig
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimgraph import __version__
from claimgraph.errors import ClaimgraphError, Location
from claimgraph.resources import static_dir, yasgui_dir
from claimgraph.store.embedded import StoreInfo, db_path, read_info
from claimgraph.store.publication import is_unpublished, republish
from claimgraph.web import dumps, graph_store, pages, site, sparql
from claimgraph.web.backend import EmbeddedPublication
from claimgraph.web.caching import HttpCaching
from claimgraph.web.errors import (
    ApiError,
    api_error_handler,
    http_error_handler,
    query_error_handler,
)
from claimgraph.web.executor import QueryError, QueryExecutor, stack_for
from claimgraph.web.fairness import ClientAddress
from claimgraph.web.remote import RemoteBackend, RemotePublication
from claimgraph.web.security import SecurityHeaders
from claimgraph.web.settings import ServerSettings

log = logging.getLogger("uvicorn.error")


def _telemetry() -> TelemetryConfig:
    """FastAPI's OpenTelemetry, on when the environment configures OpenTelemetry
    (an ``OTEL_*`` variable); otherwise off, since checking for it on each
    request costs as much as a fifth of a small query's time."""
    if any(name.startswith("OTEL_") for name in os.environ):
        return {}
    return {"tracing": False, "metrics": False, "logs": False}


Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]


def _embedded_lifespan(
    settings: ServerSettings, info: StoreInfo, on_ready: Callable[[], None] | None
) -> Lifespan:
    """The embedded store: its query processes, and the files beside it."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        executor = QueryExecutor(
            db_path(settings.store),
            workers=settings.workers,
            timeout=settings.query_timeout,
            queue_timeout=settings.queue_timeout,
            max_result_bytes=settings.max_result_bytes,
            max_memory=settings.max_query_memory,
            stack_bytes=stack_for(settings.max_body_bytes),
            writable=settings.allow_update,
            isolate=not settings.allow_service,
            client_share=settings.client_share,
        )
        await executor.start()
        publication = EmbeddedPublication(settings, info, executor)
        app.state.executor, app.state.publication = executor, publication
        log.info("Queries run in %s", executor.protections)
        try:
            if is_unpublished(settings.store):  # writes accepted before a restart: publish them
                publication.record = await anyio.to_thread.run_sync(
                    republish,
                    settings.store,
                    executor.snapshot(),
                    publication.record,
                    settings.base_iri,
                    datetime.now(UTC).replace(microsecond=0),
                )
            await anyio.to_thread.run_sync(pages.ontology_docs)  # the ontology's HTML, once
            if on_ready is not None:
                on_ready()
            yield
        finally:
            await executor.close()

    return lifespan


def _remote_lifespan(settings: ServerSettings, on_ready: Callable[[], None] | None) -> Lifespan:
    """A remote store: an HTTP client to it; its version read at once, if it answers."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        backend = RemoteBackend(settings)
        await backend.start()
        publication = RemotePublication(settings, backend)
        app.state.executor, app.state.publication = backend, publication
        log.info("Queries go to %s", backend.protections)
        try:
            await publication.refresh()
            await anyio.to_thread.run_sync(pages.ontology_docs)
            if on_ready is not None:
                on_ready()
            yield
        finally:
            await backend.close()

    return lifespan


def create_app(
    settings: ServerSettings,
    *,
    on_ready: Callable[[], None] | None = None,
) -> FastAPI:
    """The app over ``settings.store``, or over the remote store
    ``settings.endpoint``. ``on_ready`` is called when requests can be served
    (the query processes have opened the store)."""
    if settings.allow_update and not settings.update_token:
        raise ClaimgraphError(
            "--allow-update needs a token that clients must send: give --update-token "
            "(or set CLAIMGRAPH_UPDATE_TOKEN)"
        )
    if settings.endpoint is not None:
        lifespan = _remote_lifespan(settings, on_ready)
    else:
        info = read_info(settings.store)
        if info is None:
            raise ClaimgraphError("no claimgraph store here", Location(settings.store))
        lifespan = _embedded_lifespan(settings, info, on_ready)

    app = FastAPI(
        title="claimgraph",
        version=__version__,
        description="News allegations as linked data: a SPARQL 1.1 endpoint.",
        lifespan=lifespan,
        telemetry=_telemetry(),
        # FastAPI's /docs and /redoc load their UI from a CDN: left out (pages
        # work offline); the API's description stays at /openapi.json
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    writes = settings.allow_update  # then browsers elsewhere may send the token, too
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD", "POST", "OPTIONS", *(["PUT", "DELETE"] if writes else [])],
        allow_headers=["Accept", "Content-Type", *(["Authorization"] if writes else [])],
    )
    app.add_middleware(sparql.DirectQueries)
    app.add_middleware(HttpCaching, max_age=settings.cache_max_age)  # HEAD, ETags, 304s
    app.add_middleware(SecurityHeaders)
    app.add_middleware(ClientAddress)  # outermost: added last; who asks, for fairness
    app.add_exception_handler(ApiError, api_error_handler)
    app.add_exception_handler(QueryError, query_error_handler)
    app.add_exception_handler(StarletteHTTPException, http_error_handler)
    build = yasgui_dir()
    if build is not None:
        app.mount("/static/yasgui", StaticFiles(directory=build), name="yasgui")
    app.mount("/static/claimgraph", StaticFiles(directory=static_dir()), name="claimgraph")
    app.include_router(sparql.router)
    app.include_router(dumps.router)
    app.include_router(graph_store.router)
    app.include_router(site.router)
    app.include_router(pages.router)  # last: it resolves every other path as an IRI
    return app
