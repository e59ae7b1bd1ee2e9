"""``claimgraph new ARTICLE.txt``: start an annotation file for a new article."""

from __future__ import annotations

from pathlib import Path

from claimgraph.annotation.files import write_atomically
from claimgraph.annotation.model import FORMAT_VERSION
from claimgraph.annotation.modeline import keep_schema, schema_reference
from claimgraph.annotation.textio import TEXT_LIMIT, read_text
from claimgraph.errors import ClaimgraphError, Location

TEMPLATE = """\
# yaml-language-server: $schema={schema}
#
# Annotation of {text_name}. Write quotes, cues and descriptions verbatim:
# claimgraph finds them in the text and computes their offsets. Shared actors,
# places, documents, events, propositions and posts go in registry.yaml beside
# this file. Uncomment an example by removing '# ' from its lines. The format
# is described in claimgraph's README; check with:
#   claimgraph validate {yaml_name}

format: {version}

article:
  headline: {headline}
  author: unknown       # an actor ID, a list of them, or unknown
  publisher: unknown    # an actor ID, or unknown
  published: unknown    # YYYY-MM-DD, YYYY-MM, YYYY, "summer 2010", or unknown
  # url: https://...    # where the article was published
  # license: https://creativecommons.org/licenses/by/4.0/

actors:
  # - id: the-minister
  #   kind: person      # person, organisation, government, armed-group, state,
  #                     # people-group, unidentified, anonymous-source
  #   names: [The Minister]
  # - id: unnamed-official
  #   kind: anonymous-source
  #   described_as: a senior official      # the article's words, verbatim
  #   reported_affiliation: some-ministry  # "close to", "linked with": not membership
  ## an anonymous source several articles cite goes in registry.yaml (with a
  ## description), and each article's own words for it under its mentions:

posts:
  # - id: minister-post
  #   role: Minister    # the title, as the text gives it
  #   of: some-ministry # the organisation, government or state
  #   holder: the-minister

events:
  # - id: the-event
  #   label: What is said to have happened
  #   status: alleged   # established, alleged, disputed, denied, planned, announced
  #   agents: [the-minister]
  #   date: unknown
  ## order and cause: an event 'follows' earlier events; a statement's 'after' and
  ## 'in_response_to' are the article's account of when it was made; a cause ("so",
  ## "because of") or a quid pro quo ("in return for") is content, a proposition of kind
  ## cause (because_of:) or exchange (in_return_for:), asserted by whoever gives the link

claims:
  ## One claim per hop, each with its own claimant's speech act. The article
  ## reports (the default act of a hop that relays) that the minister denies:
  # - id: article-reports-denial
  #   cue: {{text: denied, type: deny}}
  #   quote: {{text: the words of the article, mode: indirect}}
  #   # split by its cue ("We will not resign," she said, "whatever the vote says."):
  #   # quote: {{parts: ['"We will not resign,"', whatever the vote says.], mode: direct}}
  #   certainty: certain
  #   relays: minister-denies
  # - id: minister-denies
  #   claimant: the-minister
  #   as: minister-post
  #   act: deny         # the denial is the minister's, never the reporter's
  #   said: {{when: on Wednesday, medium: statement}}   # or document: an-email
  #   asserts: [the-event]
  #   certainty: certain
"""


def _yaml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def scaffold(text_path: Path, *, force: bool = False) -> Path:
    """Write ``ARTICLE.yaml`` beside ``text_path``; return its path."""
    text = read_text(text_path, TEXT_LIMIT)
    headline = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if not headline:
        raise ClaimgraphError("the text file is empty: nothing to annotate", Location(text_path))
    target = text_path.with_suffix(".yaml")
    if target.exists() and not force:
        raise ClaimgraphError(
            "annotation file already exists", Location(target), hint="use --force to replace it"
        )
    schema_ref = schema_reference(target.parent)
    content = TEMPLATE.format(
        version=FORMAT_VERSION,
        schema=schema_ref,
        text_name=text_path.name,
        yaml_name=target.name,
        headline=_yaml_string(headline),
    )
    write_atomically(target, content.encode("utf-8"))
    keep_schema(target.parent, schema_ref)
    return target
