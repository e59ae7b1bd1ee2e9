"""What a found attribution says, once the whole article has been read: the
speech act its speaker's kind gives it, beside the one its cue's verb gives
(:mod:`claimgraph.draft.lexicon`).

  - a news outlet that says something reports it ("Sky News says", "according
    to AFP", "the i reported"; unnamed reporting only by its verb: "media
    reports", the headline's "Reports:", not "the media have said"): act
    ``report``, as the hand annotations have it;
  - evidence that suggests ("Estimates suggest", "The correspondence suggests
    that"): no one's claim, the article's own inference from it (the author's
    hop, act ``suggest``), as the format guide has it.

Detection (:mod:`claimgraph.draft.attribution`) decides what is reported and
by whom; this decides only the act, and whose voice an inference is.
"""

from __future__ import annotations

import re

from claimgraph.annotation.model import Certainty, SpeechAct
from claimgraph.draft import lexicon
from claimgraph.draft.attribution import Attribution
from claimgraph.draft.cast import Actor, Cast, is_outlet
from claimgraph.draft.segments import Span

# The constructions by which an outlet reports: a neutral verb ("said", "reported",
# "wrote"), "according to", a headline's kicker, its quoted words going on; not "Radio
# Free was shocked:" (a stance), "described", "called".
_OUTLET_REPORTS = frozenset(
    {lemma for lemma, act in lexicon.VERBS.items() if act == "say"}
    - {"describe", "defend", "ask", "answer", "reply", "respond", "retort", "counter"}
    | {"according", "headline", "continued", "quoted"}
)
# Unnamed reporting reports only by its verb ("media reports", "Reports:").
_REPORTING = frozenset({"report", "headline"})


def _head(actor: Actor, text: str) -> str:
    """The last word of the actor's description or first name, lower case."""
    if actor.description is not None:
        words = text[actor.description.begin : actor.description.end].split()
    else:
        words = actor.names[0].split() if actor.names else []
    return words[-1].strip(",.;:'’").lower() if words else ""


def unnamed_media(actor: Actor, text: str) -> bool:
    """Reporting the article does not name ("media reports", "Reports:")."""
    return actor.kind == "anonymous-source" and _head(actor, text) in lexicon.MEDIA_NOUNS


def _evidence(attribution: Attribution, text: str) -> bool:
    """The subject of ``attribution``'s verb is evidence, not a speaker."""
    words = attribution.document_words
    if words is not None:
        last = text[words.begin : words.end].split()
        if last and last[-1].strip(",.;:").lower() in lexicon.EVIDENCE:
            return True
    speaker = attribution.speaker
    return speaker is not None and not speaker.registry and _head(speaker, text) in lexicon.EVIDENCE


# "I'm told that ...", "Those who asked were told that ...": the speaker's words pass on
# what someone unnamed told them (not "was told by X", which names the teller).
_TOLD = re.compile(
    r"\b(?:I[’']m|I am|I[’']ve been|I have been|I was|[Ww]e[’']re|[Ww]e are|[Ww]e[’']ve been|"
    r"[Ww]e have been|[Ww]e were|was|were|had been|has been|have been)\s+(?:also\s+)?told\b"
    r"(?!\s+(?:by|to|of|about)\b)(?:\s+that\b)?"
)
_TRAILING = " \t,.;:"
# What the teller said not to hold: "(that) it's neither classified nor secret".
_TOLD_NOT = re.compile(r"\b(?:is|are|was|were|\w+[’']s)\s+(?P<not>not|neither|never)\b", re.I)


def _told(attribution: Attribution, text: str, cast: Cast) -> None:
    """The speaker's words pass on what someone unnamed told them: the speaker
    reports it (act ``report``), relaying the hop of an unidentified teller,
    described by the words "I'm told" (the chain article → speaker → teller)."""
    quote = attribution.quote
    if quote is None or attribution.parts:
        return
    told = _TOLD.search(text, quote.begin, quote.end)
    if told is None:
        return
    cue = attribution.cue
    if cue is not None and cue.begin <= told.start() < cue.end:
        return  # "I'm told" is already the cue of a block's sentence: the speaker's words
    begin = told.end()
    while begin < quote.end and text[begin] in " \t:":
        begin += 1
    end = quote.end
    while end > begin and text[end - 1] in _TRAILING:
        end -= 1
    if len(text[begin:end].split()) < 3:
        return
    cue = Span(told.start(), told.end() - (5 if told.group().endswith(" that") else 0))
    teller = cast.add(Actor(cast.new_id("teller"), "unidentified", description=cue, confidence=0.3))
    inner = Attribution(
        cue,
        "say",
        "say",
        Span(begin, end),
        attribution.mode,
        teller,
        "underspecified",
        max(0.2, attribution.confidence - 0.2),
        attribution.sentence,
        lemma="told",
    )
    negated = _TOLD_NOT.search(text, begin, min(end, begin + 80))
    if negated is not None:
        inner.negation = Span(negated.start("not"), negated.end("not"))
    attribution.inner, inner.outer = inner, attribution
    attribution.act = "report"
    attribution.negation = attribution.degree = None


# "the department will look into it", "we will keep hosting it": the speaker's side
# states what it will do, an announcement (not "many schools will ...", a forecast; not
# "will be assessed", nor "will not").
_WILL_DO = re.compile(
    r"(?:(?:[Ww]e|I|[Tt]hey|[Ii]t|[Hh]e|[Ss]he)\s+(?:will|shall)|(?:[Ww]e|I|[Tt]hey)[’']ll|"
    r"(?:[Tt]he|[Ii]ts|[Oo]ur|[Tt]heir|[Hh]is|[Hh]er)\s+(?:[a-z]+\s+)?(?:"
    + "|".join(sorted(lexicon.INSTITUTIONS))
    + r")\s+(?:will|shall))\s+(?!be\b|not\b|never\b|have\b)[a-z]+"
)


# "We urge the governments to ...", "I call on them to ...": the speaker's words demand.
_WE_DEMAND = re.compile(
    r"(?:[Ww]e|I)\s+(?:(?:also|again|strongly|once again)\s+)?(?:urge|call on|call upon|"
    r"demand|appeal to|insist)\b"
)


def _content_act(attribution: Attribution, text: str) -> SpeechAct | None:
    """The act a neutral verb's content gives, by its first words: what the
    speaker's side will do announces it, "We urge ..." demands."""
    quote = attribution.quote
    if quote is None or attribution.lemma not in _OUTLET_REPORTS:
        return None
    if _WILL_DO.match(text, quote.begin, quote.end) is not None:
        return "announce"
    if _WE_DEMAND.match(text, quote.begin, quote.end) is not None:
        return "demand"
    return None


# "asked the governments not to turn away boats", "asked him to resign": asking for
# something to be done (a request), not a question.
_ASKED_TO = re.compile(r"(?:[\w’'-]+\s+){0,7}?(?:not\s+)?to\s+[a-z]+\b(?![^?]*\?)")
# "asked whether ...", "asked if ...": a question that takes nothing as given.
_OPEN_QUESTION = re.compile(r"\s*[“\"]?(?:whether|if)\b", re.I)


def open_question(words: str) -> bool:
    """Whether the question ``words`` (what was asked) takes nothing as given:
    "whether the bridge was unsafe" does not, "how the documents wound up on
    the street" takes as given that they did."""
    return _OPEN_QUESTION.match(words) is not None


def _asked(attribution: Attribution, text: str) -> SpeechAct:
    """What "asked" does: a request when something is asked to be done, else a
    question (act ``ask``)."""
    quote = attribution.quote
    if quote is not None and _ASKED_TO.match(text, quote.begin, quote.end) is not None:
        return "request"
    return "ask"


def _own_voice(attribution: Attribution, act: SpeechAct, certainty: Certainty) -> None:
    """The article says it itself, with ``act``: no speaker, document or occasion."""
    attribution.speaker = None
    attribution.act, attribution.certainty = act, certainty
    attribution.document_words = attribution.document_kind = None
    attribution.addressee = attribution.continues = None


def _relayed_on(attribution: Attribution) -> None:
    """Words going on from a report that relays someone ("Radio Free quoted
    Jane Smith as saying:" and the block after it, "X was quoted by the local
    media as saying:") are relayed the same way: the reporter's hop relays
    the quoted speaker's words going on (article → Radio Free → Jane Smith)."""
    head = attribution.continues
    if (
        head is None
        or attribution.cue is not None
        or attribution.speaker is not head.speaker
        or attribution.inner is not None
        or attribution.outer is not None
    ):
        return
    if head.via is not None and attribution.via is None:
        attribution.via = head.via
    quoted = head.inner
    if quoted is None or quoted.speaker is None or attribution.quote is None:
        return
    inner = Attribution(
        None,
        "say",
        "say",
        attribution.quote,
        attribution.mode,
        quoted.speaker,
        "underspecified",
        attribution.confidence,
        attribution.sentence,
        continues=quoted,
        lemma="continued",
    )
    attribution.inner, inner.outer = inner, attribution
    attribution.act = head.act
    attribution.negation = attribution.degree = None


def settle(found: list[Attribution], text: str, cast: Cast) -> None:
    """The acts of the attributions ``found`` in ``text``, by their speakers'
    kinds; ``cast`` gets the unnamed tellers of what the speakers were told."""
    for attribution in found:
        speaker = attribution.speaker
        if speaker is None:
            continue
        _relayed_on(attribution)
        if attribution.act == "say" and attribution.inner is None and attribution.outer is None:
            _told(attribution, text, cast)
        cue = attribution.cue
        if (
            attribution.lemma == "according"
            and cue is not None
            and text[cue.begin : cue.end].split()[-1].strip(",.;:").lower() in lexicon.RULES
            and attribution.inner is None
            and attribution.outer is None
        ):
            # "according to Russian legislation": a rule the article applies, no speaker
            _own_voice(attribution, "state", "certain")
            continue
        if (
            attribution.act == "suggest"
            and attribution.lemma in lexicon.INFERRING
            and attribution.inner is None
            and attribution.outer is None
            and _evidence(attribution, text)
        ):
            # "Estimates suggest ...": the article infers it, no one claims it
            _own_voice(attribution, "suggest", "possible")  # a hedge, as "allegedly" is
            continue
        if (
            attribution.act != "say"  # an act its verb says; or relaying already
            or attribution.inner is not None
            or attribution.outer is not None  # what an outlet told someone who reports it
            or attribution.negation is not None  # said not to hold: its polarity kept
        ):
            continue
        if attribution.lemma == "ask":
            attribution.act = _asked(attribution, text)
        elif (is_outlet(speaker) and attribution.lemma in _OUTLET_REPORTS) or (
            unnamed_media(speaker, text) and attribution.lemma in _REPORTING
        ):
            attribution.act = "report"
        else:
            attribution.act = _content_act(attribution, text) or attribution.act
