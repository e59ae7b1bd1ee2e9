"""Annotation → RDF: one named graph per article, one for the shared registry.

Deterministic: the same input and the same build time give the same triples
(no blank nodes; every IRI is minted from IDs, every source file is named by
its digest). The build time is ``SOURCE_DATE_EPOCH`` when set.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from claimgraph import __version__
from claimgraph.annotation import dates
from claimgraph.annotation.anchoring import Span, find
from claimgraph.annotation.corpus import Corpus, LoadedArticle, SourceFile, referenced_articles
from claimgraph.annotation.model import (
    Actor,
    Anchor,
    Claim,
    Document,
    Event,
    Place,
    Post,
    Proposition,
)
from claimgraph.annotation.resolve import (
    AUTHOR,
    Entry,
    Scope,
    article_scope,
    claim_index,
    claimant_of,
    document_of,
    registry_scope,
)
from claimgraph.errors import ClaimgraphError, Collector, Location
from claimgraph.progress import tracked
from claimgraph.rdf.iris import Minter
from claimgraph.rdf.nquads import Writer
from claimgraph.rdf.vocab import CG, PROV, RDF, RDFS, SKOS, XSD

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
    "letter": CG.Letter,
    "collection": CG.DocumentCollection,
    "article": CG.NewsArticle,
    "social-media-post": CG.SocialMediaPost,
}
PROPOSITION_CLASSES = {
    "state": CG.StateOfAffairs,
    "relation": CG.Relation,
    "characterisation": CG.Characterisation,
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
    "planned": CG.planned,
    "announced": CG.announced,
    "called-for": CG.calledFor,
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
    "announce": CG.cueAnnounce,
    "claim": CG.cueClaim,
    "accuse": CG.cueAccuse,
    "headline": CG.cueHeadline,
}
SPEECH_ACT = {
    "report": CG.actReport,
    "cite": CG.actCite,
    "state": CG.actState,
    "say": CG.actSay,
    "claim": CG.actClaim,
    "allege": CG.actAllege,
    "reveal": CG.actReveal,
    "confirm": CG.actConfirm,
    "deny": CG.actDeny,
    "suggest": CG.actSuggest,
    "announce": CG.actAnnounce,
    "accuse": CG.actAccuse,
    "criticise": CG.actCriticise,
    "recommend": CG.actRecommend,
    "warn": CG.actWarn,
    "promise": CG.actPromise,
    "demand": CG.actDemand,
}
# The verb of each act in labels: third person singular, plural.
VERBS = {
    "report": ("reports", "report"),
    "cite": ("cites", "cite"),
    "state": ("states", "state"),
    "say": ("says", "say"),
    "claim": ("claims", "claim"),
    "allege": ("alleges", "allege"),
    "reveal": ("reveals", "reveal"),
    "confirm": ("confirms", "confirm"),
    "deny": ("denies", "deny"),
    "suggest": ("suggests", "suggest"),
    "announce": ("announces", "announce"),
    "accuse": ("accuses", "accuse"),
    "criticise": ("criticises", "criticise"),
    "recommend": ("recommends", "recommend"),
    "warn": ("warns", "warn"),
    "promise": ("promises", "promise"),
    "demand": ("demands", "demand"),
}
MEDIUM = {
    "statement": CG.mediumStatement,
    "interview": CG.mediumInterview,
    "press-conference": CG.mediumPressConference,
    "speech": CG.mediumSpeech,
    "social-media-post": CG.mediumSocialMediaPost,
    "broadcast": CG.mediumBroadcast,
    "testimony": CG.mediumTestimony,
    "conversation": CG.mediumConversation,
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
    "beneficiaries": CG.hasBeneficiary,
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


Triple = tuple[Node, Node, Node]


@dataclass
class Dataset:
    """The mapped dataset: named graphs, and where each minted node came from.

    The mapper writes each graph's triples (``triples``, in order, without
    duplicates); ``graphs`` gives them as rdflib graphs, made on first use, for
    code that reads or changes them one by one. Once made, they are the data.
    """

    triples: dict[URIRef, list[Triple]] = field(default_factory=dict)
    origins: dict[URIRef, Location] = field(default_factory=dict)
    # the files each graph (but the build graph) is made from
    sources: dict[URIRef, list[SourceFile]] = field(default_factory=dict)
    _graphs: dict[URIRef, Graph] | None = field(default=None, repr=False, compare=False)

    @property
    def graphs(self) -> dict[URIRef, Graph]:
        if self._graphs is None:
            self._graphs = {}
            for name, triples in self.triples.items():
                graph = self._graphs[name] = Graph()
                for triple in triples:
                    graph.add(triple)
        return self._graphs

    def graph_triples(self) -> Iterator[tuple[URIRef, Collection[Triple]]]:
        if self._graphs is not None:
            yield from self._graphs.items()  # type: ignore[misc]  # a Graph is a collection of triples
        else:
            yield from self.triples.items()

    def quads(self) -> Iterator[tuple[Node, Node, Node, URIRef]]:
        for name, triples in self.graph_triples():
            for s, p, o in triples:
                yield s, p, o, name

    def nquads(self) -> bytes:
        """Every quad as N-Quads (graph by graph, in the mapper's order)."""
        writer = Writer()
        return "".join(writer.lines(t, name) for name, t in self.graph_triples()).encode()

    def union(self) -> Graph:
        union = Graph()
        for _, triples in self.graph_triples():
            for triple in triples:
                union.add(triple)
        return union

    def __len__(self) -> int:
        return sum(len(t) for _, t in self.graph_triples())


def utc_datetime(time: datetime) -> Literal:
    """``time`` as an xsd:dateTime in UTC, in its canonical form ("Z", no trailing
    zeros in fractions of a second): the form a store keeps. rdflib would write
    "+00:00", which Oxigraph rewrites as "Z" on loading, so the dumps and the
    SPARQL endpoint would hold different terms."""
    text = time.astimezone(UTC).replace(tzinfo=None).isoformat()
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Literal(text + "Z", datatype=XSD.dateTime, normalize=False)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


CLAIM_LINKS = {
    "corroborates": CG.corroborates,
    "contradicts": CG.contradicts,
    "repeats": CG.repeats,
    "same_statement": CG.sameStatementAs,
}


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


Path = tuple[str | int, ...]


@dataclass
class _Context:
    """The scopes and articles of the whole corpus, for claims that name another
    article's claims."""

    scopes: dict[str, Scope] = field(default_factory=dict)
    articles: dict[str, LoadedArticle] = field(default_factory=dict)


def anchored_paths(article: LoadedArticle) -> Iterator[tuple[Path, Anchor, str]]:
    """Every passage an article's annotation anchors in its text: (the path of
    its words in the file, the anchor, what it is)."""
    model = article.model
    for i, actor in enumerate(model.actors):
        if actor.description_anchor is not None:
            yield (
                ("actors", i, "described_as"),
                actor.description_anchor,
                (f"description of {actor.id!r}"),
            )
    for i, prop in enumerate(model.propositions):
        if prop.words_anchor is not None:
            yield ("propositions", i, "words"), prop.words_anchor, f"words of {prop.id!r}"
    for i, mention in enumerate(model.mentions):
        yield ("mentions", i, "text"), mention.anchor, f"mention {i + 1} (of {mention.of!r})"
    for i, claim in enumerate(model.claims):
        if claim.cue is not None:
            yield ("claims", i, "cue"), claim.cue, f"cue of claim {claim.id!r}"
        if claim.quote is not None:
            yield ("claims", i, "quote"), claim.quote, f"quote of claim {claim.id!r}"
        if claim.said is not None and claim.said.when_anchor is not None:
            yield (
                ("claims", i, "said", "when"),
                claim.said.when_anchor,
                (f"date of claim {claim.id!r}"),
            )


def locate_anchors(article: LoadedArticle, errors: Collector) -> dict[Path, Span]:
    """Find every anchored passage of ``article``; collect those not found."""
    spans: dict[Path, Span] = {}
    for path, anchor, what in anchored_paths(article):
        location = article.lines.at(*path, "text")
        with errors.collect():
            spans[path] = find(
                article.text, anchor.text, anchor.occurrence, what=what, location=location
            )
    return spans


class _Mapper:
    """Writes one graph: the registry's or one article's."""

    def __init__(
        self,
        minter: Minter,
        scope: Scope,
        dataset: Dataset,
        article: LoadedArticle | None,
        context: _Context,
        spans: dict[Path, Span] | None = None,
    ) -> None:
        self.minter = minter
        self.scope = scope
        self.dataset = dataset
        self.article = article
        self.context = context
        self.spans = spans or {}
        self.triples: dict[Triple, None] = {}  # in order, once each

    # -- helpers -------------------------------------------------------------

    def add(self, s: Node, p: Node, o: Node) -> None:
        self.triples[(s, p, o)] = None

    def iri_of(self, entry: Entry) -> URIRef:
        if entry.scope is None:
            return self.minter.shared(entry.kind, entry.obj.id)
        return self.minter.local(entry.scope, entry.kind, entry.obj.id)

    def ref(self, ident: str) -> URIRef:
        """The IRI an ID names; ``ARTICLE/CLAIM`` names another article's claim."""
        if "/" in ident:
            return self.claim_ref(ident)
        return self.iri_of(self.scope.entries[ident])

    def claim_ref(self, ref: str) -> URIRef:
        return self.iri_of(self.scope.claim(ref))

    def origin(self, node: URIRef, location: Location) -> None:
        self.dataset.origins.setdefault(node, location)

    def label(self, node: URIRef, text: str) -> None:
        self.add(node, RDFS.label, Literal(text))

    def notes(self, node: URIRef, obj: object) -> None:
        description = getattr(obj, "description", None)
        if description:
            self.add(node, CG.description, Literal(description))
        note = getattr(obj, "note", None)
        if note:
            self.add(node, SKOS.note, Literal(note))
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

    def bounds(self, node: URIRef, value: dates.DateValue) -> None:
        self.add(node, CG.datePrecision, PRECISION[value.precision])
        if value.season:
            self.add(node, CG.season, SEASON[value.season])
        self.add(node, CG.earliest, Literal(value.earliest.isoformat(), datatype=XSD.date))
        self.add(node, CG.latest, Literal(value.latest.isoformat(), datatype=XSD.date))

    def anchor(self, node: URIRef, cls: URIRef, path: Path) -> None:
        assert self.article is not None
        span = self.spans[path]
        self.origin(node, self.article.lines.at(*path, "text"))
        self.add(node, RDF.type, cls)
        self.label(node, f"«{_short(span.anchor)}»")
        self.add(node, CG.anchorOf, Literal(span.anchor))
        self.add(node, CG.beginIndex, Literal(span.begin, datatype=XSD.integer))
        self.add(node, CG.endIndex, Literal(span.end, datatype=XSD.integer))
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
        elif isinstance(obj, Proposition):
            self.proposition(node, obj, entry)
        elif isinstance(obj, Post):
            self.post(node, obj)
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
            self.anchor(mention, CG.Mention, (*entry.path, "described_as"))
            self.add(mention, CG.refersTo, node)
        if actor.reported_affiliation:
            self.add(node, CG.reportedAffiliation, self.ref(actor.reported_affiliation))
        if actor.affiliation_qualifier:
            self.add(node, CG.affiliationQualifier, Literal(actor.affiliation_qualifier))
        for ref in actor.member_of:
            self.add(node, CG.memberOf, self.ref(ref))
        for ref in actor.leads:
            self.add(node, CG.leads, self.ref(ref))
        if actor.count is not None:
            self.add(node, CG.numberOfPeople, Literal(actor.count, datatype=XSD.integer))

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
            self.bounds(node, value)

    def proposition(self, node: URIRef, prop: Proposition, entry: Entry) -> None:
        self.add(node, RDF.type, PROPOSITION_CLASSES[prop.kind])
        self.label(node, prop.label)
        self.add(node, CG.status, STATUS[prop.status])
        for ref in prop.subjects:
            self.add(node, CG.subject, self.ref(ref))
        for ref in prop.objects:
            self.add(node, CG.object, self.ref(ref))
        if prop.relation is not None:
            self.add(node, CG.relationLabel, Literal(prop.relation))
        words = prop.words_anchor
        if words is not None:
            self.add(node, CG.characterisedAs, Literal(words.text))
            if self.article is not None:
                mention = URIRef(f"{node}/words")
                self.anchor(mention, CG.Mention, (*entry.path, "words"))
                self.add(mention, CG.refersTo, node)
        value = self.typed_date(node, CG.date, prop.date)
        if value is not None:
            self.bounds(node, value)

    def post(self, node: URIRef, post: Post) -> None:
        self.add(node, RDF.type, CG.Post)
        organisation = self.scope.entries[post.of].obj
        assert isinstance(organisation, Actor)
        self.label(node, post.label or f"{post.role}, {self.name_of(organisation)}")
        self.add(node, CG.roleName, Literal(post.role))
        self.add(node, CG.postIn, self.ref(post.of))
        if post.holder is not None:
            self.add(node, CG.heldBy, self.ref(post.holder))

    def mentions(self) -> None:
        assert self.article is not None
        for i, mention in enumerate(self.article.model.mentions):
            node = self.minter.local(self.article.id, "mention", str(i + 1))
            self.anchor(node, CG.Mention, ("mentions", i, "text"))
            self.add(node, CG.refersTo, self.ref(mention.of))
            self.notes(node, mention)

    # -- claims ------------------------------------------------------------------

    def claimants(self, claim: Claim) -> list[URIRef]:
        assert self.article is not None
        claimant = claimant_of(claim, self.scope)
        if claimant != AUTHOR:
            return [self.ref(claimant)]
        authors = self.article.model.article.author
        if authors == "unknown":
            return [self.minter.article_author(self.article.id)]
        return [self.ref(a) for a in authors]

    def _scope(self, entry: Entry) -> Scope:
        return self.context.scopes[entry.scope] if entry.scope is not None else self.scope

    def statement(self, claim: Claim, scope: Scope) -> tuple[Claim, Scope]:
        """The hop at the end of ``claim``'s chain (its first relayed hops): the
        statement whose content a report is about."""
        while claim.relays:
            relayed = scope.claim(claim.relays[0])
            assert isinstance(relayed.obj, Claim)
            claim, scope = relayed.obj, self._scope(relayed)
        return claim, scope

    def asserted(self, claim: Claim, scope: Scope) -> list[Entry]:
        """What the claim asserts or, for a hop that relays, what the statements
        it relays assert: the content its report is about."""
        if claim.asserts:
            return [scope.entries[ident] for ident in claim.asserts]
        found: list[Entry] = []
        for ref in claim.relays:
            relayed = scope.claim(ref)
            assert isinstance(relayed.obj, Claim)
            found += [e for e in self.asserted(relayed.obj, self._scope(relayed)) if e not in found]
        return found

    def claim(self, node: URIRef, claim: Claim, entry: Entry) -> None:
        assert self.article is not None
        self.add(node, RDF.type, CG.Claim)
        for claimant in self.claimants(claim):
            self.add(node, CG.claimant, claimant)
        claimant_id = claimant_of(claim, self.scope)
        document = document_of(claim, claimant_id)
        if document == "article":
            self.add(node, CG.statedIn, self.minter.article(self.article.id))
        elif document is not None:
            self.add(node, CG.statedIn, self.ref(document))
        if claim.said is not None:
            self.occasion(node, claim, entry)
        for post in claim.capacity:
            self.add(node, CG.inCapacity, self.ref(post))
        self.add(node, CG.speechAct, SPEECH_ACT[claim.speech_act])
        self.add(node, CG.certainty, CERTAINTY[claim.certainty])
        self.add(node, CG.polarity, POLARITY[claim.stance])
        # A hop that relays another's statement does not assert its content (the
        # reporter commits only to the statement's being made): it is about it.
        content = CG.about if claim.relays else CG.asserts
        for asserted in self.asserted(claim, self.scope):
            self.add(node, content, self.iri_of(asserted))
        for ref in claim.about:
            self.add(node, CG.about, self.ref(ref))
        for ref in claim.relays:
            self.add(node, CG.relays, self.claim_ref(ref))
        if claim.continues is not None:
            self.add(node, CG.continues, self.ref(claim.continues))
        for ref in claim.inferred_from:
            self.add(node, CG.inferredFrom, self.ref(ref))
        for name, prop in CLAIM_LINKS.items():
            for ref in getattr(claim, name):
                self.add(node, prop, self.claim_ref(ref))
        if claim.cue is not None:
            cue = URIRef(f"{node}/cue")
            self.anchor(cue, CG.Cue, (*entry.path, "cue"))
            self.add(cue, CG.cueType, CUE_TYPE[claim.cue.type])
            self.add(node, CG.hasCue, cue)
        if claim.quote is not None:
            quote = URIRef(f"{node}/quote")
            self.anchor(quote, CG.Quote, (*entry.path, "quote"))
            self.add(quote, CG.quoteMode, QUOTE_MODE[claim.quote.mode])
            self.add(node, CG.hasQuote, quote)
        self.label(node, claim.summary or self.claim_label(claim))

    def occasion(self, node: URIRef, claim: Claim, entry: Entry) -> None:
        assert self.article is not None and claim.said is not None
        said = claim.said
        occasion = URIRef(f"{node}/occasion")
        self.origin(occasion, self.article.lines.at(*entry.path, "said"))
        self.add(node, CG.occasion, occasion)
        self.add(occasion, RDF.type, CG.Occasion)
        if said.medium == "unknown":
            self.add(occasion, CG.unstated, CG.medium)
        else:
            self.add(occasion, CG.medium, MEDIUM[said.medium])
        if said.to is not None:
            self.add(occasion, CG.addressee, self.ref(said.to))
        value = self.typed_date(occasion, CG.date, said.date)
        when = said.when_anchor
        if when is not None:
            span = self.spans[(*entry.path, "said", "when")]
            self.add(occasion, CG.dateAsWritten, Literal(span.anchor))
            expression = URIRef(f"{occasion}/when")
            self.anchor(expression, CG.TimeExpression, (*entry.path, "said", "when"))
            self.add(occasion, CG.hasTimeExpression, expression)
            if said.date is None:
                published = self.article.model.article.published
                value = dates.resolve_relative(span.anchor, dates.parse_date(published))
                if value is not None:
                    self.add(
                        occasion, CG.date, Literal(value.lexical, datatype=XSD[value.datatype])
                    )
        if value is not None:
            self.bounds(occasion, value)
        who = self.who(claim, self.scope)
        if said.medium == "unknown":
            how = f"statement by {who} (medium not stated)"
        else:
            how = f"{said.medium.replace('-', ' ')} by {who}"
        name = f"{said.occasion}: " if said.occasion else ""
        self.label(occasion, f"{name}{how}" + (f", {value.lexical}" if value else ""))

    # -- labels --------------------------------------------------------------------

    def name_of(self, obj: object) -> str:
        if isinstance(obj, Event | Proposition):
            return obj.label
        if isinstance(obj, Document):
            return obj.title
        if isinstance(obj, Post):
            return obj.label or obj.role
        if isinstance(obj, Actor):
            described = obj.description_anchor
            if obj.names:
                return obj.names[0]
            return f"the {obj.kind.replace('-', ' ')} «{described.text if described else obj.id}»"
        return str(getattr(obj, "id", obj))

    def authors(self, scope: Scope) -> str | list[str]:
        """The authors of the article ``scope`` is of: actor IDs, or "unknown"."""
        article = self.context.articles.get(scope.article or "")
        return article.model.article.author if article else "unknown"

    def who(self, claim: Claim, scope: Scope) -> str:
        claimant = claimant_of(claim, scope)
        if claimant == AUTHOR:
            authors = self.authors(scope)
            if authors == "unknown":
                return "the article's author"
            return " and ".join(self.name_of(scope.entries[a].obj) for a in authors)
        name = self.name_of(scope.entries[claimant].obj)
        roles = [scope.entries[post].obj for post in claim.capacity]
        if roles:
            name += f" ({', '.join(post.role for post in roles if isinstance(post, Post))})"
        return name

    def verb(self, claim: Claim, scope: Scope) -> str:
        singular, plural = VERBS[claim.speech_act]
        claimant = claimant_of(claim, scope)
        if claimant == AUTHOR:
            authors = self.authors(scope)
            many = authors != "unknown" and len(authors) > 1
        else:
            actor = scope.entries[claimant].obj
            many = isinstance(actor, Actor) and actor.takes_plural
        return plural if many else singular

    def content(self, claim: Claim) -> str:
        return self._content_in(claim, self.scope)

    def _content_in(self, claim: Claim, scope: Scope) -> str:
        """What the statement at the end of the chain says: the labels of what it
        asserts, negated when it says they do not hold (unless it is a denial,
        whose verb says so)."""
        what = "; ".join(self.name_of(e.obj) for e in self.asserted(claim, scope))
        statement, _ = self.statement(claim, scope)
        if statement.stance == "negative" and statement.speech_act != "deny":
            return f"it is not so that {what}"
        return what

    def predicate(self, claim: Claim, scope: Scope) -> str:
        """What the claimant does, down the chain: "cites the anonymous source, who
        says", "reports that Ali Zeidan (Prime Minister) denies"."""
        verb = self.verb(claim, scope)
        if not claim.relays:
            return verb
        relayed = scope.claim(claim.relays[0])
        assert isinstance(relayed.obj, Claim)
        inner = self._scope(relayed)
        who = self.who(relayed.obj, inner)
        if claim.speech_act == "cite":
            return f"{verb} {who}, who {self.predicate(relayed.obj, inner)}"
        return f"{verb} that {who} {self.predicate(relayed.obj, inner)}"

    def claim_label(self, claim: Claim) -> str:
        """A readable default label, each act its own claimant's: "The article's
        author reports that Ali Zeidan (Prime Minister) denies: ..."; "Algerian
        security forces claim: ..."; a hop that relays several statements names
        each with what it says."""
        who = self.who(claim, self.scope)
        if len(claim.relays) > 1:
            parts = []
            for ref in claim.relays:
                relayed = self.scope.claim(ref)
                assert isinstance(relayed.obj, Claim)
                inner = self._scope(relayed)
                parts.append(
                    f"{self.who(relayed.obj, inner)} {self.predicate(relayed.obj, inner)}: "
                    + self._content_in(relayed.obj, inner)
                )
            return _capitalised(
                f"{who} {self.verb(claim, self.scope)} that " + "; and that ".join(parts)
            )
        head = f"{who} {self.predicate(claim, self.scope)}"
        return _capitalised(f"{head}: {self.content(claim)}")

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
        if meta.license:
            self.add(node, CG.license, URIRef(meta.license))
        if meta.dateline:
            self.add(node, CG.dateline, self.ref(meta.dateline))
        if meta.note:
            self.add(node, SKOS.note, Literal(meta.note))

    # -- provenance ----------------------------------------------------------------

    def derived_from(self, graph_iri: URIRef, sources: list[SourceFile]) -> None:
        """The graph's own provenance: the files it is made from, by content.
        (How and when it was made is the build graph's, see :func:`build_graph`.)"""
        self.add(graph_iri, RDF.type, PROV.Entity)
        for source in sources:
            node = self.minter.source(source.sha256)
            self.add(graph_iri, PROV.wasDerivedFrom, node)
            self.add(node, RDF.type, CG.SourceFile)
            self.label(node, source.relative)
            self.add(node, CG.sourcePath, Literal(source.relative))
            self.add(node, CG.sha256, Literal(source.sha256, datatype=XSD.hexBinary))


def build_graph(minter: Minter, sources: dict[URIRef, list[str]], time: datetime) -> list[Triple]:
    """The build's graph: the activity that made each graph from its sources,
    when, with which version of claimgraph. The only graph that changes from
    one build to the next when no source does (and, with SOURCE_DATE_EPOCH,
    not even that). ``sources``: the SHA-256 of each graph's source files."""
    used = sorted({sha for shas in sources.values() for sha in shas})
    digest = hashlib.sha256("\n".join([__version__, time.isoformat(), *used]).encode())
    activity = minter.build(digest.hexdigest()[:16])
    software = minter.software()
    triples: dict[Triple, None] = {}
    for triple in (
        (activity, RDF.type, PROV.Activity),
        (activity, RDFS.label, Literal(f"claimgraph build {time.isoformat()}")),
        (activity, PROV.endedAtTime, utc_datetime(time)),
        (activity, PROV.wasAssociatedWith, software),
        (software, RDF.type, PROV.SoftwareAgent),
        (software, RDFS.label, Literal("claimgraph")),
        (software, CG.softwareVersion, Literal(__version__)),
        *((graph, PROV.wasGeneratedBy, activity) for graph in sorted(sources)),
        *((activity, PROV.used, minter.source(sha)) for sha in used),
    ):
        triples[triple] = None
    return list(triples)


def build_dataset(corpus: Corpus, minter: Minter, time: datetime | None = None) -> Dataset:
    """Map a loaded corpus to RDF. Raises :class:`ClaimgraphError` on bad input:
    every error of every file at once (an :class:`ErrorList` when several)."""
    time = time or build_time()
    errors = Collector()
    errors.errors += corpus.errors
    shared = registry_scope(corpus.registry, errors)
    claims = claim_index(corpus)
    context = _Context(articles={a.id: a for a in corpus.articles})
    spans: dict[str, dict[Path, Span]] = {}
    for article in corpus.articles:
        context.scopes[article.id] = article_scope(article, shared, claims, errors)
        spans[article.id] = locate_anchors(article, errors)
    errors.raise_any()

    dataset = Dataset()
    if corpus.registry.source is not None:
        mapper = _Mapper(minter, shared, dataset, None, context)
        for entry in shared.entries.values():
            mapper.entity(entry)
        graph_iri = minter.graph_registry()
        dataset.sources[graph_iri] = [corpus.registry.source]
        mapper.derived_from(graph_iri, dataset.sources[graph_iri])
        dataset.triples[graph_iri] = list(mapper.triples)

    for article in tracked(corpus.articles, "mapping"):
        scope = context.scopes[article.id]
        mapper = _Mapper(minter, scope, dataset, article, context, spans[article.id])
        mapper.article_node()
        mapper.mentions()
        for entry in scope.entries.values():
            if entry.scope == article.id:
                mapper.entity(entry)
        graph_iri = minter.graph_article(article.id)
        sources = [article.annotation_source, article.text_source]
        for other in sorted(referenced_articles(article)):
            sources.append(context.articles[other].annotation_source)
        if corpus.registry.source is not None:
            sources.append(corpus.registry.source)
        dataset.sources[graph_iri] = sources
        mapper.derived_from(graph_iri, sources)
        dataset.triples[graph_iri] = list(mapper.triples)
    shas = {graph: [s.sha256 for s in files] for graph, files in dataset.sources.items()}
    dataset.triples[minter.graph_build()] = build_graph(minter, shas, time)
    return dataset
