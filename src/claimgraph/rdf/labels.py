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
    "suggest": ("suggests", "suggest"),
    "announce": ("announces", "announce"),
    "accuse": ("accuses", "accuse"),
    "criticise": ("criticises", "criticise"),
    "recommend": ("recommends", "recommend"),
    "warn": ("warns", "warn"),
    "promise": ("promises", "promise"),
    "demand": ("demands", "demand"),
}


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
        singular, plural = VERBS[claim.speech_act]
        claimant = claimant_of(claim, scope)
        if claimant == AUTHOR:
            authors = self.authors(scope)
            many = authors != "unknown" and len(authors) > 1
        else:
            actor = scope.entries[claimant].obj
            many = isinstance(actor, Actor) and actor.plural_in(self.words_for(actor, scope))
        return plural if many else singular

    def content(self, claim: Claim, scope: Scope) -> str:
        """What the statement at the end of the chain says: the labels of what it
        asserts, negated when it says they do not hold (unless it is a denial,
        whose verb says so)."""
        what = "; ".join(name_of(e.obj) for e in self.chains.asserted(claim, scope))
        statement, _ = self.chains.statement(claim, scope)
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
        inner = self.chains.scope_of(relayed, scope)
        who = self.who(relayed.obj, inner)
        if claim.speech_act == "cite":
            return f"{verb} {who}, who {self.predicate(relayed.obj, inner)}"
        return f"{verb} that {who} {self.predicate(relayed.obj, inner)}"

    def claim_label(self, claim: Claim, scope: Scope) -> str:
        """A readable default label, each act its own claimant's: "The article's
        author reports that Ali Zeidan (Prime Minister) denies: ..."; "Algerian
        security forces claim: ..."; a hop that relays several statements names
        each with what it says."""
        who = self.who(claim, scope)
        if len(claim.relays) > 1:
            parts = []
            for ref in claim.relays:
                relayed = scope.claim(ref)
                assert isinstance(relayed.obj, Claim)
                inner = self.chains.scope_of(relayed, scope)
                parts.append(
                    f"{self.who(relayed.obj, inner)} {self.predicate(relayed.obj, inner)}: "
                    + self.content(relayed.obj, inner)
                )
            return _capitalised(
                f"{who} {self.verb(claim, scope)} that " + "; and that ".join(parts)
            )
        head = f"{who} {self.predicate(claim, scope)}"
        return _capitalised(f"{head}: {self.content(claim, scope)}")
