"""Pages for people and data for machines: the landing page, the ontology at
its namespace, and every IRI the dataset mints (HTML for browsers, Turtle or
JSON-LD by Accept or by file extension, 404 for unknown IRIs)."""

from __future__ import annotations

import json
from typing import Annotated
from urllib.parse import quote, urlsplit

import anyio
import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse

from claimgraph.rdf.vocab import CG_IRI, SKOS
from claimgraph.resources import ontology_file, yasgui_dir
from claimgraph.web import describe
from claimgraph.web.backend import Backend, Publication
from claimgraph.web.errors import ApiError
from claimgraph.web.examples import examples
from claimgraph.web.executor import QueryRequest
from claimgraph.web.formats import GRAPH_FORMATS, HTML, content_type, negotiate, wants_html
from claimgraph.web.ontology_docs import OntologyDocs as OntologyDocs
from claimgraph.web.ontology_docs import ontology_docs as ontology_docs
from claimgraph.web.settings import ServerSettings
from claimgraph.web.sparql import get_executor, get_publication, get_settings
from claimgraph.web.templating import local_path, page_context, templates

router = APIRouter()

Executor = Annotated[Backend, Depends(get_executor)]
Settings = Annotated[ServerSettings, Depends(get_settings)]
Published = Annotated[Publication, Depends(get_publication)]

EXTENSIONS: dict[str, ox.RdfFormat] = {f.file_extension: f for f in GRAPH_FORMATS}
ASSERTS = CG_IRI + "asserts"  # of a negative claim (a denial): that it is not so
ABOUT = CG_IRI + "about"  # of a doubt (cg:actDoubt): what it doubts
ALLEGED_AUTHOR = CG_IRI + "allegedAuthor"  # shown with who says so, never as a bare author


async def _count(executor: Backend, query: str) -> int:
    rows = await describe.select(executor, query)
    return int(rows[0]["n"]["value"]) if rows else 0


@router.get("/", response_class=HTMLResponse, summary="What the dataset holds")
async def landing(request: Request, executor: Executor, settings: Settings) -> Response:
    stats = {
        "articles": await _count(
            executor,
            "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a cg:NewsArticle ; cg:hasText ?t }",
        ),
        "claims": await _count(
            executor, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a cg:Claim }"
        ),
        "sources": await _count(
            executor, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?c cg:claimant ?s }"
        ),
        "events": await _count(
            executor, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a cg:Event }"
        ),
        "propositions": await _count(
            executor,
            "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a ?kind"
            " VALUES ?kind { cg:StateOfAffairs cg:Relation cg:Characterisation"
            " cg:Causation cg:Exchange } }",
        ),
    }
    rows = await describe.select(
        executor,
        "SELECT ?a (SAMPLE(?l) AS ?label) WHERE { ?a a cg:NewsArticle ; cg:hasText ?t"
        " OPTIONAL { ?a rdfs:label ?l } } GROUP BY ?a ORDER BY ?a LIMIT 200",
    )
    articles = [
        describe.Term(r["a"]["value"], "uri", r.get("label", {}).get("value")) for r in rows
    ]
    return templates.TemplateResponse(
        request,
        "landing.html",
        page_context(request, settings, stats=stats, articles=articles, examples=examples()),
    )


@router.get("/query", response_class=HTMLResponse, summary="Query the dataset in the browser")
async def query_ui(request: Request, settings: Settings) -> Response:
    if yasgui_dir() is None:
        raise ApiError(
            503,
            "the query editor (npm package @zazuko/yasgui) is not installed: run make, "
            "or npm ci, in claimgraph's folder; /sparql works without it",
        )
    items = [{"title": e.title, "query": e.query} for e in examples()]
    # '</' cannot close the script element the JSON sits in
    payload = json.dumps(items, ensure_ascii=False).replace("</", "<\\/")
    return templates.TemplateResponse(
        request, "query.html", page_context(request, settings, examples_json=payload)
    )


@router.get("/ns", summary="The claimgraph ontology: HTML documentation or Turtle")
@router.get(
    "/ns.{extension}",
    summary="The ontology in one format by its extension: .html, .ttl, .jsonld, …",
    include_in_schema=False,
)
async def ontology(request: Request, extension: str | None = None) -> Response:
    if extension == "html" or (extension is None and wants_html(request.headers.get("accept"))):
        docs = await anyio.to_thread.run_sync(ontology_docs)
        return HTMLResponse(docs.html, headers={"Vary": "Accept"})
    if extension is not None and extension not in EXTENSIONS:
        raise ApiError(404, f"no ontology format {extension!r}; try .html, .ttl or .jsonld")
    fmt = EXTENSIONS[extension] if extension else None
    if fmt is None:
        chosen = negotiate(request.headers.get("accept"), GRAPH_FORMATS)
        if chosen is None or not isinstance(chosen.format, ox.RdfFormat):
            raise ApiError(
                406, "no acceptable format for the ontology; offered: HTML and RDF formats"
            )
        fmt = chosen.format
    triples = ox.parse(path=str(ontology_file()), format=ox.RdfFormat.TURTLE)
    body = ox.serialize(triples, format=fmt) or b""
    return Response(body, media_type=content_type(fmt.media_type), headers={"Vary": "Accept"})


def _describe_query(iri: str) -> str:
    return (
        f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} "
        f"WHERE {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} }}"
    )


async def _page(
    request: Request,
    settings: ServerSettings,
    executor: Backend,
    res: describe.Resource,
    data_url: str,
) -> Response:
    chains: list[describe.Chain] = []
    chain_count = 0
    runs: list[tuple[str, describe.Mark | None]] = []
    drafting: describe.Drafting | None = None
    unreviewed: tuple[int, str | None] = (0, None)
    generated: str | None = None  # a claim's chain sentence, when a summary is its label
    if res.is_a("Claim"):
        alternative = res.value(str(SKOS.altLabel))
        generated = alternative.value if alternative is not None else None
        drafting = await describe.drafting(executor, res.iri)
        hops = await describe.chain(executor, res.iri)
        chains, chain_count = await describe.chains(executor, res.iri, hops)
        for each in chains:
            each.runs = await _chain_text(executor, [hop.claim.value for hop in each.hops])
        if len(chains) == 1:
            runs, chains[0].runs = chains[0].runs, []
        elif not chains:
            runs = await _chain_text(executor, [res.iri])
    elif res.is_a("NewsArticle") and res.value(CG_IRI + "hasText"):
        text_term = res.value(CG_IRI + "hasText")
        assert text_term is not None
        text, marks = await describe.text_marks(executor, text_term.value)
        runs = describe.segments(text, marks)
        unreviewed = await describe.unreviewed_claims(executor, res.iri)
    # the page's own thing too: an event or proposition is shown with its standing
    listed = [t.value for _, t in [*res.outgoing, *res.incoming] if t.is_iri] + [res.iri]
    standings = await describe.standings(executor, sorted(set(listed)))
    asserting = sorted({s.value for p, s in res.incoming if p.value == ASSERTS} | {res.iri})
    negative = await describe.negative(executor, asserting)
    doubting = await describe.doubts(
        executor, sorted({s.value for p, s in res.incoming if p.value == ABOUT})
    )
    # on an event's or a proposition's page, a partial report is listed under it
    # only if it reports it
    content = res.iri if res.iri in standings else None
    reported = await describe.reporters(executor, sorted(set(listed) - {res.iri}), content)
    # an author only a source names is shown with who names it, on either side
    documents = {s.value for p, s in res.incoming if p.value == ALLEGED_AUTHOR}
    if any(p.value == ALLEGED_AUTHOR for p, _ in res.outgoing):
        documents.add(res.iri)
    authorships = await describe.authorships(executor, sorted(documents))
    context = page_context(
        request,
        settings,
        res=res,
        standings=standings,
        chains=chains,
        chain_count=chain_count,
        runs=runs,
        data_url=data_url,
        drafting=drafting,
        unreviewed=unreviewed,
        generated=generated,
        negative=negative,
        doubting=doubting,
        about=ABOUT,
        reported=reported,
        asserts=ASSERTS,
        alleged_author=ALLEGED_AUTHOR,
        authorships=authorships,
    )
    return templates.TemplateResponse(request, "resource.html", context, headers={"Vary": "Accept"})


async def _chain_text(
    executor: Backend, chain: list[str]
) -> list[tuple[str, describe.Mark | None]]:
    """The text of the article a chain is reported in (its outermost hop's, which
    is that article's own), with the words of every hop of the chain marked: the
    reports' cues and quotes, the statement's date as written."""
    ordered = " ".join(f"(<{h}> {n})" for n, h in enumerate(chain))
    texts = await describe.select(
        executor,
        f"SELECT ?t WHERE {{ VALUES (?h ?n) {{ {ordered} }}"
        " ?h (cg:hasQuote|cg:hasQuote/cg:quotePart|cg:hasCue|cg:occasion/cg:hasTimeExpression)"
        "/cg:referenceContext ?t"
        " } ORDER BY ?n LIMIT 1",
    )
    if not texts:
        return []
    text, marks = await describe.text_marks(executor, texts[0]["t"]["value"], only=chain)
    return describe.segments(text, marks)


def _links(data_url: str) -> str:
    """The ``Link`` header of a resource: its page and each RDF serialisation."""
    alternates = [(f"{data_url}.html", HTML)] + [
        (f"{data_url}.{ext}", fmt.media_type) for ext, fmt in EXTENSIONS.items()
    ]
    links = [f'<{url}>; rel="alternate"; type="{media}"' for url, media in alternates]
    return ", ".join([*links, f'<{data_url}.ttl>; rel="describedby"; type="text/turtle"'])


async def _void_triples(publication: Publication, iri: str) -> list[ox.Triple]:
    """The VoID description's statements about ``iri`` (the dataset and the
    partitions VoID mints live in the description, not in the store)."""
    subject = ox.NamedNode(iri)
    return [t for t in await publication.void() if t.subject == subject]


def _resource_of(iri: str, triples: list[ox.Triple]) -> describe.Resource:
    found = describe.Resource(iri)
    for t in triples:
        if not isinstance(t.object, ox.NamedNode | ox.Literal):
            continue  # VoID's statements have IRIs and literals as objects
        kind = "uri" if isinstance(t.object, ox.NamedNode) else "literal"
        term = describe.Term(t.object.value, kind)
        if t.predicate.value == describe.RDF_TYPE:
            found.types.append(term)
        else:
            found.outgoing.append((describe.Term(t.predicate.value, "uri"), term))
    found.label = next((o.value for p, o in found.outgoing if p.value.endswith("/title")), None)
    return found


@router.get("/{path:path}", summary="Dereference an IRI of the dataset")
async def dereference(
    path: str, request: Request, executor: Executor, settings: Settings, publication: Published
) -> Response:
    base = settings.base_iri
    iri, fmt = base + path, None
    res = await describe.resource(executor, iri) if path else None
    stem, dot, extension = path.rpartition(".")
    if res is None and dot and (extension in EXTENSIONS or extension == "html"):
        res = await describe.resource(executor, base + stem)
        if res is not None:
            iri, fmt = base + stem, extension
    void: list[ox.Triple] = []
    if res is None and path.startswith("dataset"):
        # VoID's partition IRIs hold percent-encoded IRIs: match the path as sent
        raw = request.scope.get("raw_path", b"").decode("latin-1")
        raw = raw.removeprefix(urlsplit(base).path.rstrip("/")).removeprefix("/")
        raw_stem, _, _ = raw.rpartition(".")
        for candidate, ext in ((base + raw, None), (base + raw_stem, extension)):
            void = (
                await _void_triples(publication, candidate) if describe.iri_ref(candidate) else []
            )
            if void and (ext is None or ext in EXTENSIONS or ext == "html"):
                iri, fmt = candidate, ext
                res = _resource_of(iri, void)
                break
    if res is None:
        raise ApiError(404, f"nothing is known about <{base + path}> in this dataset")
    data_url = local_path(urlsplit(base).path + quote(iri[len(base) :], safe="/"))
    headers = {"Vary": "Accept", "Link": _links(data_url)}
    if fmt == "html" or (fmt is None and wants_html(request.headers.get("accept"))):
        page = await _page(request, settings, executor, res, data_url)
        page.headers.update(headers)
        return page
    accept = EXTENSIONS[fmt].media_type if fmt else request.headers.get("accept")
    if void:
        chosen = negotiate(accept, GRAPH_FORMATS)
        if chosen is None or not isinstance(chosen.format, ox.RdfFormat):
            raise ApiError(406, "no acceptable RDF format for this description")
        body = ox.serialize(void, format=chosen.format) or b""
        return Response(body, media_type=content_type(chosen.media_type), headers=headers)
    query = QueryRequest(_describe_query(iri), accept=accept)
    result = await executor.query(query)
    return Response(result.body, media_type=content_type(result.media_type), headers=headers)
