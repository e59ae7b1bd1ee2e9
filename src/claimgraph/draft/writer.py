"""The drafted annotation as the file a person reviews: format-2 YAML, every
span written verbatim (with ``occurrence`` where the words recur), each
drafted entry with the drafter's confidence, and comments where the drafter
left something for the reviewer."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from claimgraph.annotation import anchoring
from claimgraph.annotation.model import FORMAT_VERSION, RELAYING_ACTS
from claimgraph.draft.acts import open_question
from claimgraph.draft.attribution import Attribution
from claimgraph.draft.cast import Actor, Cast, slug
from claimgraph.draft.segments import Span

_LABEL_MAX = 160


class TooCommon(Exception):
    """Words repeated so often, overlapping themselves, that counting which
    occurrence is meant would take quadratic time: only in degenerate texts."""


@dataclass
class Sheet:
    """The annotation being written: sections of plain data, in file order."""

    text: str
    cast: Cast
    article: dict[str, Any]
    mentions: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    posts: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    comments: dict[int, list[str]] = field(default_factory=dict)  # id(entry) -> lines
    used: set[str] = field(default_factory=set)
    _docs: dict[str, str] = field(default_factory=dict)
    _posts: dict[str, str] = field(default_factory=dict)

    def anchor(self, span: Span, **extra: Any) -> dict[str, Any]:
        words = self.text[span.begin : span.end]
        entry: dict[str, Any] = {"text": " ".join(words.split())}
        counted = anchoring.ordinal(self.text, span.begin, words)
        if counted is None:
            raise TooCommon(entry["text"])
        number, others = counted
        if others:
            entry["occurrence"] = number
        entry.update(extra)
        return entry

    def words(self, span: Span) -> str:
        return " ".join(self.text[span.begin : span.end].split())

    def use(self, actor: Actor) -> str:
        self.used.add(actor.id)
        return actor.id

    def new_id(self, words: str) -> str:
        return self.cast.new_id(words)

    # -- content ------------------------------------------------------------------

    def content(self, attribution: Attribution) -> str:
        assert attribution.quote is not None
        quote = attribution.quote
        words = " ".join(self.words(p) for p in attribution.parts or [quote])
        if attribution.negation is not None:
            # "the bridge was not safe", negative on the speaker's hop: what it
            # says does not hold is that the bridge was safe
            cut = [attribution.negation, attribution.degree]
            words = self._without(attribution.parts or [quote], [c for c in cut if c])
        label = re.sub(r"[“”\"]", "", words).strip(" ,.;:")
        if len(label) > _LABEL_MAX:
            label = label[:_LABEL_MAX].rsplit(" ", 1)[0] + " …"
        ident = self.new_id("e-" + " ".join(label.split()[:6]))
        people = []
        for _spot, actor in self.cast.names_in(quote):
            if actor.id not in people and actor is not attribution.speaker:
                people.append(self.use(actor))
        event: dict[str, Any] = {
            "id": ident,
            "label": label or self.words(quote),
            "status": (
                "denied"
                if attribution.act == "deny" or attribution.negation is not None
                else "alleged"
            ),
        }
        if people:
            event["participants"] = people
        event["date"] = "unknown"
        event["confidence"] = round(min(attribution.confidence, 0.5), 2)
        self.events.append(event)
        self.comments[id(event)] = [
            "Drafted from the claim's words: check the label, the status, the "
            "roles (agents, targets ...) and the date; a state or characterisation "
            "goes under 'propositions'."
        ]
        return ident

    def _without(self, parts: list[Span], cuts: list[Span]) -> str:
        """The words of ``parts`` without the spans ``cuts`` (a negation, a degree)."""
        pieces = []
        for part in parts:
            at = part.begin
            for cut in sorted(
                (c for c in cuts if part.begin <= c.begin < part.end), key=lambda c: c.begin
            ):
                pieces.append(self.text[at : cut.begin])
                at = cut.end
            pieces.append(self.text[at : part.end])
            pieces.append(" ")
        return " ".join("".join(pieces).split())

    def document(self, attribution: Attribution, speaker: Actor | None) -> str:
        assert attribution.document_words is not None and attribution.document_kind
        kind = attribution.document_kind
        if kind in self._docs:
            return self._docs[kind]
        title = self.words(attribution.document_words)
        ident = self.new_id("doc-" + " ".join(title.split()[-3:]))
        entry: dict[str, Any] = {"id": ident, "kind": kind, "title": title}
        if kind == "email":
            entry["sender"] = self.use(speaker) if speaker is not None else "unknown"
        elif speaker is not None:
            entry["author"] = [self.use(speaker)]
        entry["confidence"] = 0.4
        self.documents.append(entry)
        self._docs[kind] = ident
        return ident

    def post(self, holder: Actor) -> str | None:
        """The post the holder's name came with in the text, if the draft knows
        its organisation ("Pakistan's Foreign Minister X"): the hop's ``as``."""
        if holder.id not in self.cast.posts:
            return None
        if holder.id not in self._posts:
            role, owner = self.cast.posts[holder.id]
            words = self.words(role)
            ident = self.new_id(f"{words}-{holder.id}")
            entry = {
                "id": ident,
                "role": words,
                "of": self.use(owner),
                "holder": self.use(holder),
                "confidence": 0.5,
            }
            self.posts.append(entry)
            self._posts[holder.id] = ident
        return self._posts[holder.id]

    # -- claims ---------------------------------------------------------------------

    def attribution(self, attribution: Attribution, hop_ids: dict[int, str]) -> None:
        if attribution.outer is not None:
            return  # relayed by the speaker whose words report it: written with them
        confidence = round(attribution.confidence, 2)
        cue = (
            {"cue": self.anchor(attribution.cue, type=attribution.cue_type)}
            if attribution.cue is not None
            else {}
        )
        quote = (
            {"quote": self.anchor(attribution.quote, mode=attribution.mode)}
            if attribution.quote is not None
            else {}
        )
        if attribution.parts:
            first = self.anchor(attribution.parts[0])
            quote = {"quote": {"parts": [self.words(part) for part in attribution.parts]}}
            if "occurrence" in first:
                quote["quote"]["occurrence"] = first["occurrence"]
            quote["quote"]["mode"] = attribution.mode
        speaker = attribution.speaker
        if speaker is None:  # the article's own hedge
            ident = self.new_id(f"hedge-{attribution.lemma}")
            self.claims.append(
                {
                    "id": ident,
                    "act": attribution.act,
                    **cue,
                    **quote,
                    "asserts": [self.content(attribution)],
                    "certainty": attribution.certainty,
                    "confidence": confidence,
                }
            )
            return
        inner = attribution.inner
        inner_cue = (
            self.anchor(inner.cue, type=inner.cue_type)
            if inner is not None and inner.cue is not None
            else None
        )
        hop = self.new_id(f"{speaker.id}-{attribution.lemma}")
        hop_ids[id(attribution)] = hop
        article_hop = {
            "id": self.new_id(f"a-{hop}"),
            **cue,
            **quote,
            "certainty": attribution.certainty,
            "relays": [hop],
            "confidence": confidence,
        }
        relayed: list[dict[str, Any]] = []
        if attribution.via is not None:
            # "X was quoted by the local media as saying": article → media → X
            middle = self.new_id(f"{attribution.via.id}-report")
            relayed.append(
                {
                    "id": middle,
                    "claimant": self.use(attribution.via),
                    "act": "report",
                    "said": {"medium": "unknown"},
                    "certainty": "underspecified",
                    "relays": [hop],
                    "confidence": confidence,
                }
            )
            article_hop["relays"] = [middle]
        if inner is not None and inner.speaker is not None:
            # "X said Y had told him that ...": X's hop relays Y's, by Y's cue
            inner_hop = self.new_id(f"{inner.speaker.id}-{inner.lemma}")
            hop_ids[id(inner)] = inner_hop
            speaker_hop = self._speaker_hop(attribution, hop, hop_ids, [])
            if inner_cue is not None:
                speaker_hop["cue"] = inner_cue
            speaker_hop["relays"] = [inner_hop]
            inner_said = self._speaker_hop(inner, inner_hop, hop_ids, [self.content(inner)])
            self.claims += [article_hop, *relayed, speaker_hop, inner_said]
            return
        speaker_hop = self._speaker_hop(attribution, hop, hop_ids, [self.content(attribution)])
        self.claims += [article_hop, *relayed, speaker_hop]

    def _speaker_hop(
        self, attribution: Attribution, hop: str, hop_ids: dict[int, str], asserts: list[str]
    ) -> dict[str, Any]:
        """The speaker's own hop: who (or whom it continues), the act, where
        and when it was said or the document, and what it asserts (nothing, for
        a hop that relays another's)."""
        speaker = attribution.speaker
        assert speaker is not None
        speaker_hop: dict[str, Any] = {"id": hop}
        origin = attribution.continues
        if origin is not None and id(origin) in hop_ids:
            speaker_hop["continues"] = hop_ids[id(origin)]
        else:
            speaker_hop["claimant"] = self.use(speaker)
            post = self.post(speaker)
            if post is not None:
                speaker_hop["as"] = post
        speaker_hop["act"] = attribution.act
        # a doubt, or a question that takes nothing as given ("asked whether ..."), is
        # about what it concerns: it asserts nothing and has no polarity
        about_only = attribution.act == "doubt" or (
            attribution.act == "ask"
            and attribution.quote is not None
            and open_question(self.words(attribution.quote))
        )
        own = (
            bool(asserts) and attribution.act not in RELAYING_ACTS and not about_only
        )  # not a hop that relays
        if own and attribution.negation is not None:
            speaker_hop["polarity"] = "negative"
        if own and attribution.degree is not None:
            with contextlib.suppress(TooCommon):
                degree = self.anchor(attribution.degree)
                speaker_hop["degree"] = degree["text"] if "occurrence" not in degree else degree
        if attribution.document_words is not None:
            speaker_hop["document"] = self.document(attribution, speaker)
        else:
            said: dict[str, Any] = {}
            if attribution.when is not None:
                with contextlib.suppress(TooCommon):
                    when = self.anchor(attribution.when)
                    said["when"] = when["text"] if "occurrence" not in when else when
            said["medium"] = attribution.medium
            if attribution.addressee is not None:
                said["to"] = self.use(attribution.addressee)
            speaker_hop["said"] = said
        if asserts:
            speaker_hop["about" if about_only else "asserts"] = asserts
        speaker_hop["certainty"] = "underspecified"
        speaker_hop["confidence"] = round(attribution.confidence, 2)
        if attribution.act == "deny":
            self.comments[id(speaker_hop)] = [
                "A denial: negative on the denier's own hop (act: deny), never on the article's."
            ]
        if own and attribution.negation is not None:
            self.comments[id(speaker_hop)] = [
                "A negated content: negative on the speaker's own hop; the event is what "
                "the speaker says does not hold"
                + (", to the degree given." if attribution.degree else ".")
            ]
        if attribution.act == "ask":
            self.comments[id(speaker_hop)] = [
                "A question (act: ask): 'about' what it asks if it takes nothing as given; "
                "otherwise it asserts only what it takes as given. Check which."
            ]
        if attribution.act == "doubt":
            self.comments[id(speaker_hop)] = [
                "A doubt, not a denial: 'about' what is not believed, no polarity; "
                "name the doubted claim under 'in_response_to'."
            ]
        return speaker_hop

    # -- the file ---------------------------------------------------------------------

    def actors(self) -> list[dict[str, Any]]:
        entries = []
        for actor in self.cast.actors.values():
            if actor.registry or actor.id not in self.used:
                continue
            entry: dict[str, Any] = {"id": actor.id, "kind": actor.kind}
            if actor.names:
                entry["names"] = actor.names
            if actor.description is not None:
                try:
                    described = self.anchor(actor.description)
                except TooCommon:  # written as it is, for the loader to say why it is ambiguous
                    described = {"text": self.words(actor.description)}
                entry["described_as"] = (
                    described["text"] if "occurrence" not in described else described
                )
            if actor.plural is not None and actor.kind != "people-group":
                entry["plural"] = actor.plural
            entry["confidence"] = round(actor.confidence, 2)
            entries.append(entry)
        return entries

    def mention_registry_names(self) -> None:
        seen: set[tuple[str, str]] = set()
        for spot, actor in self.cast.names_in(Span(0, len(self.text))):
            if not actor.registry:
                continue
            key = (actor.id, self.words(spot).lower())
            if key in seen:
                continue
            seen.add(key)
            try:
                entry = {"of": actor.id, **self.anchor(spot)}
            except TooCommon:
                continue
            entry["confidence"] = 0.8
            self.mentions.append(entry)

    def render(self, header: str) -> str:
        sections: list[tuple[str, list[dict[str, Any]]]] = [
            ("mentions", self.mentions),
            ("actors", self.actors()),
            ("documents", self.documents),
            ("posts", self.posts),
            ("events", self.events),
            ("claims", self.claims),
        ]
        out = [header, f"format: {FORMAT_VERSION}", "", _dump({"article": self.article})]
        for name, entries in sections:
            if not entries:
                continue
            out.append(f"{name}:")
            for entry in entries:
                for line in self.comments.get(id(entry), []):
                    out.append(f"  # {line}")
                block = _dump([entry]).rstrip("\n")
                out.append("\n".join("  " + line for line in block.splitlines()))
                out.append("")
        return "\n".join(out).rstrip("\n") + "\n"


def _dump(data: Any) -> str:
    return yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None
    )


def header(name: str, version: str, schema: str) -> str:
    return (
        f"# yaml-language-server: $schema={schema}\n"
        "#\n"
        f"# DRAFT of {name}.txt, written by claimgraph {version} (claimgraph draft).\n"
        "# Every cue, quote and description is verbatim from the text; each drafted\n"
        "# entry carries the drafter's confidence (0-1). Review each claim: the speaker,\n"
        "# the speech act and polarity on the speaker's own hop, the quote's extent.\n"
        "# When done, set 'status: reviewed' under 'article'. Check with:\n"
        f"#   claimgraph validate {name}.yaml\n"
    )


__all__ = ["Sheet", "header", "slug"]
