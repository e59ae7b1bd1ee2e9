"""The annotation format, as typed models: the single source of truth.

An article is annotated in a YAML file beside its text (``ARTICLE.yaml`` next to
``ARTICLE.txt``); actors, places, documents and events that many articles share
live in the corpus's ``registry.yaml``. Both are validated by these models, and
their JSON Schemas (``schema/*.schema.json``) are generated from them.

IDs are short names (``sidney-blumenthal``); every ID is unique across the
registry and the article. A claim of another article is referred to as
``ARTICLE/CLAIM``. Quotes, cues and descriptions are written verbatim:
claimgraph finds them in the text and computes their offsets.

Every file says which version of the format it is written in (``format: 2``);
:data:`FORMAT_CHANGES` says what changed since the previous one.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import pyoxigraph
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from claimgraph.annotation import dates
from claimgraph.annotation.number import described_plural

FORMAT_VERSION = 2
FORMAT_CHANGES = """\
format 2 changed these, from format 1 (files without 'format:'):
  - add 'format: 2' at the top of every annotation file and registry.yaml;
  - claims: 'about' (the events a claim says happened) is now 'asserts'; 'about' now
    names what a claim concerns without asserting it (the matter of an investigation);
  - claims: 'act' is the speech act of the hop's own claimant (say, deny, confirm, ...);
    'polarity: negative' belongs on the denier's hop, never on the hop that reports
    it: write the article's hop (relays: the-denial) and the denier's hop
    (claimant: the-denier, act: deny);
  - claims: a hop whose claimant is not the article's author is not stated in the
    article: give it 'said:' (when, how, to whom) or the 'document' it is stated in;
  - events may have status planned or announced, and beneficiaries; non-event content
    (states, relations, characterisations) goes under 'propositions';
  - what an article calls a shared actor ('described by the article as ...') goes
    under the article's 'mentions', not on the shared entry."""

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
CLAIM_REF_PATTERN = r"^([A-Za-z0-9][A-Za-z0-9._-]*/)?[A-Za-z0-9][A-Za-z0-9._-]*$"
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


ClaimRefList = Annotated[
    list[Annotated[str, StringConstraints(pattern=CLAIM_REF_PATTERN)]],
    BeforeValidator(_as_list),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": CLAIM_REF_PATTERN},
                {"type": "array", "items": {"type": "string", "pattern": CLAIM_REF_PATTERN}},
            ],
            "description": "A claim ID, ARTICLE/CLAIM for a claim of another article, "
            "or a list of them.",
        }
    ),
]


def _none_as_empty(value: Any) -> Any:
    """``actors:`` with nothing under it (only comments) is an empty list."""
    return [] if value is None else value


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


def _check_web_iri(value: str) -> str:
    """Only web IRIs: pages make them links, and a ``javascript:`` or ``data:``
    IRI there would run in a reader's browser. A web IRI has ``//`` and a host
    after its scheme: a browser reads ``https:/x`` as ``https://x/``."""
    _check_iri(value)
    scheme, _, rest = value.partition(":")
    if scheme.lower() not in ("http", "https"):
        raise ValueError(
            f"invalid IRI {value!r}: only web IRIs (http:, https:) are accepted here, not {scheme}:"
        )
    if not rest.startswith("//") or not urlsplit(value).hostname:
        raise ValueError(
            f"invalid IRI {value!r}: a web IRI has // and a host after {scheme}: "
            "(such as https://example.org/page)"
        )
    return value


NOTE_DESCRIPTION = "A note for the annotators: kept in the file, never published."
CONFIDENCE_DESCRIPTION = (
    "The drafter's confidence in this entry, from 0 to 1 (written by claimgraph draft; "
    "hand annotations have none). Kept after review, as the record of what the drafter thought."
)
Confidence = Annotated[
    float,
    Strict(),  # a YAML number: not a string ("0.8", "high") nor a boolean
    Field(ge=0, le=1, allow_inf_nan=False),  # .nan and .inf are refused
]


Iri = Annotated[
    str,
    AfterValidator(_check_web_iri),
    Field(description="A web IRI (http or https), such as https://www.wikidata.org/entity/Q1234."),
]
Unknown = Literal["unknown"]

CueType = Literal[
    "say",
    "reveal",
    "cite",
    "according-to",
    "suggest",
    "deny",
    "doubt",
    "confirm",
    "allege",
    "announce",
    "claim",
    "accuse",
    "headline",
]
SpeechAct = Literal[
    "report",
    "cite",
    "state",
    "say",
    "claim",
    "allege",
    "reveal",
    "confirm",
    "deny",
    "doubt",
    "suggest",
    "announce",
    "accuse",
    "criticise",
    "recommend",
    "warn",
    "promise",
    "demand",
    "request",
    "order",
    "ask",
]
RELAYING_ACTS = frozenset({"report", "cite"})
# Acts whose hop takes no side on its content: a doubt ("do not believe", "do not
# buy") names what it doubts under 'about' and asserts nothing, neither that it
# holds nor that it does not; it has no polarity.
STANCELESS_ACTS = frozenset({"doubt"})
# Acts that may name only what they concern ('about', nothing asserted) and then take
# no side: a criticism of which the text gives only the target ("criticised the
# policy"), a question that takes nothing as given ("What's happening?"). With
# 'asserts' they state something: what the critic holds, what the question takes as
# given ("why did they fill the balloons with hydrogen?": that they did).
ABOUT_ONLY_ACTS = frozenset({"criticise", "ask"})
Medium = Literal[
    "statement",
    "interview",
    "press-conference",
    "speech",
    "social-media-post",
    "broadcast",
    "testimony",
    "conversation",
    "unknown",
]
PropositionKind = Literal["state", "relation", "characterisation", "cause", "exchange"]
QuoteMode = Literal["direct", "indirect", "mixed"]
Certainty = Literal["certain", "probable", "possible", "underspecified"]
Polarity = Literal["positive", "negative"]
EventStatus = Literal[
    "established", "alleged", "disputed", "denied", "planned", "announced", "called-for"
]
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
DocumentKind = Literal[
    "email",
    "report",
    "letter",
    "collection",
    "article",
    "social-media-post",
    "web-post",  # a post on a blog or a forum
    "comment",  # a reader's comment under an article or a post
    "press-release",
    "website",  # a site documents are published on: a blog, a forum, a news site
]


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


def anchor_of(words: str | Anchor | None) -> Anchor | None:
    """A field that takes the words alone or ``{text, occurrence}``, as an anchor."""
    return Anchor(text=words) if isinstance(words, str) else words


class Cue(Anchor):
    """The reporting cue: the words by which the claim is attributed or hedged."""

    type: CueType = Field(description="The kind of cue (cg:CueTypeScheme).")


QUOTE_PART_SEPARATOR = " … "


class Quote(_Model):
    """The passage that renders what the claimant says: its words (``text``), or
    the parts of a quotation split by its cue ("We will not resign," she said,
    "whatever the vote says."), each anchored where it stands, in order."""

    text: Text | None = Field(
        default=None,
        description="The words exactly as in the article's text (or 'parts', for a "
        "quotation split by its cue).",
    )
    parts: list[Text] | None = Field(
        default=None,
        description='A quotation split by its cue (\'"We will not resign," she said, '
        '"whatever the vote says."\'): the words of each part, verbatim, in the order they '
        "stand in the text, at least two; each is anchored after the one before it "
        "('occurrence' picks the first part's). Instead of 'text'.",
    )
    occurrence: int | None = Field(
        default=None,
        ge=1,
        description="Which occurrence to anchor (1 = first) when the words appear more than "
        "once (of a split quote: of its first part).",
    )
    mode: QuoteMode = Field(description="direct, indirect or mixed (scare quotes).")

    @model_validator(mode="after")
    def _text_or_parts(self) -> Quote:
        if self.text is not None and self.parts is not None:
            raise ValueError(
                "a quote has 'text' (its words) or, split by its cue, 'parts' (the words of "
                "each part), not both"
            )
        if self.text is None and self.parts is None:
            raise ValueError(
                "a quote needs 'text' (its words, verbatim) or, split by its cue, 'parts'"
            )
        if self.parts is not None and len(self.parts) < 2:
            raise ValueError(
                f"'parts' lists {len(self.parts)} part(s): a quote split by its cue has at "
                "least two (a quote in one piece is 'text')"
            )
        return self

    @property
    def anchors(self) -> list[Anchor]:
        """What is anchored in the text: the words, or each part (the occurrence
        picks the first part's; each later one is the next after it)."""
        if self.parts is None:
            assert self.text is not None
            return [Anchor(text=self.text, occurrence=self.occurrence)]
        first, *rest = self.parts
        return [Anchor(text=first, occurrence=self.occurrence)] + [
            Anchor(text=part) for part in rest
        ]

    @property
    def words(self) -> str:
        """The quote's words for labels and pages: the parts joined by ' … '."""
        return self.text if self.text is not None else QUOTE_PART_SEPARATOR.join(self.parts or [])


class Actor(_Model):
    """A person, organisation, state, group of people or unidentified actor."""

    id: NewId
    kind: ActorKind = Field(
        description="person, organisation, government, armed-group, state, people-group, "
        "unidentified (known to exist, identity not given: an article's unnamed author) or "
        "anonymous-source (an unnamed source of a claim, described by the text's words: 'a "
        "very sensitive source')."
    )
    names: list[Text] = Field(
        default_factory=list,
        description="Names, preferred first; more than one when the actor goes by several.",
    )
    description: Text | None = Field(default=None, description="Who or what this is.")
    described_as: Text | Anchor | None = Field(
        default=None,
        description="The article's verbatim description of an unnamed actor "
        '("a very sensitive source"); anchored in the text. Article files only: an '
        "anonymous source several articles cite is shared in registry.yaml without it, and "
        "each article that cites it gives its own words for it under its 'mentions'.",
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
    count: int | None = Field(
        default=None,
        ge=0,
        description="For a group of people: how many, as the text gives it ('29 militants').",
    )
    plural: bool | None = Field(
        default=None,
        description="Whether the name takes a plural verb in labels ('Saudi authorities "
        "claim'); defaults to yes for a group of people (unless its count is 1), and for an "
        "anonymous source whose description names several ('Saudi officials', 'some').",
    )
    confidence: Confidence | None = Field(default=None, description=CONFIDENCE_DESCRIPTION)
    note: Text | None = Field(default=None, description=NOTE_DESCRIPTION)

    def plural_in(self, words: str | None) -> bool:
        """Whether labels give it a plural verb where an article calls it ``words``
        (its own 'described_as', or an article's mention of a shared anonymous source):
        as 'plural' says, else a group of people, or an unnamed source whose words
        name several."""
        if self.plural is not None:
            return self.plural
        if self.kind == "anonymous-source" and words is not None:
            return described_plural(words)
        return self.kind == "people-group" and self.count != 1

    @property
    def needs_article_words(self) -> bool:
        """An anonymous source without words of its own (one shared in the registry):
        each article that cites it says in its own words who it is (its 'mentions')."""
        return self.kind == "anonymous-source" and self.described_as is None

    @model_validator(mode="after")
    def _named_or_described(self) -> Actor:
        if self.count is not None and self.kind != "people-group":
            raise ValueError("'count' is for a group of people (kind: people-group)")
        if self.kind == "anonymous-source":
            if self.described_as is None and not self.names and self.description is None:
                raise ValueError(
                    "an anonymous source needs 'described_as' (in an article: the article's "
                    "words for it) or, shared in registry.yaml, a 'description' (or 'names') "
                    "saying who it is"
                )
        elif not self.names and self.described_as is None:
            raise ValueError("an actor needs 'names' or, if unnamed, 'described_as'")
        return self

    @property
    def description_anchor(self) -> Anchor | None:
        return anchor_of(self.described_as)


class Place(_Model):
    """A place, region, site or building."""

    id: NewId
    names: list[Text] = Field(min_length=1, description="Names, preferred first.")
    description: Text | None = Field(default=None, description="What or where this is.")
    within: RefList = Field(default_factory=list, description="Places or states it lies in.")
    near: RefList = Field(default_factory=list, description="Places it lies near.")
    same_as: list[Iri] = Field(
        default_factory=list, description="The same place elsewhere on the web (IRIs)."
    )
    note: Text | None = Field(default=None, description=NOTE_DESCRIPTION)


class Document(_Model):
    """A document other than the article: an e-mail, a report, a collection."""

    id: NewId
    kind: DocumentKind = Field(
        description="email, report, letter, collection (of documents: a leak, an archive), "
        "article, social-media-post, web-post (on a blog or forum), comment (a reader's), "
        "press-release or website."
    )
    title: Text = Field(description="A label for the document.")
    description: Text | None = Field(default=None, description="What the document is.")
    author: Unknown | RefList = Field(
        default_factory=list,
        description="Actor ID(s) of its authors, as established (the article's own voice or "
        "public record), or 'unknown'. An author only a source names goes under "
        "'alleged_author'.",
    )
    alleged_author: RefList = Field(
        default_factory=list,
        description="Actor ID(s) a source says wrote or made it, where that is not "
        "established ('Unzipped reports that Barkhudaryan created the page'): never shown "
        "as its author, always with who says so. Needs 'authorship'.",
    )
    authorship: RefList = Field(
        default_factory=list,
        description="For 'alleged_author': the event(s) or proposition(s), not established, "
        "that say who made it ('Hakob Barkhudaryan created the Facebook page'), each with "
        "the alleged authors among its agents or instigators (an event) or its subjects (a "
        "proposition). Their status and the claims that assert or deny them say who says so.",
    )
    sender: Ref | Unknown | None = Field(
        default=None, description="For a message: the actor who sent it, or 'unknown'."
    )
    recipients: RefList = Field(default_factory=list)
    sent: DateExpr | None = Field(
        default=None, description="For a message: when it was sent. " + dates.DESCRIPTION
    )
    published: DateExpr | None = Field(
        default=None, description="When it was published. " + dates.DESCRIPTION
    )
    part_of: Ref | None = Field(
        default=None, description="The collection (a document of kind collection) it belongs to."
    )
    published_on: Ref | None = Field(
        default=None,
        description="The website the document was published on (a document of kind "
        "website: a blog, a forum, a news site), where part_of would say it belongs to a "
        "collection.",
    )
    url: Iri | None = Field(default=None, description="Where the document can be read.")
    confidence: Confidence | None = Field(default=None, description=CONFIDENCE_DESCRIPTION)
    note: Text | None = Field(default=None, description=NOTE_DESCRIPTION)

    @model_validator(mode="after")
    def _alleged_with_authorship(self) -> Document:
        if self.alleged_author and not self.authorship:
            raise ValueError(
                "'alleged_author' needs 'authorship': the event or proposition, asserted by "
                "a claim, that says who made the document (who says so is that claim's "
                "claimant); an author the text establishes goes under 'author'"
            )
        if self.authorship and not self.alleged_author:
            raise ValueError(
                "'authorship' names what says who made the document, but 'alleged_author' "
                "is empty: name the actor(s) it says made it"
            )
        established = self.author if isinstance(self.author, list) else []
        both = [ref for ref in self.alleged_author if ref in established]
        if both:
            raise ValueError(
                f"{both[0]!r} is both 'author' (established) and 'alleged_author' (only "
                "claimed): keep it under one of them"
            )
        return self


class Event(_Model):
    """Something that happened, is said to have happened, or is denied."""

    id: NewId
    label: Text = Field(description="The event in a few words: 'Hostage taking at In Amenas'.")
    status: EventStatus = Field(
        description="established (the article's own voice or public record), alleged, "
        "disputed, denied, planned, announced or called-for (demanded, urged)."
    )
    description: Text | None = Field(default=None, description="What happened, at more length.")
    instigators: RefList = Field(default_factory=list)
    agents: RefList = Field(default_factory=list)
    targets: RefList = Field(default_factory=list)
    victims: RefList = Field(default_factory=list)
    beneficiaries: RefList = Field(
        default_factory=list, description="Actors the event is for or benefits (who got help)."
    )
    participants: RefList = Field(default_factory=list)
    places: RefList = Field(default_factory=list)
    date: DateExpr | None = Field(default=None, description=dates.DESCRIPTION)
    part_of: RefList = Field(default_factory=list)
    follows: RefList = Field(default_factory=list)
    confidence: Confidence | None = Field(default=None, description=CONFIDENCE_DESCRIPTION)
    note: Text | None = Field(default=None, description=NOTE_DESCRIPTION)


class Proposition(_Model):
    """Content that is not an event: a state, a relation or a characterisation."""

    id: NewId
    kind: PropositionKind = Field(
        description="state ('Libya is stable'), relation ('two Canadians were among the "
        "kidnappers'), characterisation ('the mastermind'), cause (its subjects happened "
        "because_of something: 'so international media obtained ...') or exchange (its "
        "subjects were done in_return_for something: 'in return for ...')."
    )
    label: Text = Field(description="The proposition in a few words, as a sentence.")
    status: EventStatus = Field(
        description="established (the article's own voice or public record), alleged, "
        "disputed, denied, planned, announced or called-for: as for an event."
    )
    subjects: ClaimRefList = Field(
        min_length=1,
        description="What it is a state of, or what stands in the relation (ARTICLE/CLAIM "
        "for another article's claim).",
    )
    relation: Text | None = Field(
        default=None, description="For a relation: the words naming it ('supported')."
    )
    objects: ClaimRefList = Field(
        default_factory=list, description="For a relation: the other side."
    )
    because_of: ClaimRefList = Field(
        default_factory=list,
        description="For a cause: what its subjects happened or hold because of (events, "
        "propositions, or statements: claims, ARTICLE/CLAIM for another article's). The link "
        "is the proposition's: its status says whether it is established, and the claims "
        "that assert it say who says so.",
    )
    in_return_for: RefList = Field(
        default_factory=list,
        description="For an exchange: what its subjects were done or given in return for "
        "(events or propositions); a quid pro quo, asserted like any proposition.",
    )
    words: Text | Anchor | None = Field(
        default=None,
        description="For a characterisation: the description, verbatim; anchored in the "
        "text in article files. A characterisation shared in registry.yaml whose words "
        "differ per outlet may leave it out: each article that carries it anchors its own "
        "words under its 'mentions'.",
    )
    date: DateExpr | None = Field(default=None, description=dates.DESCRIPTION)
    description: Text | None = Field(default=None, description="The proposition at more length.")
    confidence: Confidence | None = Field(default=None, description=CONFIDENCE_DESCRIPTION)
    note: Text | None = Field(default=None, description=NOTE_DESCRIPTION)

    @model_validator(mode="after")
    def _fields_of_kind(self) -> Proposition:
        if self.kind == "relation" and (self.relation is None or not self.objects):
            raise ValueError("a relation needs 'relation' (its words) and 'objects'")
        if self.kind != "relation" and (self.relation is not None or self.objects):
            raise ValueError("'relation' and 'objects' are for kind: relation")
        if self.kind != "characterisation" and self.words is not None:
            raise ValueError("'words' is for kind: characterisation")
        if self.kind == "cause" and not self.because_of:
            raise ValueError(
                "a cause needs 'because_of': what its subjects happened or hold because of"
            )
        if self.kind != "cause" and self.because_of:
            raise ValueError("'because_of' is for kind: cause")
        if self.kind == "exchange" and not self.in_return_for:
            raise ValueError(
                "an exchange needs 'in_return_for': what its subjects were done or given for"
            )
        if self.kind != "exchange" and self.in_return_for:
            raise ValueError("'in_return_for' is for kind: exchange")
        return self

    @property
    def words_anchor(self) -> Anchor | None:
        return anchor_of(self.words)


class Post(_Model):
    """A post or role an actor holds, in whose capacity it speaks."""

    id: NewId
    role: Text = Field(description="The title, as the text gives it: 'Prime Minister'.")
    of: Ref = Field(description="The organisation, government or state of the post.")
    holder: Ref | None = Field(default=None, description="The actor who holds it.")
    label: Text | None = Field(
        default=None, description="A label; defaults to 'ROLE of ORGANISATION'."
    )
    confidence: Confidence | None = Field(default=None, description=CONFIDENCE_DESCRIPTION)
    note: Text | None = Field(default=None, description=NOTE_DESCRIPTION)


class Mention(_Model):
    """What this article calls an entity: words of its text, and what they say."""

    of: Ref = Field(description="The actor, place, event or proposition referred to.")
    text: Text = Field(description="The words of the article, verbatim.")
    occurrence: int | None = Field(
        default=None,
        ge=1,
        description="Which occurrence to anchor (1 = first) when the words appear more than once.",
    )
    description: Text | None = Field(
        default=None, description="What the article says it is ('described as a terrorist')."
    )
    confidence: Confidence | None = Field(default=None, description=CONFIDENCE_DESCRIPTION)
    note: Text | None = Field(default=None, description=NOTE_DESCRIPTION)

    @property
    def anchor(self) -> Anchor:
        return Anchor(text=self.text, occurrence=self.occurrence)


class Said(_Model):
    """When, how and to whom a claim was made, if not in a document."""

    when: Text | Anchor | None = Field(
        default=None,
        description="The words that date the statement, verbatim ('on Wednesday'); "
        "resolved against the article's publication date where they are relative.",
    )
    date: DateExpr | None = Field(
        default=None, description="The date, when the text gives it outright. " + dates.DESCRIPTION
    )
    medium: Medium = Field(
        default="unknown",
        description="statement (to a publication), interview, press-conference, speech, "
        "social-media-post, broadcast, testimony, conversation, or unknown.",
    )
    to: Ref | None = Field(default=None, description="Who was told: a publication or person.")
    occasion: Text | None = Field(
        default=None,
        description="The occasion's name, as the text gives it ('Prime Minister's Questions').",
    )

    @property
    def when_anchor(self) -> Anchor | None:
        return anchor_of(self.when)


class Claim(_Model):
    """One hop of a report chain: who performs which speech act, asserting what,
    in which document or on which occasion, how surely."""

    id: NewId
    summary: Text | None = Field(
        default=None,
        description="A one-line label for the claim: its rdfs:label (page titles, query "
        "results) instead of the sentence generated from its chain, which is kept as "
        "skos:altLabel and shown on the claim's page.",
    )
    claimant: Ref | None = Field(
        default=None,
        description="An actor ID, or 'author' for the article's author (the default, "
        "unless 'continues' carries another claimant over).",
    )
    capacity: RefList = Field(
        default_factory=list,
        alias="as",
        description="The post(s) the claimant speaks in ('as: libyan-prime-minister').",
    )
    act: SpeechAct | None = Field(
        default=None,
        description="The claimant's own speech act. Defaults: report for a hop that relays, "
        "state for the author's own voice; required otherwise. 'doubt' (do not believe, "
        "do not buy, are sceptical of) is not a denial: the hop names what it doubts under "
        "'about' (the events or propositions of the account not believed), asserts nothing, "
        "has no polarity and contradicts no claim; it answers the claim it doubts "
        "('in_response_to').",
    )
    document: Ref | None = Field(
        default=None,
        description="A document ID, or 'article' (the default for the author's hops).",
    )
    said: Said | None = Field(
        default=None, description="When, how and to whom the claim was made (not in a document)."
    )
    asserts: RefList = Field(
        default_factory=list,
        description="Events or propositions the claim says hold (or, if negative, do not); "
        "a hop that relays asserts nothing itself: it is about what its relayed hop asserts.",
    )
    about: ClaimRefList = Field(
        default_factory=list,
        description="What the claim concerns without asserting it (ARTICLE/CLAIM for another "
        "article's claim); for act: doubt, the events or propositions it doubts.",
    )
    relays: ClaimRefList = Field(
        default_factory=list,
        description="The claim(s) of the next hop down the chain (ARTICLE/CLAIM for "
        "another article's).",
    )
    reports_only: RefList = Field(
        default_factory=list,
        description="For a hop that relays: the part of the relayed statement this hop "
        "reports, when it gives only part of it (a tweet that quotes one of the things a "
        "minister said): the IDs of the events or propositions, among those the relayed "
        "statement asserts (or denies), that this hop carries. Without it, a hop reports "
        "all that the statement asserts.",
    )
    continues: Ref | None = Field(
        default=None,
        description="An earlier claim of this article whose source this one carries over.",
    )
    inferred_from: RefList = Field(
        default_factory=list, description="Documents the claimant infers this from."
    )
    certainty: Certainty = Field(
        description="How surely the claimant says it: certain, probable ('likely'), possible "
        "('may'; a hedge such as 'allegedly') or underspecified (the text does not say)."
    )
    polarity: Polarity | None = Field(
        default=None,
        description="Defaults to negative for act: deny, else positive; none for act: doubt, "
        "which neither affirms nor denies.",
    )
    degree: Text | Anchor | None = Field(
        default=None,
        description="The words that limit how far the claimant says it holds, or does not "
        "('particularly' in 'wasn't particularly sensitive'; 'partly', 'largely', 'entirely'), "
        "verbatim from the text: shown with the polarity ('it is not «particularly» so "
        "that ...'), so that a qualified denial never reads as a flat one. Only on the "
        "claimant's own hop (not on a hop that relays, not on a doubt).",
    )
    cue: Cue | None = Field(
        default=None,
        description="The reporting words of this hop ('said', 'according to'), anchored in the "
        "text.",
    )
    quote: Quote | None = Field(
        default=None,
        description="The words of the article that give the content: a direct quotation, "
        "reported speech, or both (mode), anchored in the text.",
    )
    corroborates: ClaimRefList = Field(default_factory=list)
    contradicts: ClaimRefList = Field(default_factory=list)
    repeats: ClaimRefList = Field(default_factory=list)
    same_statement: ClaimRefList = Field(
        default_factory=list,
        description="The same statement, annotated as a hop of another article.",
    )
    after: ClaimRefList = Field(
        default_factory=list,
        description="Statements (claims, ARTICLE/CLAIM for another article's), events or "
        "documents this statement was made after, as the article says ('The remarks came "
        "after ...'): the article's account of when, like 'said:'. A cause asserted by "
        "anyone is a proposition (kind: cause), not this.",
    )
    in_response_to: ClaimRefList = Field(
        default_factory=list,
        description="Statements (claims, ARTICLE/CLAIM), events or documents this statement "
        "answers, as the article says ('in response to the report'); a response comes after "
        "what it answers.",
    )
    confidence: Confidence | None = Field(default=None, description=CONFIDENCE_DESCRIPTION)
    note: Text | None = Field(default=None, description=NOTE_DESCRIPTION)

    model_config = ConfigDict(populate_by_name=True)

    @property
    def degree_anchor(self) -> Anchor | None:
        return anchor_of(self.degree)

    @property
    def speech_act(self) -> SpeechAct:
        if self.act is not None:
            return self.act
        return "report" if self.relays else "state"

    @property
    def stanceless(self) -> bool:
        """Whether this hop takes no side on any proposition: a doubt, a criticism of
        which the text gives only the target ('about', nothing asserted: "the UN
        criticised the policy" says what it criticises, not what it holds), or a
        question that takes nothing as given."""
        act = self.speech_act
        return act in STANCELESS_ACTS or (
            act in ABOUT_ONLY_ACTS and not self.asserts and not self.relays and bool(self.about)
        )

    @property
    def content(self) -> list[str]:
        """The IDs of what this hop's own statement is of: what it asserts or, for a
        doubt or a criticism that names only its target, what it is about; a hop that
        relays has none of its own."""
        return list(self.about if self.stanceless else self.asserts)

    @property
    def stance(self) -> Polarity:
        if self.polarity is not None:
            return self.polarity
        return "negative" if self.speech_act == "deny" else "positive"


ReviewStatus = Literal["draft", "reviewed"]


class Drafted(_Model):
    """Who drafted the annotation and when: the provenance of a draft, kept after review."""

    by: Text = Field(description="The tool and its version: 'claimgraph 0.1.0'.")
    on: DateExpr = Field(description="When it was drafted. " + dates.DESCRIPTION)


class Reviewed(_Model):
    """Who reviewed the annotation as a whole, and when."""

    by: Text = Field(description="The person (or desk) who reviewed it: 'Jane Doe'.")
    on: DateExpr | None = Field(
        default=None, description="When it was reviewed. " + dates.DESCRIPTION
    )


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
    url: Iri | None = Field(default=None, description="Where the article was published.")
    license: Iri | None = Field(
        default=None, description="The licence of the article's text, as an IRI."
    )
    dateline: Ref | None = Field(default=None, description="The place of the article's dateline.")
    status: ReviewStatus | None = Field(
        default=None,
        description="draft: written by claimgraph draft and not yet reviewed as a whole by a "
        "person (build publishes it only with --include-drafts); reviewed (the default: every "
        "hand annotation is).",
    )
    drafted: Drafted | None = Field(
        default=None,
        description="Who drafted the annotation and when ({by: 'claimgraph 0.1.0', on: "
        "2026-12-07}); kept after review.",
    )
    reviewed: Reviewed | None = Field(
        default=None,
        description="Who reviewed the annotation and when ({by: 'Jane Doe', on: 2026-12-08}); "
        "not with status: draft.",
    )
    note: Text | None = Field(default=None, description=NOTE_DESCRIPTION)

    @field_validator("reviewed")
    @classmethod
    def _reviewed_is_no_draft(cls, value: Reviewed | None, info: ValidationInfo) -> Reviewed | None:
        if value is not None and info.data.get("status") == "draft":
            raise ValueError(
                "'reviewed:' says who reviewed the article, but 'status: draft' says nobody "
                "has: once it is reviewed, set 'status: reviewed' (or remove 'status'); "
                "until then, remove 'reviewed:'"
            )
        return value

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"


def _list_of(item: Any) -> Any:
    return Annotated[list[item], BeforeValidator(_none_as_empty)]


FormatVersion = Annotated[
    Literal[2],
    Field(description="The version of the annotation format this file is written in."),
]


class _Entities(_Model):
    format: FormatVersion
    actors: _list_of(Actor) = Field(  # type: ignore[valid-type]
        default_factory=list, description="People, organisations, states, sources."
    )
    places: _list_of(Place) = Field(  # type: ignore[valid-type]
        default_factory=list, description="Places, regions, sites, buildings."
    )
    documents: _list_of(Document) = Field(  # type: ignore[valid-type]
        default_factory=list, description="Documents other than the article: e-mails, reports."
    )
    events: _list_of(Event) = Field(  # type: ignore[valid-type]
        default_factory=list, description="What happened, is said to have happened, or is denied."
    )
    propositions: _list_of(Proposition) = Field(  # type: ignore[valid-type]
        default_factory=list, description="States, relations, characterisations, causes."
    )
    posts: _list_of(Post) = Field(  # type: ignore[valid-type]
        default_factory=list, description="Posts and roles actors speak in."
    )


class Registry(_Entities):
    """The corpus's shared actors, places, documents, events, propositions and posts
    (``registry.yaml``)."""

    model_config = ConfigDict(title="claimgraph registry")


class ArticleAnnotation(_Entities):
    """The annotation of one article (``ARTICLE.yaml`` beside ``ARTICLE.txt``)."""

    model_config = ConfigDict(title="claimgraph article annotation")

    article: ArticleMeta = Field(description="The article: headline, author, publisher, date.")
    mentions: _list_of(Mention) = Field(  # type: ignore[valid-type]
        default_factory=list, description="What this article calls an entity, in its words."
    )
    claims: Annotated[list[Claim], BeforeValidator(_none_as_empty)] = Field(
        min_length=1, description="One per hop of each report chain."
    )
