"""Provenance: when a build ran (``SOURCE_DATE_EPOCH`` when set), the build's
own graph (the activity that made the dataset, when, with which version of
claimgraph) and each graph's link to the files it is made from, by content."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from datetime import UTC, datetime

from rdflib import Literal, URIRef

from claimgraph import __version__
from claimgraph.annotation.files import SourceFile
from claimgraph.errors import ClaimgraphError
from claimgraph.rdf.dataset import Triple
from claimgraph.rdf.iris import Minter
from claimgraph.rdf.vocab import CG, PROV, RDF, RDFS, XSD


def build_time() -> datetime:
    """``SOURCE_DATE_EPOCH`` if set (reproducible builds), else now; UTC, to the second."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return datetime.now(UTC).replace(microsecond=0)
    try:
        return datetime.fromtimestamp(int(epoch), UTC)
    except (ValueError, OverflowError):
        raise ClaimgraphError(
            f"invalid SOURCE_DATE_EPOCH {epoch!r}: expected seconds since 1970 as an integer"
        ) from None


def utc_datetime(time: datetime) -> Literal:
    """``time`` as an xsd:dateTime in UTC, in its canonical form ("Z", no trailing
    zeros in fractions of a second): the form a store keeps. rdflib would write
    "+00:00", which Oxigraph rewrites as "Z" on loading, so the dumps and the
    SPARQL endpoint would hold different terms."""
    text = time.astimezone(UTC).replace(tzinfo=None).isoformat()
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Literal(text + "Z", datatype=XSD.dateTime, normalize=False)


def derived_from(
    minter: Minter, graph_iri: URIRef, sources: list[SourceFile], own: list[SourceFile]
) -> Iterator[Triple]:
    """The graph's own provenance: the files it is made from, by content.
    (How and when it was made is the build graph's, see :func:`build_graph`.)

    A file is described (type, path, hash) only in the graph made from it,
    ``own`` (an article's annotation and text in the article's graph, the
    registry in the registry's), so that each triple is in one graph: the
    default graph, their union, then counts it once. The other graphs made
    with it (from the registry, from an article they refer to) only link it."""
    yield graph_iri, RDF.type, PROV.Entity
    for source in sources:
        yield graph_iri, PROV.wasDerivedFrom, minter.source(source.sha256)
    for source in own:
        node = minter.source(source.sha256)
        yield node, RDF.type, CG.SourceFile
        yield node, RDFS.label, Literal(source.relative)
        yield node, CG.sourcePath, Literal(source.relative)
        yield node, CG.sha256, Literal(source.sha256, datatype=XSD.hexBinary)


def build_graph(minter: Minter, sources: dict[URIRef, list[str]], time: datetime) -> list[Triple]:
    """The build's graph: the activity that made the dataset, when, with which
    version of claimgraph (each graph names the files it was derived from in
    its own graph). A handful of triples, whatever the corpus's size: the only
    graph that changes from one build to the next when no source does (and,
    with SOURCE_DATE_EPOCH, not even that). ``sources``: the SHA-256 of each
    graph's source files, which name the build with its time and version."""
    used = sorted({sha for shas in sources.values() for sha in shas})
    digest = hashlib.sha256("\n".join([__version__, time.isoformat(), *used]).encode())
    activity = minter.build(digest.hexdigest()[:16])
    software = minter.software()
    graph = minter.graph_build()
    return [
        # the graph itself, as each graph describes itself in its own (its IRI resolves)
        (graph, RDF.type, PROV.Entity),
        (graph, PROV.wasGeneratedBy, activity),
        (minter.dataset(), PROV.wasGeneratedBy, activity),
        (activity, RDF.type, PROV.Activity),
        (activity, RDFS.label, Literal(f"claimgraph build {time.isoformat()}")),
        (activity, PROV.endedAtTime, utc_datetime(time)),
        (activity, PROV.wasAssociatedWith, software),
        (software, RDF.type, PROV.SoftwareAgent),
        (software, RDFS.label, Literal("claimgraph")),
        (software, CG.softwareVersion, Literal(__version__)),
    ]
