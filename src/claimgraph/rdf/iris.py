"""Minting IRIs under a configurable base.

The default base makes every IRI resolve on the local server
(``claimgraph serve``). Layout, under the base::

    article/{article}                  the article (a cg:NewsArticle)
    article/{article}/text             its full text
    article/{article}/author           its author, when unnamed
    article/{article}/drafting         the drafting of its annotation (a draft's provenance)
    article/{article}/drafting/agent   the tool that drafted it
    article/{article}/review           the review of its annotation
    article/{article}/review/agent     who reviewed it
    article/{article}/{kind}/{id}      its own claims, actors, places, documents, events
    {kind}/{id}                        the registry's actors, places, documents, events
    graph/article/{article}            the article's named graph
    graph/registry                     the registry's named graph
    graph/build                        the build's named graph: when and how the dataset was made
    dataset                            the dataset (its graphs), as the build and VoID name it
    build/{digest}                     the build activity
    source/{sha256}                    a source file, by content
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pyoxigraph
from rdflib import URIRef

from claimgraph.defaults import DEFAULT_BASE_IRI as DEFAULT_BASE_IRI
from claimgraph.errors import ClaimgraphError


def check_iri(value: str, what: str) -> str:
    """Return ``value`` if it is an absolute IRI, else raise naming it."""
    try:
        pyoxigraph.NamedNode(value)
    except ValueError as exc:
        raise ClaimgraphError(f"invalid IRI for {what}: {value!r} ({exc})") from None
    if not urlsplit(value).scheme:
        raise ClaimgraphError(f"invalid IRI for {what}: {value!r} is not absolute")
    return value


def check_web_iri(value: str, what: str) -> str:
    """Return ``value`` if it is an absolute http(s) IRI with a host, else raise naming it."""
    check_iri(value, what)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ClaimgraphError(
            f"invalid IRI for {what}: {value!r} is not an http(s) IRI with a host"
        )
    return value


def check_base_iri(value: str) -> str:
    check_iri(value, "the base IRI")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ClaimgraphError(
            f"invalid base IRI {value!r}: it must be an http(s) IRI with a host",
            hint=f"for example {DEFAULT_BASE_IRI} or https://data.example.org/claims/",
        )
    if not value.endswith("/") or parts.query or parts.fragment:
        raise ClaimgraphError(
            f"invalid base IRI {value!r}: it must end with '/' and have no query or fragment",
            hint=f"try {value.split('?')[0].split('#')[0].rstrip('/')}/",
        )
    return value


class Minter:
    """Mints the IRIs of one dataset."""

    def __init__(self, base: str = DEFAULT_BASE_IRI) -> None:
        self.base = check_base_iri(base)

    def _iri(self, *segments: str) -> URIRef:
        return URIRef(self.base + "/".join(quote(s, safe="") for s in segments))

    def article(self, article: str) -> URIRef:
        return self._iri("article", article)

    def article_text(self, article: str) -> URIRef:
        return self._iri("article", article, "text")

    def article_author(self, article: str) -> URIRef:
        return self._iri("article", article, "author")

    def drafting(self, article: str) -> URIRef:
        return self._iri("article", article, "drafting")

    def drafting_agent(self, article: str) -> URIRef:
        return self._iri("article", article, "drafting", "agent")

    def review(self, article: str) -> URIRef:
        return self._iri("article", article, "review")

    def reviewer(self, article: str) -> URIRef:
        return self._iri("article", article, "review", "agent")

    def local(self, article: str, kind: str, ident: str) -> URIRef:
        return self._iri("article", article, kind, ident)

    def shared(self, kind: str, ident: str) -> URIRef:
        return self._iri(kind, ident)

    def graph_article(self, article: str) -> URIRef:
        return self._iri("graph", "article", article)

    def graph_registry(self) -> URIRef:
        return self._iri("graph", "registry")

    def graph_build(self) -> URIRef:
        return self._iri("graph", "build")

    def dataset(self) -> URIRef:
        return URIRef(self.base + "dataset")

    def build(self, digest: str) -> URIRef:
        return self._iri("build", digest)

    def source(self, sha256: str) -> URIRef:
        return self._iri("source", sha256)

    def software(self) -> URIRef:
        return self._iri("software", "claimgraph")
