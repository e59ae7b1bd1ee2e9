"""Drafts and their review, in the data (PROV-O): which claims a tool drafted
and nobody has reviewed yet, which tool and version drafted them and when, who
reviewed them, and how confident the drafter was in each entry.

An article whose annotation says nothing of drafts or review (a hand
annotation) adds nothing here. Otherwise each of its claims has
``cg:reviewStatus`` (``cg:unreviewed`` while ``status: draft``, else
``cg:reviewed``); a drafted one is ``prov:wasGeneratedBy`` the article's
``cg:Drafting``, associated with the tool (a ``prov:SoftwareAgent``); a
reviewed one is ``prov:used`` by the article's ``cg:Review``, associated with
the reviewer (a ``prov:Agent``). The activities' dates are the mapper's to
write (``cg:date``, as every date of the data)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Literal, URIRef

from claimgraph.annotation import dates
from claimgraph.annotation.model import ArticleMeta
from claimgraph.rdf.dataset import Triple
from claimgraph.rdf.iris import Minter
from claimgraph.rdf.vocab import CG, PROV, RDF, RDFS, XSD


@dataclass(frozen=True)
class Review:
    """What an article's annotation says of its drafting and review: the
    claims' review status and the activities they come from (None: not said)."""

    status: URIRef | None = None
    drafting: URIRef | None = None
    review: URIRef | None = None

    def of_claim(self, claim: URIRef) -> Iterator[Triple]:
        if self.status is not None:
            yield claim, CG.reviewStatus, self.status
        if self.drafting is not None:
            yield claim, PROV.wasGeneratedBy, self.drafting
        if self.review is not None:
            yield self.review, PROV.used, claim


def review_of(minter: Minter, article: str, meta: ArticleMeta) -> Review:
    if meta.status is None and meta.drafted is None and meta.reviewed is None:
        return Review()  # a hand annotation: nothing to say
    return Review(
        CG.unreviewed if meta.is_draft else CG.reviewed,
        minter.drafting(article) if meta.drafted is not None else None,
        minter.review(article) if meta.reviewed is not None else None,
    )


def activities(minter: Minter, article: str, meta: ArticleMeta) -> Iterator[Triple]:
    """The drafting and the review of the article's annotation, with their
    agents (not their dates)."""
    if meta.drafted is not None:
        tool = minter.drafting_agent(article)
        label = _dated(f"drafted by {meta.drafted.by}", meta.drafted.on)
        yield from _activity(minter.drafting(article), CG.Drafting, label)
        yield from _agent(minter.drafting(article), tool, PROV.SoftwareAgent, meta.drafted.by)
        version = software_version(meta.drafted.by)
        if version is not None:
            yield tool, CG.softwareVersion, Literal(version)
    if meta.reviewed is not None:
        label = _dated(f"reviewed by {meta.reviewed.by}", meta.reviewed.on)
        yield from _activity(minter.review(article), CG.Review, label)
        yield from _agent(
            minter.review(article), minter.reviewer(article), PROV.Agent, meta.reviewed.by
        )


def _activity(node: URIRef, kind: URIRef, label: str) -> Iterator[Triple]:
    yield node, RDF.type, PROV.Activity
    yield node, RDF.type, kind
    yield node, RDFS.label, Literal(label)


def _agent(activity: URIRef, agent: URIRef, kind: URIRef, name: str) -> Iterator[Triple]:
    yield activity, PROV.wasAssociatedWith, agent
    yield agent, RDF.type, kind
    yield agent, RDFS.label, Literal(name)


def _dated(label: str, expr: str | None) -> str:
    value = dates.parse_date(expr) if expr is not None else None
    return f"{label}, {value.lexical}" if value is not None else label


_VERSION = re.compile(r"\s(v?(\d[\w.+-]*))$")


def software_version(tool: str) -> str | None:
    """The version at the end of a tool's name and version ('claimgraph 0.1.0'
    gives '0.1.0'; 'v2.1' gives '2.1'), if it ends with one."""
    match = _VERSION.search(tool.strip())
    return match[2] if match else None


def confidence_literal(value: float) -> Literal:
    """``value`` as an xsd:decimal in the form a store keeps (``0.8``, ``1``,
    ``0.00001``: no exponent, no trailing zeros), so that the dumps and the
    store hold the same term."""
    text = format(Decimal(repr(abs(value))), "f")  # abs: -0.0 is 0
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Literal(text, datatype=XSD.decimal, normalize=False)
