"""Following claims that relay other claims, in the same article or (``ARTICLE/CLAIM``)
another, to the statement at the end of the chain and to what it asserts."""

from __future__ import annotations

from dataclasses import dataclass, field

from claimgraph.annotation.corpus import LoadedArticle
from claimgraph.annotation.model import Claim
from claimgraph.annotation.resolve import Entry, Scope


@dataclass
class Chains:
    """The scopes and articles of the whole corpus, for claims that name another
    article's claims."""

    scopes: dict[str, Scope] = field(default_factory=dict)
    articles: dict[str, LoadedArticle] = field(default_factory=dict)

    def scope_of(self, entry: Entry, default: Scope) -> Scope:
        """The scope ``entry`` is defined in: its article's; ``default`` for the
        registry's (a claim is always an article's)."""
        return self.scopes[entry.scope] if entry.scope is not None else default

    def statement(self, claim: Claim, scope: Scope) -> tuple[Claim, Scope]:
        """The hop at the end of ``claim``'s chain (its first relayed hops): the
        statement whose content a report is about."""
        while claim.relays:
            relayed = scope.claim(claim.relays[0])
            assert isinstance(relayed.obj, Claim)
            claim, scope = relayed.obj, self.scope_of(relayed, scope)
        return claim, scope

    def asserted(self, claim: Claim, scope: Scope) -> list[Entry]:
        """What the claim asserts (for a doubt, what it doubts) or, for a hop that
        relays, what the statements it relays assert: the content its report is about
        (of it, only the part the hop reports, if it says: 'reports_only')."""
        if claim.content:
            return [scope.entries[ident] for ident in claim.content]
        found: list[Entry] = []
        for ref in claim.relays:
            relayed = scope.claim(ref)
            assert isinstance(relayed.obj, Claim)
            inner = self.scope_of(relayed, scope)
            found += [e for e in self.asserted(relayed.obj, inner) if e not in found]
        return self.reported(claim, found)

    @staticmethod
    def reported(claim: Claim, content: list[Entry]) -> list[Entry]:
        """Of ``content``, what ``claim`` reports: all of it, or its 'reports_only'."""
        if not claim.reports_only:
            return content
        return [e for e in content if e.obj.id in claim.reports_only]
