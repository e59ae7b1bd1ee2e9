"""The passages an article's annotation anchors in its text (descriptions,
words, mentions, cues, quotes, dates), each found in the text before anything
is mapped; those not found are collected as errors, all reported at once."""

from __future__ import annotations

from collections.abc import Iterator

from claimgraph.annotation.anchoring import Span, find
from claimgraph.annotation.corpus import LoadedArticle
from claimgraph.annotation.model import Anchor
from claimgraph.errors import Collector

# Where a value is in an annotation file: its keys and list indices from the top.
Path = tuple[str | int, ...]


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
