"""The look and the links of every HTML page claimgraph serves: the templates,
and the context each page is rendered with (its links are paths under the base
IRI's path, never built from the request's Host header). The pages of
``serve`` (pages, query results, dumps, descriptions) and ``claimgraph edit``
render through this module; it imports none of them."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph as ox
from fastapi import Request, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from claimgraph import __version__
from claimgraph.rdf.vocab import CG_IRI
from claimgraph.web import describe
from claimgraph.web.ontology_docs import term_anchor
from claimgraph.web.settings import ServerSettings

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


def local_path(path: str) -> str:
    """``path`` as a link that stays on this server: one that begins with ``//``
    would be read as another host's address (``//evil.example/p``, from the
    IRI ``BASE/evil.example/p``), so it begins with ``/./`` instead, which a
    browser resolves to the same path here."""
    return "/." + path if path.startswith("//") else path


def page_context(request: Request, settings: ServerSettings, **extra: Any) -> dict[str, Any]:
    # Links are paths under the configured base IRI's path: never built from the
    # request's Host header (anyone can set it, and a cache would keep the page it
    # poisoned), and right on whatever address and port the server answers.
    base = settings.base_iri
    root = urlsplit(base).path

    def link(iri: str) -> str:
        """Our IRIs and the ontology's terms link to their pages here; others
        link where they point."""
        if iri.startswith(CG_IRI):
            return f"{root}ns#{term_anchor(iri)}"
        return local_path(root + iri[len(base) :]) if iri.startswith(base) else iri

    def anchor(iri: str, text: str) -> Markup:
        """A link to ``iri`` with ``text``; an IRI that is not a web IRI with a
        host (a ``javascript:`` or ``data:`` IRI in published data, or
        ``https:/x``, which a browser reads as ``https://x/``) is shown as text."""
        href = link(iri)
        parts = urlsplit(href)
        local = href.startswith(root) and not href.startswith("//")
        if not local and (parts.scheme not in ("http", "https") or not parts.hostname):
            return Markup('<span class="iri">{}</span>').format(text)
        return Markup('<a href="{}">{}</a>').format(href, text)

    return {
        "root": root,
        "version": __version__,
        "link": link,
        "anchor": anchor,
        "compact": describe.compact,
        "term": describe.concept_label,
        "plural": lambda n, word: f"{n} {word}" if n == 1 else f"{n} {word}s",
        "mark_kinds": describe.MARK_KINDS,
        **extra,
    }


def description_page(
    request: Request,
    settings: ServerSettings,
    what: str,
    title: str,
    triples: list[ox.Triple],
    prefixes: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """A description in RDF (``what``: "service" or "void") for a browser: what
    it is, and its Turtle, on a page of the site."""
    turtle = (ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b"").decode()
    context = page_context(request, settings, what=what, title=title, turtle=turtle)
    return templates.TemplateResponse(
        request, "description.html", context, headers={"Vary": "Accept", **(headers or {})}
    )
