"""Who is who in a drafted article: the registry as a gazetteer (an
Aho–Corasick automaton over every name and alias), new named actors, unnamed
sources described by the article's own words, and pronouns resolved to the
nearest fitting speaker."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import ahocorasick

from claimgraph.annotation.model import ActorKind, Registry
from claimgraph.draft import lexicon
from claimgraph.draft.segments import Span

_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_WORD = re.compile(r"[\w@#][\w'’.@#&-]*")
_LEADING = re.compile(
    r"^(?:(?:and|but|while|with|as|so|then|also|however|meanwhile|later|now|both|"
    r"even|yet|which|that|whom|when|where|moreover|furthermore|indeed|in addition|"
    r"in turn|for (?:its|his|her|their) part)\s+)+",
    re.I,
)
_TRAILING = re.compile(
    r"(?:\s+(?:has|have|had|is|was|were|are|will|would|could|can|may|might|should|did|"
    r"does|do|also|later|again|clearly|then|already|today|yesterday|recently|once|"
    r"repeatedly|publicly|previously|earlier|further|still|not|never|reportedly|"
    r"allegedly|first|had been|has been|have been|both|all|each|since|now|just|even|"
    r"widely|quickly|swiftly|immediately|openly|strongly|firmly|graciously|subsequently|"
    r"specifically|explicitly|directly|privately|angrily|initially|finally))+$",
    re.I,
)
# A connective between commas after the subject ("Other users, however, said"):
# not the end of a clause.
_ASIDE = re.compile(
    r",\s*(?:however|for instance|for example|in turn|though|meanwhile|too|instead|in fact|"
    r"indeed|of course|therefore|thus|in response|in reply),(?:\s+(?:has|have|had|is|are|was|"
    r"were|will|would|also|then|later|both|all|now|just|still|quickly|swiftly|immediately|"
    r"widely|openly|strongly))*\s*$"
)
_FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})
_REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves"})
# Words before an adverb that make what follows it no finite verb of a subject: an
# infinitive ("a witness to definitively confirm"), a question ("Did they really think")
_NOT_A_SUBJECT = re.compile(r"\bto$|^(?:[Dd]o|[Dd]oes|[Dd]id)\b")
# A title between an organisation and a person's name: "'s Foreign Minister ".
_ROLE = re.compile(r"(?:['’]s?)?\s+(?P<role>(?:[A-Za-z-]+\s+){0,3}?[A-Za-z-]+)\s+")
# After an organisation's name, lower-case title words and a capitalised name.
_TITLED_NAME = re.compile(r"\s+((?:[a-z][a-z-]*\s+){1,3})[A-Z][a-z]")
_TITLES_LOWER = frozenset(w.lower() for w in lexicon.TITLE_WORDS)


def _is_title(words: str) -> bool:
    """Words that can be a post ("Foreign Minister", "chief engineer"): a title
    word among them, no determiner, no honorific."""
    split = words.split()
    return any(w.lower() in _TITLES_LOWER for w in split) and not any(
        w.lower() in lexicon.DETERMINERS or w in ("Mr", "Mrs", "Ms", "Dr") for w in split
    )


# An apposition naming a post: "a spokesman for the Works Ministry".
_APPOSITIVE = re.compile(
    r"\s*(?:(?:the|a|an)\s+)?(?P<role>(?:[A-Za-z-]+\s+){0,3}?[A-Za-z-]+)\s+(?:of|for|at|to)\s+"
    r"(?P<org>\S)"
)
# How far back "he" or "she" looks for a person's name no one has quoted yet.
PRONOUN_WINDOW = 600
_PERSON_NAME = re.compile(r"(?<![\w’'-])(?:[A-Z][a-z’'-]+\s+){1,3}[A-Z][a-z’'-]+(?![\w’'-])")
_PLACE_BEFORE = frozenset(["in", "from", "to", "at", "of", "near", "across", "into", "via"])
# the words before capitals that make them no person's name: a place, a day, a thing
_NOT_A_PERSON_BEFORE = _PLACE_BEFORE | frozenset(["on", "during", "the", "a", "an", "by"])
# a person's name, then the organisation they speak for ("X Y for Z", "X Y from the Z")
_NAME_FOR = re.compile(
    r"((?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,2})\s+"
    r"(?:for|from|on|of|at)\s+(?:the\s+)?[A-Z]"
)
# A bare title of an organisation before a person's name, no determiner before it
# ("Executive director of the Dallas chapter of the Council on American-Islamic
# Relations Alia Salem"): the person's two names, after a capitalised word of the
# organisation's ("of the Museum of Modern Art" ends in no name).
_TITLE_OF_THEN_NAME = re.compile(
    r"(?:[A-Z]?[a-z-]+\s+){0,2}?(?i:director|chairman|chairwoman|chair|president|head|"
    r"spokesman|spokeswoman|spokesperson|founder|co-founder|secretary|manager|coordinator|"
    r"leader|editor|professor|dean|chief|governor|minister|ambassador|commissioner|mayor)"
    r"\s+(?:of|for|at|to)\s+\S.*\s(?P<before>[A-Z][\w’'-]*)\s+"
    r"(?P<name>[A-Z][a-z’'-]+\s+[A-Z][a-z’'-]+)$"
)
_THROUGH_SOURCES = re.compile(
    r"\s+(?:through|via|citing)\s+(?:its|his|her|their|our)\s+(?:own\s+)?sources?$"
)
# A person's name and a comma right before a title ("Rehman Malik, Interior Minister").
_NAME_THEN_COMMA = re.compile(r"([A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,2}),\s*$")
# Capitalised words going on after a known name to the end of the subject.
_LONGER_NAME = re.compile(r"(?:\s+[A-Z][a-z][\w’'-]*){1,4}")
PARTICLE_NAME = re.compile(r"(?:al|el|ad|ar|as|bin|ibn|de|da|van|von)-[A-Z]")
_NOT_NAMES = frozenset(
    [
        *lexicon.WEEKDAYS,
        *lexicon.MONTHS,
        *(w.capitalize() for w in lexicon.DETERMINERS),
        *(w.capitalize() for w in lexicon.PRONOUNS),
        *("But", "And", "Or", "If", "When", "While", "After", "Before", "In", "On", "At"),
        *("For", "From", "With"),
    ]
)


@dataclass
class Actor:
    """An actor of the draft: a registry entry (``registry``), or one the
    draft defines, named (``names``) or described by the article's words
    (``description``, a span of the text)."""

    id: str
    kind: ActorKind
    names: list[str] = field(default_factory=list)
    description: Span | None = None
    registry: bool = False
    plural: bool | None = None
    affiliation: str | None = None
    qualifier: str | None = None
    confidence: float = 0.7

    @property
    def is_group(self) -> bool:
        return bool(self.plural) or self.kind in ("organisation", "government", "state")


@dataclass(frozen=True)
class Found:
    """What a stretch of words refers to."""

    actor: Actor
    confidence: float
    pronoun: bool = False


def slug(words: str) -> str:
    cleaned = re.sub(r"[^a-z0-9]+", "-", words.lower().replace("’", "").replace("'", ""))
    return cleaned.strip("-")[:60].strip("-") or "actor"


class Cast:
    """The draft's actors, built while the article is read from start to end."""

    def __init__(self, text: str, registry: Registry | None) -> None:
        self.text = text
        self.actors: dict[str, Actor] = {}
        self.taken: set[str] = set()
        self._suffix: dict[str, int] = {}
        self._automaton = ahocorasick.Automaton()
        self._speakers: list[tuple[int, Actor]] = []
        self._named: list[tuple[int, Actor]] = []
        # the post a person's name first came with ("Pakistan's Foreign Minister"):
        # the role's words and the organisation it is of
        self.posts: dict[str, tuple[Span, Actor]] = {}
        self._name_spots: list[tuple[int, int]] | None = None  # capitalised runs, by offset
        if registry is not None:
            for entity in (
                *registry.actors,
                *registry.places,
                *registry.documents,
                *registry.events,
                *registry.propositions,
                *registry.posts,
            ):
                self.taken.add(entity.id)
            for actor in registry.actors:
                entry = Actor(
                    actor.id, actor.kind, list(actor.names), registry=True, plural=actor.plural
                )
                self.actors[actor.id] = entry
                for name in actor.names:
                    self._add_name(name, entry)
        self._automaton_ready = False

    # -- names ---------------------------------------------------------------

    def _add_name(self, name: str, actor: Actor) -> None:
        key = " ".join(name.lower().split())
        if key.startswith("the ") and len(key) > 6:
            key = key[4:]
        if len(key) < 2:
            return
        known = self._automaton.get(key, None)
        if known is None or len(known[1].names) > len(actor.names):
            self._automaton.add_word(key, (key, actor))
        self._automaton_ready = False

    def _finder(self) -> ahocorasick.Automaton:
        if not self._automaton_ready and len(self._automaton):
            self._automaton.make_automaton()
            self._automaton_ready = True
        return self._automaton

    def names_in(self, span: Span) -> list[tuple[Span, Actor]]:
        """Known names inside ``span``, longest first where they overlap, on
        word boundaries (a possessive 's after a name is allowed)."""
        automaton = self._finder()
        if not len(automaton) or not self._automaton_ready:
            return []
        piece = self.text[span.begin : span.end].lower()
        hits: list[tuple[Span, Actor]] = []
        for last, (key, actor) in automaton.iter(piece):
            start = last - len(key) + 1
            before = piece[start - 1] if start > 0 else " "
            after = piece[last + 1] if last + 1 < len(piece) else " "
            if before.isalnum() or after.isalnum():
                continue  # inside a longer word ("Algerian" is not "Algeria")
            hits.append((Span(span.begin + start, span.begin + last + 1), actor))
        hits.sort(key=lambda hit: (hit[0].begin, -(hit[0].end - hit[0].begin)))
        kept: list[tuple[Span, Actor]] = []
        for hit in hits:
            if kept and kept[-1][0].overlaps(hit[0]):
                continue
            kept.append(hit)
        return kept

    def new_id(self, words: str) -> str:
        base = slug(words)
        ident, n = base, self._suffix.get(base, 2)
        while ident in self.taken or ident in ("article", "author", "unknown"):
            ident, n = f"{base}-{n}", n + 1
        self._suffix[base] = n  # the next free suffix: a thousand "officials" stay linear
        self.taken.add(ident)
        return ident

    def add(self, actor: Actor) -> Actor:
        self.actors[actor.id] = actor
        for name in actor.names:
            self._add_name(name, actor)
            parts = name.split()
            if actor.kind == "person" and len(parts) >= 2:
                self._add_name(parts[-1], actor)  # later "Boswell" is Caitlin Boswell
        return actor

    def settle(self, speaking: list[Actor]) -> None:
        """Give the plain ID back to an actor who speaks in the draft, when an
        actor made for a cue the drafter then left out holds it ("one-poster"
        unused, "one-poster-2" speaking: the speaker becomes "one-poster")."""
        by_id = {actor.id: actor for actor in self.actors.values()}
        spoke = {id(actor) for actor in speaking}
        for actor in speaking:
            base, _dash, number = actor.id.rpartition("-")
            holder = by_id.get(base)
            if actor.registry or not number.isdigit() or holder is None or holder.registry:
                continue
            if id(holder) in spoke:
                continue
            holder.id, actor.id = actor.id, base
            by_id[holder.id], by_id[actor.id] = holder, actor  # each in the other's place
            self.posts = {
                (actor.id if k == holder.id else holder.id if k == actor.id else k): v
                for k, v in self.posts.items()
            }
        self.actors = by_id

    def heard(self, offset: int, actor: Actor) -> None:
        """``actor`` spoke at ``offset``: the antecedent of a later pronoun."""
        self._speakers.append((offset, actor))

    def named(self, offset: int, actor: Actor) -> None:
        self._named.append((offset, actor))

    # -- resolving words to actors ---------------------------------------------

    def pronoun(self, word: str, offset: int) -> Found | None:
        """ "he", "she": the person who spoke, was named or appears by name
        last before ``offset``; "they", "it": the last group or organisation
        that spoke."""
        kind = lexicon.PRONOUNS.get(word.lower())
        if kind is None or kind == "first":
            return None
        if kind == "person":
            return self._person(offset)
        for _at, actor in reversed([s for s in self._speakers if s[0] < offset]):
            if kind == "group" and actor.is_group:
                return Found(actor, 0.5, pronoun=True)
            if kind == "thing" and actor.kind in ("organisation", "government", "unidentified"):
                return Found(actor, 0.5, pronoun=True)
        return None

    def _person(self, offset: int) -> Found | None:
        spoke = next(
            (
                (at, actor)
                for at, actor in reversed(self._speakers)
                if at < offset and actor.kind == "person" and not actor.plural
            ),
            None,
        )
        named = next(
            (
                (at, actor)
                for at, actor in reversed(self._named)
                if at < offset and actor.kind == "person"
            ),
            None,
        )
        # a person who spoke before, named again by a name of theirs ("Rathbun requested
        # donations. He described ..."), though no report was drafted there
        speakers = {id(actor) for _at, actor in self._speakers}
        mentioned = next(
            (
                (spot.begin, actor)
                for spot, actor in reversed(
                    self.names_in(Span(max(0, offset - PRONOUN_WINDOW), offset))
                )
                if actor.kind == "person"
                and not actor.plural
                and id(actor) in speakers
                and self.text[max(0, spot.begin - 4) : spot.begin].lower() != "the "
            ),
            None,
        )
        latest = max(
            (c for c in (spoke, named, mentioned) if c is not None),
            key=lambda c: c[0],
            default=None,
        )
        name = self._last_person(offset)
        if name is not None and (latest is None or name.begin > latest[0]):
            found = self._resolve(name, *_tokens(self.text, name))
            if found is not None and found.actor.kind == "person":
                self.named(name.begin, found.actor)
                return Found(found.actor, 0.4, pronoun=True)
        if latest is None:
            return None
        return Found(latest[1], 0.6 if latest is spoke else 0.4, pronoun=True)

    def _last_person(self, offset: int) -> Span | None:
        """The last person's name in the PRONOUN_WINDOW characters before
        ``offset`` (two or three capitalised words, titles dropped, not a place
        after "in" or "from"): what "he" or "she" refers to when no one has
        spoken or been named as a known person before."""
        if self._name_spots is None:  # found once: a pronoun per sentence stays linear
            self._name_spots = [(m.start(), m.end()) for m in _PERSON_NAME.finditer(self.text)]
        spots = self._name_spots
        first = bisect.bisect_left(spots, (offset - PRONOUN_WINDOW, 0))
        last = bisect.bisect_left(spots, (offset, 0))
        for start, end in reversed(spots[first:last]):
            if end > offset:
                continue
            before = self.text[max(0, start - 12) : start].split()
            if before and before[-1].lower() in _NOT_A_PERSON_BEFORE:
                continue  # "in Paris", "on Waitangi Day", "won the Budweiser Man of ..."
            if (
                len(before) > 1
                and before[-2].lower() in ("a", "an", "the")
                and before[-1].isalpha()
            ):
                continue  # "a unique New Zealand flag": a modifier, no person
            name = _name_run(self.text, Span(start, end))
            if name is None:
                continue
            words = self.text[name.begin : name.end].split()
            if (
                not 2 <= len(words) <= 3
                or any(w in _NOT_NAMES or w.lower() in lexicon.DETERMINERS for w in words)
                or kind_of(" ".join(words)) != "person"
            ):
                continue
            known = self.names_in(name)
            if known and known[-1][1].kind != "person":
                continue
            return name
        return None

    def resolve(self, span: Span) -> Found | None:
        """The actor that the words in ``span`` (a subject of a reporting
        verb, the source after "according to") refer to, creating it if it is
        new; ``None`` if the words do not name or describe a speaker."""
        words = self.text[span.begin : span.end]
        tokens = words.split()
        if not tokens or len(tokens) > 24:
            return None
        lowered = [t.lower().strip(",.;:") for t in tokens]
        if len(tokens) == 1 and lowered[0] in lexicon.PRONOUNS:
            return self.pronoun(lowered[0], span.begin)
        through = _THROUGH_SOURCES.search(words)
        if through is not None and through.start() > 0:
            # "Express Tribune through its sources": the outlet, which has sources
            span = Span(span.begin, span.begin + through.start())
            words = words[: through.start()]
            tokens = words.split()
            lowered = [t.lower().strip(",.;:") for t in tokens]
        if lowered[0] in _FIRST_PERSON and tokens[0] != "US":  # "US President X": no "us"
            return None
        if (
            len(tokens) <= 4
            and tokens[-1].strip(",") in lexicon.TITLE_WORDS
            and all(t[:1].isupper() for t in tokens)
            and not self.names_in(span)
        ):
            # "Rehman Malik, Interior Minister claiming": the name before the title
            before = _NAME_THEN_COMMA.search(self.text, max(0, span.begin - 60), span.begin)
            if before is not None:
                span = Span(before.start(1), before.end(1))
                words = before.group(1)
                tokens = words.split()
                lowered = [t.lower() for t in tokens]
        titled = _TITLE_OF_THEN_NAME.match(words) if len(tokens) > 4 else None
        if (
            titled is not None
            and lowered[0] not in lexicon.DETERMINERS
            and not any(
                w in lexicon.ORGANISATION_WORDS or w in lexicon.GOVERNMENT_WORDS
                for w in titled.group("name").split()
            )
            and kind_of(titled.group("name")) == "person"
        ):
            # "Executive director of the Council on ... Relations Alia Salem": the person
            span = Span(span.begin + titled.start("name"), span.begin + titled.end("name"))
            words = titled.group("name")
            tokens = words.split()
            lowered = [t.lower() for t in tokens]
        if len(tokens) > 14:
            return None  # a clause, not a speaker's name
        named = _NAME_FOR.match(words)
        if (
            named is not None
            and kind_of(named.group(1)) == "person"
            and not any(w in lexicon.TITLE_WORDS or w in _NOT_PERSONAL for w in named[1].split())
            and all(
                known.kind == "person"
                for _spot, known in self.names_in(Span(span.begin, span.begin + named.end(1)))
            )
        ):
            # "Lydia Buchtmann for Food Standards Australia": the person, who speaks
            # for the organisation after her name
            span = Span(span.begin, span.begin + named.end(1))
            words = named.group(1)
            tokens = words.split()
            lowered = [t.lower() for t in tokens]
        found = self._appositioned(span, words)
        if found is None:
            found = self._resolve(span, tokens, lowered)
        if found is not None and not found.pronoun:
            self.named(span.begin, found.actor)
            initials = _INITIALS_AFTER.match(self.text, span.end)
            actor = found.actor
            if (
                initials is not None
                and not actor.registry
                and actor.kind != "anonymous-source"
                and initials[1] not in actor.names
            ):
                # "The Harbour Safety Board (HSB) said": later "the HSB" is the board
                actor.names.append(initials[1])
                self._add_name(initials[1], actor)
        return found

    def _appositioned(self, span: Span, words: str) -> Found | None:
        """ "John Doe, a spokesman for the Works Ministry": the person named
        before the comma (not the organisation after it), holding the post
        the apposition names."""
        comma = words.find(",")
        head = words[:comma].split() if comma > 0 else []
        if not 2 <= len(head) <= 4 or not all(w[:1].isupper() for w in head):
            return None
        if head[0].lower() in lexicon.DETERMINERS:
            return None
        name = Span(span.begin, span.begin + len(words[:comma].rstrip()))
        found = self._resolve(name, head, [w.lower() for w in head])
        if found is None or found.actor.kind != "person":
            return None
        self.appositive(found.actor, Span(span.begin + comma + 1, span.end))
        return found

    def _resolve(self, span: Span, tokens: list[str], lowered: list[str]) -> Found | None:
        known = self.names_in(span)
        if known:
            # The last name in the words is the speaker ("Clinton’s aide Sidney Blumenthal").
            spot, actor = known[-1]
            after = self.text[spot.end : span.end].strip()
            if self._other_bearer(span, spot, actor):
                # "North Korea" when "Korea" is South Korea's last word, "John Smith"
                # when "Smith" is Jane Smith's: another name, not the known one
                return self._new(span, tokens, lowered)
            titled = _TITLED_NAME.match(self.text, spot.end, span.end)
            if _LONGER_NAME.fullmatch(self.text, spot.end, span.end):
                # "The Greek Orthodox Church" when "Greek" is known: a longer name
                return self._new(span, tokens, lowered)
            if titled is not None and _is_title(titled.group(1)):
                # "Works Ministry spokeswoman Jane Roe": the person, not the ministry
                return self._new(span, tokens, lowered)
            if not _POSSESSIVE.match(after[:2]) and not after.startswith(("'s", "’s")):
                self._post(span, spot.begin, actor)
                if after.startswith(","):
                    self.appositive(actor, Span(self.text.index(",", spot.end) + 1, span.end))
                return Found(actor, 0.9)
        return self._new(span, tokens, lowered)

    def _other_bearer(self, span: Span, spot: Span, actor: Actor) -> bool:
        """``spot`` is only the last word of a person's name the draft made
        ("Smith" of "Jane Smith"), and a capitalised word other than a title
        comes right before it: the name of someone else."""
        said = " ".join(self.text[spot.begin : spot.end].split()).lower()
        if actor.registry or " " in said or said in (n.lower() for n in actor.names):
            return False
        before = self.text[span.begin : spot.begin].split()
        return bool(before) and before[-1][:1].isupper() and before[-1] not in lexicon.TITLE_WORDS

    def _post(self, span: Span, name: int, actor: Actor) -> None:
        """The post in the words before a person's name, after an organisation
        the draft knows: "Pakistan's Foreign Minister", "Works Ministry
        spokeswoman" (a post needs the organisation it is of)."""
        if actor.kind != "person" or actor.id in self.posts or name - span.begin < 4:
            return
        owners = [
            hit
            for hit in self.names_in(Span(span.begin, name))
            if hit[1].kind in ("organisation", "government", "state")
        ]
        if not owners:
            return
        spot, owner = owners[-1]
        role = _ROLE.fullmatch(self.text, spot.end, name)
        if role is None:
            return
        if not _is_title(role.group("role")):
            return
        self.posts[actor.id] = (Span(role.start("role"), role.end("role")), owner)

    def appositive(self, actor: Actor, span: Span) -> None:
        """The post in an apposition after a person's name: "(John Doe,) a
        spokesman for the Works Ministry", "the Works Ministry's spokeswoman"."""
        if actor.kind != "person" or actor.id in self.posts:
            return
        match = _APPOSITIVE.match(self.text, span.begin, span.end)
        if match is None or not _is_title(match.group("role")):
            return
        owners = [
            hit
            for hit in self.names_in(Span(match.start("org"), span.end))
            if hit[1].kind in ("organisation", "government", "state")
        ]
        if owners and owners[0][0].begin <= match.start("org") + 4:
            role = Span(match.start("role"), match.end("role"))
            self.posts[actor.id] = (role, owners[0][1])

    def _new(self, span: Span, tokens: list[str], lowered: list[str]) -> Found | None:
        head = lowered[-1].strip("'’")
        # a common noun phrase ("the ministry", "officials at ..."), not a name
        opens = (
            tokens[0][:1].islower()
            or lowered[0] in lexicon.DETERMINERS
            or lowered[0] in lexicon.UNNAMED  # "Sources close to ...", opening a sentence
            # "Greek court", "Italian police": a capitalised adjective and the noun
            or (len(tokens) <= 3 and tokens[-1].islower() and head in lexicon.INSTITUTIONS)
        )
        for at, word in enumerate(lowered[1:], 1):
            if word in ("at", "of", "from", "in", "close", "near", "with", "for", "on"):
                if opens:
                    head = lowered[at - 1].strip("'’")
                break
        if head in lexicon.INSTITUTIONS and opens:
            return self._institution(span, head)
        if head in lexicon.ROLES and opens and lowered[0] in ("the", "this", "that"):
            return self._role(span, head)
        if head in lexicon.UNNAMED or (
            len(lowered) >= 2 and lowered[-2] in lexicon.UNNAMED and head in ("close",)
        ):
            return self._unnamed(span, head)
        capitalised = [t for t in tokens if t[:1].isupper() or t[:1] in "@#"]
        if not capitalised:
            return None
        name = _name_run(self.text, span)
        if name is None:
            return None
        name_words, alias = _cleaned(self.text[name.begin : name.end])
        key = " ".join(name_words.lower().split()).removeprefix("the ")
        keys = [key, *([alias.lower()] if alias else [])]
        existing = next(
            (
                known
                for each in keys
                if self._automaton_ready and (known := self._finder().get(each, None))
            ),
            None,
        )
        if existing is None:
            existing = next(
                (a for a in self.actors.values() if any(n.lower() in keys for n in a.names)), None
            )
            existing = (key, existing) if existing else None
        if existing is not None:
            return Found(existing[1], 0.8)
        kind = kind_of(name_words)
        plural = True if kind == "people-group" else None
        actor = self.add(
            Actor(
                self.new_id(name_words),
                kind,
                [name_words, *([alias] if alias else [])],
                plural=plural,
                confidence=0.6 if kind == "person" else 0.5,
            )
        )
        self._post(span, name.begin, actor)
        comma = self.text.find(",", name.end, span.end)
        if comma >= 0:
            self.appositive(actor, Span(comma + 1, span.end))
        return Found(actor, actor.confidence)

    def unidentified(self, span: Span) -> Actor:
        """The unnamed author of a document the article names only as such
        ("the report said"): described by those words, for the reviewer to name."""
        for actor in self.actors.values():
            if actor.kind == "unidentified" and actor.description == span:
                return actor
        words = " ".join(self.text[span.begin : span.end].split())
        return self.add(
            Actor(
                self.new_id(f"author-of-{words}"), "unidentified", description=span, confidence=0.3
            )
        )

    def described(self, span: Span) -> Actor | None:
        """Speakers the article describes only in its words ("two
        self-proclaimed fascists", the antecedent of "who say"); ``None`` for
        words with no noun."""
        words = self.text[span.begin : span.end].split()
        if not words or len(words) > 8 or not words[-1][:1].isalpha():
            return None
        return self._unnamed(span, words[-1].lower().strip("'’,")).actor

    def _institution(self, span: Span, head: str) -> Found:
        """ "the government": the latest actor named with the word before it, or a new one."""
        for _at, actor in reversed([n for n in self._named if n[0] < span.begin]):
            if any(head in name.lower().split() for name in actor.names):
                return Found(actor, 0.6)
        for actor in self.actors.values():
            if not actor.registry and any(head in n.lower().split() for n in actor.names):
                return Found(actor, 0.5)
        fits = _FITS.get(head)
        common = all(w[:1].islower() for w in self.text[span.begin : span.end].split()[1:])
        if fits is not None and common and span.begin > 0:
            # "Radio Free said ... The broadcaster added": the latest speaker of that kind
            for at, actor in reversed(self._speakers):
                if at < span.begin - INSTITUTION_WINDOW:
                    break
                if at < span.begin and fits(actor):
                    return Found(actor, 0.5)
        words = " ".join(self.text[span.begin : span.end].split())
        kind: ActorKind = (
            "government" if head in ("government", "ministry", "administration") else "organisation"
        )
        actor = self.add(Actor(self.new_id(words), kind, [words], confidence=0.4))
        return Found(actor, 0.4)

    def _role(self, span: Span, head: str) -> Found:
        """ "the minister": the person last named with the word just before their
        name ("Foreign Minister Jane Smith"), else an unnamed source so described."""
        for at, actor in reversed([n for n in self._named[-20:] if n[0] < span.begin]):
            before = self.text[max(0, at - 40) : at].lower()
            if actor.kind == "person" and re.search(rf"\b{re.escape(head)}\W*$", before):
                return Found(actor, 0.6)
        return self._unnamed(span, head)

    def _unnamed(self, span: Span, head: str) -> Found:
        words = self.text[span.begin : span.end]
        # "the source" names one already described: the latest with the same head word.
        if words.split()[0].lower() in ("the", "this", "that", "these", "those"):
            for actor in reversed(list(self.actors.values())):
                if actor.description is not None:
                    said = self.text[actor.description.begin : actor.description.end].lower()
                    if said.rsplit(None, 1)[-1].strip("'’") == head:
                        return Found(actor, 0.5)
        actor = self.add(
            Actor(
                self.new_id(words if len(words) < 40 else head),
                "anonymous-source",
                description=span,
                plural=True if head in lexicon.GROUP_WORDS else None,
                confidence=0.7,
            )
        )
        return Found(actor, 0.7)


def _name_run(text: str, span: Span) -> Span | None:
    """The last run of capitalised words in ``span`` (a name), without the
    title words before it; a run that is only title words is kept."""
    runs: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    for match in _WORD.finditer(text, span.begin, span.end):
        word = match.group()
        joiner = word.lower() in ("of", "for", "the", "al", "el", "de", "bin", "van", "von", "and")
        particle = PARTICLE_NAME.match(word) is not None  # "al-Amr"
        if word[:1].isupper() or word[:1] in "@#" or (current and (joiner or particle)):
            current.append(match)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    if not runs:
        return None
    run = runs[-1]
    owned = [at for at, m in enumerate(run[:-1]) if _POSSESSIVE.search(m.group())]
    if owned:
        run = run[owned[-1] + 1 :]  # "Radio Free's John Doe": the name after its owner
    while run and run[-1].group().lower() in ("of", "for", "the", "and", "al", "el"):
        run = run[:-1]
    while run and run[0].group().lower() in ("of", "for", "the", "and"):
        run = run[1:]
    if not run:
        return None
    words = [m.group() for m in run]
    titled = [
        at
        for at, w in enumerate(words)
        if w in lexicon.TITLE_WORDS or _POSSESSIVE.sub("", w) in lexicon.ORGANISATION_WORDS
    ]
    if (
        titled
        and any(w in lexicon.TITLE_WORDS for w in words)
        and 1 <= len(words) - 1 - titled[-1] <= 3
    ):
        # "Labour's Shadow Home Secretary Yvette Cooper", "CEO of the Refugee Council
        # Enver Solomon": the person's name after the title and the organisation
        run = run[titled[-1] + 1 :]
        words = words[titled[-1] + 1 :]
    if (
        4 <= len(words) <= 6
        and words[0] in lexicon.TITLE_WORDS
        and words[1] in ("of", "for")
        and words[2] not in ("the", "and")
    ):
        # "Governor of Washington Chris Gregoire", "Minister of Education Stefania
        # Giannini": the person's two names after the title and its place
        run = run[-2:]
        words = words[-2:]
    if not any(w.strip("'’s") in lexicon.ORGANISATION_WORDS for w in words):
        # A person: drop the title words before the name ("Home Secretary Suella Braverman").
        first = 0
        while first < len(run) - 1 and run[first].group() in lexicon.TITLE_WORDS:
            first += 1
        run = run[first:]
    end = run[-1].end()
    last = text[run[-1].start() : end]
    if _POSSESSIVE.search(last):
        end -= len(_POSSESSIVE.search(last).group())  # type: ignore[union-attr]
    return Span(run[0].start(), end)


_INITIALS_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z&.-]{1,9})\)")
# "Korean Central News Agency (KCNA": a name and its initials in brackets
_INITIALS = re.compile(r"(?P<name>.+?)\s*\((?P<initials>[A-Z][A-Za-z&.-]{1,9})\)?")
# "Aamir Atta of ProPakistani": a person's name, then what they write or work for
_NAME_OF = re.compile(
    r"(?P<person>[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,2})\s+(?:of|from|at)\s+(?P<org>\S.*)"
)
# Words of a place's or an institution's name before "of" ("Democratic Republic of Congo",
# "Royal College of Nursing"): no person's name.
_NOT_PERSONAL = frozenset(
    [
        *("Republic", "States", "State", "Kingdom", "Emirates", "Islands", "Nations", "Union"),
        *("College", "School", "Academy", "Society", "Museum", "Church", "Chamber", "Club"),
        *("House", "Hospital", "Library", "Conference", "Secretariat", "Order", "Friends"),
    ]
)


def is_outlet(actor: Actor) -> bool:
    """A news outlet by its name: an outlet's word in it ("Sky News", "LA
    Weekly"), or an agency's or a broadcaster's name ("AFP", "Yonhap")."""
    if actor.kind != "organisation":
        return False
    for name in actor.names:
        words = [w.strip(",.;:()[]") for w in name.replace("’s", "").replace("'s", "").split()]
        if name in lexicon.OUTLETS or any(
            w in lexicon.OUTLET_WORDS or w in lexicon.OUTLETS for w in words
        ):
            return True
    return False


# How far back "the newspaper", "the company" look for the speaker they name.
INSTITUTION_WINDOW = 1500
_OUTLET_NOUNS = ("newspaper", "paper", "broadcaster", "channel", "magazine", "station", "network")
_GOVERNMENT_NOUNS = ("government", "ministry", "department", "administration", "cabinet")
_ORGANISATION_NOUNS = (
    *("company", "firm", "group", "organisation", "organization", "agency", "board"),
    *("commission", "council", "committee", "union", "association", "foundation", "charity"),
)
# The kind of speaker a common noun for an institution can name, when no name has the word.
_FITS: dict[str, Callable[[Actor], bool]] = {
    **dict.fromkeys(_OUTLET_NOUNS, is_outlet),
    **dict.fromkeys(_GOVERNMENT_NOUNS, lambda a: a.kind in ("government", "state")),
    **dict.fromkeys(_ORGANISATION_NOUNS, lambda a: a.kind == "organisation" and not is_outlet(a)),
}


def _cleaned(words: str) -> tuple[str, str | None]:
    """A new actor's name as the text writes it, without an editor's brackets
    ("[Lala] Aslikyan"), initials in brackets after it (returned apart, an alias:
    "Korean Central News Agency (KCNA)"), nor the organisation after a person's
    name ("Aamir Atta of ProPakistani": the person)."""
    words = " ".join(words.replace("[", "").replace("]", "").split())
    alias = None
    initials = _INITIALS.fullmatch(words)
    if initials is not None:
        words, alias = initials.group("name"), initials.group("initials")
    of = _NAME_OF.fullmatch(words)
    if of is not None:
        person = of.group("person").split()
        if kind_of(of.group("person")) == "person" and not any(
            w in lexicon.TITLE_WORDS or w in _NOT_PERSONAL for w in person
        ):
            words = of.group("person")
    return words, alias


def _tokens(text: str, span: Span) -> tuple[list[str], list[str]]:
    tokens = text[span.begin : span.end].split()
    return tokens, [t.lower().strip(",.;:") for t in tokens]


_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,5}")
_DOMAIN = re.compile(r"[A-Za-z][\w-]*\.(?:com|net|org|ru|info|co\.uk|com\.\w\w)")


def kind_of(name: str) -> ActorKind:
    words = [w.strip("'’") for w in name.split()]
    if any(w in lexicon.GOVERNMENT_WORDS for w in words):
        return "government"
    if (
        any(w in lexicon.ORGANISATION_WORDS or w in lexicon.OUTLETS for w in words)
        # "AFP", "PTA": initials; "Dawn.com": a website
        or (len(words) == 1 and (_ACRONYM.fullmatch(words[0]) or _DOMAIN.fullmatch(words[0])))
    ):
        return "organisation"
    if len(words) == 1 and words[0].endswith("ans"):
        return "people-group"  # Egyptians, Armenians
    return "person"


SUBJECT_WINDOW = 200
_INSERTED = re.compile(r"\[[A-Z][\w’'.-]*\]\s*$")


def subject_span(text: str, begin: int, end: int) -> Span | None:
    """The subject before a reporting verb: the words from the last clause
    boundary up to the verb, without conjunctions, auxiliaries and adverbs.
    Only the last SUBJECT_WINDOW characters are read: a speaker's name is
    never longer, and a text with no sentence breaks stays linear."""
    begin = max(begin, end - SUBJECT_WINDOW)
    aside = _ASIDE.search(text, begin, end)
    if aside is not None:
        end = aside.start()  # "Other users, however, were quick to": the subject before it
    piece = text[begin:end]
    cut = 0
    for match in re.finditer(
        r"[,;:()\[\]“”\"–—]|\b(?:and|but|while|whilst|with|after|before|as|which|who|that|when|"
        r"where|because|since|although|though|if|whom|what)\b",
        piece,
    ):
        cut = match.end()
    words = piece[cut:]
    stripped = _LEADING.sub("", words.strip())
    # (a space before it: ", has claimed" leaves an auxiliary alone, no subject)
    stripped = _TRAILING.sub("", " " + stripped).strip()
    while stripped:  # "Jane Smith herself", "Jane Smith had always", "rightly": before the verb
        last = stripped.rsplit(None, 1)
        if (
            len(last) < 2
            or not (last[1] in _REFLEXIVES or lexicon.only_an_adverb(last[1]))
            or _NOT_A_SUBJECT.search(last[0]) is not None
        ):
            break
        stripped = _TRAILING.sub("", " " + last[0]).strip()
    if not stripped:
        return None
    start = begin + cut + words.find(stripped)
    end = start + len(stripped)
    inserted = _INSERTED.search(text, begin, start)
    if inserted is not None:
        start = inserted.start()  # "[Lala] Aslikyan": the editor's word is the name's
    return Span(start, end)
