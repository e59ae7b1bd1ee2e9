"""Annotation → RDF: one named graph per article, one for the shared registry.

Deterministic: the same input and the same build time give the same triples
(no blank nodes; every IRI is minted from IDs, every source file is named by
its digest). The build time is ``SOURCE_DATE_EPOCH`` when set.

:class:`_Mapper` writes one graph's triples, entry by entry; the annotation
keywords' terms are in :mod:`~claimgraph.rdf.keywords`, the default labels in
:mod:`~claimgraph.rdf.labels`, the provenance in :mod:`~claimgraph.rdf.provenance`,
a draft's (and its review's) in :mod:`~claimgraph.rdf.review`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from rdflib import Literal, URIRef
from rdflib.term import Node

from claimgraph.annotation import dates
from claimgraph.annotation.anchoring import Span
from claimgraph.annotation.corpus import Corpus, LoadedArticle, referenced_articles
from claimgraph.annotation.model import (
    QUOTE_PART_SEPARATOR,
    Actor,
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
from claimgraph.errors import Collector, InputWarning, Location
from claimgraph.progress import tracked
from claimgraph.rdf.anchors import Path, locate_anchors, quote_part_path
from claimgraph.rdf.chains import Chains
from claimgraph.rdf.dataset import Dataset, Triple
from claimgraph.rdf.iris import Minter
from claimgraph.rdf.keywords import (
    ACTOR_CLASSES,
    CERTAINTY,
    CLAIM_LINKS,
    CUE_TYPE,
    DOCUMENT_CLASSES,
    MEDIUM,
    POLARITY,
    PRECISION,
    PROPOSITION_CLASSES,
    QUOTE_MODE,
    ROLES,
    SEASON,
    SPEECH_ACT,
    STATUS,
)
from claimgraph.rdf.labels import ClaimLabels, name_of, short
from claimgraph.rdf.provenance import build_graph, build_time, derived_from
from claimgraph.rdf.review import Review, activities, confidence_literal, review_of
from claimgraph.rdf.vocab import CG, RDF, RDFS, SKOS, XSD


class _Mapper:
    """Writes one graph: the registry's or one article's."""

    def __init__(
        self,
        minter: Minter,
        scope: Scope,
        dataset: Dataset,
        article: LoadedArticle | None,
        chains: Chains,
        spans: dict[Path, Span] | None = None,
    ) -> None:
        self.minter = minter
        self.scope = scope
        self.dataset = dataset
        self.article = article
        self.chains = chains
        self.labels = ClaimLabels(chains, article.id if article is not None else None)
        self.spans = spans or {}
        self.triples: dict[Triple, None] = {}  # in order, once each
        self.review = Review()  # the article's drafting and review, once its node is mapped

    # -- helpers -------------------------------------------------------------

    def add(self, s: Node, p: Node, o: Node) -> None:
        self.triples[(s, p, o)] = None

    def add_all(self, triples: Iterable[Triple]) -> None:
        for triple in triples:
            self.triples[triple] = None

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

    def confidence(self, node: URIRef, obj: object) -> None:
        """The drafter's confidence in the entry, if it was drafted."""
        value = getattr(obj, "confidence", None)
        if value is not None:
            self.add(node, CG.draftConfidence, confidence_literal(value))

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
        self.label(node, f"«{short(span.anchor)}»")
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
        self.confidence(node, obj)

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
        elif not actor.names and actor.description:
            # a source shared in the registry: each article's words for it are that
            # article's mentions of it, in the article's graph, never on this node
            self.label(node, f"{actor.kind.replace('-', ' ')}: {short(actor.description)}")
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
        # an authorship only a source claims: never cg:author (schema:author), always
        # with the content that says so, whose status and claims say who says so
        for ref in doc.alleged_author:
            self.add(node, CG.allegedAuthor, self.ref(ref))
        for ref in doc.authorship:
            self.add(node, CG.authorship, self.ref(ref))
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
        if doc.published_on:
            self.add(node, CG.publishedOn, self.ref(doc.published_on))
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
        # a cause or an exchange is content like any proposition: who says the link
        # holds is said by its status and the claims that assert it
        for ref in prop.because_of:
            self.add(node, CG.becauseOf, self.ref(ref))
        for ref in prop.in_return_for:
            self.add(node, CG.inReturnFor, self.ref(ref))
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
        self.label(node, post.label or f"{post.role}, {name_of(organisation)}")
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
            self.confidence(node, mention)

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
        # a doubt takes no side: neither positive nor negative, it asserts nothing
        stanceless = claim.stanceless
        if not stanceless:
            self.add(node, CG.polarity, POLARITY[claim.stance])
        if claim.degree_anchor is not None:  # how far it holds, or does not: the words
            self.add(node, CG.degree, Literal(self.spans[(*entry.path, "degree")].anchor))
        # A hop that relays another's statement does not assert its content (the
        # reporter commits only to the statement's being made): it is about it.
        # One that reports only part of the statement is about that part alone.
        content = CG.about if claim.relays or stanceless else CG.asserts
        for asserted in self.chains.asserted(claim, self.scope):
            self.add(node, content, self.iri_of(asserted))
            if claim.reports_only:
                self.add(node, CG.reportsOnly, self.iri_of(asserted))
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
        # the article's account of when the statement was made, like its occasion
        for ref in claim.after:
            self.add(node, CG.after, self.ref(ref))
        for ref in claim.in_response_to:
            self.add(node, CG.inResponseTo, self.ref(ref))
        if claim.cue is not None:
            cue = URIRef(f"{node}/cue")
            self.anchor(cue, CG.Cue, (*entry.path, "cue"))
            self.add(cue, CG.cueType, CUE_TYPE[claim.cue.type])
            self.add(node, CG.hasCue, cue)
        if claim.quote is not None:
            quote = URIRef(f"{node}/quote")
            if claim.quote.parts is None:
                self.anchor(quote, CG.Quote, (*entry.path, "quote"))
            else:
                self.split_quote(quote, len(claim.quote.parts), entry)
            self.add(quote, CG.quoteMode, QUOTE_MODE[claim.quote.mode])
            self.add(node, CG.hasQuote, quote)
        # the summary, when the annotation gives one, is the claim's label (page titles,
        # query results); the sentence generated from its chain is then kept beside it
        generated = self.labels.claim_label(claim, self.scope)
        self.label(node, claim.summary or generated)
        if claim.summary and claim.summary != generated:
            self.add(node, SKOS.altLabel, Literal(generated))
        self.add_all(self.review.of_claim(node))

    def split_quote(self, node: URIRef, parts: int, entry: Entry) -> None:
        """A quotation split by its cue: one quote, with no offsets of its own, and
        each part a text anchor of it; labelled by the parts joined with ' … '."""
        assert self.article is not None
        self.origin(node, self.article.lines.at(*entry.path, "quote"))
        self.add(node, RDF.type, CG.Quote)
        words = []
        for k in range(parts):
            path = quote_part_path(entry.path, k)
            part = URIRef(f"{node}/part/{k + 1}")
            self.anchor(part, CG.QuotePart, path)
            self.add(node, CG.quotePart, part)
            words.append(self.spans[path].anchor)
        self.label(node, f"«{short(QUOTE_PART_SEPARATOR.join(words))}»")

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
                published = dates.parse_date(self.article.model.article.published)
                value = dates.resolve_relative(span.anchor, published)
                if value is not None:
                    self.add(
                        occasion, CG.date, Literal(value.lexical, datatype=XSD[value.datatype])
                    )
                else:  # kept as written, without a date: said, not refused
                    why = dates.unresolved(span.anchor, published)
                    self.dataset.warnings.append(
                        InputWarning(
                            self.article.lines.at(*entry.path, "said", "when"),
                            f"claim {claim.id!r}: the time expression «{span.anchor}» is kept "
                            f"without a date: {why}",
                        )
                    )
        if value is not None:
            self.bounds(occasion, value)
        who = self.labels.who(claim, self.scope)
        told = (
            f" to {name_of(self.scope.entries[said.to].obj)}"
            if said.to is not None and "/" not in said.to
            else ""
        )
        if said.medium == "unknown":
            how = f"statement by {who}{told} (medium not stated)"
        else:
            how = f"{said.medium.replace('-', ' ')} by {who}{told}"
        name = f"{said.occasion}: " if said.occasion else ""
        # the date resolved, else the words that date it, as the article wrote them
        written = f", «{self.spans[(*entry.path, 'said', 'when')].anchor}»" if when else ""
        self.label(occasion, f"{name}{how}" + (f", {value.lexical}" if value else written))

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
        self.label(text, f"text of «{short(meta.headline)}»")
        self.add(text, CG.isString, Literal(art.text))
        self.origin(text, art.lines.at("article", "text"))
        if meta.author == "unknown":
            self.add(node, CG.unstated, CG.author)
            author = self.minter.article_author(art.id)
            self.add(node, CG.author, author)
            self.add(author, RDF.type, CG.UnidentifiedActor)
            self.label(author, f"unnamed author of «{short(meta.headline)}»")
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
        self.drafting_and_review()

    def drafting_and_review(self) -> None:
        """Who drafted the article's annotation and who reviewed it, if it says."""
        assert self.article is not None
        art, meta = self.article, self.article.model.article
        self.review = review_of(self.minter, art.id, meta)
        self.add_all(activities(self.minter, art.id, meta))
        if meta.drafted is not None:
            drafting = self.minter.drafting(art.id)
            self.origin(drafting, art.lines.at("article", "drafted"))
            self.origin(
                self.minter.drafting_agent(art.id), art.lines.at("article", "drafted", "by")
            )
            self.typed_date(drafting, CG.date, meta.drafted.on)
        if meta.reviewed is not None:
            review = self.minter.review(art.id)
            self.origin(review, art.lines.at("article", "reviewed"))
            self.origin(self.minter.reviewer(art.id), art.lines.at("article", "reviewed", "by"))
            self.typed_date(review, CG.date, meta.reviewed.on)


def build_dataset(
    corpus: Corpus, minter: Minter, time: datetime | None = None, *, registry: bool = True
) -> Dataset:
    """Map a loaded corpus to RDF. Raises :class:`ClaimgraphError` on bad input:
    every error of every file at once (an :class:`ErrorList` when several).
    Without ``registry`` the registry's own graph is left out (its entries are
    still what the articles' references resolve to)."""
    time = time or build_time()
    errors = Collector()
    errors.errors += corpus.errors
    shared = registry_scope(corpus.registry, errors)
    claims = claim_index(corpus)
    failed = dict(corpus.failed)
    broken = {a.id: a.broken for a in corpus.articles}
    chains = Chains(articles={a.id: a for a in corpus.articles})
    spans: dict[str, dict[Path, Span]] = {}
    for article in corpus.articles:
        chains.scopes[article.id] = article_scope(article, shared, claims, errors, failed, broken)
        spans[article.id] = locate_anchors(article, errors)
    errors.raise_any()

    dataset = Dataset()
    if corpus.registry.source is not None and registry:
        mapper = _Mapper(minter, shared, dataset, None, chains)
        for entry in shared.entries.values():
            mapper.entity(entry)
        graph_iri = minter.graph_registry()
        dataset.sources[graph_iri] = [corpus.registry.source]
        mapper.add_all(
            derived_from(minter, graph_iri, dataset.sources[graph_iri], [corpus.registry.source])
        )
        dataset.triples[graph_iri] = list(mapper.triples)

    for article in tracked(corpus.articles, "mapping"):
        scope = chains.scopes[article.id]
        mapper = _Mapper(minter, scope, dataset, article, chains, spans[article.id])
        mapper.article_node()
        mapper.mentions()
        for entry in scope.entries.values():
            if entry.scope == article.id:
                mapper.entity(entry)
        graph_iri = minter.graph_article(article.id)
        sources = [article.annotation_source, article.text_source]
        for other in sorted(referenced_articles(article)):
            sources.append(chains.articles[other].annotation_source)
        if corpus.registry.source is not None:
            sources.append(corpus.registry.source)
        dataset.sources[graph_iri] = sources
        own = [article.annotation_source, article.text_source]
        mapper.add_all(derived_from(minter, graph_iri, sources, own))
        dataset.triples[graph_iri] = list(mapper.triples)
    shas = {graph: [s.sha256 for s in files] for graph, files in dataset.sources.items()}
    dataset.triples[minter.graph_build()] = build_graph(minter, shas, time)
    return dataset
