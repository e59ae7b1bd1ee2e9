"""``claimgraph new ARTICLE.txt``: start an annotation file for a new article."""

from __future__ import annotations

import os
from pathlib import Path

from claimgraph.errors import ClaimgraphError, Location
from claimgraph.resources import schema_dir
from claimgraph.textio import read_text

TEMPLATE = """\
# yaml-language-server: $schema={schema}
#
# Annotation of {text_name}. Write quotes, cues and descriptions verbatim:
# claimgraph finds them in the text and computes their offsets. Shared actors,
# places, documents and events go in registry.yaml beside this file.
# The format is described in claimgraph's README; check with:
#   claimgraph validate {yaml_name}

article:
  headline: {headline}
  author: unknown       # an actor ID, a list of them, or unknown
  publisher: unknown    # an actor ID, or unknown
  published: unknown    # YYYY-MM-DD, YYYY-MM, YYYY, "summer 2010", or unknown

actors: []
  # - id: unnamed-official
  #   kind: anonymous-source
  #   described_as: a senior official      # the article's words, verbatim
  #   reported_affiliation: some-ministry  # "close to", "linked with": not membership
  #   affiliation_qualifier: close to

events: []
  # - id: the-event
  #   label: What is said to have happened
  #   status: alleged     # established, alleged, disputed or denied
  #   agents: [some-actor]
  #   places: [some-place]
  #   date: unknown

claims: []
  # One claim per hop: the article reports (cue, quote) that a source says ...
  # - id: article-hop
  #   cue: {{text: according to, type: according-to}}
  #   quote: {{text: the words of the article, verbatim, mode: indirect}}
  #   certainty: underspecified
  #   relays: source-hop
  # - id: source-hop
  #   claimant: some-actor
  #   document: article     # or the ID of an e-mail, report, ...
  #   about: [the-event]
  #   certainty: certain
"""


def _yaml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def scaffold(text_path: Path, *, force: bool = False) -> Path:
    """Write ``ARTICLE.yaml`` beside ``text_path``; return its path."""
    text = read_text(text_path)
    headline = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if not headline:
        raise ClaimgraphError("the text file is empty: nothing to annotate", Location(text_path))
    target = text_path.with_suffix(".yaml")
    if target.exists() and not force:
        raise ClaimgraphError(
            "annotation file already exists", Location(target), hint="use --force to replace it"
        )
    schema = schema_dir() / "article.schema.json"
    try:
        schema_ref = os.path.relpath(schema, target.parent.resolve())
    except ValueError:
        schema_ref = str(schema)
    content = TEMPLATE.format(
        schema=schema_ref,
        text_name=text_path.name,
        yaml_name=target.name,
        headline=_yaml_string(headline),
    )
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(content, encoding="utf-8")
    tmp.replace(target)
    return target
