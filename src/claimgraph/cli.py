"""The ``claimgraph`` command.

Exit status, as pySHACL's: 0 the data conforms (or the command succeeded),
1 the data does not conform (the report is on stdout), 2 an error (the message
is on stderr; nothing was written).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from claimgraph import progress
from claimgraph.annotation.files import REGISTRY_NAME, is_annotation_file
from claimgraph.annotation.textio import SIZE_LIMITS
from claimgraph.defaults import DEFAULT_BASE_IRI, ENGINES, REPORT_FORMATS
from claimgraph.errors import ClaimgraphError, InputError, Location, printable, shown
from claimgraph.pipeline import cache
from claimgraph.versions import version_option

# What each command needs is imported in its function: ``publish`` of a build,
# the command run after each edit, needs none of what mapping and validating
# need (rdflib, the SHACL engine), which took longer to import than the rest
# of a one-edit publish at 10,000 articles.
if TYPE_CHECKING:
    from rdflib import Graph

    from claimgraph.pipeline.cache import Cache
    from claimgraph.rdf.dataset import Dataset
    from claimgraph.rdf.iris import Minter
    from claimgraph.validation.validate import Report

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2

F = TypeVar("F", bound=Callable[..., Any])


def served_base(host: str, port: int) -> str:
    """The base IRI of the address served: what a browser on this machine opens."""
    if host in ("0.0.0.0", ""):
        host = "127.0.0.1"
    elif host == "::":
        host = "[::1]"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def reports_errors(func: F) -> F:
    """Print a ClaimgraphError on stderr and exit 2, without a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ClaimgraphError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_ERROR)

    return wrapper  # type: ignore[return-value]


base_iri_option = click.option(
    "--base-iri",
    envvar="CLAIMGRAPH_BASE_IRI",
    default=DEFAULT_BASE_IRI,
    show_default=True,
    help="Base under which IRIs are minted (env CLAIMGRAPH_BASE_IRI). It must end with '/'.",
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    default="text",
    show_default=True,
    help="Report format: text for people, json for programs, junit for CI systems.",
)
engine_option = click.option(
    "--engine",
    type=click.Choice(list(ENGINES)),
    default="claimgraph",
    show_default=True,
    help="The SHACL engine: claimgraph's own (SPARQL on Oxigraph, fast) or pySHACL "
    "(the reference; slower). Both give the same results.",
)

cache_options = [
    click.option(
        "--cache-dir",
        type=click.Path(path_type=Path),
        default=None,
        help="Where the per-article cache is kept (default: $CLAIMGRAPH_CACHE_DIR, else "
        "$XDG_CACHE_HOME/claimgraph, else ~/.cache/claimgraph; never inside the corpus).",
    ),
    click.option("--no-cache", is_flag=True, help="Map and validate everything, keeping nothing."),
]


def cache_option(function: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(cache_options):
        function = option(function)
    return function


include_drafts_option = click.option(
    "--include-drafts",
    is_flag=True,
    help="Publish unreviewed drafts too (articles whose annotation says status: draft, as "
    "claimgraph draft writes it). Without it they are left out, and named on stderr.",
)

quiet_option = click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="Show no progress. Without it, a stage that runs longer than 2 s shows articles "
    "done of total, rate and time left on stderr, when stdout and stderr are terminals.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@version_option
def main() -> None:
    """Publish news allegations as linked data: who claimed what, via which
    document, how surely.

    Exit status: 0 success (the data conforms), 1 the data does not conform
    (report on stdout), 2 error (message on stderr, nothing written).
    """
    # A run holds a corpus's hundreds of thousands of objects to its end; at
    # the default thresholds the collector scans them again and again (a
    # third of the mapping stage of a one-edit build at 10,000 articles).
    # Collect seldom, as mypy does.
    gc.set_threshold(*GC_THRESHOLDS)
    try:  # a setting given wrong is said at once, not when a file happens to be read
        for limit in SIZE_LIMITS:
            limit.value()
    except ClaimgraphError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_ERROR)


GC_THRESHOLDS = (200_000, 30, 30)


@main.command()
@click.argument("corpus_dir", type=click.Path(path_type=Path), default=Path("."), required=False)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Output folder, replaced as a whole when the build succeeds.",
)
@base_iri_option
@format_option
@click.option(
    "--allow-violations",
    is_flag=True,
    help="Write the dumps even if the data does not conform (the exit status is still 1).",
)
@engine_option
@include_drafts_option
@cache_option
@click.option(
    "--scheduler",
    envvar="CLAIMGRAPH_SCHEDULER",
    metavar="ADDRESS",
    default=None,
    help="Map and validate the corpus's parts on the workers of the Dask scheduler at "
    "ADDRESS (tcp://HOST:PORT; env CLAIMGRAPH_SCHEDULER). The workers read the corpus at the "
    "same path: put it on a shared file system. Needs claimgraph[cluster].",
)
@quiet_option
@reports_errors
def build(
    corpus_dir: Path,
    out: Path,
    base_iri: str,
    fmt: str,
    allow_violations: bool,
    engine: str,
    include_drafts: bool,
    cache_dir: Path | None,
    no_cache: bool,
    scheduler: str | None,
    quiet: bool,
) -> None:
    """Build CORPUS_DIR (default: the current folder) into --out: the dataset as
    N-Quads, TriG, Turtle and JSON-LD, its JSON-LD context and the SHACL
    validation report.

    Nothing is written unless the data conforms (see --allow-violations); a
    failed build leaves the previous output as it was. Unreviewed drafts are
    left out unless --include-drafts.
    """
    from claimgraph.pipeline import cluster
    from claimgraph.pipeline.build import build as build_corpus
    from claimgraph.rdf.iris import Minter
    from claimgraph.validation import reports

    minter = Minter(base_iri)
    with (
        progress.quiet(quiet),
        cluster.connected(scheduler, corpus_dir),
        opened_cache(cache_dir, corpus_dir, minter.base, no_cache) as cache,
    ):
        result = build_corpus(
            corpus_dir,
            out,
            minter,
            allow_violations=allow_violations,
            engine=engine,
            cache=cache,
            include_drafts=include_drafts,
        )
    _left_out(result.left_out)
    _notes(result.report)
    click.echo(reports.render(result.report, fmt), nl=False)
    if result.up_to_date:
        click.echo(f"{shown(out)}/ is up to date: nothing changed since it was built", err=True)
    elif result.written:
        click.echo(f"wrote {result.quads} quads to {shown(out)}/", err=True)
    elif not result.report.conforms:
        click.echo(f"nothing written to {shown(out)}/: the data does not conform", err=True)
    sys.exit(EXIT_OK if result.report.conforms else EXIT_VIOLATIONS)


@contextmanager
def opened_cache(root: Path | None, corpus: Path, base: str, off: bool) -> Iterator[Cache | None]:
    """The corpus's cache, unless ``off``; a note on stderr when it cannot be used."""
    if off:
        yield None
        return
    with cache.opened(root, corpus, base) as (opened, note):
        if note:
            click.echo(f"note: {printable(note)}", err=True)
        yield opened


def _notes(report: Report) -> None:
    for note in report.notes:
        click.echo(f"note: {printable(note)}", err=True)


def _left_out(drafts: list[str]) -> None:
    """One line naming the unreviewed drafts a build or serve left out."""
    from claimgraph.pipeline.drafts import left_out_line

    if drafts:
        click.echo(left_out_line(drafts), err=True)


def _load_paths(
    paths: tuple[Path, ...], minter: Minter
) -> tuple[Graph, Dataset, set[Path], list[str]]:
    """Everything named on the command line, merged into one graph to validate;
    the files loaded only as context: the other articles of the corpus of an
    annotation file or registry named alone, whose results are not reported;
    and the unreviewed drafts among the files named."""
    # imported here: a validation of a corpus folder with nothing to redo (the
    # pipeline) needs neither, and they take longer to import than it takes
    from rdflib import Graph

    from claimgraph.annotation.corpus import Corpus, load_corpus, load_files
    from claimgraph.rdf.dataset import Dataset
    from claimgraph.rdf.mapping import build_dataset
    from claimgraph.rdf.rdfinput import is_rdf_file, load_rdf

    graph = Graph()
    mapped = Dataset()
    asked: set[Path] = set()
    loaded: set[Path] = set()
    drafts: set[Path] = set()
    for path in paths:
        corpus: Corpus | None = None
        if path.is_dir():
            corpus = load_corpus(path, keep_going=True)
            asked.update(a.annotation_source.path for a in corpus.articles)
        elif path.name == REGISTRY_NAME:
            corpus = load_files(path.parent, [], keep_going=True, context=True)
        elif is_annotation_file(path):
            if not path.is_file():
                raise InputError("file not found", Location(path))
            corpus = load_files(path.parent, [path], keep_going=True, context=True)
            asked.add(path)
        elif is_rdf_file(path):
            load_rdf(path, graph)
        elif not path.exists():
            raise InputError("file not found", Location(path))
        else:
            raise InputError(
                f"unknown kind of file {path.suffix or '(no extension)'!r}",
                Location(path),
                hint="give annotation files (.yaml), corpus folders, or RDF files "
                "(.ttl, .nt, .nq, .trig, .jsonld, .rdf)",
            )
        if corpus is not None:
            loaded.update(a.annotation_source.path for a in corpus.articles)
            drafts.update(
                a.annotation_source.path for a in corpus.articles if a.model.article.is_draft
            )
            dataset = build_dataset(corpus, minter)
            mapped.graphs.update(dataset.graphs)
            mapped.origins.update(dataset.origins)
            mapped.warnings += dataset.warnings
    graph += mapped.union()
    return graph, mapped, loaded - asked, sorted(shown(p) for p in drafts & asked)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@base_iri_option
@format_option
@engine_option
@cache_option
@quiet_option
@reports_errors
def validate(
    paths: tuple[Path, ...],
    base_iri: str,
    fmt: str,
    engine: str,
    cache_dir: Path | None,
    no_cache: bool,
    quiet: bool,
) -> None:
    """Validate PATHS against claimgraph's SHACL shapes: annotation files (.yaml),
    corpus folders, and RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD,
    RDF/XML). Everything given is validated together, as one graph.

    An annotation file or registry.yaml named alone is checked in its corpus:
    the other articles of its folder are loaded as context (a shared entry may
    be claimed in one of them), and only results from the files given and the
    registry are reported. For annotations, each result names the file and line
    it came from.

    Unreviewed drafts (status: draft) are validated like any article, and
    named on stderr; their status alone does not change the exit status.
    """
    from claimgraph.pipeline import run as pipeline
    from claimgraph.pipeline.drafts import validated_line
    from claimgraph.rdf.iris import Minter
    from claimgraph.validation import reports
    from claimgraph.validation.validate import validate_graph

    minter = Minter(base_iri)
    with progress.quiet(quiet):
        if len(paths) == 1 and paths[0].is_dir():  # a corpus: the pipeline, with its cache
            with opened_cache(cache_dir, paths[0], minter.base, no_cache) as cache:
                outcome = pipeline.run(
                    paths[0],
                    minter,
                    engine=engine,
                    cache=cache,
                    refresh_build=False,
                    include_drafts=True,
                )
                report, drafts = outcome.report, outcome.drafts
        else:
            graph, mapped, context, drafts = _load_paths(paths, minter)
            report = validate_graph(graph, mapped.origins, engine=engine)
            report = report.with_warnings(mapped.warnings).without(context)
    if drafts:
        click.echo(f"note: {validated_line(drafts)}", err=True)
    _notes(report)
    click.echo(reports.render(report, fmt), nl=False)
    sys.exit(EXIT_OK if report.conforms else EXIT_VIOLATIONS)


@main.command()
@click.argument("corpus_dir", type=click.Path(path_type=Path), required=False)
@click.option(
    "--store",
    type=click.Path(path_type=Path),
    default=Path("build/store"),
    show_default=True,
    help="Folder of the Oxigraph store; reused while the corpus is unchanged.",
)
@click.option(
    "--publish",
    "publish",
    multiple=True,
    metavar="FILE[=GRAPH]",
    help="Also publish this RDF file (Turtle, N-Triples, N-Quads, TriG, JSON-LD), into the "
    "named graph GRAPH (default: graph/file/NAME under the base IRI); repeatable.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--base-iri",
    envvar="CLAIMGRAPH_BASE_IRI",
    default=None,
    help="Base under which IRIs are minted (env CLAIMGRAPH_BASE_IRI); it must end with '/'. "
    "Default: the address served, http://HOST:PORT/ (127.0.0.1 for 0.0.0.0), so that "
    "every link resolves; give the public IRI behind a reverse proxy.",
)
@click.option("--rebuild", is_flag=True, help="Rebuild the store even if the corpus is unchanged.")
@click.option(
    "--discard-updates",
    is_flag=True,
    help="Rebuild even if the store holds updates accepted since it was built (they are "
    "lost); without it such a rebuild is refused.",
)
@click.option(
    "--allow-violations", is_flag=True, help="Serve the data even if it does not conform."
)
@include_drafts_option
@quiet_option
@click.option(
    "--query-timeout", type=float, default=30.0, show_default=True, help="Seconds a query may run."
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Query processes of each server process: queries that run at once in it, each "
    "in a process of its own (cut off the network, its memory capped).",
)
@click.option(
    "--max-query-memory",
    type=click.IntRange(min=64),
    default=1024,
    show_default=True,
    metavar="MIB",
    help="Memory a query may use, in MiB: past it the query is stopped with 503 and its "
    "process replaced.",
)
@click.option(
    "--trusted-proxy",
    "trusted_proxies",
    multiple=True,
    callback=lambda _ctx, _param, values: tuple(_network(v) for v in values),
    metavar="ADDRESS",
    help="A reverse proxy whose X-Forwarded-For header names the client (an IP address "
    "or network); repeatable. Without it, the peer's address is the client's.",
)
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    help="Server processes sharing the port (default: 2; 1 with --allow-update). A query "
    "that outlives --query-timeout is stopped by killing its query process.",
)
@click.option(
    "--access-log/--no-access-log",
    default=True,
    show_default=True,
    help="Log each request on stderr.",
)
@click.option(
    "--allow-service",
    "allow_service",
    multiple=True,
    metavar="IRI",
    help="Let SERVICE (queries) and LOAD (updates) call this remote endpoint; repeatable. "
    "Without it the server fetches nothing.",
)
@click.option(
    "--allow-update",
    is_flag=True,
    help="Accept SPARQL Update and Graph Store writes (/store) from clients that send "
    "the --update-token as a bearer token.",
)
@click.option(
    "--update-token",
    envvar="CLAIMGRAPH_UPDATE_TOKEN",
    help="The bearer token that authorises updates (env CLAIMGRAPH_UPDATE_TOKEN).",
)
@click.option(
    "--get",
    "get_path",
    metavar="PATH",
    help="Instead of serving, request PATH from the app, print the response, and exit "
    "0 if its status is 200, else 1 (a smoke test).",
)
@click.option(
    "--endpoint",
    envvar="CLAIMGRAPH_ENDPOINT",
    metavar="URL",
    help="Serve the dataset claimgraph publish put into this Oxigraph server (its root "
    "URL; env CLAIMGRAPH_ENDPOINT), read-only, instead of a store folder: no corpus, no "
    "--store. http(s) only, no credentials in it.",
)
@click.option(
    "--endpoint-user",
    envvar="CLAIMGRAPH_STORE_USER",
    help="With --endpoint: user name for HTTP Basic authentication (env CLAIMGRAPH_STORE_USER).",
)
@click.option(
    "--endpoint-password",
    envvar="CLAIMGRAPH_STORE_PASSWORD",
    help="With --endpoint: password for HTTP Basic authentication; prefer the environment "
    "variable CLAIMGRAPH_STORE_PASSWORD (a command line is visible to other users). "
    "Never printed.",
)
@cache_option
@reports_errors
def serve(
    corpus_dir: Path | None,
    store: Path,
    publish: tuple[str, ...],
    host: str,
    port: int,
    base_iri: str | None,
    rebuild: bool,
    discard_updates: bool,
    allow_violations: bool,
    include_drafts: bool,
    quiet: bool,
    query_timeout: float,
    workers: int,
    max_query_memory: int,
    trusted_proxies: tuple[str, ...],
    processes: int | None,
    access_log: bool,
    allow_service: tuple[str, ...],
    allow_update: bool,
    update_token: str | None,
    get_path: str | None,
    endpoint: str | None,
    endpoint_user: str | None,
    endpoint_password: str | None,
    cache_dir: Path | None,
    no_cache: bool,
) -> None:
    """Serve CORPUS_DIR as a SPARQL 1.1 endpoint at /sparql.

    The corpus is built and validated, and loaded into an on-disk Oxigraph
    store (--store); data that does not conform is refused (exit 1, report on
    stdout) unless --allow-violations. Without CORPUS_DIR, or while the corpus
    is unchanged, the store built earlier is reopened without rebuilding. The
    default graph is the union of the named graphs. Unreviewed drafts are left
    out unless --include-drafts. With --endpoint, the dataset claimgraph publish
    put into an Oxigraph server is served instead, read-only, by as many serve
    processes, on as many machines, as wanted.
    """
    from claimgraph.rdf.iris import Minter, check_web_iri
    from claimgraph.store.embedded import read_info
    from claimgraph.store.publication import accepted_updates
    from claimgraph.validation import reports
    from claimgraph.web.app import create_app
    from claimgraph.web.serve import Extra, prepare_store
    from claimgraph.web.settings import ServerSettings

    if endpoint is not None:
        given = {
            "CORPUS_DIR": corpus_dir is not None,
            "--publish": bool(publish),
            "--rebuild": rebuild,
            "--discard-updates": discard_updates,
            "--allow-violations": allow_violations,
            "--include-drafts": include_drafts,
            "--allow-update": allow_update,
            "--allow-service": bool(allow_service),
        }
        refused = [name for name, present in given.items() if present]
        if refused:
            raise ClaimgraphError(
                f"--endpoint serves what claimgraph publish put into the store, read-only: "
                f"not with {', '.join(refused)}",
                hint="publish the corpus first: claimgraph publish CORPUS_DIR --to URL",
            )
        base_iri = _published_base(
            endpoint, endpoint_user, endpoint_password, base_iri, query_timeout
        )
        click.echo(f"serving the store at {shown(endpoint)}, read-only", err=True)
        click.echo(f"base IRI {printable(base_iri)}", err=True)
    else:
        if base_iri is None:  # a store served alone keeps the base it was built under
            existing = read_info(store) if corpus_dir is None else None
            base_iri = (existing.base if existing else None) or served_base(host, port)
        minter = Minter(base_iri)
        extras = tuple(Extra.parse(spec) for spec in publish)
        if extras and corpus_dir is None:
            raise ClaimgraphError(
                "--publish needs the corpus folder too: the store is rebuilt with both"
            )
        with progress.quiet(quiet), ExitStack() as stack:
            cache = None
            if corpus_dir is not None:
                cache = stack.enter_context(
                    opened_cache(cache_dir, corpus_dir, minter.base, no_cache)
                )
            prepared = prepare_store(
                corpus_dir,
                store,
                minter,
                extras=extras,
                rebuild=rebuild,
                allow_violations=allow_violations,
                discard_updates=discard_updates,
                cache=cache,
                include_drafts=include_drafts,
            )
        _left_out(prepared.left_out)
        if prepared.report is not None and not prepared.report.conforms:
            click.echo(reports.render(prepared.report, "text"), nl=False)
            if not allow_violations:
                click.echo("not serving: the data does not conform", err=True)
                sys.exit(EXIT_VIOLATIONS)
        assert prepared.info is not None
        state = "built" if prepared.rebuilt else "reopened"
        click.echo(f"{state} store {shown(store)} ({prepared.info.quads} quads)", err=True)
        click.echo(f"base IRI {printable(base_iri)}", err=True)
        updates = accepted_updates(store)
        if updates:
            click.echo(
                f"note: the store holds {updates} update(s) accepted since it was built: "
                "it no longer matches the corpus it was built from",
                err=True,
            )
    settings = ServerSettings(
        store=store,
        endpoint=endpoint,
        endpoint_user=endpoint_user,
        endpoint_password=endpoint_password,
        base_iri=base_iri,
        query_timeout=query_timeout,
        workers=workers,
        max_query_memory=max_query_memory * 2**20,
        trusted_proxies=trusted_proxies,
        allow_service=tuple(check_web_iri(iri, "--allow-service") for iri in allow_service),
        allow_update=allow_update,
        update_token=update_token,
    )
    app = create_app(settings)  # checks the settings before anything is served
    from claimgraph.web.supervisor import Supervisor

    if processes is None:
        processes = 1 if allow_update else 2
    supervisor = Supervisor(
        settings, host=host, port=port, processes=processes, access_log=access_log
    )
    if get_path is not None:
        from fastapi.testclient import TestClient

        with TestClient(app) as client:
            response = client.get(get_path)
        click.echo(response.text, nl=False)
        sys.exit(EXIT_OK if response.status_code == 200 else EXIT_VIOLATIONS)
    supervisor.run()


@main.command()
@click.argument("path", type=click.Path(path_type=Path), default=Path("build"), required=False)
@click.option(
    "--to",
    "url",
    envvar="CLAIMGRAPH_STORE_URL",
    required=True,
    metavar="URL",
    help="The store (env CLAIMGRAPH_STORE_URL): an Oxigraph server's or Virtuoso's root URL, "
    "or with --store gsp the Graph Store Protocol endpoint. http(s) only, no credentials in it.",
)
@click.option(
    "--store",
    "kind",
    type=click.Choice(["oxigraph", "virtuoso", "gsp"]),
    default="oxigraph",
    show_default=True,
    help="The kind of store: oxigraph (Oxigraph server: bulk load first, then one "
    "transactional update per graph), virtuoso (Virtuoso 7.2: its bulk loader first, then "
    "one Graph Store PUT per graph; HTTP Digest) or gsp (any SPARQL 1.1 Graph Store "
    "Protocol store).",
)
@click.option(
    "--load-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="CLAIMGRAPH_LOAD_DIR",
    help="With --store virtuoso: a folder the server reads (in its DirsAllowed), on its "
    "machine or shared with it (env CLAIMGRAPH_LOAD_DIR): the first publish writes the "
    "N-Quads there for Virtuoso's bulk loader. Without it, SPARQL Updates of ~100,000 triples.",
)
@click.option(
    "--query-endpoint",
    metavar="URL",
    help="With --store gsp: the store's SPARQL query endpoint (the lock, the graph list).",
)
@click.option(
    "--update-endpoint",
    metavar="URL",
    help="With --store gsp: the store's SPARQL update endpoint (the lock).",
)
@click.option(
    "--user",
    envvar="CLAIMGRAPH_STORE_USER",
    help="User name for HTTP Basic authentication, Digest for Virtuoso (env "
    "CLAIMGRAPH_STORE_USER; Virtuoso: dba unless given).",
)
@click.option(
    "--password",
    envvar="CLAIMGRAPH_STORE_PASSWORD",
    help="Password for HTTP Basic (Virtuoso: Digest) authentication; prefer the variable "
    "CLAIMGRAPH_STORE_PASSWORD (a command line is visible to other users). Never printed.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=60.0,
    show_default=True,
    help="Seconds to wait for the store at each step of a request (connect, send, answer; "
    "a bulk load's answer: this for each 64 MiB sent).",
)
@click.option(
    "--break-lock",
    is_flag=True,
    help="Remove another publisher's lock on the store before publishing (when that "
    "publisher is gone; one that expired or ran on this machine is taken over anyway).",
)
@click.option(
    "--base-iri",
    envvar="CLAIMGRAPH_BASE_IRI",
    default=DEFAULT_BASE_IRI,
    show_default=True,
    help="For a corpus folder: the base under which IRIs are minted (env "
    "CLAIMGRAPH_BASE_IRI). A build folder's dataset keeps the base it was built under.",
)
@include_drafts_option
@cache_option
@quiet_option
@reports_errors
def publish(
    path: Path,
    url: str,
    kind: str,
    load_dir: Path | None,
    query_endpoint: str | None,
    update_endpoint: str | None,
    user: str | None,
    password: str | None,
    timeout: float,
    break_lock: bool,
    base_iri: str,
    include_drafts: bool,
    cache_dir: Path | None,
    no_cache: bool,
    quiet: bool,
) -> None:
    """Publish a build folder (default: build/) or a corpus folder into a
    server-grade SPARQL store (--to): the first time with the store's bulk load,
    then only the graphs that changed, the graphs of removed articles deleted.

    A manifest in the store (graph/publication under the base IRI) records each
    graph's digest and the dataset's version, so that any machine can publish
    the next version; it is written last. A publish that fails part-way leaves
    the previous manifest, and the next run completes it. A lock in the store
    refuses a second publisher while one is at work. A corpus folder is built
    first (as claimgraph build does); data that does not conform is not
    published (exit 1).
    """
    from claimgraph.store.publish import BuildDump, NotConforming, describe
    from claimgraph.store.publish import publish as publish_dump
    from claimgraph.store.remote import Credentials, open_store

    # the URLs and options are checked before anything is built or sent
    store = open_store(
        kind,
        url,
        Credentials(user, password),
        timeout=timeout,
        query_endpoint=query_endpoint,
        update_endpoint=update_endpoint,
        load_dir=load_dir,
    )

    def say(line: str) -> None:
        click.echo(f"note: {line}", err=True)

    with ExitStack() as stack:
        stack.callback(store.close)
        folder = path
        if not (path / ".claimgraph-build").is_file():
            folder = stack.enter_context(
                _built_for_publish(path, base_iri, include_drafts, cache_dir, no_cache, quiet)
            )
        try:
            dump = BuildDump(folder)
        except NotConforming as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_VIOLATIONS)
        stack.callback(dump.close)
        result = publish_dump(dump, store, break_lock=break_lock, say=say)
        click.echo(describe(result, url), err=True)


@contextmanager
def _built_for_publish(
    corpus: Path,
    base_iri: str,
    include_drafts: bool,
    cache_dir: Path | None,
    no_cache: bool,
    quiet: bool,
) -> Iterator[Path]:
    """The corpus built (as ``claimgraph build`` does) into a folder of the
    cache's, held while the block runs (so that the next publish's build redoes
    only what changed), or a temporary one; exit 1, with the report, when its
    data does not conform."""
    import shutil
    import tempfile

    from claimgraph.pipeline.build import build as build_corpus
    from claimgraph.rdf.iris import Minter
    from claimgraph.validation import reports

    if not corpus.is_dir():
        raise ClaimgraphError(
            "not a build folder nor a corpus folder",
            Location(corpus),
            hint="give the folder `claimgraph build` wrote (build/), or a corpus folder",
        )
    minter = Minter(base_iri)
    with opened_cache(cache_dir, corpus, minter.base, no_cache) as cache:
        temporary = None
        if cache is not None:
            out = cache.folder / "publish-build"
        else:
            temporary = Path(tempfile.mkdtemp(prefix="claimgraph-publish-"))
            out = temporary / "build"
        try:
            with progress.quiet(quiet):
                result = build_corpus(
                    corpus, out, minter, cache=cache, include_drafts=include_drafts
                )
            _left_out(result.left_out)
            if not result.report.conforms:
                click.echo(reports.render(result.report, "text"), nl=False)
                click.echo("nothing published: the data does not conform", err=True)
                sys.exit(EXIT_VIOLATIONS)
            yield out
        finally:
            if temporary is not None:
                shutil.rmtree(temporary, ignore_errors=True)


def _published_base(
    endpoint: str, user: str | None, password: str | None, given: str | None, timeout: float
) -> str:
    """The base IRI of the dataset publish put into the store at ``endpoint``:
    ``given`` as it is (the store is not asked: serving processes start while
    it is down, and each request says why it fails), else the one the store's
    manifest names (with several, --base-iri chooses)."""
    from claimgraph.rdf.iris import Minter, check_web_iri
    from claimgraph.store.publish import NS
    from claimgraph.store.remote import Credentials, OxigraphServer, StoreError, check_url

    check_url(endpoint, "--endpoint")
    if given is not None:
        return Minter(check_web_iri(given, "--base-iri")).base
    store = OxigraphServer.at(endpoint, Credentials(user, password), timeout)
    try:
        rows = store.query(f"SELECT DISTINCT ?m WHERE {{ GRAPH ?m {{ ?m a <{NS}Manifest> }} }}")
    except StoreError as exc:
        hint = "is the store up and reachable? --query-timeout sets the time-out; with "
        raise ClaimgraphError(
            exc.message, hint=hint + "--base-iri the store is not asked until a request comes"
        ) from None
    finally:
        store.close()
    bases = sorted(
        str(row["m"]["value"]).removesuffix("graph/publication")
        for row in rows
        if str(row.get("m", {}).get("value", "")).endswith("graph/publication")
    )
    if not bases:
        raise ClaimgraphError(
            f"the store at {shown(endpoint)} holds no dataset claimgraph published",
            hint=f"publish one first: claimgraph publish BUILD_DIR --to {shown(endpoint)}",
        )
    if len(bases) > 1:
        raise ClaimgraphError(
            f"the store at {shown(endpoint)} holds {len(bases)} datasets "
            f"({', '.join(printable(b) for b in bases)}): choose one with --base-iri"
        )
    return bases[0]


def _network(value: str) -> str:
    """An IP address or network, as given (uvicorn reads it), or a usage error."""
    import ipaddress

    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise click.BadParameter(
            f"{shown(value)} is not an IP address or network (e.g. 10.0.0.5 or 10.0.0.0/24)"
        ) from None
    return value


@main.command()
@click.argument("text_file", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace an existing annotation file.")
@reports_errors
def new(text_file: Path, force: bool) -> None:
    """Start an annotation for TEXT_FILE: writes ARTICLE.yaml beside ARTICLE.txt,
    with the headline filled in and commented examples of each section."""
    from claimgraph.annotation.scaffold import scaffold  # only here: see _load_paths

    target = scaffold(text_file, force=force)
    click.echo(f"wrote {shown(target)}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Replace existing annotation files (a hand annotation is lost); in a folder, "
    "draft every text, not only those without an annotation.",
)
@reports_errors
def draft(paths: tuple[Path, ...], force: bool) -> None:
    """Draft annotations from raw text: for each ARTICLE.txt (or each text without an
    annotation in a corpus folder), write ARTICLE.yaml with the article's metadata,
    actors, mentions and one chain of hops per reported-speech construction, marked
    'status: draft' with the drafter's confidence on each entry, for a person to
    review. The folder's registry.yaml is the gazetteer of known actors."""
    from claimgraph.draft.files import (  # only here: see _load_paths
        check_target,
        draft_file,
        texts_to_draft,
    )

    texts: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = texts_to_draft(path, force=force)
            if not found:
                click.echo(f"{shown(path)}: every text already has an annotation", err=True)
            texts.extend(found)
        else:
            texts.append(path)
    for text in texts:  # every refusal before anything is written
        check_target(text, force=force)
    for text in texts:
        outcome = draft_file(text, force=force)
        click.echo(
            f"drafted {shown(outcome.target)} ({outcome.claims} claims): review it, then "
            "set 'status: reviewed'"
        )


LOOPBACK = ("127.0.0.1", "::1", "localhost")


@main.command()
@click.argument(
    "corpus_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
    required=False,
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    type=click.Choice(LOOPBACK),
    help="Loopback address to listen on (the editor writes files: reach it from another "
    "machine through an SSH tunnel, never directly).",
)
@click.option(
    "--port", default=8765, show_default=True, type=click.IntRange(1, 65535), help="Port."
)
@click.option(
    "--token",
    envvar="CLAIMGRAPH_EDIT_TOKEN",
    default=None,
    help="The secret the editor's URL carries (default: a new random one each start); "
    "also CLAIMGRAPH_EDIT_TOKEN.",
)
@base_iri_option
@reports_errors
def edit(corpus_dir: Path, host: str, port: int, token: str | None, base_iri: str) -> None:
    """Edit the annotations of CORPUS_DIR (default: the current folder) in the browser:
    the text with every anchored span highlighted, each claim as a card and a form,
    every change checked as 'claimgraph validate' checks it, the drafter's suggestions
    accepted or rejected one by one, and saves that keep the YAML's comments and layout.
    Prints the URL to open (with a random token, as Jupyter does)."""
    import secrets

    import uvicorn

    from claimgraph.edit.app import create_editor_app

    if not corpus_dir.is_dir():
        raise ClaimgraphError("not a folder", Location(corpus_dir))
    token = token or secrets.token_urlsafe(32)
    app = create_editor_app(corpus_dir, token=token, port=port, base_iri=base_iri)
    shown_host = f"[{host}]" if ":" in host else host
    click.echo(f"claimgraph edit: open http://{shown_host}:{port}/?token={token}", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
