"""The SPARQL 1.1 Protocol at /sparql: queries by GET, POST form and POST
direct, dataset parameters, content negotiation, and the service description
for a GET without a query. SPARQL Update is refused unless enabled."""

from __future__ import annotations

import hmac
from typing import Annotated
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from claimgraph.errors import ClaimgraphError
from claimgraph.rdf.iris import check_iri
from claimgraph.sparql import (
    Checked,
    DatasetConflict,
    SparqlSyntaxError,
    TooDeep,
    check_query,
    check_update,
)
from claimgraph.store.embedded import StoreInfo
from claimgraph.store.publication import mark_unpublished
from claimgraph.web.backend import Backend, Publication
from claimgraph.web.errors import ApiError, api_error_response, query_error_response
from claimgraph.web.executor import QueryError, QueryRequest, WriteRequest
from claimgraph.web.formats import (
    GRAPH_FORMATS,
    content_type,
    format_accept,
    negotiate,
    wants_html,
)
from claimgraph.web.results_page import results_page
from claimgraph.web.service import SD_PREFIXES, description
from claimgraph.web.settings import ServerSettings
from claimgraph.web.templating import description_page

router = APIRouter()

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


# Dependencies are coroutines: FastAPI would run plain functions in a thread pool,
# a thread hop for each request.
async def get_executor(request: Request) -> Backend:
    executor: Backend = request.app.state.executor
    return executor


async def get_settings(request: Request) -> ServerSettings:
    settings: ServerSettings = request.app.state.settings
    return settings


async def get_publication(request: Request) -> Publication:
    publication: Publication = request.app.state.publication
    return publication


async def get_info(request: Request) -> StoreInfo:
    """The dataset's record; after updates, the dumps, VoID and record are first
    written again from the store (once per change, whoever asks first)."""
    return await (await get_publication(request)).info()


def _single(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise ApiError(400, f"the '{name}' parameter was given {len(values)} times; give it once")
    return values[0] if values else None


def _charset(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def _utf8(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"the {what} is not UTF-8 (byte {exc.start})") from None


def _parse_form(body: bytes) -> dict[str, list[str]]:
    text = _utf8(body, "request body")
    try:
        return parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError:
        raise ApiError(400, "the form's percent-encoded values are not UTF-8") from None


async def read_body(request: Request, settings: ServerSettings) -> bytes:
    declared = request.headers.get("content-length")
    limit = settings.max_body_bytes
    if declared and declared.isdigit() and int(declared) > limit:
        raise ApiError(
            413,
            f"request body too large: {declared} bytes, over the limit of {limit} bytes "
            "(setting max_body_bytes)",
        )
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise ApiError(
                413,
                f"request body too large: over the limit of {limit} bytes (setting max_body_bytes)",
            )
    return bytes(body)


def authorise_write(request: Request, settings: ServerSettings) -> None:
    """Writes need --allow-update (else 403) and the bearer token (else 401)."""
    if not settings.allow_update or not settings.update_token:
        raise ApiError(
            403,
            "updates are disabled: this endpoint is read-only (start the server with "
            "--allow-update and --update-token to accept SPARQL Update from authorised clients)",
        )
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        token.strip().encode(), settings.update_token.encode()
    ):
        raise ApiError(
            401,
            "updates need the server's token: send 'Authorization: Bearer TOKEN'",
            headers={"WWW-Authenticate": 'Bearer realm="claimgraph"'},
        )


def check_text(text: str, settings: ServerSettings, what: str) -> Checked:
    """Parse the query (or update, if ``what`` is "update") and refuse, before the
    engine sees it, a text that is not SPARQL 1.1, one nested deeper than the
    limit, or one that would make the server call an endpoint not on the
    allow-list. What the engine then runs is ``Checked.text``, the parser's own
    canonical text of it, never the client's."""
    parse = check_update if what == "update" else check_query
    try:
        checked = parse(text, max_depth=settings.max_nesting)
    except TooDeep:
        raise ApiError(
            400,
            f"the {what} is nested more than {settings.max_nesting} levels deep "
            "(brackets, operators, the elements and triple patterns of a group; "
            "setting max_nesting): simplify it",
        ) from None
    except SparqlSyntaxError as exc:
        raise ApiError(400, f"SPARQL syntax error: {exc}") from None
    for keyword, iri in checked.remote:
        if not settings.allow_service:
            raise ApiError(
                400,
                f"{keyword} is off: this server calls no remote endpoint unless it is "
                "started with --allow-service IRI for each endpoint it may call",
            )
        if iri is None or iri not in settings.allow_service:
            shown = f"<{iri}>" if iri is not None else "an endpoint given by a variable"
            raise ApiError(
                400,
                f"{keyword} {shown} is not allowed: the endpoints this server may call are "
                + ", ".join(f"<{allowed}>" for allowed in settings.allow_service),
            )
    return checked


def _remote_failure(exc: QueryError, what: str) -> QueryError:
    """A failure of a remote endpoint, without echoing what the endpoint said."""
    if type(exc) is QueryError or exc.status >= 500:
        return QueryError(
            f"the {what} failed while calling a remote endpoint; its answer is not shown", 502
        )
    return exc


async def _update(
    executor: Backend,
    settings: ServerSettings,
    http: Request,
    text: str,
    params: dict[str, list[str]],
) -> Response:
    authorise_write(http, settings)
    checked = check_text(text, settings, "update")
    dataset = {name: params.get(name, []) for name in ("using-graph-uri", "using-named-graph-uri")}
    for name, iris in dataset.items():
        for iri in iris:
            try:
                check_iri(iri, name)
            except ClaimgraphError as exc:
                raise ApiError(400, exc.message) from None
    try:
        canonical = checked.with_using(dataset["using-graph-uri"], dataset["using-named-graph-uri"])
    except (DatasetConflict, ValueError) as exc:
        raise ApiError(400, str(exc)) from None
    request = WriteRequest("update", canonical, base_iri=settings.base_iri + "sparql")
    try:
        await executor.write(request)
    except QueryError as exc:
        raise _remote_failure(exc, "update") if checked.remote else exc from None
    mark_unpublished(settings.store)
    return Response(status_code=204)


async def _run(
    executor: Backend,
    settings: ServerSettings,
    query: str,
    params: dict[str, list[str]],
    http: Request,
) -> Response:
    checked = check_text(query, settings, "query")
    accept = format_accept(params.get("format", [])) or http.headers.get("accept")
    request = QueryRequest(
        query=checked.text,
        accept=accept,
        default_graphs=tuple(params.get("default-graph-uri", [])),
        named_graphs=tuple(params.get("named-graph-uri", [])),
        # relative IRIs resolve against the endpoint's configured IRI, never the Host header
        base_iri=settings.base_iri + "sparql",
        dataset_clause=checked.dataset_clause,
    )
    try:
        if wants_html(request.accept) and http.method == "GET":
            return await results_page(http, executor, request, query_text=query)
        result = await executor.query(request)
    except QueryError as exc:
        raise _remote_failure(exc, "query") if checked.remote else exc from None
    return Response(
        result.body,
        media_type=content_type(result.media_type),
        headers={"Vary": "Accept"},
    )


class DirectQueries:
    """ASGI middleware for the hot path: ``GET /sparql?query=...`` (one query,
    no update) goes straight to ``_run``, past FastAPI's routing, dependency
    solving and middleware, which cost as much as a small query itself
    (bench/endpoint.py: about half the lookups per second). Any other request,
    including a GET that would be an error for another reason, goes to the app.
    Installed outermost, so it sends the CORS header itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/sparql" or scope["method"] != "GET":
            return await self.app(scope, receive, send)
        http = Request(scope, receive)
        params = parse_qs(http.url.query, keep_blank_values=True)
        queries = params.get("query", [])
        if "update" in params or len(queries) != 1:
            return await self.app(scope, receive, send)
        response: Response
        state = scope["app"].state
        try:
            response = await _run(state.executor, state.settings, queries[0], params, http)
        except QueryError as exc:
            response = query_error_response(exc)
        except ApiError as exc:
            response = api_error_response(http, exc)
        if "origin" in http.headers:
            response.headers["Access-Control-Allow-Origin"] = "*"
        vary = response.headers.get("vary")  # the CORS header above depends on Origin
        response.headers["Vary"] = f"{vary}, Origin" if vary else "Origin"
        await response(scope, receive, send)


async def service_description(request: Request, settings: ServerSettings) -> Response:
    """The service description: RDF by ``Accept``, a page for a browser."""
    endpoint = settings.base_iri + "sparql"  # the configured base, never the Host header
    graphs = (await get_info(request)).graphs
    void = settings.base_iri + ".well-known/void"
    triples = description(endpoint, graphs, void, federated=bool(settings.allow_service))
    accept = request.headers.get("accept")
    if wants_html(accept):
        title = "SPARQL endpoint"
        return description_page(request, settings, "service", title, triples, SD_PREFIXES)
    chosen = negotiate(accept, GRAPH_FORMATS)
    if chosen is None or not isinstance(chosen.format, ox.RdfFormat):
        raise ApiError(406, "no acceptable RDF format for the service description")
    body = ox.serialize(triples, format=chosen.format) or b""
    return Response(body, media_type=content_type(chosen.media_type), headers={"Vary": "Accept"})


Executor = Annotated[Backend, Depends(get_executor)]
Settings = Annotated[ServerSettings, Depends(get_settings)]


@router.get("/sparql", summary="SPARQL query by GET, or the service description")
async def sparql_get(request: Request, executor: Executor, settings: Settings) -> Response:
    params = parse_qs(request.url.query, keep_blank_values=True)
    if "update" in params:
        raise ApiError(400, "SPARQL Update cannot be sent by GET: POST it")
    query = _single(params, "query")
    if query is None:
        return await service_description(request, settings)
    return await _run(executor, settings, query, params, request)


@router.post("/sparql", summary="SPARQL query (or update) by POST, form or direct")
async def sparql_post(request: Request, executor: Executor, settings: Settings) -> Response:
    header = request.headers.get("content-type", "")
    media = header.split(";")[0].strip().lower()
    charset = _charset(header)
    if charset not in (None, "utf-8", "utf8"):
        raise ApiError(415, f"unsupported charset {charset!r}: send the request body as UTF-8")
    url_params = parse_qs(request.url.query, keep_blank_values=True)
    body = await read_body(request, settings)
    if media == FORM:
        form = _parse_form(body)
        params = {**url_params, **form}
        query, update = _single(form, "query"), _single(form, "update")
        if query is not None and update is not None:
            raise ApiError(400, "give either 'query' or 'update', not both")
        if update is not None:
            return await _update(executor, settings, request, update, params)
        if query is None:
            raise ApiError(400, "the form has no 'query' parameter")
        return await _run(executor, settings, query, params, request)
    if media == QUERY:
        return await _run(executor, settings, _utf8(body, "query"), url_params, request)
    if media == UPDATE:
        return await _update(executor, settings, request, _utf8(body, "update"), url_params)
    if not media:
        raise ApiError(415, f"no Content-Type: send {FORM} or {QUERY}")
    raise ApiError(415, f"unsupported Content-Type {media!r}: send {FORM} or {QUERY}")
