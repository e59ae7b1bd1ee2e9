"""Formats as values, and content negotiation over them.

A format knows its media type and file extension (pyoxigraph's
``QueryResultsFormat`` and ``RdfFormat``); negotiation parses the ``Accept``
header with q-values and wildcards (python-mimeparse) and never compares
strings by hand.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import mimeparse
import pyoxigraph as ox

ResultFormat = ox.QueryResultsFormat | ox.RdfFormat

# SELECT and ASK results; the first is the default.
SOLUTION_FORMATS: tuple[ox.QueryResultsFormat, ...] = (
    ox.QueryResultsFormat.JSON,
    ox.QueryResultsFormat.XML,
    ox.QueryResultsFormat.CSV,
    ox.QueryResultsFormat.TSV,
)
# CONSTRUCT and DESCRIBE results, and RDF documents; the first is the default.
GRAPH_FORMATS: tuple[ox.RdfFormat, ...] = (
    ox.RdfFormat.TURTLE,
    ox.RdfFormat.JSON_LD,
    ox.RdfFormat.N_TRIPLES,
    ox.RdfFormat.RDF_XML,
    ox.RdfFormat.N_QUADS,
    ox.RdfFormat.TRIG,
)
# Media types clients commonly send for the same formats.
ALIASES: dict[str, str] = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/plain": "application/n-triples",
    "application/x-turtle": "text/turtle",
    "application/rdf+json": "application/ld+json",
}


@dataclass(frozen=True)
class Negotiated:
    format: ResultFormat
    media_type: str  # as sent in Content-Type


def _offers(formats: tuple[ResultFormat, ...], kind: str) -> list[tuple[str, ResultFormat]]:
    offers = [(f.media_type, f) for f in formats]
    by_type = dict(offers)
    for alias, canonical in ALIASES.items():
        if canonical in by_type and not (kind == "graph" and alias.endswith("xml")):
            offers.append((alias, by_type[canonical]))
    return offers


@functools.lru_cache(maxsize=512)  # clients send the same few headers: parse each once
def negotiate(accept: str | None, formats: tuple[ResultFormat, ...]) -> Negotiated | None:
    """The best of ``formats`` for an ``Accept`` header; the first when the
    header is absent or accepts anything; ``None`` when nothing fits (406)."""
    kind = "graph" if isinstance(formats[0], ox.RdfFormat) else "solutions"
    offers = _offers(formats, kind)
    if not accept or not accept.strip():
        return Negotiated(formats[0], formats[0].media_type)
    # mimeparse prefers later offers on ties: list the defaults last.
    supported = [media for media, _ in reversed(offers)]
    try:
        best = mimeparse.best_match(supported, accept)
    except (ValueError, mimeparse.MimeTypeParseException):
        return None
    if not best:
        return None
    chosen = dict(offers)[best]
    return Negotiated(chosen, chosen.media_type if best in ALIASES else best)


def content_type(media_type: str) -> str:
    """``Content-Type`` with the charset for text formats."""
    if "charset=" in media_type:
        return media_type
    textual = media_type.startswith("text/") or media_type.endswith(
        ("json", "xml", "triples", "quads", "trig")
    )
    return f"{media_type}; charset=utf-8" if textual else media_type


HTML = "text/html"


def wants_html(accept: str | None) -> bool:
    """HTML only for clients that ask for it (browsers); ``*/*`` gets Turtle."""
    if not accept or HTML not in accept:
        return False
    try:  # on equal quality the later offer wins: HTML
        best = mimeparse.best_match([f.media_type for f in GRAPH_FORMATS] + [HTML], accept)
    except (ValueError, mimeparse.MimeTypeParseException):
        return False
    return bool(best == HTML)


ALL_FORMATS: tuple[ResultFormat, ...] = (*SOLUTION_FORMATS, *GRAPH_FORMATS)
# The ``format`` parameter of /sparql, standing for ``Accept`` where a client
# cannot set it (a link followed in a browser): a format's file extension or
# media type, ``json`` / ``xml`` for either kind of result, or a name other
# servers take (Fuseki's, Virtuoso's).
FORMAT_NAMES: dict[str, str] = {
    "json": "application/sparql-results+json, application/ld+json",
    "xml": "application/sparql-results+xml, application/rdf+xml",
    **{f.file_extension: f.media_type for f in ALL_FORMATS},
    **{f.media_type: f.media_type for f in ALL_FORMATS},
    "turtle": "text/turtle",
    "json-ld": "application/ld+json",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "nquads": "application/n-quads",
    "rdfxml": "application/rdf+xml",
}


def format_accept(values: list[str]) -> str | None:
    """The ``Accept`` header that the values of a ``format`` parameter stand
    for, or ``None`` to keep the request's: unless one known name is given.
    Clients send their own (SPARQLWrapper sends ``format=n3``, or
    ``format=tsv&format=text/tab-separated-values``) beside a right Accept."""
    return FORMAT_NAMES.get(values[0].strip().lower()) if len(values) == 1 else None
