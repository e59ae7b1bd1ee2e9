"""The annotation format, as typed models: the single source of truth.

An article is annotated in a YAML file beside its text (``ARTICLE.yaml`` next to
``ARTICLE.txt``); actors, places, documents and events that many articles share
live in the corpus's ``registry.yaml``. Both are validated by these models, and
their JSON Schemas (``schema/*.schema.json``) are generated from them.

IDs are short names (``sidney-blumenthal``); every ID is unique across the
registry and the article. Quotes, cues and descriptions are written verbatim:
claimgraph finds them in the text and computes their offsets.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import pyoxigraph
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from claimgraph import dates

RESERVED_IDS = frozenset({"article", "author", "unknown"})


def _not_reserved(value: str) -> str:
    if value in RESERVED_IDS:
        raise ValueError(f"{value!r} is a reserved word and cannot be used as an ID")
    return value


ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=200),
    Field(description="A short name, unique in the corpus: letters, digits, '.', '_', '-'."),
]
NewId = Annotated[Id, AfterValidator(_not_reserved)]
Ref = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


RefList = Annotated[
    list[Ref],
    BeforeValidator(_as_list),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": ID_PATTERN},
                {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}},
            ],
            "description": "An ID, or a list of IDs.",
        }
    ),
]


def _date_str(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _check_date(value: str) -> str:
    dates.parse_date(value)  # raises ValueError naming the value
    return value


DateExpr = Annotated[
    str,
    BeforeValidator(_date_str),
    AfterValidator(_check_date),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": dates.PATTERN},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
            "description": dates.DESCRIPTION,
        }
    ),
]


def _check_iri(value: str) -> str:
    try:
        pyoxigraph.NamedNode(value)
    except ValueError as exc:
        raise ValueError(f"invalid IRI {value!r}: {exc}") from None
    if ":" not in value:
        raise ValueError(f"invalid IRI {value!r}: not absolute (no scheme such as https:)")
    return value


Iri = Annotated[
    str,
    AfterValidator(_check_iri),
    Field(description="An absolute IRI, such as https://www.wikidata.org/entity/Q1234."),
]
Unknown = Literal["unknown"]

CueType = Literal[
    "say", "reveal", "cite", "according-to", "suggest", "deny", "confirm", "allege", "headline"
]
QuoteMode = Literal["direct", "indirect", "mixed"]
Certainty = Literal["certain", "probable", "possible", "underspecified"]
Polarity = Literal["positive", "negative"]
EventStatus = Literal["established", "alleged", "disputed", "denied"]
ActorKind = Literal[
    "person",
    "organisation",
    "government",
    "armed-group",
    "state",
    "people-group",
    "unidentified",
    "anonymous-source",
]
DocumentKind = Literal["email", "report", "collection", "article"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Anchor(_Model):
    """Words of the article, written verbatim; claimgraph computes their offsets."""

    text: Text = Field(description="The words exactly as in the article's text.")
    occurrence: int | None = Field(
        default=None,
        ge=1,
        description="Which occurrence to anchor (1 = first) when the words appear more than once.",
    )


class Cue(Anchor):
    """The reporting cue: the words by which the claim is attributed or hedged."""

    type: CueType = Field(description="The kind of cue (cg:CueTypeScheme).")


class Quote(Anchor):
    """The passage that renders what the claimant says."""

    mode: QuoteMode = Field(description="direct, indirect or mixed (scare quotes).")


class Actor(_Model):
    """A person, organisation, state, group of people or unidentified actor."""

    id: NewId
    kind: ActorKind
    names: list[Text] = Field(
        default_factory=list,
        description="Names, preferred first; more than one when the actor goes by several.",
    )
    description: Text | None = Field(default=None, description="Who or what this is.")
    described_as: Text | Anchor | None = Field(
        default=None,
        description="The article's verbatim description of an unnamed actor "
        '("a very sensitive source"); anchored in the text. Article files only.',
    )
    reported_affiliation: Ref | None = Field(
        default=None, description="An actor the source is said to be close to (not membership)."
    )
    affiliation_qualifier: Text | None = Field(
        default=None, description="The hedge on the affiliation, e.g. 'close to'."
    )
    member_of: RefList = Field(default_factory=list)
    leads: RefList = Field(default_factory=list)
    same_as: list[Iri] = Field(
        default_factory=list, description="IRIs of the same entity elsewhere."
    )
    note: Text | None = None

    @model_validator(mode="after")
    def _named_or_described(self) -> Actor:
        if not self.names and self.described_as is None:
            raise ValueError("an actor needs 'names' or, if unnamed, 'described_as'")
        if self.kind == "anonymous-source" and self.described_as is None:
            raise ValueError("an anonymous source needs 'described_as': the article's words for it")
        return self

    @property
    def description_anchor(self) -> Anchor | None:
        if isinstance(self.described_as, str):
            return Anchor(text=self.described_as)
        return self.described_as


class Place(_Model):
    """A place, region, site or building."""

    id: NewId
    names: list[Text] = Field(min_length=1)
    description: Text | None = None
    within: RefList = Field(default_factory=list, description="Places or states it lies in.")
    near: RefList = Field(default_factory=list)
    same_as: list[Iri] = Field(default_factory=list)
    note: Text | None = None


class Document(_Model):
    """A document other than the article: an e-mail, a report, a collection."""

    id: NewId
    kind: DocumentKind
    title: Text = Field(description="A label for the document.")
    description: Text | None = None
    author: Unknown | RefList = Field(default_factory=list)
    sender: Ref | Unknown | None = None
    recipients: RefList = Field(default_factory=list)
    sent: DateExpr | None = None
    published: DateExpr | None = None
    part_of: Ref | None = None
    url: Iri | None = None
    note: Text | None = None


class Event(_Model):
    """Something that happened, is said to have happened, or is denied."""

    id: NewId
    label: Text
    status: EventStatus = Field(
        description="established (the article's own voice or public record), alleged, "
        "disputed or denied."
    )
    description: Text | None = None
    instigators: RefList = Field(default_factory=list)
    agents: RefList = Field(default_factory=list)
    targets: RefList = Field(default_factory=list)
    victims: RefList = Field(default_factory=list)
    participants: RefList = Field(default_factory=list)
    places: RefList = Field(default_factory=list)
    date: DateExpr | None = Field(default=None, description=dates.DESCRIPTION)
    part_of: RefList = Field(default_factory=list)
    follows: RefList = Field(default_factory=list)
    note: Text | None = None


class Claim(_Model):
    """One hop of a report chain: who claims what, in which document, how surely."""

    id: NewId
    summary: Text | None = Field(default=None, description="A one-line label for the claim.")
    claimant: Ref = Field(
        default="author",
        description="An actor ID, or 'author' for the article's author (the default).",
    )
    document: Ref = Field(
        default="article",
        description="A document ID, or 'article' for the annotated article (the default).",
    )
    about: RefList = Field(
        default_factory=list,
        description="Events the claim is about; a relaying claim inherits its relayed claim's.",
    )
    relays: RefList = Field(
        default_factory=list, description="The claim(s) of the next hop down the chain."
    )
    inferred_from: RefList = Field(
        default_factory=list, description="Documents the claimant infers this from."
    )
    certainty: Certainty
    polarity: Polarity = "positive"
    cue: Cue | None = None
    quote: Quote | None = None
    corroborates: RefList = Field(default_factory=list)
    contradicts: RefList = Field(default_factory=list)
    note: Text | None = None


class ArticleMeta(_Model):
    """The annotated article itself."""

    id: Id | None = Field(default=None, description="Defaults to the file name without .yaml.")
    text: Text | None = Field(
        default=None,
        description="Path of the text file, relative to this file. "
        "Defaults to the file name with .txt.",
    )
    headline: Text = Field(description="The headline, verbatim; it must occur in the text.")
    author: Unknown | RefList = Field(description="Actor ID(s), or 'unknown'.")
    publisher: Ref | Unknown = Field(description="An actor ID, or 'unknown'.")
    published: DateExpr = Field(description=dates.DESCRIPTION)
    url: Iri | None = None


class _Entities(_Model):
    actors: list[Actor] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)


class Registry(_Entities):
    """The corpus's shared actors, places, documents and events (``registry.yaml``)."""

    model_config = ConfigDict(title="claimgraph registry")


class ArticleAnnotation(_Entities):
    """The annotation of one article (``ARTICLE.yaml`` beside ``ARTICLE.txt``)."""

    model_config = ConfigDict(title="claimgraph article annotation")

    article: ArticleMeta
    claims: list[Claim] = Field(min_length=1)
