"""Annotation → RDF: one named graph per article, one for the shared registry.

Deterministic: the same input and the same build time give the same triples
(no blank nodes; every IRI is minted from IDs, every source file is named by
its digest). The build time is ``SOURCE_DATE_EPOCH`` when set.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from claimgraph import __version__, dates
from claimgraph.anchoring import find
from claimgraph.corpus import Corpus, LoadedArticle, SourceFile
from claimgraph.errors import ClaimgraphError, Location
from claimgraph.iris import Minter
from claimgraph.model import Actor, Anchor, Claim, Document, Event, Place
from claimgraph.resolve import Entry, Scope, article_scope, registry_scope
from claimgraph.vocab import CG, PROV, RDF, RDFS, SKOS, XSD

ACTOR_CLASSES = {
    "person": CG.Person,
    "organisation": CG.Organisation,
    "government": CG.Government,
    "armed-group": CG.ArmedGroup,
    "state": CG.State,
    "people-group": CG.PeopleGroup,
    "unidentified": CG.UnidentifiedActor,
    "anonymous-source": CG.AnonymousSource,
}
DOCUMENT_CLASSES = {
    "email": CG.Email,
    "report": CG.Report,
    "collection": CG.DocumentCollection,
    "article": CG.NewsArticle,
}
CERTAINTY = {
    "certain": CG.certain,
    "probable": CG.probable,
    "possible": CG.possible,
    "underspecified": CG.underspecified,
}
POLARITY = {"positive": CG.positive, "negative": CG.negative}
QUOTE_MODE = {"direct": CG.direct, "indirect": CG.indirect, "mixed": CG.mixed}
STATUS = {
    "established": CG.established,
    "alleged": CG.alleged,
    "disputed": CG.disputed,
    "denied": CG.denied,
}
CUE_TYPE = {
    "say": CG.cueSay,
    "reveal": CG.cueReveal,
    "cite": CG.cueCite,
    "according-to": CG.cueAccordingTo,
    "suggest": CG.cueSuggest,
    "deny": CG.cueDeny,
    "confirm": CG.cueConfirm,
    "allege": CG.cueAllege,
    "headline": CG.cueHeadline,
}
PRECISION = {
    "day": CG.dayPrecision,
    "month": CG.monthPrecision,
    "year": CG.yearPrecision,
    "season": CG.seasonPrecision,
}
SEASON = {"spring": CG.spring, "summer": CG.summer, "autumn": CG.autumn, "winter": CG.winter}
ROLES = {
    "instigators": CG.hasInstigator,
    "agents": CG.hasAgent,
    "targets": CG.hasTarget,
    "victims": CG.hasVictim,
    "participants": CG.hasParticipant,
}


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


@dataclass
class Dataset:
    """The mapped dataset: named graphs, and where each minted node came from."""

    graphs: dict[URIRef, Graph] = field(default_factory=dict)
    origins: dict[URIRef, Location] = field(default_factory=dict)

    def quads(self) -> Iterator[tuple[Node, Node, Node, URIRef]]:
        for name, graph in self.graphs.items():
            for s, p, o in graph:
                yield s, p, o, name

    def union(self) -> Graph:
        union = Graph()
        for graph in self.graphs.values():
            union += graph
        return union

    def __len__(self) -> int:
        return sum(len(g) for g in self.graphs.values())


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Mapper:
    """Writes one graph: the registry's or one article's."""

    def __init__(
        self, minter: Minter, scope: Scope, dataset: Dataset, article: LoadedArticle | None
    ) -> None:
        self.minter = minter
        self.scope = scope
        self.dataset = dataset
        self.article = article
        self.graph = Graph()

    # -- helpers -------------------------------------------------------------

    def add(self, s: Node, p: Node, o: Node) -> None:
        self.graph.add((s, p, o))

    def iri_of(self, entry: Entry) -> URIRef:
        if entry.scope is None:
            return self.minter.shared(entry.kind, entry.obj.id)
        return self.minter.local(entry.scope, entry.kind, entry.obj.id)

    def ref(self, ident: str) -> URIRef:
        return self.iri_of(self.scope.entries[ident])

    def origin(self, node: URIRef, location: Location) -> None:
        self.dataset.origins.setdefault(node, location)

    def label(self, node: URIRef, text: str) -> None:
        self.add(node, RDFS.label, Literal(text))

    def notes(self, node: URIRef, obj: Actor | Place | Document | Event | Claim) -> None:
        description = getattr(obj, "description", None)
        if description:
            self.add(node, CG.description, Literal(description))
        if obj.note:
            self.add(node, SKOS.note, Literal(obj.note))
        for iri in getattr(obj, "same_as", []):
            self.add(node, CG.exactMatch, URIRef(iri))

    def typed_date(self, node: URIRef, prop: URIRef, expr: str | None) -> dates.DateValue | None:
        if expr is None:
            return None
        value = dates.parse_date(expr)
        if value is None:
            self.add(node, CG.unstated, prop)
        else:
            self.add(node, prop, Literal(value.lexical, datatype=XSD[value.datatype]))
        return value

    def anchor(
        self, node: URIRef, cls: URIRef, anchor: Anchor, what: str, path: tuple[str | int, ...]
    ) -> None:
        assert self.article is not None
        location = self.article.lines.at(*path, "text")
        span = find(self.article.text, anchor.text, anchor.occurrence, what=what, location=location)
        self.origin(node, location)
        self.add(node, RDF.type, cls)
        self.label(node, f"«{_short(span.anchor)}»")
        self.add(node, CG.anchorOf, Literal(span.anchor))
        self.add(node, CG.beginIndex, Literal(span.begin, datatype=XSD.nonNegativeInteger))
        self.add(node, CG.endIndex, Literal(span.end, datatype=XSD.nonNegativeInteger))
        self.add(node, CG.referenceContext, self.minter.article_text(self.article.id))

    # -- entities --------------------------------------------------------------

    def entity(self, entry: Entry) -> None:
        node = self.iri_of(entry)
        self.origin(node, entry.location)
        obj = entry.obj
        if isinstance(obj, Actor):
            self.actor(node, obj, entry)
        elif isinstance(obj, Place):
            self.place(node, obj)
        elif isinstance(obj, Document):
            self.document(node, obj)
        elif isinstance(obj, Event):
            self.event(node, obj)
        else:
            self.claim(node, obj, entry)
        self.notes(node, obj)

    def names(self, node: URIRef, names: list[str]) -> None:
        if names:
            self.label(node, names[0])
            self.add(node, SKOS.prefLabel, Literal(names[0]))
        for alias in names[1:]:
            self.add(node, SKOS.altLabel, Literal(alias))

    def actor(self, node: URIRef, actor: Actor, entry: Entry) -> None:
        self.add(node, RDF.type, ACTOR_CLASSES[actor.kind])
        self.names(node, actor.names)
        described = actor.description_anchor
        if described is not None:
            if not actor.names:
                self.label(node, f"{actor.kind.replace('-', ' ')}: «{described.text}»")
            self.add(node, CG.verbatimDescription, Literal(described.text))
            mention = URIRef(f"{node}/mention")
            self.anchor(
                mention,
                CG.Mention,
                described,
                f"description of {actor.id!r}",
                (*entry.path, "described_as"),
            )
            self.add(mention, CG.refersTo, node)
        if actor.reported_affiliation:
            self.add(node, CG.reportedAffiliation, self.ref(actor.reported_affiliation))
        if actor.affiliation_qualifier:
            self.add(node, CG.affiliationQualifier, Literal(actor.affiliation_qualifier))
        for ref in actor.member_of:
            self.add(node, CG.memberOf, self.ref(ref))
        for ref in actor.leads:
            self.add(node, CG.leads, self.ref(ref))

    def place(self, node: URIRef, place: Place) -> None:
        self.add(node, RDF.type, CG.Place)
        self.names(node, place.names)
        for ref in place.within:
            self.add(node, CG.within, self.ref(ref))
        for ref in place.near:
            self.add(node, CG.near, self.ref(ref))

    def document(self, node: URIRef, doc: Document) -> None:
        self.add(node, RDF.type, DOCUMENT_CLASSES[doc.kind])
        self.label(node, doc.title)
        self.agents(node, CG.author, doc.author)
        if doc.sender == "unknown":
            self.add(node, CG.unstated, CG.sender)
        elif doc.sender is not None:
            self.add(node, CG.sender, self.ref(doc.sender))
        for ref in doc.recipients:
            self.add(node, CG.recipient, self.ref(ref))
        self.typed_date(node, CG.dateSent, doc.sent)
        self.typed_date(node, CG.datePublished, doc.published)
        if doc.part_of:
            self.add(node, CG.partOf, self.ref(doc.part_of))
        if doc.url:
            self.add(node, CG.url, URIRef(doc.url))

    def agents(self, node: URIRef, prop: URIRef, refs: list[str] | str) -> None:
        """``prop`` to each actor ID in ``refs`` (one ID or a list), or
        ``cg:unstated prop`` for ``unknown``."""
        if refs == "unknown":
            self.add(node, CG.unstated, prop)
            return
        for ref in [refs] if isinstance(refs, str) else refs:
            self.add(node, prop, self.ref(ref))

    def event(self, node: URIRef, event: Event) -> None:
        self.add(node, RDF.type, CG.Event)
        self.label(node, event.label)
        self.add(node, CG.status, STATUS[event.status])
        for role, prop in ROLES.items():
            for ref in getattr(event, role):
                self.add(node, prop, self.ref(ref))
        for ref in event.places:
            self.add(node, CG.hasPlace, self.ref(ref))
        for ref in event.part_of:
            self.add(node, CG.subEventOf, self.ref(ref))
        for ref in event.follows:
            self.add(node, CG.follows, self.ref(ref))
        value = self.typed_date(node, CG.date, event.date)
        if value is not None:
            self.add(node, CG.datePrecision, PRECISION[value.precision])
            if value.season:
                self.add(node, CG.season, SEASON[value.season])
            self.add(node, CG.earliest, Literal(value.earliest.isoformat(), datatype=XSD.date))
            self.add(node, CG.latest, Literal(value.latest.isoformat(), datatype=XSD.date))

    # -- claims ------------------------------------------------------------------

    def claimants(self, claim: Claim) -> list[URIRef]:
        assert self.article is not None
        if claim.claimant != "author":
            return [self.ref(claim.claimant)]
        authors = self.article.model.article.author
        if authors == "unknown":
            return [self.minter.article_author(self.article.id)]
        return [self.ref(a) for a in authors]

    def about(self, claim: Claim) -> list[str]:
        """The claim's events; a relaying claim with none inherits its relayed claims'."""
        if claim.about:
            return claim.about
        found: list[str] = []
        for ref in claim.relays:
            relayed = self.scope.entries[ref].obj
            assert isinstance(relayed, Claim)
            found += [e for e in self.about(relayed) if e not in found]
        return found

    def claim(self, node: URIRef, claim: Claim, entry: Entry) -> None:
        assert self.article is not None
        self.add(node, RDF.type, CG.Claim)
        claimants = self.claimants(claim)
        document = (
            self.minter.article(self.article.id)
            if claim.document == "article"
            else self.ref(claim.document)
        )
        for claimant in claimants:
            self.add(node, CG.claimant, claimant)
        self.add(node, CG.statedIn, document)
        events = self.about(claim)
        for ref in events:
            self.add(node, CG.about, self.ref(ref))
        for ref in claim.relays:
            self.add(node, CG.relays, self.ref(ref))
        for ref in claim.inferred_from:
            self.add(node, CG.inferredFrom, self.ref(ref))
        for ref in claim.corroborates:
            self.add(node, CG.corroborates, self.ref(ref))
        for ref in claim.contradicts:
            self.add(node, CG.contradicts, self.ref(ref))
        self.add(node, CG.certainty, CERTAINTY[claim.certainty])
        self.add(node, CG.polarity, POLARITY[claim.polarity])
        if claim.cue is not None:
            cue = URIRef(f"{node}/cue")
            self.anchor(cue, CG.Cue, claim.cue, f"cue of claim {claim.id!r}", (*entry.path, "cue"))
            self.add(cue, CG.cueType, CUE_TYPE[claim.cue.type])
            self.add(node, CG.hasCue, cue)
        if claim.quote is not None:
            quote = URIRef(f"{node}/quote")
            self.anchor(
                quote, CG.Quote, claim.quote, f"quote of claim {claim.id!r}", (*entry.path, "quote")
            )
            self.add(quote, CG.quoteMode, QUOTE_MODE[claim.quote.mode])
            self.add(node, CG.hasQuote, quote)
        self.label(node, claim.summary or self.claim_label(claim, events))

    def claim_label(self, claim: Claim, events: list[str]) -> str:
        """A readable default label, e.g. "the article's author reports, in the
        article, that Sidney Blumenthal claims: Secret understanding …"."""

        def label_of(ident: str) -> str:
            obj = self.scope.entries[ident].obj
            if isinstance(obj, Event):
                return obj.label
            if isinstance(obj, Document):
                return obj.title
            if isinstance(obj, Actor):
                described = obj.description_anchor
                return obj.names[0] if obj.names else f"«{described.text if described else ident}»"
            return ident

        def who(hop: Claim) -> str:
            return "the article's author" if hop.claimant == "author" else label_of(hop.claimant)

        where = "the article" if claim.document == "article" else label_of(claim.document)
        verb = "denies" if claim.polarity == "negative" else "claims"
        what = "; ".join(label_of(e) for e in events)
        relayed = [self.scope.entries[r].obj for r in claim.relays]
        if relayed and isinstance(relayed[0], Claim):
            return f"{who(claim)} reports, in {where}, that {who(relayed[0])} {verb}: {what}"
        return f"{who(claim)} {verb}, in {where}: {what}"

    # -- the article -------------------------------------------------------------

    def article_node(self) -> None:
        assert self.article is not None
        art = self.article
        meta = art.model.article
        node = self.minter.article(art.id)
        text = self.minter.article_text(art.id)
        self.origin(node, art.lines.at("article"))
        self.add(node, RDF.type, CG.NewsArticle)
        self.label(node, meta.headline)
        self.add(node, CG.headline, Literal(meta.headline))
        self.add(node, CG.hasText, text)
        self.add(text, RDF.type, CG.ArticleText)
        self.label(text, f"text of «{_short(meta.headline)}»")
        self.add(text, CG.isString, Literal(art.text))
        self.origin(text, art.lines.at("article", "text"))
        if meta.author == "unknown":
            self.add(node, CG.unstated, CG.author)
            author = self.minter.article_author(art.id)
            self.add(node, CG.author, author)
            self.add(author, RDF.type, CG.UnidentifiedActor)
            self.label(author, f"unnamed author of «{_short(meta.headline)}»")
            self.origin(author, art.lines.at("article", "author"))
        else:
            self.agents(node, CG.author, meta.author)
        self.agents(node, CG.publisher, meta.publisher)
        self.typed_date(node, CG.datePublished, meta.published)
        if meta.url:
            self.add(node, CG.url, URIRef(meta.url))

    # -- provenance ----------------------------------------------------------------

    def provenance(
        self, graph_iri: URIRef, activity: URIRef, sources: list[SourceFile], time: datetime
    ) -> None:
        self.add(graph_iri, RDF.type, PROV.Entity)
        self.add(graph_iri, PROV.wasGeneratedBy, activity)
        self.add(activity, RDF.type, PROV.Activity)
        self.label(activity, f"claimgraph build {time.isoformat()}")
        self.add(activity, PROV.endedAtTime, Literal(time.isoformat(), datatype=XSD.dateTime))
        software = self.minter.software()
        self.add(activity, PROV.wasAssociatedWith, software)
        self.add(software, RDF.type, PROV.SoftwareAgent)
        self.label(software, "claimgraph")
        self.add(software, CG.softwareVersion, Literal(__version__))
        for source in sources:
            node = self.minter.source(source.sha256)
            self.add(graph_iri, PROV.wasDerivedFrom, node)
            self.add(activity, PROV.used, node)
            self.add(node, RDF.type, CG.SourceFile)
            self.label(node, source.relative)
            self.add(node, CG.sourcePath, Literal(source.relative))
            self.add(node, CG.sha256, Literal(source.sha256, datatype=XSD.hexBinary))


def build_dataset(corpus: Corpus, minter: Minter, time: datetime | None = None) -> Dataset:
    """Map a loaded corpus to RDF. Raises :class:`ClaimgraphError` on bad input."""
    time = time or build_time()
    digest = hashlib.sha256(
        "\n".join([__version__, time.isoformat(), *(s.sha256 for s in corpus.sources)]).encode()
    ).hexdigest()[:16]
    activity = minter.build(digest)
    dataset = Dataset()
    shared = registry_scope(corpus.registry)

    if corpus.registry.source is not None:
        mapper = _Mapper(minter, shared, dataset, None)
        for entry in shared.entries.values():
            mapper.entity(entry)
        graph_iri = minter.graph_registry()
        mapper.provenance(graph_iri, activity, [corpus.registry.source], time)
        dataset.graphs[graph_iri] = mapper.graph

    for article in corpus.articles:
        scope = article_scope(article, shared)
        mapper = _Mapper(minter, scope, dataset, article)
        mapper.article_node()
        for entry in scope.entries.values():
            if entry.scope == article.id:
                mapper.entity(entry)
        graph_iri = minter.graph_article(article.id)
        sources = [article.annotation_source, article.text_source]
        if corpus.registry.source is not None:
            sources.append(corpus.registry.source)
        mapper.provenance(graph_iri, activity, sources, time)
        dataset.graphs[graph_iri] = mapper.graph
    return dataset
