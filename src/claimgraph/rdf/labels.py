"""The readable labels (``rdfs:label``) the mapper writes where the annotation
gives none: a claim's, each act its own claimant's ("The article's author
reports that Ali Zeidan (Prime Minister) denies: ..."), who made a statement,
the names of entities, passages cut short."""

from __future__ import annotations

from claimgraph.annotation.model import Actor, Claim, Document, Event, Post, Proposition
from claimgraph.annotation.resolve import AUTHOR, Scope, claimant_of
from claimgraph.rdf.chains import Chains

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
    "doubt": ("doubts", "doubt"),
    "suggest": ("suggests", "suggest"),
    "announce": ("announces", "announce"),
    "accuse": ("accuses", "accuse"),
    "criticise": ("criticises", "criticise"),
    "recommend": ("recommends", "recommend"),
    "warn": ("warns", "warn"),
    "promise": ("promises", "promise"),
    # one act for demanding, urging and hoping: the verb that overstates none of them
    # (the cue, on the claim's page, gives the article's own word)
    "demand": ("calls for", "call for"),
    # asking, requesting, appealing: weaker than a call, and no command
    "request": ("asks for", "ask for"),
    # a command from someone who has, or claims, the authority to give it
    "order": ("orders", "order"),
    # a question, with what it takes as given under 'asserts' ("why did they fill the
    # balloons with hydrogen?" takes as given that they did)
    "ask": ("asks, taking as given", "ask, taking as given"),
}
# The verb of an act that names only what it concerns (nothing asserted).
ABOUT_VERBS = {"ask": ("asks about", "ask about")}

# How a hop's certainty shows beside its verb: a hedged act ("may extend",
# "reportedly", "believed") must not read as a plain one. Certain and
# underspecified add nothing.
HEDGES = {"probable": " (hedged: probable)", "possible": " (hedged: possible)"}


def short(text: str, limit: int = 60) -> str:
    """``text``, cut to ``limit`` characters with an ellipsis if longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def name_of(obj: object, words: str | None = None) -> str:
    """What an entity is called in labels: its first name, title or label. An
    unnamed actor is called by its words (``words``: an article's own, for an
    anonymous source shared in the registry)."""
    if isinstance(obj, Event | Proposition):
        return obj.label
    if isinstance(obj, Document):
        return obj.title
    if isinstance(obj, Post):
        return obj.label or obj.role
    if isinstance(obj, Actor):
        if obj.names:
            return obj.names[0]
        described = obj.description_anchor
        words = words or (described.text if described else None)
        kind = obj.kind.replace("-", " ")
        if obj.kind == "anonymous-source" and obj.plural_in(words):
            kind = "anonymous sources"  # "the anonymous sources «Saudi officials» deny"
        if words is None and obj.description:
            return f"the {kind} ({short(obj.description)})"
        return f"the {kind} «{words or obj.id}»"
    return str(getattr(obj, "id", obj))


class ClaimLabels:
    """The parts of a claim's default label, read along the corpus's chains of
    claims (``chains``): who, what they do, what is said."""

    def __init__(self, chains: Chains, article: str | None = None) -> None:
        self.chains = chains
        self.article = article  # the article whose claims are labelled: its words first

    def words_for(self, actor: Actor, scope: Scope) -> str | None:
        """The words an unnamed actor is called by: its own ('described_as'); for an
        anonymous source shared in the registry (which has none), the first of its
        mentions in the article labelled, else in the article of ``scope`` (a
        statement of another article it relays)."""
        if not actor.needs_article_words:
            anchor = actor.description_anchor
            return anchor.text if anchor is not None else None
        for ident in (self.article, scope.article):
            article = self.chains.articles.get(ident or "")
            if article is not None:
                words: list[str] = [m.text for m in article.model.mentions if m.of == actor.id]
                if words:
                    return words[0]
        return None

    def actor_name(self, ident: str, scope: Scope) -> str:
        actor = scope.entries[ident].obj
        words = self.words_for(actor, scope) if isinstance(actor, Actor) else None
        return name_of(actor, words)

    def authors(self, scope: Scope) -> str | list[str]:
        """The authors of the article ``scope`` is of: actor IDs, or "unknown"."""
        article = self.chains.articles.get(scope.article or "")
        return article.model.article.author if article else "unknown"

    def who(self, claim: Claim, scope: Scope) -> str:
        claimant = claimant_of(claim, scope)
        if claimant == AUTHOR:
            authors = self.authors(scope)
            if authors == "unknown":
                return "the article's author"
            return " and ".join(name_of(scope.entries[a].obj) for a in authors)
        name = self.actor_name(claimant, scope)
        roles = [scope.entries[post].obj for post in claim.capacity]
        # a role the name already says is not said again ("«Saudi officials»", not
        # "«Saudi officials» (officials)")
        said = [
            post.role
            for post in roles
            if isinstance(post, Post) and post.role.lower() not in name.lower()
        ]
        if said:
            name += f" ({', '.join(said)})"
        return name

    def verb(self, claim: Claim, scope: Scope) -> str:
        act = claim.speech_act
        singular, plural = (
            ABOUT_VERBS[act] if claim.stanceless and act in ABOUT_VERBS else VERBS[act]
        )
        claimant = claimant_of(claim, scope)
        if claimant == AUTHOR:
            authors = self.authors(scope)
            many = authors != "unknown" and len(authors) > 1
        else:
            actor = scope.entries[claimant].obj
            many = isinstance(actor, Actor) and actor.plural_in(self.words_for(actor, scope))
        return plural if many else singular

    def act(self, claim: Claim, scope: Scope) -> str:
        """The verb with the claimant's hedge, if any: "says (hedged: possible)"."""
        return self.verb(claim, scope) + HEDGES.get(claim.certainty, "")

    def content(self, claim: Claim, scope: Scope, only: frozenset[str] | None = None) -> str:
        """What a statement (a hop that relays no one) says: the labels of what it
        asserts (of it, only the IDs in ``only``: the part a report carries), negated
        when it says they do not hold (unless it is a denial, whose verb says so)."""
        asserted = self.chains.asserted(claim, scope)
        what = "; ".join(name_of(e.obj) for e in asserted if only is None or e.obj.id in only)
        degree = claim.degree_anchor
        # a qualified statement says how far: "it is not «particularly» so that ..."
        so = f"«{degree.text}» so" if degree is not None else "so"
        if claim.stance == "negative" and claim.speech_act != "deny":
            return f"it is not {so} that {what}"
        if degree is not None:  # a denial's verb says "denies": what it denies is qualified
            return f"it is {so} that {what}"
        return what

    def clause(self, claim: Claim, scope: Scope, only: frozenset[str] | None = None) -> str:
        """What the claimant does, down every branch of the chain, each hop with its
        own act and hedge: "denies: ...", "cites the anonymous source, who says:
        ...", "reports that Ali Zeidan (Prime Minister) denies: ...". A hop that
        relays several statements names each with what it says, at any depth: a
        statement one of them relays is never given to another. A hop that reports
        only part of what it relays ('reports_only'; ``only``, from a hop above) says
        only that part, down its chain: a branch with none of it is left out."""
        act = self.act(claim, scope)
        if not claim.relays:
            return f"{act}: {self.content(claim, scope, only)}"
        if claim.reports_only:
            own = frozenset(claim.reports_only)
            only = own if only is None else only & own
        parts = []
        for ref in claim.relays:
            relayed = scope.claim(ref)
            assert isinstance(relayed.obj, Claim)
            inner = self.chains.scope_of(relayed, scope)
            carried = self.chains.asserted(relayed.obj, inner)
            if only is not None and not any(e.obj.id in only for e in carried):
                continue
            parts.append((self.who(relayed.obj, inner), self.clause(relayed.obj, inner, only)))
        if claim.speech_act == "cite":
            return f"{act} " + "; and ".join(f"{who}, who {what}" for who, what in parts)
        return f"{act} that " + "; and that ".join(f"{who} {what}" for who, what in parts)

    def claim_label(self, claim: Claim, scope: Scope) -> str:
        """A readable default label, each act its own claimant's: "The article's
        author reports that Ali Zeidan (Prime Minister) denies: ..."; "Algerian
        security forces claim: ..."."""
        return _capitalised(f"{self.who(claim, scope)} {self.clause(claim, scope)}")
