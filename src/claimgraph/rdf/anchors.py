"""The passages an article's annotation anchors in its text (descriptions,
words, mentions, cues, quotes, dates), each found in the text before anything
is mapped; those not found are collected as errors, all reported at once."""

from __future__ import annotations

from collections.abc import Iterator

from claimgraph.annotation.anchoring import Span, find, find_after
from claimgraph.annotation.corpus import LoadedArticle
from claimgraph.annotation.model import Anchor
from claimgraph.errors import Collector

# Where a value is in an annotation file: its keys and list indices from the top.
Path = tuple[str | int, ...]


def anchored_paths(article: LoadedArticle) -> Iterator[tuple[Path, Anchor, str, Path | None]]:
    """Every passage an article's annotation anchors in its text: (the path of
    its words in the file, the anchor, what it is, and the path of the passage it
    stands after: the part before, for a part of a quotation split by its cue)."""
    model = article.model
    for i, actor in enumerate(model.actors):
        if actor.description_anchor is not None:
            yield (
                ("actors", i, "described_as"),
                actor.description_anchor,
                (f"description of {actor.id!r}"),
                None,
            )
    for i, prop in enumerate(model.propositions):
        if prop.words_anchor is not None:
            yield ("propositions", i, "words"), prop.words_anchor, f"words of {prop.id!r}", None
    for i, mention in enumerate(model.mentions):
        yield (
            ("mentions", i, "text"),
            mention.anchor,
            f"mention {i + 1} (of {mention.of!r})",
            None,
        )
    for i, claim in enumerate(model.claims):
        if claim.cue is not None:
            yield ("claims", i, "cue"), claim.cue, f"cue of claim {claim.id!r}", None
        if claim.quote is not None and claim.quote.parts is None:
            quote = claim.quote.anchors[0]
            yield ("claims", i, "quote"), quote, f"quote of claim {claim.id!r}", None
        elif claim.quote is not None:
            before: Path | None = None  # each part is anchored after the one before it
            for k, part in enumerate(claim.quote.anchors):
                path = quote_part_path(("claims", i), k)
                yield path, part, f"part {k + 1} of the quote of claim {claim.id!r}", before
                before = path
        if claim.degree_anchor is not None:
            degree = claim.degree_anchor
            yield ("claims", i, "degree"), degree, f"degree of claim {claim.id!r}", None
        if claim.said is not None and claim.said.when_anchor is not None:
            yield (
                ("claims", i, "said", "when"),
                claim.said.when_anchor,
                (f"date of claim {claim.id!r}"),
                None,
            )


def locate_anchors(article: LoadedArticle, errors: Collector) -> dict[Path, Span]:
    """Find every anchored passage of ``article``; collect those not found."""
    spans: dict[Path, Span] = {}
    for path, anchor, what, after in anchored_paths(article):
        location = article.lines.at(*path, "text")
        with errors.collect():
            if after is None:
                spans[path] = find(
                    article.text, anchor.text, anchor.occurrence, what=what, location=location
                )
            elif after in spans:  # else the part before was not found: that is said
                spans[path] = find_after(
                    article.text, anchor.text, spans[after].end, what=what, location=location
                )
    return spans


def quote_part_path(claim: Path, part: int) -> Path:
    """Where the words of part ``part`` (from 0) of the split quote of the claim at
    ``claim`` are."""
    return (*claim, "quote", "parts", part)
