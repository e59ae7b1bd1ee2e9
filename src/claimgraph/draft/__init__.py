"""``claimgraph draft``: a first annotation of a raw article, for a person to review.

The drafter reads the article's text alone (and the corpus registry, used as a
gazetteer of known actors) and writes an annotation file in the current
format: the article's metadata, its actors and their mentions, and one chain
of hops per reported-speech construction. Every cue, quote, mention and
description it writes is a verbatim span of the text; the file says that it is
a draft (``article.status: draft``) and every drafted entry carries the
drafter's confidence.

Interface (stable; the scorer in ``bench/draft.py`` relies on it)::

    drafted = draft_text(text, name="ARTICLE", registry=registry)
    drafted.yaml      # the annotation file's text (format 2), ready to write
"""

from __future__ import annotations

from claimgraph.draft.api import Drafted, draft_text

__all__ = ["Drafted", "draft_text"]
