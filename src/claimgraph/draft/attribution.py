"""Finding reported speech, as PARC 3.0 annotates it: a cue, a source and a
content span.

Constructions, sentence by sentence, outside quotation marks:
  - “QUOTE,” SOURCE said. / “QUOTE,” said SOURCE.        (direct, cue after)
  - SOURCE said (to OUTLET): “QUOTE”                      (direct, cue before)
  - SOURCE said (that) CLAUSE. / SOURCE told OUTLET CLAUSE (indirect; mixed with quotes)
  - According to SOURCE, CLAUSE. / CLAUSE, according to SOURCE.
  - Indeed, reports SOURCE, CLAUSE.                       (inverted, before the content)
  - SOURCE said A, adding B / whilst promising B / and said B (one speaker, two cues)
  - SOURCE's statement that CLAUSE (a noun cue with its owner)
  - hedges in the article's own voice: reportedly, allegedly, it seems, the
    suspected X, is said to, Believed ... (opening a sentence)
  - @handle: TEXT (a quoted post, its whole paragraph); NAME: TEXT, A: TEXT (a
    transcript's or a Q&A's paragraph; Q: TEXT is not drafted)
  - KICKER: HEADLINE (the headline's cue)
  - X was accused by Y of ... / It was reported that ... / X has been accused of ...
  - X said Y had told her that ... / According to X, Y said ... / ..., citing Y
    (nested: X's hop relays Y's, see :meth:`Finder.nest`)
  - SPEAKER said she had never ... / “We did not ...” / ..., a claim Y denies (denials)
  - SPEAKER said the bridge was not (particularly) safe: negative on the speaker's
    hop, with its degree (:meth:`Finder._polarity`)
  - which X describes as ... / X characterized Y as “...” / X has called Y “...”
    (characterisations)
  - the publisher speaking of itself ("Wikinews has learned that"): the article's
    own voice, no claim (:meth:`Finder.own_voice`)
and continuation: a paragraph that is one quotation, after a paragraph whose
last attribution quoted someone, carries that attribution over; a block
quotation (the paragraphs after "SOURCE said:", "SOURCE PREDICATE:", across
"[...]" elisions, or a first-person paragraph after one naming a source)
continues its cue sentence by sentence.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from claimgraph.annotation.model import RELAYING_ACTS, Certainty, CueType, QuoteMode, SpeechAct
from claimgraph.draft import lexicon
from claimgraph.draft.cast import PARTICLE_NAME, SUBJECT_WINDOW, Actor, Cast, subject_span
from claimgraph.draft.cast import kind_of as cast_kind
from claimgraph.draft.segments import Quotation, Sentence, Span

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_ACCORDING = re.compile(r"\b[Aa]ccording to\b|\b[Ii]n the words of\b|\b[Aa]s per\b")
# Disbelief said by a phrase, not a verb: "cast doubt on", "are sceptical of" (a doubt)
_DISBELIEF = re.compile(
    r"\b(?:cast|casts|casting|raised?|raises|raising)\s+doubts?\s+(?:on|upon|about|over)\b|"
    r"\b(?:is|are|was|were|remains?|remained)\s+(?:sceptical|skeptical)\s+(?:of|about)\b",
    re.I,
)
_HANDLE = re.compile(r"@\w{2,30}:")
_TIME = re.compile(
    r"\b(?:(?i:on|last|this|earlier|late|early)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?\b|\b(?:today|"
    r"yesterday|last night|this morning)\b|\b(?:(?i:on)\s+)?(?:January|February|March|April|May|"
    r"June|July|August|September|October|November|December)\s+\d{1,2}(?:,\s*\d{4})?\b"
)
_MEDIA = (
    (
        re.compile(
            r"\bin an? (?:\w+ )?statement\b|\bstatement (?:from|by|issued by|released by)\b|"
            r"\b(?:issued|released|published|put out|spread\w*) an? (?:\w+ )?statement\b",
            re.I,
        ),
        "statement",
    ),
    (re.compile(r"\bin an? (?:\w+ )?interview\b", re.I), "interview"),
    (re.compile(r"\bat an? (?:\w+ )?press conference\b|\bbriefing\b", re.I), "press-conference"),
    (
        re.compile(
            r"\bon (?:Twitter|Facebook|X|Instagram|Telegram|TikTok|YouTube|Weibo|VKontakte)\b|"
            r"\btweet|\bin an? (?:\w+ )?(?:blog |Facebook |social media )?post\b|"
            r"\bon (?:his|her|their|its) (?:\w+ )?(?:blog|Facebook page|Twitter account)\b",
            re.I,
        ),
        "social-media-post",
    ),
    (re.compile(r"\bin an? speech\b|\baddress(?:ing)? (?:the|a) ", re.I), "speech"),
    (re.compile(r"\btestif|\bhearing\b", re.I), "testimony"),
)
_INTERVIEW_WITH = re.compile(
    r"(?:\b(?i:in|during)\s+an?\s+(?:\w+\s+)?(?P<interview>interview)\s+with|"
    r"\b(?i:in)\s+an?\s+(?:\w+\s+)?(?:e-?mail|letter|message|statement)\s+to|"
    r"\b(?i:speaking|talking)\s+(?:to|with))\s+((?:the\s+)?[A-Z][\w’'.&-]*"
    r"(?:\s+(?:of\s+)?[A-Z][\w’'.&-]*){0,4})"
)
_TRAILING_PUNCT = " \t,.;:"
_ELISION_ONLY = re.compile(r"[\s\[(]*(?:\.\.\.|…)[\s\])]*")
_ELISION_LEAD = re.compile(r"\s*[\[(](?:\.\.\.|…)[\])]\s*")
_ELISION_TAIL = re.compile(r"\s*[\[(](?:\.\.\.|…)[\])]\s*\.?\s*$")
# a word after which a verb form is a noun ("the report", "a statement of")
_NOUN_BEFORE = lexicon.DETERMINERS | {"of", "to", "for"}
MAX_ATTRIBUTIONS = 1000
MAX_BLOCK = 8  # paragraphs a block quotation runs over without elisions
# Openings of a paragraph in the article's own voice, after a quoted block.
_ARTICLE_VOICE = re.compile(
    r"(?:Meanwhile|However|Nevertheless|Nonetheless|Even so|Still|Yet|Indeed|In response|"
    r"Elsewhere|Similarly|Likewise|Moreover|Also|Finally|Earlier|Later|Separately|According)\b"
)
# A pronoun and a reporting verb ("she added", "they wrote"): the article reports.
# A subject, a relative clause without commas, then the verb (_relative_head).
_RELATIVE_HEAD = re.compile(
    r"(?:[^,;:“”\"\n]{0,60},\s*)?(?P<head>(?:[A-Z][\w’'.-]*|the|a|an|one)\b[^,;:“”\"\n]{0,60}?)"
    r"\s+(?:who|which)\s+[^,;:“”\"\n]{1,120}?\s*$"
)
# A quoted speaker's own cue opening the quoted words (_uncued), by its cue type.
_STANCE_OPENING = re.compile(
    r"(?P<suggest>(?:I|We)\s+(?:really\s+|personally\s+|also\s+|still\s+)?(?:think|believe|feel|"
    r"guess|suppose|reckon|suspect)\b|(?:My|Our)\s+(?:gut\s+|personal\s+|honest\s+)?(?:feeling|"
    r"view|opinion|belief|impression|guess)\s+is\b|In\s+(?:my|our)\s+(?:view|opinion)\b)"
    r"|(?P<say>I(?:['’]m|\s+am|\s+was|\s+have\s+been|\s+had\s+been)\s+told\b|We\s+(?:had|have|"
    r"received|got)\s+reports\b)"
    r"|(?P<confirm>We\s+have\s+(?:got\s+)?(?:the\s+|a\s+)?confirmation\b)"
)
_STANCE_TYPES: dict[str, CueType] = {"suggest": "suggest", "say": "say", "confirm": "confirm"}
# "X through its sources", "X, via his sources,": a speaker relaying its sources.
_VIA_SOURCES = re.compile(
    r",?\s+(?P<phrase>(?:through|via|citing|quoting)\s+(?P<sources>(?:its|his|her|their)\s+"
    r"(?:own\s+)?(?:sources?|contacts|informants)))\s*,?$"
)
# A link's language tag after a name (Global Voices' "Gruppa Voina [en] said").
# "the engineers themselves", "local residents": people named by an agent noun
_PEOPLE_DESCRIBED = re.compile(
    r"(?:(?:the|these|those|some|many|most|several|local|other)\s+)+(?:[a-z][\w-]*\s+){0,2}"
    r"(?P<head>[a-z][\w-]*(?:ers|ors|ists|ians|ants|ents))(?:\s+themselves)?"
)
_LINK_TAG_BEFORE = re.compile(r"\s*\[[a-z]{2,3}\]\s*$")
# A name opening its sentence, then its verb (_first_subject).
_NAMED_OPENING = re.compile(
    r"([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s+(?:(?:has|have|had|was|is|also)\s+)*[a-z]"
)
# A name closing its sentence after an inverted verb ("... reported Jane Smith.").
_INVERTED_NAME = re.compile(r"\s+([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s*[.!]?\s*$")
_WENT_ON = re.compile(
    r"\b(?:(?:went|goes|go|going) on|(?:(?:is|are|was|were|be|been)\s+)?(?:quick|quicker|"
    r"eager|keen|ready|swift|careful|happy|willing|first|the first)|(?:used|uses|use|using)\s+"
    r"(?:his|her|their|its|the|a|an)\s+(?:[\w’'-]+\s+){0,3}?(?:account|blog|platform|page|speech|"
    r"column|channel|feed|website|site|show|address|statement|post))\s+to\s+$"
)
# An object that opens with quoted words after a verb that needs a clause ("noted
# the “recent sharp rise in …” appearing online"): what is noted.
_QUOTED_OBJECT = re.compile(r"\s+(?:the|a|an|his|her|their|its|what)\s+[^,.;:“”\"\n]{0,40}?[“\"]")
_PRONOUN_VERB = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t)\s+(?:[a-z]+ly\s+)?([a-z]+)\b")
# "the two suspected arsonists": the noun phrase, from its determiner
_HEDGE_ADJECTIVE = re.compile(
    r"(?:\b(?:the|a|an|two|three|four|several|some|its|his|her|their)\s+){0,2}\b"
    r"(suspected|alleged|purported|presumed|reputed)\s+(?!that\b|to\b|by\b)[a-z][\w-]*"
)
_HEDGE_PASSIVE = re.compile(
    r"\b(?:is|are|was|were|has been|have been)\s+(?:being\s+|also\s+|widely\s+)?"
    r"(said|believed|thought|reported|alleged|rumou?red|understood|claimed|suspected)\s+to\b"
)
# "It was reported that ...", "It is alleged that ...": the article relays a
# report with no source; its own hedge.
_HEDGE_IT = re.compile(
    r"\b[Ii]t\s+(?:is|was|has\s+been|had\s+been)\s+(?:also\s+|widely\s+)?"
    r"(said|reported|alleged|claimed|rumou?red|believed|understood|thought|suggested)\s+that\b"
)
# "X was accused by Y of ...": Y's accusation, in the passive; without "by Y",
# the article's own relay of an accusation ("X has been accused of ...").
_ACCUSED = re.compile(
    r"\b(?:is|are|was|were|has\s+been|have\s+been|had\s+been|being)\s+(?:also\s+|repeatedly\s+)?"
    r"(accused|charged)\s+(?:by\s+(?P<by>[^,.;:“”\"]{1,60}?)\s+)?of\s+(?=\w)"
)
# Weak verbs that often drop the "that" of their clause ("believes the bridge is
# unsafe"), and the start of such a clause: a subject, then a finite verb.
_BARE_CLAUSE = frozenset(
    [
        "recall",
        "explain",
        "find",
        "show",
        "believe",
        "think",
        "consider",
        "reckon",
        "fear",
        "add",
        "note",
        "agree",
        "conclude",
        "write",
        "maintain",
        "observe",
        "mention",
        "tweet",
    ]
)
_CLAUSE_AHEAD = re.compile(
    r"\s+(?:the|a|an|it|he|she|they|we|I|there|this|these|those|his|her|their|its|[A-Z][\w’'-]*)"
    r"(?:\s+[\w’'-]+){0,5}?\s+(?:is|are|was|were|has|have|had|will|would|could|should|can|may|"
    r"might|must|did|does)\b"
)
# Or a subject, then within six words a word that is only a verb ("believe the
# MPs contradict ...", "thinks the bridge collapsed"); after a determiner, the
# word after it is the head noun, not the verb.
_CLAUSE_SUBJECT = re.compile(
    r"\s+(?:(?P<determiner>the|a|an|this|these|those|his|her|their|its|our|my|some|many|most|"
    r"all)|it|he|she|they|we|I|you|[A-Z][\w’'-]*)(?=\s)"
)
_CLAUSE_WORD = re.compile(r"\s+([\w’'-]+)\b")


def _clause_ahead(text: str, at: int, end: int) -> bool:
    """A clause without "that" after a weak verb: its subject, then its verb."""
    if _CLAUSE_AHEAD.match(text, at, end) is not None:
        return True
    opening = _CLAUSE_SUBJECT.match(text, at, end)
    if opening is None:
        return False
    position = opening.end()
    for count in range(6):
        word = _CLAUSE_WORD.match(text, position, end)
        if word is None:
            return False
        position = word.end()
        if count == 0 and opening.group("determiner"):
            continue  # the head noun ("the reported figures": not a clause)
        if word.group(1) == "to":
            return False  # "believe the man to ...": an object and an infinitive
        verb = word.group(1)
        if verb.islower() and not verb.endswith("ing") and lexicon.only_a_verb(verb):
            return True
    return False


# "consider X to be Y", "what some consider to be Y": a stance on what follows.
_CONSIDERED = re.compile(r"(?P<object>(?:\s+[\w’'-]+){1,6}?)?\s+to\s+be\s+(?=\w)")
# Denial verbs whose complement is an object: a denial only when the object is
# something said ("rejected the claims", "disputed the report", "dismissed
# it"), not "rejected the offer" or "the MPs contradict the nature of the party".
_DENIAL_BY_OBJECT = frozenset(
    # and "concede": "conceded a penalty" is no admission, "conceded the claims" is
    ["reject", "dismiss", "refute", "rebut", "dispute", "contradict", "concede"]
)
_ADVERBS = frozenset(["also", "later", "then", "again", "previously", "initially", "first"])
_DENIED_OBJECT = re.compile(
    r"\s+(?:it|them|this|that|these|those|(?:[\w’'-]+\s+){0,4}?(?:claims?|reports?|"
    r"allegations?|accusations?|charges?|statements?|accounts?|stor(?:y|ies)|rumou?rs?|"
    r"suggestions?|assertions?|version|testimony|findings|remarks?|comments?|"
    r"criticism|speculation|reporting|assessment|conclusions?))\b",
    re.I,
)


# ", a claim (that) the church denies": the denier of the claim before the comma.
_REBUTTAL = re.compile(
    r",\s+(?:a|an)\s+(?:claim|allegation|accusation|charge|assertion|account|version|story)s?"
    r"\s+(?:that\s+|which\s+)?(?P<who>[^,;“”\"]{1,60}?)\s+(?:(?:has|have|had|also|strongly|"
    r"repeatedly|flatly|vehemently)\s+)*$"
)
# "called for the release of ...", "calling on the government to ...": a demand.
_CALLED_FOR = re.compile(
    r"\b(call(?:ed|s|ing)?\s+(?:(?:specifically|explicitly|publicly|repeatedly|also|again)\s+)?"
    r"(?:for|on))\s+(?=[\w“\"‘'])"
)
# "A statement from X", "a letter by X": X's document.
_DOCUMENT_FROM = re.compile(
    r"(?:[Aa]n?|[Tt]he)\s+(?:[\w-]+\s+)?(" + "|".join(lexicon.DOCUMENT_KINDS) + r")\s+"
    r"(?:from|by|issued by|released by|sent by)\s+(\S.*)$"
)
# "expressed concern that ...", "voiced the hope that ...": a stance, its act by the noun.
# "came to the conclusion that", "made the case that": a claim by a verb and its noun.
_EXPRESSED = re.compile(
    r"\b((?:express|voic)(?:ed|es|e|ing)|(?:came|comes|come|coming)\s+to|reach(?:ed|es|ing)?|"
    r"dr[ae]w(?:s|ing)?|made|makes|make|making)\s+(?:(?:the|their|his|her|its|our|a|an|deep|grave|"
    r"serious|strong|growing|some|same|convincing|compelling)\s+){0,2}(concerns?|fears?|"
    r"hopes?|beliefs?|views?|opinions?|doubts?|confidence|regret|worry|worries|conclusions?|"
    r"case)\s+that\b"
)
_EXPRESSED_ACTS: dict[str, SpeechAct] = {
    "conclusion": "claim",
    "case": "claim",
    "concern": "warn",
    "fear": "warn",
    "worry": "warn",
    "worrie": "warn",
    "belief": "claim",
    "view": "claim",
    "opinion": "claim",
    "confidence": "claim",
    "doubt": "suggest",
}
_HEDGE_OPENING = re.compile(
    r"(Believed|Thought|Said|Reported|Alleged|Suspected|Rumou?red)\s+(?:to\s+(?:be|have)\s+)?[a-z]"
)
_CLAUSE_STOP = re.compile(r";|\.\s*$")
_PHRASE_STOP = re.compile(r",|;|\s(?:and|but)\s|\.\s*$")
_DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "some",
        "many",
        "several",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "dozens",
        "hundreds",
        "thousands",
    ]
)
_PREPOSITION = re.compile(
    r"\s*(?:on|about|in|at|with|by|from|over|during|after|before|via|through|under|to)\b"
)
# the comma closing an apposition before its verb, with the verb's auxiliary
_APPOSITION_CLOSE = re.compile(r",(?:\s+(?:has|have|had|also|later|then))*\s*$")
# a sentence's opening phrase before its subject ("Speaking in X's defence,",
# "In a statement,", "After the match,")
_OPENER = re.compile(
    r"\s*(?:[A-Z][a-z]+ing\s+(?:in|to|at|on|about|after|before|with|of|for)\b|"
    r"(?:In|After|At|On|During|Following|Before|Earlier|Later|However|"
    r"Meanwhile|Yesterday|Today)\b)[^,;:“”\"]*$"
)
# "according to the Saudi Interior Ministry over ...": a name's capitalised words
_NAME_RUN = re.compile(
    r"\s*(?:the\s+)?(?:[A-Z][\w’'.&-]*(?:['’]s)?\s+(?:(?:of|for|and|on)\s+)?){0,6}[A-Z][\w’'.&-]*"
)
# ", Alireza Mehraban," after a role: the person's name in apposition
_ROLE_THEN_NAME = re.compile(r",\s+([A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,3}),")
# "Wikinews has learned that according to X, ...": the report's clause after it
_THAT_END = re.compile(r"\bthat,?$")
_INVERTED_TAIL = re.compile(r"\s(?:to|in|on|at|during|which|who|by|after|before|as)\s")
_COLON_CLOSE = re.compile(r"\s+(?:using|on|in|via|from|to)\b[^“”\"\n:]{1,60}:\s*$")
# "issued a statement": the quotation after it is the statement's
_ISSUED = re.compile(
    r"\b(?:issued|released|put out)\s+(?:a|an)\s+(?:[\w-]+\s+)?(?:statement|press release)\b"
)
_POSTNOMINAL = re.compile(r"\s*(?:[A-Z]{2,3}|Jr\.?|Sr\.?),")
_ADJUNCT_THAT = re.compile(
    r",\s+(?:in|on|at|with|for|by|after|before|during|as)\b[^,;:“”\"\n]{1,40},\s+that\b"
)
_PHRASE_QUOTE = re.compile(
    r"\s+(?:in|on|via)\s+(?:an?|the|his|her|their|its)?(?:\s*[\w’'-]+){1,4}[\s,]*[“\"]"
)
_WHO = re.compile(r",?\s+who\s+(?:(?:also|later|then|now|still|often|has|have|had)\s+){0,2}$")
_NEXT_CUE = re.compile(
    r",\s+(?:(?:and|but)\s+)?(?:(?:he|she|they|it|we|I)\s+)?"
    r"(?:(?:later|also|then|again|instead|further)\s+)?([a-z]+)\b"
    r"|,\s+with\s+(?:[\w’'-]+\s+){1,4}?([a-z]+ing)\b"  # ", with the paper reporting"
    r"|\s+whilst\s+([a-z]+ing)\b|\s+while\s+([a-z]+ing)\b"
    r"|\s+(?:and|but)\s+(?:(?:later|also|then|again)\s+)?([a-z]+ed|said|told|wrote|says?|claims?|adds?|insists?|argues?)\b"
    r"|,\s+(according)\s+to\b"  # "..., according to X": X's report, not the speaker's words
)
_NOMINAL = re.compile(
    r"(\b(?:[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)|[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,4}(?=['’]s?\s))"
    r"(?:['’]s?)?\s+(" + "|".join(lexicon.NOMINAL_CUES) + r")\s+that\b"
)
_INVERTED = re.compile(r"\s+([A-Z][\w’'.-]*(?::?\s+[A-Z][\w’'.-]*){0,5})(?:,\s+|(?P<colon>:)\s*$)")
_COLON_QUOTE = re.compile(r":\s*[“\"‘']")
_FIRST_PERSON = re.compile(r"(?<![\w.])(?:I|I[’']m|I[’']ve|[Ww]e|[Mm]y|[Oo]ur|me|us)(?!\w|\.\w)")
_DEMAND = re.compile(r"\b(?:must|ha(?:ve|s) to|needs? to|should (?:demand|insist))\b", re.I)
_RECOMMEND = re.compile(r"\bshould\b", re.I)
_SENTENCE_BREAK = re.compile(r"[a-z\])][.!?][”\"’']?\s+[“\"‘']?[A-Z]")
_SUGGEST = re.compile(
    r"^(?:If|Unless)\b|\b(?:may|might|perhaps|probably|likely|possibly|maybe|seems?|appears?)\b"
)
# Words by which a speaker says that a report is not true, with no denial verb
# ("said the report was false", "there is no truth in", "it's not true").
_FALSE = (
    r"(?:untrue|false|baseless|unfounded|groundless|fabricat\w*|lies|a lie|inaccurate|"
    r"incorrect|fake|fiction|fictitious|nonsense|rubbish|not true|not correct|"
    r"without (?:any )?(?:basis|foundation|merit))"
)
_DENIAL = re.compile(
    r"(?:\b(?:is|was|are|were|be|been|being)|['’]s|['’]re)\s+[“\"‘']?(?:(?:all|simply|completely|totally|"
    r"entirely|utterly|absolutely|wholly|patently|categorically|just|both|also|equally)\s+)?"
    r"[“\"‘']?" + _FALSE + r"\b|\bno truth\b|\bnever happened\b|\bfake news\b|\bno basis in fact\b",
    re.I,
)
_NEGATION = re.compile(r"\b(?:do|does|did)\s*(?:not|n['’]t)\s+$|\b(?:not|never)\s+$", re.I)


def _negation(before: str) -> int | None:
    """How many characters of ``before`` (the sentence up to a verb) its negation
    takes ("don't ", "did not ", "never "), or None if the verb is not negated."""
    match = _NEGATION.search(before)
    return None if match is None else len(before) - match.start()


# A speaker saying that they did not do what is reported of them, at the
# start of their words ("said she had never seen the letter", “We did not
# fire”, "said he had nothing to do with it"): a denial. A negated future or
# modal ("would not open", "will not resign") is a statement, not a denial.
# Verbs of perceiving, expecting or wanting: "they did not notice anything"
# reports what was not found, it does not deny a report.
_NOT_DENIED = (
    r"(?:notice|noticed|find|found|expect|expected|think|thought|believe|believed|want|wanted|"
    r"plan|planned|intend|intended|hear|heard|observe|observed|detect|detected|need|needed|yet)\b"
)
_SELF_DENIAL = re.compile(
    r"[“\"‘']?(?:I|[Ww]e|[Hh]e|[Ss]he|[Tt]hey|[Nn]either (?:he|she|they|we|I))\s+"
    r"(?:(?:had|has|have|did|do|does)(?:\s+not|n[’']t)?\s+(?:never|nothing to do with)\b|"
    r"(?:(?:had|has|have|did)(?:\s+not|n[’']t)|never)\s+(?:\w+ly\s+)?(?!"
    + _NOT_DENIED
    + r")[a-z]+|"
    r"(?:was|were|am|is|are)(?:\s+not|n[’']t)\s+(?:\w+ly\s+)?(?:involved|responsible|behind|"
    r"guilty|aware|present|connected|linked|a member|part of)\b)"
)
# "called the claims baseless", "dismissed the reports as lies", "described
# the allegations as completely false": a denial by characterising a report.
_CHARACTERISED = re.compile(
    r"\b(call(?:ed|s|ing)?|describ(?:ed|es|ing)|label(?:l?ed|s|l?ing)|brand(?:ed|s|ing)|"
    r"term(?:ed|s|ing)|dismiss(?:ed|es|ing))\s+"
    r"((?:the|these|those|such|this|that|his|her|their|its|all|any|all the|media|news|press)\s+"
    r"(?:[\w’'-]+\s+){0,3}?(?:claims?|reports?|allegations?|accusations?|charges?|stor(?:y|ies)|"
    r"rumou?rs?|suggestions?|assertions?|articles?|accounts?|reporting|speculation|story)"
    r"|it|them)\s+(?:as\s+)?[“\"‘']?(?:(?:a|an|both|pure|complete|total|utter|[a-z]+ly)\s+){0,3}"
    r"[“\"‘']?(" + _FALSE[3:-1] + r"|lie|absurd|ridiculous|defamatory|slanderous|misleading)\b",
    re.I,
)
# "which the Church describes as a religious retreat", "characterized the conflict as
# “another skirmish”", "was branded by critics as a sham": a characterisation, the
# speaker's claim of what the object is (a denial when it calls a report false:
# _CHARACTERISED).
_DESCRIBED = re.compile(
    r"\b(describ(?:e|es|ed|ing)|characteri[sz](?:e|es|ed|ing)|brand(?:s|ed|ing)?|"
    r"label(?:s|led|ed|ling|ing)?|portray(?:s|ed|ing)?|depict(?:s|ed|ing)?)\s+"
    r"(?P<object>(?:[^\s,.;:“”\"]+\s+){0,14}?)as\s+(?=[“\"‘]?\w)"
)
# "has called the sentence “dangerous”", "dubbed the conflict: “Scientology vs. the
# Internet”": a characterisation in the speaker's quoted words, after its object.
_CALLED_QUOTED = re.compile(
    r"\b(call(?:ed|s|ing)?|dub(?:bed|s|bing)?|brand(?:ed|s|ing)?|term(?:ed|s)?)\s+"
    r"(?!(?:for|on|upon|in|at|to|off|up|back|out|by|as)\b)"
    r"(?P<object>(?:[^\s,.;:“”\"]+\s+){0,15}?[^\s,.;:“”\"]+)(?P<colon>:)?\s+(?=[“\"])"
)
_CALLED_STOP = re.compile(r"[;:]|\.\s*$")
_POSSESSIVE_END = re.compile(r"['’]s?$")
_PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?$")
# "X was quoted (by the local media) as saying (that) ...": a passive report.
_QUOTED_AS = re.compile(
    r"\b(?:was|were|is|are|has been|have been|had been)\s+(?:also\s+|widely\s+)?quoted\s+"
    r"(?:by\s+(?P<by>[^,.;:“”\"]{1,60}?)\s+)?as\s+(?:saying|stating|telling\s+[^,.;:“”\"]{1,40}?)"
    r"(?P<that>\s+that\b)?"
)
# "X quoted Y as saying (that) ...", "X quotes Y saying that ...": X relays Y's words.
_QUOTING_AS = re.compile(
    r"\b(quot(?:ed|es|e))\s+(?P<whom>(?!by\s)[^,.;:“”\"]{1,60}?)\s+(?P<as>(?:as\s+)?(?:saying|"
    r"stating|telling\s+[^,.;:“”\"]{1,40}?))(?P<that>\s+that\b)?"
)
# The object of a verb of telling that no registry name fills ("told
# reporters on Monday that", "assured them that"): up to a preposition,
# "that", a colon or a quotation.
_TOLD_WHOM = re.compile(
    r"\s+((?:him|her|them|us|me|(?:the |a |an |his |her |their |its )?(?:[a-z][\w-]*\s+){0,2}?"
    r"(?:reporters|journalists|press|media|newspaper|paper|court|parliament|lawmakers|"
    r"legislators|MPs|supporters|crowd|audience|committee|agency|broadcaster|channel|radio|"
    r"television|students|residents|delegates|members|senators|colleagues|investigators|"
    r"police|jury|judge|hearing|conference|public|nation|country|voters|listeners|viewers|"
    r"readers|followers|officials|leaders|diplomats)))"
    r"(?=\s+(?:that|on|in|at|during|after|before|last|this|earlier|late|recently)\b|\s*[,:“\"‘]"
    r"|\s*[.!]?\s*$"  # or the sentence's end ("..., she told reporters.")
    # or the reported clause, with no "that" ("told reporters the bridge was safe")
    r"|\s+(?:the|a|an|it|he|she|they|we|I|there|his|its|their|no|nobody|[A-Z][a-z]+)\s)"
)
# The addressee of a verb of asking or telling that no registry name fills, then
# what they are asked or told: "asked the governments of the region not to turn
# boats away" (the addressee and the infinitive, the content), "has asked officials
# how ..." (the cue up to the question), "informs a certain X that ...".
_ADDRESSED = re.compile(
    r"\s+(?P<whom>(?:[\w’'-]+\s+){0,7}?[\w’'-]+)"
    r"(?:(?P<to>\s+(?:not\s+)?to\s+(?!(?:the|a|an|his|her|its|their|this|that|these|those|"
    r"be|have)\b)[a-z]+\b)|(?=\s+(?:how|whether|why|what|when|where|if)\b)|\s+that\b)"
)
# Verbs whose addressee comes before what they ask or tell (_ADDRESSED).
_ADDRESSING = frozenset(
    ["ask", "urge", "encourage", "order", "request", "tell", "inform", "warn", "advise", "notify"]
)
# The sentence after a quotation that is only its cue ("John Doe said." after
# “… unsafe.”): the verb, then at most an adjunct.
_BARE_CUE_TAIL = re.compile(
    r"\s*(?:(?:in|on|at|to|during|via|through|late|last|this|earlier)\b[^,.;:“”\"]{0,40})?[.!]?\s*$"
)
# A transcript's speaker label opening a paragraph: "JANE SMITH: ...", "Smith: ...",
# "Q: ...", "A: ...".
_LABEL = re.compile(
    r"(?P<name>Q|A|Question|Answer|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})"
    r"(?:\s+\((?P<short>[A-Z]{2,4})\))?\s*:\s+(?P<words>\S)"
)
# A name with its initials in brackets ("Jane Q. Smith (JS)"), which an interview's
# labels then stand for ("JS: ...")
_INITIALLED = re.compile(
    r"\b(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){1,3})\s+\((?P<short>[A-Z]{2,4})\)"
)
# Capitalised words before a colon that head a note, not a speaker's words.
# the word before a caption's credit ("Image: Nick Moreau."), no speaker's label
_CREDITS = frozenset(["Image", "Photo", "Picture", "Video", "Audio", "Source", "Credit"])
_NOT_LABELS = frozenset(
    [
        "Read",
        "See",
        "Watch",
        "Listen",
        "Update",
        "Updated",
        "Note",
        "Photo",
        "Photos",
        "Video",
        "Image",
        "Source",
        "Sources",
        "Related",
        "Correction",
        "Editor",
        "Editors",
        "Disclaimer",
        "Warning",
        "Translation",
        "Tags",
        "Posted",
        "Published",
        "Follow",
        "Share",
        "Click",
        "Subscribe",
        "Sign",
        "Also",
        "More",
        "Credit",
        "Credits",
        "Caption",
        "Map",
        "Chart",
        "Graphic",
        "Background",
        "Context",
        "Analysis",
        "Opinion",
        "Comment",
        "Live",
        "Breaking",
        "Exclusive",
        "Full",
        "Transcript",
        "Links",
        "Link",
    ]
)
_KICKER = re.compile(r"([A-Z][\w’'-]*(?: [\w’'-]+){0,3}):\s+(\S.*)")
# Lower-case words after a name that do not begin its predicate.
_NOT_A_PREDICATE = frozenset(
    [
        "in",
        "with",
        "of",
        "for",
        "at",
        "on",
        "from",
        "to",
        "by",
        "and",
        "or",
        "the",
        "a",
        "an",
        "after",
        "before",
        "as",
        "during",
        "via",
        "about",
        "under",
        "over",
        "into",
        "de",
        "al",
        "el",
        "bin",
        "van",
        "von",
    ]
)
# Weak verbs that do not report the "that" after a prepositional phrase
# ("pointed to the fact that", "read in the report that").
_NO_LEAD = frozenset(
    ["point", "read", "quote", "attack", "charge", "expose", "leak", "continue", "ask"]
)
_FINITE = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "did",
        "do",
        "does",
        "told",
        "shows",
        "showed",
        "says",
        "means",
        "meant",
    ]
)
# After a cue that follows a quotation: a comma and the quotation's second part.
_SECOND_PART = re.compile(r"(?:\s+[^,.;:!?“”\"\n]{1,60}?)?(?P<comma>,\s*[“\"‘'])")
# A name's handle or short gloss in brackets before its verb ("Jane Roe (@janeroe) tweeted").
_HANDLE_AFTER = re.compile(r"\s*\((?:@\w{1,30}|[^()\n]{1,30})\)\s*$")
# The attribution line of an embedded post: "— Jane Roe (@janeroe) May 5, 2012",
# after the post's words or as a paragraph of its own after them.
_SIGNATURE = re.compile(
    r"(?:^|(?<=\s))[—–-]{1,2}\s*(?P<name>[^()\n—–]{0,60}?)\s*\((?P<handle>@\w{1,30})\)\s*"
    r"(?P<date>(?:[A-Z][a-z]+\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]+ \d{4}))\s*$"
)
# a pull quote's signature after its last sentence: "… in mind. Jane Roe, Minister"
_PULL_SIGNATURE = re.compile(
    r"(?<=[.!?…”\"])\s+(?:[-—–]\s*)?(?P<name>[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,3})"
    r"(?:,\s+[^\n,]{1,60})?\s*$"
)
_LINK_TAIL = re.compile(r"(?:\s+(?:pic\.twitter\.com|https?://)\S*)+\s*$")
# A cue inside the clause it reports ("The bridge, police said on Monday, was unsafe."):
# the verb, an adjunct, and the comma before the rest of the clause.
_ASIDE_TAIL = re.compile(
    r"(?:\s+(?:in|on|at|to|during|via|through|late|last|this|earlier)\b[^,.;:“”\"]{0,40})?\s*,\s*"
)
# An apposition or relative clause after a speaker's name (", who heads ...", ", the minister").
_APPOSED = re.compile(r"\s*(?:who|the|a|an|his|her|its|their)\b")
# The article's publisher speaking of itself ("Wikinews has learned that",
# "Reuters can reveal", "Wikinews reporters attended"): its own voice, no source.
_OWN_VOICE = re.compile(
    r"(?<![\w’'-])(?P<name>[A-Z][\w.&-]*)\s+(?:(?:has|have|had)\s+(?:learned|learnt)|"
    r"can\s+(?:now\s+)?(?:reveal|confirm|report)|reporters?\s+(?:attended|visited|spoke|asked|"
    r"contacted|met|saw|were|was)|(?:has|have)\s+contacted)\b"
)
# A reported clause whose verb is negated ("the bridge was not safe", "it wasn't
# particularly sensitive", "the firm did not pay"): the speaker says the content
# does not hold (polarity negative on the speaker's hop), with the words that
# limit how far ("particularly", "entirely": the hop's degree). The subject is a
# few words with no verb, conjunction or relative pronoun before it; a negated
# modal ("will not resign") is a statement of its own, not this.
_SUBJECT_WORDS = (
    r"[“\"‘']?(?:(?!(?:that|who|which|whom|whose|if|when|because|although|while|but|"
    r"is|are|was|were|has|have|had|does|do|did|will|would|can|could|should|may|might|must|"
    r"not|never)\b)[\w’'-]+\s+){1,6}?"
)
_NEGATED_CLAUSE = re.compile(
    _SUBJECT_WORDS + r"(?:is|are|was|were|has|have|had|does|do|did)(?P<not>\s+not\b|n[’']t\b)"
    r"(?:\s+(?:been|be)\b)?(?:\s+(?P<degree>particularly|entirely|fully|completely|totally|"
    r"wholly|quite|especially|altogether|necessarily)\b)?(?=\s+[a-z])",
    re.I,
)
# "the report was largely accurate", "the fire was partly caused by ...": how far it holds.
_DEGREE_CLAUSE = re.compile(
    _SUBJECT_WORDS + r"(?:is|are|was|were|(?:has|have|had)\s+been)\s+"
    r"(?P<degree>largely|partly|partially|mostly|somewhat|in part)\b(?=\s+[a-z])",
    re.I,
)
# The acts whose content can be said not to hold, or to hold to a degree.
_POLAR_ACTS = frozenset({"say", "state", "claim", "confirm", "reveal", "announce"})
_CERTAIN_ACTS = frozenset({"reveal", "confirm", "state", "announce"})
# The acts of a speaker whose words can relay another's report.
_RELAYING = frozenset({"say", "state", "claim", "report", "cite"})


@dataclass(frozen=True)
class Source:
    """A speaker as the words before a cue name it: the actor, the drafter's
    confidence, and the document those words name, if any ("the email said")."""

    actor: Actor
    confidence: float
    document_words: Span | None = None
    document_kind: str | None = None

    def less(self, by: float) -> Source:
        return replace(self, confidence=self.confidence - by)


@dataclass
class Attribution:
    """One reported-speech construction: the article's hop and its speaker's."""

    cue: Span | None
    cue_type: CueType
    act: SpeechAct
    quote: Span | None
    mode: QuoteMode
    speaker: Actor | None  # None: the article's own hedge
    certainty: Certainty
    confidence: float
    sentence: Sentence
    addressee: Actor | None = None
    medium: str = "unknown"
    when: Span | None = None
    document_words: Span | None = None
    document_kind: str | None = None
    continues: Attribution | None = None
    lemma: str = ""
    parts: list[Span] | None = None  # a quotation split by its cue: its parts, in order
    via: Actor | None = None  # who reports the speaker's words to the article ("quoted by")
    # a report inside this one's words ("X said Y had told him that ..."): the
    # speaker relays it; ``outer`` on the inner one
    inner: Attribution | None = None
    outer: Attribution | None = None
    # "said the bridge was not safe": the "not" (or "n't") of the content, which the
    # speaker says does not hold, and the words that limit how far ("particularly")
    negation: Span | None = None
    degree: Span | None = None


def _abbreviates(short: str, initials: str) -> bool:
    """``short`` is made of the name's ``initials``, in order, from the first
    ("GV" of "Global Voices Online")."""
    rest = iter(initials[1:])
    return short[0] == initials[0] and all(letter in rest for letter in short[1:])


def _document_head(words: list[str]) -> int | None:
    """Where a document's noun heads the subject ``words`` before what modifies
    it ("PC World's recent analysis of its traffic", "A new study documenting
    iodine levels", "The results of the study published in ..."): its index,
    among the first five words, or None."""
    for at, word in enumerate(words[:5]):
        noun = word.lower().strip(",")
        if at + 1 >= len(words):
            continue
        after = words[at + 1].lower()
        if noun in lexicon.HEADED_DOCUMENTS:
            if after == "of" and any(
                w.lower().strip(",") in lexicon.DOCUMENT_KINDS for w in words[at + 2 : at + 12]
            ):
                return at  # "The results of the National Iodine Study"
            return None
        if noun not in lexicon.DOCUMENT_KINDS:
            continue
        named = [w for w in words[at + 2 : at + 12] if w[:1].isupper()]
        if (
            after in ("of", "by", "from")
            and named
            and not any(w.lower() in lexicon.DOCUMENT_KINDS for w in named)
        ):
            # "correspondence of former US Secretary of State Hillary Clinton": its
            # author, named ("the results of the National Iodine Study": a document)
            return None
        if after in lexicon.DOCUMENT_MODIFIERS or (after.endswith("ing") and after.isalpha()):
            return at
        return None
    return None


def _words_of(attribution: Attribution) -> list[Span]:
    """The spans of the attribution's content: its parts, or its quote."""
    if attribution.parts:
        return attribution.parts
    return [attribution.quote] if attribution.quote is not None else []


class Finder:
    def __init__(self, text: str, cast: Cast, quotes: list[Quotation], paras: list[Span]) -> None:
        self.text = text
        self.paras = paras
        self.cast = cast
        self.quotes = sorted(quotes, key=lambda q: q.begin)
        self._begins = [q.outer.begin for q in self.quotes]  # quotations never overlap
        self.found: list[Attribution] = []
        self.documents: dict[str, tuple[Span, Actor | None]] = {}
        # paragraphs quoted whole after a cue that ends its own with a colon,
        # each with the attribution that introduced it
        self.blocks: dict[int, Attribution] = {}
        self.sentences: dict[int, list[Sentence]] = {}  # by paragraph, set by the caller
        self._skip_to = -1  # the end of a post quoted whole ("@handle: ...")
        self.whole: set[int] = set()  # block paragraphs quoted whole, not sentence by sentence
        # "Citing Y, X said ...": the participle, its source and sentence, until X's report
        self._cited: tuple[Sentence, Span, Source] | None = None
        # "X through its sources said": the phrase and the sources, until X's report
        self._via_sources: tuple[Span, Span] | None = None
        self._initials: dict[str, Span] | None = None  # "JS" -> "Jane Smith", set when needed

    # -- helpers -----------------------------------------------------------

    def _quoted(self, offset: int) -> Quotation | None:
        index = bisect.bisect_right(self._begins, offset) - 1
        if index >= 0 and offset < self.quotes[index].outer.end:
            return self.quotes[index]
        return None

    def _opening_at(self, begin: int) -> Quotation | None:
        """The quotation whose words begin at ``begin``."""
        index = bisect.bisect_left(self._begins, begin - 1)
        if index < len(self.quotes) and self.quotes[index].begin == begin:
            return self.quotes[index]
        return None

    def _within(self, begin: int, end: int) -> list[Quotation]:
        """The quotations that open and close between ``begin`` and ``end``."""
        first = bisect.bisect_left(self._begins, begin)
        last = bisect.bisect_right(self._begins, end)
        return [q for q in self.quotes[first:last] if q.outer.end <= end]

    def _trim(self, begin: int, end: int, *, stop: bool = False) -> Span | None:
        """``begin``–``end`` without the spaces and punctuation at its ends; with
        ``stop``, the words of a quotation, its closing full stop kept (“… May.”)."""
        piece = self.text[begin:end]
        left = len(piece) - len(piece.lstrip(_TRAILING_PUNCT))
        right = len(piece.rstrip(_TRAILING_PUNCT if not stop else " \t,;:"))
        if stop and piece[:right].endswith(".."):
            right = len(piece.rstrip(_TRAILING_PUNCT))
        if right - left < 3:
            return None
        return Span(begin + left, begin + right)

    def _content(self, begin: int, end: int) -> tuple[Span | None, QuoteMode]:
        """The content from ``begin`` to ``end``: its mode by the quotation marks in it."""
        span = self._trim(begin, end)
        if span is None:
            return None, "indirect"
        inner = self._within(span.begin, span.end + 1)
        if len(inner) == 1 and inner[0].outer.begin <= span.begin + 1:
            whole = inner[0]
            if whole.end >= span.end - 2:
                trimmed = self._trim(whole.begin, whole.end, stop=True)
                return trimmed, "direct"
        return span, ("mixed" if inner else "indirect")

    def _context(self, sentence: Sentence, attribution: Attribution) -> None:
        piece = self.text[sentence.begin : sentence.end]
        for pattern, medium in _MEDIA:
            match = pattern.search(piece)
            if match and self._quoted(sentence.begin + match.start()) is None:
                attribution.medium = medium
                break
        interview = _INTERVIEW_WITH.search(piece)
        if (
            interview is not None
            and attribution.addressee is None
            and self._quoted(sentence.begin + interview.start()) is None
        ):
            # "in an interview with Radio Free", "speaking to Radio Free": whom the
            # speaker talked to
            name = Span(sentence.begin + interview.start(2), sentence.begin + interview.end(2))
            found = self.cast.resolve(name)
            if found is not None and found.actor is not attribution.speaker:
                attribution.addressee = found.actor
                attribution.medium = "interview" if interview.group("interview") else "statement"
        for match in _TIME.finditer(piece):
            at = sentence.begin + match.start()
            if self._quoted(at) is None and not (
                attribution.quote and attribution.quote.begin <= at < attribution.quote.end
            ):
                attribution.when = Span(at, sentence.begin + match.end())
                break

    def _speaker(self, span: Span | None) -> Source | None:
        """The speaker named by ``span``; a document's words give its sender."""
        if span is None:
            return None
        words = self.text[span.begin : span.end]
        head = _document_head(words.split())
        if head is not None and not _DOCUMENT_FROM.match(words):
            # "A new study documenting iodine levels": the study's, titled by all the words
            noun = list(re.finditer(r"\S+", words))[head]
            kind = lexicon.HEADED_DOCUMENTS.get(noun.group().lower())
            if kind is not None:
                # "The results of the X Study": the study's, its author unnamed
                known = self.documents.get(kind)
                author = known[1] if known else None
                if author is None:
                    author = self.cast.unidentified(Span(span.begin, span.begin + noun.end()))
                self.documents.setdefault(kind, (span, author))
                return Source(author, 0.5, span, kind)
            source = self._speaker(Span(span.begin, span.begin + noun.end()))
            if source is not None and source.document_words is not None:
                return replace(source, document_words=span)
            return source
        sent = _DOCUMENT_FROM.match(words)
        if sent is not None:
            # "A statement from the ministry": the ministry's, in that document
            found = self.cast.resolve(Span(span.begin + sent.start(2), span.end))
            if found is not None:
                kind = lexicon.DOCUMENT_KINDS[sent.group(1).lower()]
                self.documents.setdefault(kind, (span, found.actor))
                return Source(found.actor, found.confidence - 0.1, span, kind)
        lowered = words.lower().split()
        doc_word = next(
            (w for w in reversed(lowered) if w.strip("'’,") in lexicon.DOCUMENT_KINDS), None
        )
        if doc_word is not None and lowered[-1].strip("'’,") in lexicon.DOCUMENT_KINDS:
            kind = lexicon.DOCUMENT_KINDS[doc_word.strip("'’,")]
            sender: Actor | None = None
            split = words.split()
            named = (  # "PC World's analysis", not "A new study", "Recently-published letter"
                any(w[:1].isupper() for w in split[1:])
                or _POSSESSIVE_END.search(split[0]) is not None
                or bool(self.cast.names_in(span))
            )
            found = self.cast.resolve(span) if len(lowered) > 1 and named else None
            if found is not None and found.actor.description is None:
                sender = found.actor
            if sender is None:
                known = self.documents.get(kind) or (
                    next(iter(self.documents.values())) if self.documents else None
                )
                sender = known[1] if known else None
            if sender is None:
                sender = self._sender(doc_word.strip("'’,"))
            if sender is None:
                sender = self.cast.unidentified(span)
            if kind not in self.documents or sender is not None:
                self.documents.setdefault(kind, (span, sender))
            return Source(sender, 0.5, span, kind) if sender is not None else None
        found = self.cast.resolve(span)
        if found is None:
            return None
        return Source(found.actor, found.confidence)

    # -- constructions -----------------------------------------------------------

    @property
    def full(self) -> bool:
        """No real article has this many attributions: past it, the text is not one."""
        return len(self.found) >= MAX_ATTRIBUTIONS

    def sentence(self, sentence: Sentence) -> None:
        if self.full or sentence.begin < self._skip_to:
            return
        before = len(self.found)
        piece = self.text[sentence.begin : sentence.end]
        handle = _HANDLE.match(piece)
        if handle:
            self._handle(sentence, handle)
            return
        for match in _ACCORDING.finditer(piece):
            at = sentence.begin + match.start()
            if self._quoted(at) is None:
                self._according(sentence, at, sentence.begin + match.end())
        for match in _NOMINAL.finditer(piece):
            if self._quoted(sentence.begin + match.start()) is None:
                self._nominal(sentence, match)
        for match in _QUOTED_AS.finditer(piece):
            if self._quoted(sentence.begin + match.start()) is None:
                self._quoted_as(sentence, match)
        for match in _QUOTING_AS.finditer(piece):
            if self._quoted(sentence.begin + match.start()) is None:
                self._quoting_as(sentence, match)
        for match in _ACCUSED.finditer(piece):
            if self._quoted(sentence.begin + match.start()) is None:
                self._accused(sentence, match)
        for match in _DISBELIEF.finditer(piece):
            if self._quoted(sentence.begin + match.start()) is None:
                self._verb(
                    sentence, sentence.begin + match.start(), sentence.begin + match.end(), "doubt"
                )
        for match in _TOKEN.finditer(piece):
            begin = sentence.begin + match.start()
            word = match.group()
            lemma = lexicon.verb_forms().get(word.lower())
            if lemma is None or self._quoted(begin) is not None:
                continue
            if any(
                cue.overlaps(Span(begin, begin + len(word)))
                for a in self.found[-4:]
                for cue in (a.cue, a.inner.cue if a.inner is not None else None)
                if cue is not None
            ):
                continue  # a cue drafted already (an inner one: "quotes X saying")
            self._verb(sentence, begin, begin + len(word), lemma)
        for match in _CHARACTERISED.finditer(piece):
            if self._quoted(sentence.begin + match.start()) is None:
                self._characterised(sentence, match)
        for match in _DESCRIBED.finditer(piece):
            if self._quoted(sentence.begin + match.start()) is None:
                self._described(sentence, match)
        for match in _CALLED_QUOTED.finditer(piece):
            if self._quoted(sentence.begin + match.start()) is None:
                self._called_quoted(sentence, match)
        for match in _CALLED_FOR.finditer(piece):
            if self._quoted(sentence.begin + match.start()) is None:
                self._called_for(sentence, match)
        for match in _EXPRESSED.finditer(piece):
            if self._quoted(sentence.begin + match.start()) is None:
                self._expressed(sentence, match)
        for match in _ISSUED.finditer(piece):
            if self._quoted(sentence.begin + match.start()) is None:
                self._issued(sentence, match)
        if self._cited is not None:
            self._cite_after(sentence, self.found[before:])
        if len(self.found) == before:
            self._intro(sentence)
        else:
            self._colon_after(sentence, self.found[-1])
        self._hedge(sentence, self.found[before:])
        self._hedged_phrases(sentence, self.found[before:])

    def _colon_after(self, sentence: Sentence, last: Attribution) -> None:
        """ "On her blog, X explains why the bridge is unsafe:" closing its
        paragraph: the paragraphs quoted after it go on with X's words."""
        following = sentence.paragraph + 1
        if (
            last.speaker is None
            or last.sentence != sentence
            or following >= len(self.paras)
            or following in self.blocks
            or sentence.end < self.paras[sentence.paragraph].end - 1
            or not self.text[sentence.begin : sentence.end].rstrip().endswith(":")
            or (last.quote is not None and last.quote.begin >= self.paras[following].begin)
            or self.text[self.paras[following].begin : self.paras[following].begin + 1] in '“"‘@'
        ):
            return
        self._open_block(following)

    def first_person(self, index: int) -> bool:
        """A paragraph in the first person ("I am afraid"), or opening with an
        elision ("[...] the statements ..."), without quotation marks, right
        after a paragraph that names a source: that source's words, quoted as
        a block. True if it is one."""
        if index in self.blocks or index == 0 or index - 1 in self.blocks:
            return False
        para = self.paras[index]
        words = self.text[para.begin : para.end]
        if words[:1] in '“"‘' or not words:
            return False
        voiced = _ELISION_LEAD.match(words) is not None or any(
            self._quoted(para.begin + m.start()) is None
            for m in _FIRST_PERSON.finditer(words, 0, 2000)
        )
        if not voiced:
            return False
        last = self.found[-1] if self.found else None
        self.whole.add(index)
        if (
            last is not None
            and last.speaker is not None
            and last.cue is not None
            and last.sentence.paragraph == index - 1
        ):
            self._open_block(index)
            return True
        own = self.sentences.get(index - 1)
        before = len(self.found)
        if own:
            self._intro(own[-1], stop=".")
        if len(self.found) > before:
            return True
        self.whole.discard(index)
        return False

    def _intro(self, sentence: Sentence, stop: str = ":") -> None:
        """ "NAME PREDICATE:" closing its paragraph, with no reporting verb
        ("Zeinobia referred to another detainee:", "The blog was shocked:"):
        the colon introduces a block quotation of NAME's words, and the
        predicate is the cue."""
        piece = self.text[sentence.begin : sentence.end].rstrip()
        para = self.paras[sentence.paragraph]
        following = sentence.paragraph + 1
        if (
            not piece.endswith(stop)
            or sentence.end < para.end - 1
            or following >= len(self.paras)
            or following in self.blocks
        ):
            return
        colon = sentence.begin + len(piece) - 1
        previous = ""
        for match in _TOKEN.finditer(piece):
            word = match.group()
            begin = sentence.begin + match.start()
            if self._quoted(begin) is not None:
                return
            if previous[:1].isupper() and word in lexicon.UNNAMED:
                continue  # "One poster admitted": the head noun, part of the subject
            if previous in ("The", "This", "That") and word in lexicon.DOCUMENT_KINDS:
                previous = word.capitalize()  # "The letter begins:": a document's noun
                continue
            if word[:1].islower() and previous[:1].isupper() and word not in _NOT_A_PREDICATE:
                tag = _LINK_TAG_BEFORE.search(self.text, max(sentence.begin, begin - 12), begin)
                subject = subject_span(self.text, sentence.begin, tag.start() if tag else begin)
                ahead = self.text[sentence.begin : subject.begin] if subject else ""
                last = ahead.split()[-1].lower() if ahead.split() else ""
                if subject is not None and last not in _NOT_A_PREDICATE:
                    break  # the subject opens its clause: not "with English subtitles"
            previous = word
        else:
            return
        known = self.cast.names_in(Span(sentence.begin, subject.end))
        if known and known[-1][0].end == subject.end and known[-1][0].begin < subject.begin:
            subject = known[-1][0]  # a name with a colon in it ("Unzipped: Gay Armenia")
        if not self._subject_like(subject):
            return
        source = self._speaker(subject)
        if source is None:
            return
        titled = self._within(begin, colon)
        cue_end = titled[0].outer.begin if titled else colon + 1
        comma = self.text.find(",", begin, cue_end)
        cue = self._trim(begin, comma if comma > 0 else cue_end)  # not ", examining motives"
        if cue is None:
            return
        if titled:
            quote = self._trim(titled[0].begin, titled[0].end, stop=True)
        else:
            quote = self._next_paragraph(sentence)
        if quote is None:
            return
        act = self._quoted_act(quote, [])
        verb = lexicon.verb_forms().get(self.text[cue.begin : cue.end].split()[0].lower())
        if verb is not None and lexicon.VERBS[verb] == "cite":
            act = "cite"  # "X re-posts a comment left under ...:": X relays another's words
        self._add(sentence, cue, quote, source.less(0.1), act=act, lemma="intro", mode="direct")
        self._open_block(following)

    def headline(self, headline: Span) -> None:
        """ "KICKER: HEADLINE" ("Reports: ...", "Armenia: ..."): the kicker is the
        headline's cue; a source's word ("Reports", "Officials", "Emails") is
        its speaker, anything else leaves the headline in the article's voice."""
        words = self.text[headline.begin : headline.end]
        match = _KICKER.match(words)
        if match is None:
            # "Minister says bridge is unsafe", "Ministry denies ...": read as a sentence
            before = len(self.found)
            self.sentence(Sentence(headline.begin, headline.end, 0))
            self.found[:] = self.found[before:] + self.found[:before]  # the headline's first
            return
        kicker = Span(headline.begin, headline.begin + match.end(1))
        quote = self._trim(headline.begin + match.start(2), headline.end, stop=True)
        if quote is None or len(match.group(2).split()) < 3:
            return
        sentence = Sentence(headline.begin, headline.end, 0)
        mode: QuoteMode = "mixed" if re.search(r"[“”\"‘’']\w", match.group(2)) else "direct"
        last = match.group(1).split()[-1].lower()
        if last in lexicon.DOCUMENT_KINDS:
            # "Clinton Emails:": the e-mails the article goes on to quote (read
            # after its body), not an author named in title case
            noun = Span(kicker.end - len(last), kicker.end)
            source = self._speaker(noun)
            if source is not None and source.document_words is not None:
                source = replace(source, document_words=kicker)
        elif last in lexicon.UNNAMED:
            source = self._speaker(kicker)
        else:
            # "Jane Smith: Bridge is unsafe": a person the article names, speaking
            known = self.cast.names_in(kicker)
            person = known[0][1] if len(known) == 1 and known[0][0] == kicker else None
            source = Source(person, 0.6) if person and person.kind == "person" else None
        cue = Span(kicker.begin, kicker.end + 1)
        if source is None:
            self.found.insert(
                0,
                Attribution(
                    cue,
                    "headline",
                    "state",
                    quote,
                    mode,
                    None,
                    "certain",
                    0.5,
                    sentence,
                    lemma="headline",
                ),
            )
            return
        self.found.insert(
            0,
            Attribution(
                cue,
                "headline",
                "say",
                quote,
                mode,
                source.actor,
                "certain",
                max(0.3, source.confidence - 0.1),
                sentence,
                document_words=source.document_words,
                document_kind=source.document_kind,
                lemma="headline",
            ),
        )

    def _nominal(self, sentence: Sentence, match: re.Match[str]) -> None:
        """A noun cue with its owner and a that-clause: "the ministry's
        statement that ...", "his claim that ..."."""
        at = sentence.begin
        if not re.search(r"\w\W+\w", self.text[at : at + match.start(1)]):
            # the sentence's subject: where its that-clause ends, the verb
            # after it begins, and no rule tells where
            return
        owner = Span(at + match.start(1), at + match.end(1))
        word = match.group(1)
        if word.lower() in lexicon.PRONOUNS_POSSESSIVE:
            found = self.cast.pronoun(lexicon.PRONOUNS_POSSESSIVE[word.lower()], owner.begin)
        else:
            found = self.cast.resolve(owner)
        if found is None:
            return
        noun = match.group(2).lower()
        content_begin = at + match.end()
        content, mode = self._content(content_begin, self._next_cue(content_begin, sentence.end))
        if content is None or len(self.text[content.begin : content.end].split()) < 2:
            return
        self._add(
            sentence,
            Span(at + match.start(2), at + match.end()),
            content,
            Source(found.actor, found.confidence - 0.1),
            act=lexicon.NOMINAL_CUES[noun],
            lemma=noun,
            mode=mode,
        )

    def _quoted_as(self, sentence: Sentence, match: re.Match[str]) -> None:
        """ "X was quoted (by the local media) as saying (that) ...": X's words,
        reported in the passive."""
        at = sentence.begin
        subject = subject_span(self.text, sentence.begin, at + match.start())
        if subject is None or not self._subject_like(subject):
            return
        source = self._speaker(subject)
        content_begin = at + match.end()
        content, mode = self._content(content_begin, self._next_cue(content_begin, sentence.end))
        if content is None or len(self.text[content.begin : content.end].split()) < 2:
            return
        cue_end = at + (match.start("that") if match.group("that") else match.end())
        before = len(self.found)
        cue = Span(at + match.start(), cue_end)
        if source is not None:
            self._add(
                sentence, cue, content, source.less(0.1), act="say", lemma="quoted", mode=mode
            )
        if match.group("by") and len(self.found) > before:
            # "quoted by the local media": the media report the speaker's words
            via = self.cast.resolve(Span(at + match.start("by"), at + match.end("by")))
            if via is not None and via.actor is not self.found[-1].speaker:
                self.found[-1].via = via.actor

    def _quoting_as(self, sentence: Sentence, match: re.Match[str]) -> None:
        """ "Radio Free quoted Jane Smith as saying ...": the chain article →
        Radio Free (cite) → Jane Smith."""
        at = sentence.begin
        verb = Span(at + match.start(1), at + match.end(1))
        reporter = self._verb_subject(sentence, verb, participle=False)
        quoted = self._speaker(Span(at + match.start("whom"), at + match.end("whom")))
        content_begin = at + match.end()
        content, mode = self._content(content_begin, self._next_cue(content_begin, sentence.end))
        if reporter is None or quoted is None or content is None:
            return
        cue_end = at + (match.end("that") if match.group("that") else match.end("as"))
        before = len(self.found)
        self._add(sentence, verb, content, reporter.less(0.1), act="cite", lemma="quote", mode=mode)
        if len(self.found) > before:
            self._relay(self.found[-1], Span(at + match.start("as"), cue_end), quoted)

    def _rebuttal(self, sentence: Sentence, verb: Span) -> bool:
        """ "X claims ..., a claim (that) Y denies": Y's denial of X's words,
        which end before the comma. True if drafted."""
        last = self.found[-1] if self.found else None
        if last is None or last.sentence != sentence or last.speaker is None or last.quote is None:
            return False
        match = _REBUTTAL.search(self.text, max(sentence.begin, verb.begin - 120), verb.begin)
        if match is None or not last.quote.begin < match.start() < last.quote.end + 2:
            return False
        source = self._speaker(self._trim(match.start("who"), match.end("who")))
        claim = self._trim(last.quote.begin, match.start())
        if source is None or claim is None:
            return False
        last.quote = claim
        self._add(sentence, verb, claim, source.less(0.1), act="deny", lemma="deny", mode=last.mode)
        return True

    def _clause_subject(self, sentence: Sentence, participle: int) -> Source | None:
        """ "But Jane Smith disagreed, saying ...": the subject of the clause
        the participle follows (a comma between them), when no report of its
        own was drafted: the name before the clause's first lower-case word."""
        before = self.text[sentence.begin : participle].rstrip()
        if not before.endswith(",") or len(before) > 200:
            return None
        previous = ""
        for match in _TOKEN.finditer(before):
            word = match.group()
            if previous[:1].isupper() and word in lexicon.UNNAMED:
                continue  # "One poster admitted": the head noun, part of the subject
            if before[match.start() - 1 : match.start()] == "[":
                continue  # "Gruppa Voina [en] responded": a link's language tag
            if (
                word[:1].islower()
                and previous[:1].isupper()
                and word not in _NOT_A_PREDICATE
                and previous.lower() not in lexicon.DETERMINERS  # "The artist collective X"
            ):
                end = sentence.begin + match.start()
                tag = _LINK_TAG_BEFORE.search(self.text, max(sentence.begin, end - 12), end)
                subject = subject_span(self.text, sentence.begin, tag.start() if tag else end)
                if subject is None or not self._subject_like(subject):
                    return None
                return self._speaker(subject)
            previous = word
        return None

    def _citing(self, sentence: Sentence, verb: Span) -> None:
        """ "X said ..., citing Y" / "Citing Y, X said ...": X relays Y's
        words, the chain article → X (cite) → Y."""
        end = _PHRASE_STOP.search(self.text, verb.end, sentence.end)
        named = self._trim(verb.end, end.start() if end else sentence.end)
        if named is None or len(self.text[named.begin : named.end].split()) > 10:
            return
        source = self._speaker(named)
        if source is None:
            return
        cue = Span(verb.begin, named.end)
        if self._shared_subject(sentence, verb.begin, participle=True) is not None:
            self._relay(self.found[-1], cue, source)
        else:  # "Citing Y, X said ...", "X, quoting Y, said ...": for X's report, later
            self._cited = (sentence, cue, source)

    def _cite_after(self, sentence: Sentence, new: list[Attribution]) -> None:
        cited, self._cited = self._cited, None
        assert cited is not None
        own, cue, source = cited
        reporter = next((a for a in new if a.speaker is not None and a.inner is None), None)
        if own == sentence and reporter is not None:
            self._relay(reporter, cue, source)

    def _relay(self, reporter: Attribution, cue: Span, source: Source) -> None:
        """``reporter``'s speaker relays ``source``'s words, cited by ``cue``."""
        if reporter.inner is not None or reporter.quote is None or reporter.speaker is source.actor:
            return
        inner = Attribution(
            cue,
            "cite",
            "say",
            reporter.quote,
            reporter.mode,
            source.actor,
            "underspecified",
            max(0.2, min(reporter.confidence, source.confidence) - 0.1),
            reporter.sentence,
            document_words=source.document_words,
            document_kind=source.document_kind,
            lemma="cited",
        )
        reporter.inner, inner.outer = inner, reporter
        reporter.act = "cite"

    def _verb_subject(self, sentence: Sentence, verb: Span, *, participle: bool) -> Source | None:
        """Who speaks by ``verb``: the subject before it, or for a participle
        (", calling ..."), the speaker of the report before it in the sentence."""
        if participle:
            return self._shared_subject(sentence, verb.begin, participle=True)
        subject = subject_span(self.text, sentence.begin, verb.begin)
        if subject is None:
            subject = self._before_apposition(sentence, verb.begin)
        if subject is None:
            return self._shared_subject(sentence, verb.begin)  # "X did Y, and came to ..."
        if not self._subject_like(subject):
            return None
        return self._speaker(self._after_cue(sentence, subject))

    def _before_apposition(self, sentence: Sentence, verb: int) -> Span | None:
        """The subject of a verb right after an apposition's closing comma: the
        name the apposition follows ("Jane Smith, a senator, has called"), or the
        name it gives ("The secretary general of CEI, Nunzio Galantino, has called")."""
        closing = _APPOSITION_CLOSE.search(self.text, max(sentence.begin, verb - 40), verb)
        if closing is None:
            return None
        pieces = self.text[sentence.begin : closing.start()].split(",")
        if len(pieces) < 2 or len(pieces) > 4:
            return None
        last = pieces[-1].strip()
        if 2 <= len(last.split()) <= 4 and all(w[:1].isupper() for w in last.split()):
            begin = sentence.begin + len(",".join(pieces[:-1])) + 1
            return self._trim(begin, closing.start())  # the name in apposition
        first = pieces[0]
        if len(first.split()) > 6 or _OPENER.match(first):
            return None
        return self._trim(sentence.begin, sentence.begin + len(first))

    def _called_for(self, sentence: Sentence, match: re.Match[str]) -> None:
        """ "X called for ...", ", calling on Y to ...": X's demand, up to the
        end of its clause."""
        at = sentence.begin
        verb = Span(at + match.start(1), at + match.end(1))
        source = self._verb_subject(sentence, verb, participle=match.group(1).startswith("calling"))
        begin = at + match.end()
        end = _CLAUSE_STOP.search(self.text, begin, sentence.end)
        content, mode = self._content(
            begin, self._next_cue(begin, end.start() if end else sentence.end)
        )
        if source is not None and content is not None:
            self._add(
                sentence, verb, content, source.less(0.1), act="demand", lemma="call", mode=mode
            )

    def _expressed(self, sentence: Sentence, match: re.Match[str]) -> None:
        """ "X expressed concern that ...", "voiced the hope that ...": a
        stance stated, its act by the noun (a concern warns, a belief claims)."""
        at = sentence.begin
        verb = Span(at + match.start(), at + match.end())
        source = self._verb_subject(sentence, verb, participle=match.group(1).endswith("ing"))
        end = _CLAUSE_STOP.search(self.text, verb.end, sentence.end)
        content, mode = self._content(
            verb.end, self._next_cue(verb.end, end.start() if end else sentence.end)
        )
        if source is None or content is None:
            return
        noun = match.group(2).lower().rstrip("s")
        act = _EXPRESSED_ACTS.get(noun, "say")
        self._add(sentence, verb, content, source.less(0.1), act=act, lemma="express", mode=mode)

    def _issued(self, sentence: Sentence, match: re.Match[str]) -> None:
        """ "X issued a statement regarding the decision. “…”": the quotation
        opening the next sentence, with no cue of its own, is the statement's."""
        verb_end = sentence.begin + match.end()
        index = bisect.bisect_left(self._begins, verb_end)
        if index >= len(self.quotes):
            return
        quote = self.quotes[index]
        between = self.text[verb_end : quote.outer.begin]
        if len(between) > 300 or not re.search(r"[.!?:]\s*$", between):
            return  # the quotation must open the next sentence, or the next paragraph
        if self._cue_after(quote):
            return
        if any(a.quote is not None and a.quote.overlaps(quote) for a in self.found[-4:]):
            return
        verb = Span(sentence.begin + match.start(), sentence.begin + match.end())
        source = self._verb_subject(sentence, verb, participle=False)
        first = self.text.find(",", sentence.begin, verb.begin)
        closing = _APPOSITION_CLOSE.search(self.text, max(first, verb.begin - 40), verb.begin)
        if source is None and first > 0 and closing is not None:
            # "X, Republican from Texas, issued": the name before the apposition
            head = self._trim(sentence.begin, first)
            if head is not None and len(self.text[head.begin : head.end].split()) <= 6:
                source = self._speaker(head) if self._subject_like(head) else None
        content = self._trim(quote.begin, quote.end, stop=True)
        if source is None or content is None:
            return
        self._add(
            sentence, verb, content, source.less(0.2), act="say", lemma="issue", mode="direct"
        )

    def _accused(self, sentence: Sentence, match: re.Match[str]) -> None:
        """ "X was accused by Y of ...": Y accuses X (the accusation in two
        parts, X and what X is accused of); with no "by", the article relays the
        accusation as its own hedge."""
        at = sentence.begin
        subject = subject_span(self.text, sentence.begin, at + match.start())
        end = _CLAUSE_STOP.search(self.text, at + match.end(), sentence.end)
        charge = self._trim(at + match.end(), end.start() if end else sentence.end)
        if subject is None or charge is None:
            return
        parts = [subject, charge]
        if match.group("by") is None:
            cue = Span(at + match.start(), at + match.end(1))
            hedge = Attribution(
                cue, "allege", "allege", subject, "indirect", None, "possible", 0.5, sentence
            )
            hedge.lemma, hedge.parts = match.group(1), parts
            self.found.append(hedge)
            return
        source = self._speaker(Span(at + match.start("by"), at + match.end("by")))
        if source is None:
            return
        cue = Span(at + match.start(1), at + match.end("by"))
        before = len(self.found)
        self._add(
            sentence, cue, subject, source.less(0.1), act="accuse", lemma="accuse", mode="indirect"
        )
        if len(self.found) > before:
            self.found[-1].parts = parts

    def _characterised(self, sentence: Sentence, match: re.Match[str]) -> None:
        """ "X called the claims baseless", "dismissed the reports as lies",
        "described the allegations as false": a denial with no denial verb,
        negative on X's hop. A participle (", calling the reports false")
        shares the subject of the report before it."""
        at = sentence.begin
        verb = Span(at + match.start(1), at + match.end(1))
        if any(a.cue is not None and a.cue.overlaps(verb) for a in self.found[-4:]):
            return  # "dismissed": already drafted as the denial verb it is
        participle = match.group(1).endswith("ing")
        last = self.found[-1] if self.found else None
        if (
            participle
            and match.group(2).lower() in ("it", "them")
            and last is not None
            and last.sentence == sentence
            and last.act == "deny"
        ):
            return  # "denied the claims, calling them lies": one denial, by its verb
        source = self._verb_subject(sentence, verb, participle=participle)
        end = at + match.end()
        if self.text[end : end + 1] in ("”", '"', "’"):
            end += 1  # the closing mark of "“complete nonsense”"
        content, mode = self._content(at + match.start(2), end)
        if content is not None and source is not None:
            lemma = match.group(1).lower()
            self._add(sentence, verb, content, source.less(0.1), act="deny", lemma=lemma, mode=mode)

    def _described(self, sentence: Sentence, match: re.Match[str]) -> None:
        """ "The Church describes it as a retreat", "He characterized the conflict as
        “a skirmish”", "which the Church describes as ...", "was described by X
        as ...": the speaker's characterisation, its object and what it is called."""
        at = sentence.begin
        verb = Span(at + match.start(1), at + match.end(1))
        if any(a.cue is not None and a.cue.overlaps(verb) for a in self.found[-4:]):
            return  # "described the claims as false": a denial, drafted as one
        as_end = at + match.end()
        obj = match.group("object")
        passive = _PASSIVE_BEFORE.search(
            self.text, max(sentence.begin, verb.begin - 30), verb.begin
        )
        if passive is not None:
            # "was described by critics as a sham": the agent speaks; with no agent, no one
            by = re.match(r"by\s+(.+?)\s*$", obj)
            if by is None:
                return
            source = self._speaker(self._trim(at + match.start("object") + by.start(1), as_end - 3))
            begin = as_end
        else:
            source = self._verb_subject(sentence, verb, participle=match.group(1).endswith("ing"))
            begin = at + match.start("object") if obj.strip() else as_end
        if source is None:
            return
        opened = self._opening_at(as_end + 1)
        if opened is not None:
            end = opened.outer.end  # “another small skirmish ..., an all-out war”
        else:
            bound = min(sentence.end, as_end + 300)  # a phrase is never longer
            stop = _PHRASE_STOP.search(self.text, as_end, bound)
            end = stop.start() if stop else bound
        content, mode = self._content(begin, end)
        if content is None or len(self.text[content.begin : content.end].split()) < 2:
            return
        cue = Span(verb.begin, as_end) if obj.strip() == "" else verb
        self._add(sentence, cue, content, source.less(0.1), act="say", lemma="describe", mode=mode)

    def _called_quoted(self, sentence: Sentence, match: re.Match[str]) -> None:
        """ "X has called the sentence “dangerous” and “ideological”", "X dubbed the
        conflict: “Scientology vs. the Internet”": X's characterisation, its object
        and the quoted words, to the end of the clause (a colon, a semicolon)."""
        at = sentence.begin
        verb = Span(at + match.start(1), at + match.end(1))
        if any(a.cue is not None and a.cue.overlaps(verb) for a in self.found[-4:]):
            return  # "called the claims “baseless”": a denial, drafted as one
        opened = self._opening_at(at + match.end() + 1)
        if opened is None or opened.open_end:
            return
        participle = match.group(1).endswith("ing")
        last = self.found[-1] if self.found else None
        if (
            participle
            and match.group("object").lower() in ("it", "them")
            and last is not None
            and last.sentence == sentence
            and last.act == "deny"
        ):
            return  # "denied the claims, calling them “lies”": one denial, by its verb
        source = self._verb_subject(sentence, verb, participle=participle)
        if source is None:
            return
        bound = min(sentence.end, opened.outer.end + 300)  # a clause is never longer
        stop = _CALLED_STOP.search(self.text, opened.outer.end, bound)
        end = stop.start() if stop else bound
        mode: QuoteMode = "direct"
        if match.group("colon"):
            # "dubbed the conflict: “…”": the quotation is what it is called
            content = self._trim(opened.begin, opened.end, stop=True)
        else:
            content, mode = self._content(at + match.start("object"), end)
        if content is None:
            return
        self._add(sentence, verb, content, source.less(0.1), act="say", lemma="call", mode=mode)

    def _handle(self, sentence: Sentence, handle: re.Match[str]) -> None:
        cue = Span(sentence.begin, sentence.begin + handle.end())
        name = handle.group()[:-1]
        found = self.cast.resolve(Span(cue.begin, cue.end - 1))
        speaker = found.actor if found else None
        end = sentence.end
        para = self.paras[sentence.paragraph]
        if sentence.begin == para.begin:
            end = para.end  # the post is the paragraph, hashtags and all
            self._skip_to = para.end
        content, _mode = self._content(cue.end, end)
        if speaker is None or content is None:
            return
        self._labelled(cue, content, Source(speaker, 0.7), sentence, name)
        self.found[-1].medium = "social-media-post"

    def _labelled(
        self, cue: Span, content: Span, source: Source, sentence: Sentence, lemma: str
    ) -> None:
        """Words after their speaker's label ("@handle:", "JANE SMITH:"): quoted
        whole, the act from their form."""
        act = self._quoted_act(content, [])
        self.found.append(
            Attribution(
                cue,
                "say",
                act,
                content,
                "direct",
                source.actor,
                "underspecified",
                source.confidence,
                sentence,
                lemma=lemma,
            )
        )
        self.cast.heard(cue.begin, source.actor)

    def _according(self, sentence: Sentence, begin: int, source_begin: int) -> None:
        rest = self.text[source_begin : sentence.end]
        stop = re.search(r",|\s\[|\s(?:who|which|that|and)\s", rest)
        source_end = source_begin + (stop.start() if stop else len(rest.rstrip('.!?” "')))
        before = self.text[sentence.begin : begin].rstrip()
        after = (
            len(before.split()) < 3
            or _THAT_END.search(before) is not None
            or self.text[begin : begin + 2].lower() == "in"  # "in the words of X, “…”"
        )
        unstopped = rest[: stop.start() if stop else None].split()
        if after and (stop is None or stop.group() != ",") and len(unstopped) > 3:
            # "According to the Saudi Interior Ministry over 345 pilgrims died": no
            # comma, the source is the name its capitals run over
            run = _NAME_RUN.match(rest)
            if run is None:
                return
            source_end = source_begin + run.end()
        named = _ROLE_THEN_NAME.match(self.text, source_end, sentence.end)
        source_words = self.text[source_begin:source_end].split()
        if (
            named is not None
            and source_words[-1].islower()
            and source_words[0].lower()
            in (
                "the",
                "his",
                "her",
                "their",
                "its",
            )
        ):
            # "According to the team's coach, Alireza Mehraban, in the first match ...":
            # the person the role's apposition names
            source_begin, source_end = named.start(1), named.end(1)
            cue_tail = named.end(1)
        else:
            cue_tail = source_end
        source = self._trim(source_begin, source_end)
        if source is None:
            return
        speaker = self._speaker(source) or self._people_described(source)
        if speaker is None:
            return
        if not after:
            content, mode = self._content(sentence.begin, begin)
            cue = self._trim(begin, source_end)
        else:
            postnominal = _POSTNOMINAL.match(self.text, cue_tail + 1, sentence.end)
            start = postnominal.end() if postnominal else cue_tail + 1  # "X, QC, “…”"
            content, mode = self._content(start, sentence.end)
            cue = Span(begin, source_end)
        if content is None or cue is None:
            return
        attribution = Attribution(
            cue,
            "according-to",
            "say",
            content,
            mode,
            speaker.actor,
            "underspecified",
            min(0.85, speaker.confidence + 0.1),
            sentence,
            document_words=speaker.document_words,
            document_kind=speaker.document_kind,
            lemma="according",
        )
        self._context(sentence, attribution)
        self.cast.heard(begin, speaker.actor)
        self.found.append(attribution)

    def _people_described(self, source: Span) -> Source | None:
        """ "according to the engineers (themselves)": people the article describes
        by what they do (a plural agent noun after a determiner), an unnamed source."""
        words = self.text[source.begin : source.end]
        match = _PEOPLE_DESCRIBED.fullmatch(words)
        if match is None or match.group("head").lower() in lexicon.RULES:
            return None
        actor = self.cast.described(Span(source.begin, source.begin + match.end("head")))
        return None if actor is None else Source(actor, 0.5)

    def _verb(self, sentence: Sentence, begin: int, end: int, lemma: str) -> None:
        """A report by the reporting verb at ``begin``–``end``; "X through its
        sources claimed that": X's report relays its sources' (the chain
        article → X → the sources, X's hop citing them by the phrase)."""
        self._via_sources = None
        before = len(self.found)
        self._verb_report(sentence, begin, end, lemma)
        via, self._via_sources = self._via_sources, None
        if via is not None and len(self.found) > before and self.found[-1].inner is None:
            sources = self._speaker(via[1])
            if sources is not None:
                self._relay(self.found[-1], via[0], sources)

    def _verb_report(self, sentence: Sentence, begin: int, end: int, lemma: str) -> None:
        text = self.text
        words_before = text[sentence.begin : begin].split()
        # "went on to say", "were quick to point out": the "to" is neither a noun's
        # preposition nor a modal's, the subject before the phrase
        went_on = _WENT_ON.search(text, max(sentence.begin, begin - 60), begin)
        if words_before and went_on is None and words_before[-1].lower() in _NOUN_BEFORE:
            return  # "the report", "a statement": a noun here
        if words_before and text[begin].isupper():
            return  # a name ("Khaled Said"), not a verb
        if (
            words_before
            and re.search(r"\w['’]s$|s['’]$", words_before[-1]) is not None
            and self._quoted(begin - 2) is None  # not a closing mark: ‘… its bridges’ said
            and re.sub(r"['’]s?$", "", words_before[-1]).lower() not in lexicon.PRONOUNS
        ):
            return  # "the Church's requests": a noun after a possessive
        if (
            lemma == "doubt"
            and words_before
            and words_before[-1].lower() in lexicon.BEFORE_DOUBT_NOUN
            and text[begin:end].lower() in ("doubt", "doubts")
        ):
            return  # "without doubt", "no doubt that": the noun
        if words_before and re.fullmatch(r"(?:I|we|you|they)['’](?:m|re)", words_before[-1], re.I):
            return  # "I'm told", "we're told": a passive
        if words_before and lexicon.HEDGES.get(words_before[-1].lower()) == "allege":
            return  # "he allegedly encouraged them to ...": the article's hedged statement
        negated = _negation(text[sentence.begin : begin])
        if negated is not None and lemma in lexicon.DISBELIEF:
            begin -= negated  # "don't buy this claim": disbelief, the cue with its "not"
            act: SpeechAct = "doubt"
        elif lemma in lexicon.ONLY_NEGATED:
            return  # "bought": no report
        elif (
            words_before
            and went_on is None
            and (
                words_before[-1].lower() in lexicon.NOT_A_REPORT
                or words_before[-1].lower().endswith("n't")
                # "was also proposed", "were later told": the passive past its adverb
                or (
                    len(words_before) > 1
                    and words_before[-1].lower() in _ADVERBS
                    and words_before[-2].lower() in lexicon.NOT_A_REPORT
                )
            )
        ):
            return  # negated, modal or passive: not a report of what was said
        else:
            act = lexicon.VERBS[lemma]
        clause = lexicon.DOUBT_CLAUSE.get(lemma)
        if clause is not None and not re.match(clause, text[end : sentence.end]):
            return  # "police questioned him": not a doubt
        if lemma in ("cite", "quote") and text[begin:end].lower().endswith("ing"):
            self._citing(sentence, Span(begin, end))
            return
        cue_end = end
        after = text[end : sentence.end]
        # "what some consider to be a scandal", "consider the bridge to be unsafe"
        considered = _CONSIDERED.match(after) if lemma == "consider" else None
        if lemma == "continue" and re.match(r"\s+to\s", after):
            return  # "continued to shun": no report
        if lemma == "advocate" and re.match(r"\s+(?:of|for)\s", after):
            return  # "advocates of the plan": a noun; "advocated for": no content of its own
        if (
            re.match(r"\s+to\s+(?:be|have)\b", after)
            and considered is None
            and not text[begin:end].endswith("s")
        ):
            return  # "the man, said to be ...": a passive hedge, not a report
        addressee = None
        if lemma in lexicon.TELLING:
            match = re.match(r"\s+((?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)", after)
            if match:
                found = self.cast.resolve(Span(end + match.start(1), end + match.end(1)))
                if found is not None:
                    addressee = found.actor
                    cue_end = end + match.end()
        told = False
        if lemma in lexicon.TELLING and addressee is None:
            whom = _TOLD_WHOM.match(text, end, sentence.end)
            if whom is not None:
                cue_end, told = whom.end(), True  # "told reporters on Monday that"
        particle = re.match(r"\s+(?:out|up)\b", text[cue_end : sentence.end])
        if particle and lemma in ("point", "sum", "speak"):
            cue_end += particle.end()
        tag = re.match(r"\s*\[[^\]\n]{1,12}\]", text[cue_end : sentence.end])
        tail_start = cue_end + (tag.end() if tag else 0)
        cue_end = tail_start  # "wrote [ru] on April 24, “…”": what follows the link's tag
        tail = text[tail_start : sentence.end]
        # "explains, in a satirical fashion, that": the adjunct between commas
        that = re.match(r"\s+that\b", tail) or _ADJUNCT_THAT.match(tail)
        if that is None and lemma in ("ask", "wonder"):
            # "asked whether ...": the question is the content, its word not the cue's
            that = re.match(r"(?=\s+(?:whether|if|why|how|what|who|when|where)\b)", tail)
        addressed = None
        opened_next: Quotation | None = None
        if that is None and lemma in _ADDRESSING and addressee is None and not told:
            addressed = self._addressed(tail)
            if addressed is not None and not addressed.group("to"):
                that = addressed  # "asked officials how ...", "informs X that ..."
        colon = re.match(r"\s*:", tail)
        if (
            colon is None
            and that is None
            and sentence.end >= self.paras[sentence.paragraph].end - 1
        ):
            # "tweeted using his account:", closing its paragraph: the words before
            # the colon are the cue's, the block after it the content
            colon = _COLON_CLOSE.match(tail)
            if colon is None and sentence.paragraph + 1 < len(self.paras):
                # "X stated," closing its paragraph, a quotation opening the next: as a colon
                following = self.paras[sentence.paragraph + 1]
                opened_next = self._opening_at(following.begin + 1)
                if opened_next is not None:
                    colon = re.match(r"\s*,\s*$", tail)
        if that:
            cue_end = tail_start + that.end()
        elif colon:
            cue_end = tail_start + colon.end()
        participle = text[begin:end].endswith("ing")  # ", adding that": no inversion
        quote_before = None if participle else self._quote_before(sentence, begin, end)
        if quote_before is not None:
            quote, subject = quote_before
            second = self._second_part(sentence, end)
            if subject is None:
                subject = self._trim(end, second[0] if second else sentence.end)
                adjunct = (
                    _INVERTED_TAIL.search(text, end, min(subject.end, end + 100))
                    if subject
                    else None
                )
                if subject is not None and adjunct is not None:
                    # "said Bolden to the gathered crowd", "said the post by an unknown
                    # author on pigmy": the speaker before the adjunct
                    subject = self._trim(subject.begin, adjunct.start())
                subject = (
                    subject
                    if subject and len(text[subject.begin : subject.end].split()) <= 8
                    else None
                )
            cue = Span(subject.begin if subject and subject.end <= begin else begin, end)
            said = self.text[subject.begin : subject.end].lower() if subject else ""
            if said in lexicon.PRONOUNS and subject is not None and subject.begin > quote.begin:
                # “…,” he said: the person named before the quotation, not in it
                found = self.cast.pronoun(said, quote.begin)
                source = Source(found.actor, found.confidence) if found else None
            else:
                source = self._speaker(subject)
            if source is None:
                return
            self._add(
                sentence,
                cue,
                quote,
                source,
                act=act,
                lemma=lemma,
                mode="direct",
                addressee=addressee,
            )
            if second is not None:
                self.found[-1].parts = [quote, second[1]]
            return
        if act == "deny" and self._rebuttal(sentence, Span(begin, end)):
            return
        if (
            lemma in _DENIAL_BY_OBJECT
            and not (that or colon)
            and _DENIED_OBJECT.match(text, cue_end, sentence.end) is None
        ):
            return  # "rejected the offer", "MPs contradict the nature of the party": no report
        # "..., Jane Smith told Radio Free.": the cue with its addressee closes the sentence
        told_end = cue_end if (addressee is not None or told) and not (that or colon) else end
        if not participle and (
            self._content_before(sentence, begin, told_end, act, lemma, addressee)
            or self._quoted_then_inverted(sentence, Span(begin, end), act, lemma)
        ):
            return
        ahead = text[sentence.begin : begin].rstrip()
        inverted = _INVERTED.match(text, end, sentence.end)
        if inverted is not None and ahead and not ahead.endswith(","):
            inverted = None
        that_later = not that and lemma not in _NO_LEAD and self._that_after(cue_end, sentence.end)
        # "As Jane Smith notes, the bridge is unsafe": the clause after the comma
        that_later = that_later or (
            re.match(r"As\s", text[sentence.begin : begin]) is not None
            and re.match(r"\s*,\s*\w", text[cue_end : sentence.end]) is not None
            and lemma not in _NO_LEAD
        )
        # "believes the bridge is unsafe", "added it was closed": a clause with no "that"
        that_later = (
            that_later
            or (
                lemma in _BARE_CLAUSE
                and (
                    _clause_ahead(text, cue_end, sentence.end)
                    # "noted what began as messages had grown", "recalled how ...": a wh-clause
                    or re.match(r"\s+(?:what|how|why|whether)\s", text[cue_end : cue_end + 10])
                    is not None
                )
            )
        )
        that_later = that_later or considered is not None or addressed is not None
        quoted_object = _QUOTED_OBJECT.match(text, cue_end, sentence.end)
        if quoted_object is not None and lemma in lexicon.WEAK and act != "cite":
            opened = self._opening_at(quoted_object.end())
            that_later = that_later or (
                opened is not None and len(text[opened.begin : opened.end].split()) >= 3
            )
        # "writing in a blog post “…”", "said in a statement “…”": the quotation after it
        that_later = that_later or _PHRASE_QUOTE.match(text, cue_end, sentence.end) is not None
        if (
            lemma in lexicon.WEAK
            and inverted is None
            and not (that or colon or addressee or told or that_later)
            and not re.match(r"\s*,?\s*[“\"‘']", text[cue_end : sentence.end])
        ):
            return  # "News reports stated": a noun, or a verb in another sense
        subject_end = went_on.start() if went_on else begin
        handle = _HANDLE_AFTER.search(text, max(sentence.begin, subject_end - 45), subject_end)
        if handle is not None:
            subject_end = handle.start()  # "Jane Roe (@janeroe) tweeted": the name before it
        link_tag = _LINK_TAG_BEFORE.search(text, max(sentence.begin, subject_end - 12), subject_end)
        if link_tag is not None:
            subject_end = link_tag.start()  # "Gruppa Voina [en] responded": the name before it
        subject = subject_span(text, sentence.begin, subject_end)
        if subject is not None:
            subject = self._after_cue(sentence, subject)
        if subject is not None and not self._subject_like(subject):
            # "A source who is aware of the meeting told X that": the head before "who"
            subject = self._relative_head(sentence, subject_end) or subject
        via = _VIA_SOURCES.search(text, subject.begin, subject.end) if subject else None
        if subject is not None and via is not None and via.start() > subject.begin:
            # "Express Tribune through its sources claimed": the outlet, relaying its sources
            self._via_sources = (
                Span(via.start("phrase"), via.end()),
                Span(via.start("sources"), via.end()),
            )
            subject = Span(subject.begin, via.start())
        if subject is not None and self.text[subject.begin - 2 : subject.begin] == ": ":
            known = self.cast.names_in(Span(max(sentence.begin, subject.begin - 60), subject.end))
            if known and known[-1][0].end == subject.end and known[-1][0].begin < subject.begin:
                subject = known[-1][0]  # a name with a colon in it ("Unzipped: Gay Armenia")
        if subject is None and inverted is not None:
            # "Indeed, reports Unzipped: Gay Armenia, one official ...": the cue
            # and its speaker inverted before the content
            name = Span(inverted.start(1), inverted.end(1))
            found = self.cast.resolve(name)
            content, mode = self._content(inverted.end(), sentence.end)
            to_block = inverted.group("colon") is not None
            if to_block:  # "Writes Jane Smith:" closing its paragraph: the block after it
                content, mode = self._next_paragraph(sentence), "direct"
            if found is not None and content is not None:
                source = Source(found.actor, found.confidence - 0.1)
                self._add(
                    sentence,
                    Span(begin, name.end),
                    content,
                    source,
                    act=act,
                    lemma=lemma,
                    mode=mode,
                )
                if to_block:
                    self._open_block(sentence.paragraph + 1)
            return
        who = _WHO.search(text, max(sentence.begin, begin - 30), begin)
        antecedent = None
        if subject is None and who is not None and lemma not in lexicon.OBJECT_VERBS:
            # "two fascists who say ...": the relative pronoun's antecedent, a person
            antecedent = subject = self._antecedent(sentence.begin, who.start())
        apposition = None
        # "X, a former member, has claimed": the auxiliary after the apposition's comma
        closing = _APPOSITION_CLOSE.search(text, max(sentence.begin, begin - 40), begin)
        if subject is None and not participle and closing is not None:
            # "The email, sent by X on ..., cites": the subject before the apposition;
            # "Speaking in the parents' defence, X, a lawyer, said": after the opener
            start = sentence.begin
            first = text[start:begin].find(",")
            if first > 0 and _OPENER.match(text, start, start + first):
                start += first + 1
                first = text[start:begin].find(",")
            if (
                first > 0
                and start + first <= closing.start()
                # (a title and a name: "Civil Defense Authority director General X al-Y")
                and (
                    len(text[start : start + first].split()) <= 8
                    # "The results of the X Study published in Y, revealed that"
                    or _document_head(text[start : start + first].split()) is not None
                )
            ):
                subject = self._trim(start, start + first)
                middle = self._trim(start + first + 1, closing.start())
                opener = text[start : start + first].split()[0].lower()
                if (
                    middle is not None
                    and (opener in _DETERMINERS or opener == "one")
                    and (text[middle.begin].isupper() or text[middle.begin] == "@")
                    and "," not in text[middle.begin : middle.end]
                    and len(text[middle.begin : middle.end].split()) <= 5
                ):
                    subject = middle  # "The minister, John Doe, said": the name
                elif middle is not None and _PREPOSITION.match(text, middle.begin, middle.end):
                    pass  # "X, in remarks to Y, said": an adjunct, no post
                else:
                    apposition = middle  # "John Doe, a spokesman for X, said": a post
        if subject is None:
            shared = self._shared_subject(sentence, begin, participle=participle)
            if shared is None and participle:
                shared = self._clause_subject(sentence, begin)
            if shared is None:
                return
            speaker: Source | None = shared
        elif antecedent is None and not self._subject_like(subject):
            return
        else:
            speaker = self._speaker(subject)
            if speaker is None and antecedent is not None:
                described = self.cast.described(antecedent)
                speaker = Source(described, 0.5) if described is not None else None
            if speaker is not None and apposition is not None:
                self.cast.appositive(speaker.actor, apposition)
        if speaker is None:
            return
        rest = text[cue_end : sentence.end]
        opening = re.match(r"\s*,?\s*[“\"‘']", rest)
        if opening:
            opened = self._opening_at(cue_end + opening.end())
            if opened is not None:
                content = self._trim(opened.begin, opened.end, stop=True)
                if content is not None:
                    self._add(
                        sentence,
                        Span(begin, cue_end),
                        content,
                        speaker,
                        act=act,
                        lemma=lemma,
                        mode="direct",
                        addressee=addressee,
                    )
                    return
        if colon and not text[cue_end : sentence.end].strip():
            if (
                opened_next is not None
                and not opened_next.open_end
                and opened_next.outer.end < self.paras[sentence.paragraph + 1].end - 2
            ):
                # "X stated,", then a quotation that closes before its paragraph does
                words = self._trim(opened_next.begin, opened_next.end, stop=True)
                if words is not None:
                    cue = Span(begin, cue_end)
                    self._add(sentence, cue, words, speaker, act=act, lemma=lemma, mode="direct")
                return
            block = self._next_paragraph(sentence)
            if block is not None:
                self._add(
                    sentence,
                    Span(begin, cue_end),
                    block,
                    speaker,
                    act=act,
                    lemma=lemma,
                    mode="direct",
                    addressee=addressee,
                )
                self._open_block(sentence.paragraph + 1)
            return
        if lemma in lexicon.WEAK and not (that or colon or addressee or told or that_later):
            return
        if (
            act == "cite"
            and not (that or colon)
            and sentence.end >= self.paras[sentence.paragraph].end - 1
            and text[cue_end : sentence.end].rstrip().endswith(":")
        ):
            return  # "X re-posts a comment by a reader:": the block after it, by _intro
        content_begin = cue_end
        if considered is not None and considered.group("object") is None:
            content_begin = end + considered.end()  # what is considered so, after "to be"
        lead = _PREPOSITION.match(text, cue_end, sentence.end)
        if lead is not None and not that and considered is None:
            # "said in a statement on Monday that ...": the clause after "that";
            # "commented on the video": no clause, no report
            that_after = re.compile(r"\bthat\b|[,:]?\s*[“\"]").search(
                text, lead.end(), min(sentence.end, lead.end() + 80)
            )
            if that_after is None or self._quoted(that_after.start()) is not None:
                return
            forms = lexicon.verb_forms()
            if any(
                w.lower().endswith("ing") and w.lower() in forms
                for w in _TOKEN.findall(text, lead.end(), that_after.start())
            ):
                return  # "responded in kind, quipping that": the "that" of another verb
            if that_after.group().endswith(("“", '"')):
                # "writing in a blog post “…”": the quotation after the phrase
                opened = self._opening_at(that_after.end())
                if (
                    opened is None
                    or re.search(r"[,;]", text[lead.end() : that_after.start()])
                    or len(text[opened.begin : opened.end].split()) < 4  # no “scare quotes”
                ):
                    return
                words = self._trim(opened.begin, opened.end, stop=True)
                if words is not None:
                    cue = Span(begin, cue_end)
                    self._add(sentence, cue, words, speaker, act=act, lemma=lemma, mode="direct")
                return
            content_begin = that_after.end()
        content_end = self._next_cue(content_begin, sentence.end)
        if who is not None and who.group().startswith(","):
            # "Students, who say the bridge is old, protested.": the relative clause
            # ends at its closing comma
            comma = text.find(",", content_begin, content_end)
            if comma > 0 and self._quoted(comma) is None:
                content_end = comma
        then = _COLON_QUOTE.search(text, content_begin, content_end)
        quoted_after = None
        if then is not None and self._quoted(then.start()) is None:
            # "told Sky News any process “must be ...”: “Moves to ...”": the
            # clause, then the quotation it introduces
            quoted_after = self._opening_at(then.end())
            if quoted_after is not None:
                content_end = then.start()
        content, mode = self._content(content_begin, content_end)
        if content is None or len(text[content.begin : content.end].split()) < 2:
            return
        source = speaker.less(0.1 if not that else 0.0)
        self._add(
            sentence,
            Span(begin, cue_end),
            content,
            source,
            act=act,
            lemma=lemma,
            mode=mode,
            addressee=addressee,
        )
        words = (
            self._trim(quoted_after.begin, quoted_after.end, stop=True) if quoted_after else None
        )
        if words is not None:
            head = self.found[-1]
            self._uncued(
                words,
                speaker.actor,
                head.confidence - 0.1,
                sentence,
                medium=head.medium,
                document_words=speaker.document_words,
                document_kind=speaker.document_kind,
                continues=head,
            )

    def _content_before(
        self,
        sentence: Sentence,
        begin: int,
        end: int,
        act: SpeechAct,
        lemma: str,
        addressee: Actor | None,
    ) -> bool:
        """ "The bridge was unsafe, police said (on Monday)." / "..., said Jane
        Smith.": the reported clause before the comma, the cue and its
        speaker closing the sentence. True if drafted."""
        text = self.text
        before = text[sentence.begin : begin]
        comma = before.rfind(",")
        if comma <= 0 or self._quoted(sentence.begin + comma) is not None:
            return False
        between = before[comma + 1 :]
        rest: Span | None = None  # "The bridge, police said, was unsafe.": the words after
        if between.strip():  # "..., police said."
            if _BARE_CUE_TAIL.match(text, end, sentence.end) is None:
                aside = _ASIDE_TAIL.match(text, end, sentence.end)
                rest = self._trim(aside.end(), sentence.end) if aside else None
                if rest is None or len(text[rest.begin : rest.end].split()) < 2:
                    return False
            # ,” [Lala] Aslikyan said: not the mark (a single one only where it closes a quotation)
            mark = max(
                [between.rfind(m) for m in '”"']
                + [
                    i
                    for i, m in enumerate(between)
                    if m in "’'" and self._quoted(sentence.begin + comma + 1 + i) is not None
                ]
            )
            subject = self._trim(sentence.begin + comma + 2 + mark, begin) or (
                Span(begin - len(between.lstrip()), begin - len(between) + len(between.rstrip()))
                if between.strip().lower() in ("he", "we", "it")
                else None
            )
            cue_begin = subject.begin if subject is not None else begin
        else:  # "..., said Jane Smith."
            tail = _PHRASE_STOP.search(text, end, sentence.end)
            subject = self._trim(end, tail.start() if tail else sentence.end)
            cue_begin = begin
            if (
                subject is not None
                and tail is not None
                and tail.group().strip(" .")
                and not _APPOSED.match(text, tail.end(), sentence.end)
            ):
                return False  # more after the name than a full stop or an apposition
            if subject is not None and any(
                word.islower() and lexicon.only_a_verb(word)
                for word in text[subject.begin : subject.end].split()
            ):
                # "X, spokesman for Y, said fishermen noticed ...": a clause after the
                # verb, no speaker; the subject is before the apposition
                return False
        if subject is None or len(text[subject.begin : subject.end].split()) > 6:
            return False
        if not self._subject_like(subject) or re.search(r"\bthat\b", text[end : sentence.end]):
            return False
        if rest is not None and _OPENER.match(text, sentence.begin, sentence.begin + comma):
            return False  # "In a statement, X said, “…”": an opening phrase, no content
        content, mode = self._content(sentence.begin, sentence.begin + comma)
        least = 3 if rest is None else 1
        if content is None or len(text[content.begin : content.end].split()) < least:
            return False
        source = self._speaker(subject)
        if source is None:
            return False
        cue = Span(cue_begin, end)
        before_added = len(self.found)
        self._add(
            sentence,
            cue,
            content,
            source.less(0.1),
            act=act,
            lemma=lemma,
            mode=mode,
            addressee=addressee,
        )
        if rest is not None and len(self.found) > before_added:
            self.found[-1].parts = [content, rest]  # the clause around its cue, in two parts
        return True

    def _quoted_then_inverted(
        self, sentence: Sentence, verb: Span, act: SpeechAct, lemma: str
    ) -> bool:
        """ "The move was made with the “feelings of the public” reported Jane
        Smith.": a clause closing with quoted words, then the verb and its
        speaker, with no comma between; the clause is the content. True if drafted."""
        text = self.text
        mark = verb.begin - 1
        while mark > sentence.begin and text[mark].isspace():
            mark -= 1
        quote = self._quoted(mark)
        if (
            mark == verb.begin - 1
            or text[mark] not in '”"'
            or quote is None
            or quote.outer.end != mark + 1
            or quote.outer.begin <= sentence.begin + 1  # a whole quotation: _quote_before's
        ):
            return False
        name = _INVERTED_NAME.match(text, verb.end, sentence.end)
        if name is None:
            return False
        subject = Span(name.start(1), name.end(1))
        content, mode = self._content(sentence.begin, mark + 1)
        source = self._speaker(subject) if self._subject_like(subject) else None
        if content is None or source is None:
            return False
        cue = Span(verb.begin, subject.end)
        self._add(sentence, cue, content, source.less(0.1), act=act, lemma=lemma, mode=mode)
        return True

    def _second_part(self, sentence: Sentence, after: int) -> tuple[int, Span] | None:
        """The rest of a quotation split by its cue (“We will not resign,” she
        said, “whatever the vote says.”): where the comma before it is, and
        its words."""
        match = _SECOND_PART.match(self.text, after, sentence.end)
        if match is None:
            return None
        opened = self._opening_at(match.end())
        if opened is None or opened.open_end:
            return None
        words = self._trim(opened.begin, opened.end, stop=True)
        return (match.end() - len(match.group("comma")), words) if words is not None else None

    def _relative_head(self, sentence: Sentence, verb: int) -> Span | None:
        """The subject that a relative clause without commas separates from its
        verb ("The memo which had a stamp on every page detailed ...", "A source
        who is aware of the meeting told ..."): the noun phrase opening the
        sentence (or its clause after an opening phrase's comma) before "who" or
        "which", if it can name a speaker; None if there is none."""
        if verb - sentence.begin > SUBJECT_WINDOW:
            return None  # a subject is never that far: a degenerate text stays linear
        match = _RELATIVE_HEAD.match(self.text, sentence.begin, verb)
        if match is None or self._quoted(match.start("head")) is not None:
            return None
        head = Span(match.start("head"), match.end("head"))
        return head if self._subject_like(head) else None

    def _addressed(self, tail: str) -> re.Match[str] | None:
        """The addressee after a verb of asking or telling, then an infinitive,
        a question or "that" (_ADDRESSED); None when the words between are not
        a noun phrase (a verb or a punctuation mark in them)."""
        match = _ADDRESSED.match(tail)
        if match is None:
            return None
        forms = lexicon.verb_forms()
        words = match.group("whom").split()
        if words[0].lower() in ("to", "for", "about", "that", "if", "whether") or any(
            word.lower() in forms or word.lower() in _FINITE for word in words
        ):
            return None
        infinitive = match.group("to")
        if infinitive and (
            words[-1].lower() in ("due", "according", "prior", "next", "close", "up", "back", "so")
            or not lexicon.can_be_verb(infinitive.split()[-1])
        ):
            return None  # "the block due to blasphemous content": no infinitive
        return match

    def _that_after(self, begin: int, end: int) -> bool:
        """A prepositional phrase, then "that" ("wrote on Twitter that", "noted
        in its report that"): the verb reports the clause after "that"."""
        lead = _PREPOSITION.match(self.text, begin, end)
        if lead is None:
            return False
        that_after = re.compile(r"\bthat\b").search(
            self.text, lead.end(), min(end, lead.end() + 80)
        )
        if that_after is None or self._quoted(that_after.start()) is not None:
            return False
        between = self.text[lead.end() : that_after.start()]
        forms = lexicon.verb_forms()
        return len(between.split()) <= 6 and not any(
            word.lower() in forms or word.lower() in _FINITE for word in _TOKEN.findall(between)
        )  # "asked about him were told that": the "that" of another verb

    def _after_cue(self, sentence: Sentence, subject: Span) -> Span | None:
        """The subject without a cue drafted before it in the sentence ("Jane
        Smith said John Doe had told her": John Doe is the second verb's subject)."""
        for earlier in reversed(self.found[-4:]):
            cue = earlier.cue
            if earlier.sentence == sentence and cue is not None and subject.begin < cue.end:
                if cue.end >= subject.end:
                    return subject
                return self._trim(cue.end, subject.end)
        return subject

    def nest(self) -> None:
        """A report whose cue is inside another speaker's words, in the same
        paragraph ("X said Y had told him that ...", "According to a report
        by X, officials said ...", a quoted sentence citing someone): relayed
        by that speaker, the chain article → X → Y."""
        by_paragraph: dict[int, list[Attribution]] = {}
        for attribution in self.found:
            by_paragraph.setdefault(attribution.sentence.paragraph, []).append(attribution)
        for group in by_paragraph.values():
            for inner in group:
                if inner.cue is None or inner.speaker is None or inner.continues is not None:
                    continue
                outer = next(
                    (
                        a
                        for a in group
                        if a is not inner
                        and a.speaker is not None
                        and a.speaker is not inner.speaker
                        and a.inner is None
                        and a.outer is None
                        and a.via is None
                        and a.act in _RELAYING
                        and any(p.covers(inner.cue) for p in _words_of(a))
                    ),
                    None,
                )
                if outer is not None and inner.inner is None:
                    outer.inner, inner.outer = inner, outer
                    outer.act = "cite" if inner.lemma == "according" else "report"
                    told = self.text[inner.cue.begin : inner.cue.end].split()
                    if inner.addressee is None and told[1:2] in (["him"], ["her"], ["them"]):
                        inner.addressee = outer.speaker  # "had told her": the reporter
                        inner.medium = "statement"

    def own_voice(self, publisher: Actor | None) -> None:
        """Leave out what the article says in its own voice: the words of its
        publisher, named in the dateline or a closing line, or speaking of itself
        ("Wikinews has learned that", "Wikinews reporters attended"), so that
        "Wikinews observed the exhibit features ..." is the article's statement,
        no one's claim. What such a hop relays is the article's to relay."""
        own = {id(publisher)} if publisher is not None else set()
        for match in _OWN_VOICE.finditer(self.text):
            name = match.group("name").lower()
            if name in lexicon.PRONOUNS or name in lexicon.DETERMINERS:
                continue
            before = self.text[max(0, match.start() - 30) : match.start()].split()
            if before and before[-1][:1].isupper() and before[-1][-1:] not in ".:!?":
                continue  # "Jane Smith has learned": the last word of a longer name
            found = self.cast.resolve(Span(match.start("name"), match.end("name")))
            if (
                found is not None
                and not found.pronoun
                and (
                    found.actor.kind == "organisation"
                    # an outlet's one-word name read as a person's, not "Smith" of "Jane Smith"
                    or (
                        found.actor.kind == "person"
                        and all(len(n.split()) == 1 for n in found.actor.names)
                    )
                )
            ):
                own.add(id(found.actor))
        if not own:
            return
        kept = []
        for attribution in self.found:
            if attribution.speaker is not None and id(attribution.speaker) in own:
                if attribution.inner is not None:
                    attribution.inner.outer = None  # the article relays it itself
                continue
            kept.append(attribution)
        self.found[:] = kept

    def speaking(self) -> list[Actor]:
        """The actors of the drafted attributions: speakers, addressees, reporters."""
        return [
            actor
            for a in self.found
            for actor in (a.speaker, a.addressee, a.via)
            if actor is not None
        ]

    def _antecedent(self, begin: int, end: int) -> Span | None:
        """The noun phrase right before "who": from its determiner or number
        ("met two engineers who"), or the name ("Jane Smith, who")."""
        words = list(re.finditer(r"\S+", self.text[max(begin, end - 80) : end]))[-8:]
        offset = max(begin, end - 80)
        for at in range(len(words) - 1, -1, -1):
            word = words[at].group().lower()
            if word in _DETERMINERS or word.isdigit():
                return self._trim(offset + words[at].start(), end)
        if words and (
            words[-1].group()[:1].isupper()
            or words[-1].group().strip(",").lower() in lexicon.GROUP_WORDS  # "members, who"
        ):
            return subject_span(self.text, begin, end)
        return None

    def _next_cue(self, begin: int, end: int) -> int:
        """Where the content that starts at ``begin`` ends: before a second
        cue of the sentence joined to it (", and said ...", ", adding ...",
        ", referring to ..."), else at ``end``."""
        forms = lexicon.verb_forms()
        for match in _NEXT_CUE.finditer(self.text, begin, end):
            verb = next(group for group in match.groups() if group)
            if (
                verb in forms or verb in lexicon.ADJUNCT_PARTICIPLES or verb == "according"
            ) and self._quoted(match.start()) is None:
                return match.start()
        return end

    def _next_paragraph(self, sentence: Sentence) -> Span | None:
        """A block quotation: the first sentence of the paragraph after a cue
        that ends its own with a colon (the others continue it)."""
        following = sentence.paragraph + 1
        if following >= len(self.paras) or following in self.blocks:
            return None
        para = self.paras[following]
        quote = self._opening_at(para.begin + 1)
        if quote is not None and quote.end >= para.end - 2:
            # “S1. S2? S3.”: a paragraph that is one quotation, its words whole
            self.whole.add(following)
            return self._trim(quote.begin, quote.end, stop=True)
        own = self.sentences.get(following)
        if own and following not in self.whole:
            return self._block_words(own[0])
        para = self.paras[following]
        return self._block_words(Sentence(para.begin, para.end, following))

    def _block_words(self, sentence: Span) -> Span | None:
        """A sentence of a block quotation, without the marks of an elision
        ("[...]") or the quotation marks around the paragraph."""
        begin, end = sentence.begin, sentence.end
        piece = self.text[begin:end]
        lead = _ELISION_LEAD.match(piece)
        if lead:
            begin += lead.end()
        tail = _ELISION_TAIL.search(self.text[begin:end])
        if tail:
            end = begin + tail.start()
        return self._trim(begin, end, stop=True)

    def _quoted_act(self, words: Span, nested: list[Attribution]) -> SpeechAct:
        """The act of a quoted sentence with no cue of its own, by its form: one
        that reports someone else's words relays them (report; cite for
        "according to"), a question or a conditional suggests, "must" demands,
        "should" recommends."""
        hedges = [a for a in nested if a.continues is not None and a.act in ("allege", "suggest")]
        if hedges:
            return hedges[0].act  # "is being said to", "it seems": the quoted speaker's hedge
        others = [a for a in nested if a.speaker is not None and a.continues is None]
        if others:
            return "cite" if any(a.lemma == "according" for a in others) else "report"
        piece = self.text[words.begin : words.end]
        if _DENIAL.search(piece) or _SELF_DENIAL.match(piece):
            return "deny"  # “These reports are baseless.”, “We did not fire.”
        if _SENTENCE_BREAK.search(piece, 0, 5000):
            return "say"  # a passage of several sentences: one "should" does not make it advice
        if piece.rstrip("”\"’' ").endswith("?"):
            return "suggest"
        if _DEMAND.search(piece):
            return "demand"
        if _RECOMMEND.search(piece):
            return "recommend"
        if _SUGGEST.search(piece):
            return "suggest"
        return "say"

    def _open_block(self, first: int) -> None:
        """The paragraphs of the block quotation the last attribution
        introduced: ``first``, and the paragraphs after an elision ("[...]")."""
        head = self.found[-1]
        index = first
        whole = first in self.whole
        while index < len(self.paras):
            self.blocks[index] = head
            if whole:
                self.whole.add(index)
            following = index + 1
            if following >= len(self.paras):
                break
            words = self.text[self.paras[following].begin : self.paras[following].end]
            if _ELISION_ONLY.fullmatch(words) and following + 1 < len(self.paras):
                self.blocks[following] = head
                index = following + 1
            elif _ELISION_LEAD.match(words) or (
                following - first < MAX_BLOCK and self._block_goes_on(following, head)
            ):
                index = following
            else:
                break

    def _block_goes_on(self, index: int, head: Attribution) -> bool:
        """A paragraph without quotation marks after one of a block quotation
        continues it when it reads as the quoted speaker's (in the first person,
        or a question or an exclamation) and not as the article's: it opens no
        other quotation (no closing colon), names no source ("according to",
        "she said", the speaker by name) and opens with no connective of the
        article's ("Meanwhile", "However")."""
        para = self.paras[index]
        words = self.text[para.begin : min(para.end, para.begin + 2000)]
        if (
            not words
            or words[:1] in '“"‘@'
            or words.rstrip().endswith(":")
            or _ARTICLE_VOICE.match(words)
            or _ACCORDING.search(words)
            or self._interview_label(words)
        ):
            return False
        forms = lexicon.verb_forms()
        if any(forms.get(m.group(1).lower()) for m in _PRONOUN_VERB.finditer(words)):
            return False  # "she added ...": the article reporting again
        if head.speaker is not None and any(
            actor is head.speaker for _spot, actor in self.cast.names_in(para)
        ):
            return False  # the speaker in the third person: the article's voice
        voiced = any(
            self._quoted(para.begin + m.start()) is None for m in _FIRST_PERSON.finditer(words)
        )
        return voiced or words.rstrip("”\"’' ").endswith(("?", "!"))

    def block(self, index: int) -> None:
        """The sentences of a block quotation: each continues the attribution
        that introduced the block (the whole paragraph, one continuation, in
        a block found by its first person); attributions inside them are
        drafted too."""
        head = self.blocks[index]
        pieces: list[tuple[Span, Sentence, list[Attribution]]] = []
        for sentence in self.sentences.get(index, []):
            if self.full:
                return
            words = self._block_words(sentence)
            if words is None or _ELISION_ONLY.fullmatch(self.text[words.begin : words.end]):
                continue
            before = len(self.found)
            self.sentence(sentence)
            if head.speaker is not None and any(
                inner.speaker is head.speaker for inner in self.found[before:]
            ):
                continue  # "They also claimed ...": the article reporting the speaker again
            for inner in self.found[before:]:
                # reported inside the quotation: its words are the quoted sentence's
                if inner.quote is not None and inner.quote.overlaps(words):
                    inner.quote = words
                if inner.speaker is None and head.speaker is not None:
                    # a hedge in a quotation is the quoted speaker's, not the article's
                    inner.speaker = head.speaker
                    inner.continues = head.continues or head
            pieces.append((words, sentence, self.found[before:]))
        if index in self.whole and pieces:
            para = self.paras[index]
            words = self._block_words(Span(para.begin, para.end))
            if words is None:
                return
            inside = [a for piece in pieces for a in piece[2]]
            for attribution in inside:
                if attribution.quote is not None and attribution.quote.overlaps(words):
                    attribution.quote = words
            pieces = [(words, pieces[0][1], inside)]
        for words, sentence, nested in pieces:
            if head.quote is not None and head.quote.overlaps(words):
                continue
            self._uncued(
                words,
                head.speaker,
                head.confidence - 0.15,
                sentence,
                nested,
                medium=head.medium,
                document_words=head.document_words,
                document_kind=head.document_kind,
                continues=head.continues or head,
            )

    def _sender(self, noun: str) -> Actor | None:
        """Who sent or wrote the document the article calls ``noun``: "the
        email, sent by X", "X's email"."""
        by = re.search(
            rf"\b{re.escape(noun)}\b,?\s+(?:sent|written|signed|authored|issued)\s+by\s+([^,.;(]+)",
            self.text,
            re.I,
        )
        if by is not None:
            # "sent by X on January 18": the sender, without the date or place after
            date = re.search(r"\s(?:on|in|at|during|last|this)\s", by.group(1))
            end = by.start(1) + date.start() if date else by.end(1)
            found = self.cast.resolve(self._trim(by.start(1), end) or Span(by.start(1), end))
            if found is not None:
                return found.actor
        return None

    def _subject_like(self, subject: Span) -> bool:
        """The word before the verb must be able to end a speaker's name:
        a capitalised word, a pronoun, or a noun for a source, an institution
        or a document ("asylum claim" is not "X claims")."""
        words = self.text[subject.begin : subject.end].split()
        if words[0] in ("in", "on", "at", "to", "from", "into", "with", "by"):
            return False  # "writing in a blog post": a place, no speaker
        if _document_head(words) is not None:
            return True  # "A new study documenting ...": a document's words
        if words[-1] in lexicon.WEEKDAYS or words[-1] in lexicon.MONTHS:
            return False  # "posts on the board from Friday": a day, no speaker
        for at, each in enumerate(words[1:], 1):
            if each in ("at", "of", "from", "in", "for") and (
                words[0][:1].islower() or words[0].lower() in lexicon.DETERMINERS
            ):
                words = words[:at]  # "the authorities at Cairo airport": its head noun
                break
        last = words[-1].strip(",;:").lower()
        last = re.sub(r"['’]s?$", "", last)  # a possessive, not a plural's s
        word = words[-1]
        return (
            word[:1].isupper()
            or PARTICLE_NAME.match(word) is not None  # "Suleiman al-Amr"
            or word[:1] in "@#"
            or last in lexicon.PRONOUNS
            or last in lexicon.UNNAMED
            or last in lexicon.INSTITUTIONS
            or (last in lexicon.ROLES and words[0].lower() in ("the", "this", "that"))
            or last in lexicon.DOCUMENT_KINDS
            or last.rstrip("s") in lexicon.UNNAMED
        )

    def _shared_subject(
        self, sentence: Sentence, verb: int, *, participle: bool = False
    ) -> Source | None:
        """ "X said A, and said B", "X said A, adding B", "X defended A whilst
        promising B": the second verb shares the first's speaker."""
        before = self.text[max(sentence.begin, verb - 40) : verb]
        joined = re.search(r"\b(?:and|but|then)\s+$", before) or (
            re.search(r"(?:[,”\"]|\bwhile|\bwhilst)\s*$", before) if participle else None
        )
        if joined is None:
            return None
        last = self.found[-1] if self.found else None
        if last is None or last.sentence != sentence or last.speaker is None:
            if participle or joined.group().strip() not in ("and", "but"):
                return None
            return self._first_subject(sentence, verb)
        return Source(last.speaker, last.confidence, last.document_words, last.document_kind)

    def _first_subject(self, sentence: Sentence, verb: int) -> Source | None:
        """ "X tweeted to Y and said ...": the subject of the sentence's first
        verb (a reporting verb that drafted nothing), when no clause comes between."""
        if verb - sentence.begin > SUBJECT_WINDOW:
            return None  # a subject is never that far: a degenerate text stays linear
        forms = lexicon.verb_forms()
        for match in _TOKEN.finditer(self.text, sentence.begin, verb):
            if match.group().lower() not in forms or match.start() == sentence.begin:
                continue
            if re.search(r"[,;:“”\"]", self.text[sentence.begin : verb]):
                return None
            ahead = self.text[sentence.begin : match.start()].split()
            if ahead and ahead[-1].lower() in lexicon.NOT_A_REPORT:
                return None  # "People were encouraged to ... and suggest": a passive's subject
            subject = subject_span(self.text, sentence.begin, match.start())
            if subject is None or not self._subject_like(subject):
                return None
            found = self._speaker(subject)
            return found.less(0.2) if found is not None else None
        # "X had known Y personally, and came to the conclusion that": no reporting verb
        # before, the name opening the sentence, no clause between but the one "and" joins
        head = re.sub(r",?\s*(?:and|but)\s*$", "", self.text[sentence.begin : verb])
        opening = _NAMED_OPENING.match(head)
        if opening is None or re.search(r"[,;:“”\"]", head):
            return None
        subject = Span(sentence.begin + opening.start(1), sentence.begin + opening.end(1))
        if opening.group(1).split()[0].lower() in lexicon.DETERMINERS:
            return None
        found = self._speaker(subject)
        return found.less(0.2) if found is not None else None

    def _quote_before(
        self, sentence: Sentence, verb: int, verb_end: int
    ) -> tuple[Span, Span | None] | None:
        """A quotation ending just before the verb (“…,” the email said), and
        the subject between them, if any; a quotation ending with a full stop
        only when the verb's sentence is no more than its cue (“… unsafe.”
        John Doe said.)."""
        for index in range(bisect.bisect_left(self._begins, verb) - 1, -1, -1):
            quote = self.quotes[index]
            if quote.outer.end < verb - 60:
                return None  # and every earlier one ends earlier still
            if quote.outer.end > verb or quote.open_end:
                continue
            between = self.text[quote.outer.end : verb]
            if len(between) > 60 or re.search(r"[.;:!?“”\"]", between):
                return None
            if re.match(r"[\s,]*(?:and|but|or|then)\b", between):
                return None  # “…”, and said …: a second cue of the same subject
            inside_end = self.text[quote.begin : quote.end].rstrip()
            if not (
                inside_end.endswith((",", "!", "?", "—"))
                or between.lstrip().startswith(",")
                or (
                    inside_end.endswith(".")
                    and quote.outer.end <= sentence.begin + 1
                    and len(between.split()) <= 6
                    and _BARE_CUE_TAIL.match(self.text, verb_end, sentence.end) is not None
                )
            ):
                return None
            content = self._trim(quote.begin, quote.end, stop=True)
            if content is None:
                return None
            words = self._trim(quote.outer.end, verb)
            if words is None and between.strip(_TRAILING_PUNCT).lower() in ("he", "we", "it"):
                at = quote.outer.end + between.index(between.strip(_TRAILING_PUNCT))
                words = Span(at, at + 2)  # “…,” he said: a pronoun shorter than _trim keeps
            return content, words
        return None

    def _add(
        self,
        sentence: Sentence,
        cue: Span,
        quote: Span,
        source: Source,
        *,
        act: SpeechAct,
        lemma: str,
        mode: QuoteMode,
        addressee: Actor | None = None,
    ) -> None:
        """One attribution of ``quote`` to ``source`` by ``cue``."""
        speaker = source.actor
        cue_span = self._trim(cue.begin, cue.end) or cue
        if cue.end > cue_span.end and self.text[cue_span.end : cue.end].strip() == ":":
            cue_span = Span(cue_span.begin, cue.end)  # "said:", the colon before a quotation
        cue_type = lexicon.CUE_TYPES[act]
        words = self.text[quote.begin : quote.end]
        if act in ("say", "state", "claim") and (
            _DENIAL.search(words) or _SELF_DENIAL.match(words)
        ):
            act = "deny"  # "said the report was false", "said he never": a denial, cue as written
        attribution = Attribution(
            cue_span,
            cue_type,
            act,
            quote,
            mode,
            speaker,
            "certain" if act in _CERTAIN_ACTS else "underspecified",
            max(0.2, min(0.95, source.confidence)),
            sentence,
            addressee=addressee,
            document_words=source.document_words,
            document_kind=source.document_kind,
            lemma=lemma,
        )
        if addressee is not None:
            attribution.medium = "statement"
        if act in _POLAR_ACTS:
            self._polarity(attribution)
        self._context(sentence, attribution)
        last = self.found[-1] if self.found else None
        if (
            last is not None
            and last.speaker is speaker
            and last.sentence.paragraph >= sentence.paragraph - 1
            and self.text[sentence.begin : cue.begin].split()[:1]
            in (["He"], ["She"], ["They"], ["It"])
        ):
            attribution.continues = last
        self.cast.heard(cue.begin, speaker)
        self.found.append(attribution)

    def _polarity(self, attribution: Attribution) -> None:
        """A content whose clause is negated ("the bridge was not safe") is said
        not to hold: its "not" kept for the hop's polarity, and the degree
        ("wasn't particularly sensitive", "was largely accurate")."""
        quote = attribution.quote
        assert quote is not None
        end = min(quote.end, quote.begin + 200)
        negated = _NEGATED_CLAUSE.match(self.text, quote.begin, end)
        verb = _CLAUSE_WORD.match(self.text, negated.end(), end) if negated else None
        if verb is not None and (
            verb.group(1).endswith("ing")  # "many are not getting enough": a state told
            or verb.group(1).lower() in lexicon.verb_forms()
            or re.fullmatch(_NOT_DENIED, verb.group(1).lower())
        ):
            # "they did not notice anything", "do not buy the statement": what was
            # not found, or another's stance, not the content said not to hold
            negated = None
        if negated is not None:
            attribution.negation = Span(negated.start("not"), negated.end("not"))
            if negated.group("degree"):
                attribution.degree = Span(negated.start("degree"), negated.end("degree"))
            return
        limited = _DEGREE_CLAUSE.match(self.text, quote.begin, end)
        if limited is not None:
            attribution.degree = Span(limited.start("degree"), limited.end("degree"))

    def _hedge(self, sentence: Sentence, others: list[Attribution]) -> None:
        piece = self.text[sentence.begin : sentence.end]
        for match in re.finditer(r"\b(" + "|".join(lexicon.HEDGES) + r")\b", piece, re.I):
            at = sentence.begin + match.start()
            if self._quoted(at) is not None or any(
                o.quote is not None and at in o.quote for o in others
            ):
                continue  # the hedge of someone quoted, not the article's
            rest = self.text[sentence.begin + match.end() : sentence.end]
            stop = re.search(r",\s|;|\.\s*$", rest)
            if rest.startswith(",") and piece[: match.start()].rstrip().endswith(","):
                # parenthetical (", it seems,"): the hedge is on the whole sentence
                content, mode = self._content(sentence.begin, sentence.end)
            else:
                content, mode = self._content(
                    sentence.begin + match.end(),
                    sentence.begin + match.end() + (stop.start() if stop else len(rest)),
                )
            if content is None:
                continue
            act = lexicon.HEDGES[match.group(1).lower()]
            self.found.append(
                Attribution(
                    Span(at, sentence.begin + match.end()),
                    "allege" if act == "allege" else "suggest",
                    act,
                    content,
                    mode,
                    None,
                    "possible",
                    0.6,
                    sentence,
                    lemma=match.group(1).lower(),
                )
            )
            return

    def _hedged_phrases(self, sentence: Sentence, others: list[Attribution]) -> None:
        """The article's hedges that are not adverbs: an epistemic adjective
        ("the two suspected arsonists"), a passive of a reporting verb ("is
        said to have", "are believed to be") and a participle opening the
        sentence ("Believed part of a local group, ...")."""
        piece = self.text[sentence.begin : sentence.end]

        def free(at: int) -> bool:
            return self._quoted(at) is None and not any(
                o.quote is not None and at in o.quote for o in others
            )

        def clause_end(begin: int, stops: re.Pattern[str]) -> int:
            stop = stops.search(self.text, begin, sentence.end)
            return stop.start() if stop else sentence.end

        found: list[tuple[Span, Span | None]] = []
        for match in _HEDGE_ADJECTIVE.finditer(piece):
            at = sentence.begin + match.start(1)
            if not free(at):
                continue
            first = sentence.begin + match.start()
            found.append(
                (Span(at, sentence.begin + match.end()), Span(first, sentence.begin + match.end()))
            )
        for match in _HEDGE_PASSIVE.finditer(piece):
            at = sentence.begin + match.start()
            if free(at):
                cue = Span(at, sentence.begin + match.end(1))
                found.append((cue, self._trim(at, clause_end(cue.end, _CLAUSE_STOP))))
        for match in _HEDGE_IT.finditer(piece):
            at = sentence.begin + match.start()
            if free(at):
                cue = Span(at, sentence.begin + match.end())
                found.append((cue, self._trim(cue.end, clause_end(cue.end, _CLAUSE_STOP))))
        opening = _HEDGE_OPENING.match(piece)
        if opening is not None and free(sentence.begin):
            cue = Span(sentence.begin, sentence.begin + opening.end(1))
            found.append((cue, self._trim(cue.begin, clause_end(cue.end, _PHRASE_STOP))))
        for cue, quote in found:
            if quote is None:
                continue
            self.found.append(
                Attribution(
                    cue,
                    "allege",
                    "allege",
                    quote,
                    "indirect" if quote.begin >= cue.end else "direct",  # "It was said that"
                    None,
                    "possible",
                    0.5,
                    sentence,
                    lemma=self.text[cue.begin : cue.end].split()[-1].lower(),
                )
            )

    def label(self, index: int) -> bool:
        """A paragraph of a transcript or a Q&A, opening with its speaker's
        label ("JANE SMITH: ...", "Smith: “...”", "A: ..."): the speaker's
        words, the label their cue. A question ("Q: ...") is the interviewer's
        and drafted as nothing. True if the paragraph is one of these."""
        para = self.paras[index]
        if self.full or para.end - para.begin > 5000:
            return False
        match = _LABEL.match(self.text, para.begin, para.end)
        if match is None:
            return False
        name = match.group("name")
        if name in ("Q", "Question"):
            return True
        words = name.split()
        label = Span(match.start("name"), match.end("name"))
        short = self._initialled(name) if match.group("short") is None else None
        if short is not None:  # "JS: ...", after "Jane Smith (JS)"
            found = self.cast.resolve(short)
            if found is not None and found.actor.kind == "organisation":
                rest = self.text[match.start("words") : para.end].rstrip("”\"’' ")
                if rest.endswith("?"):
                    return True  # the interviewing outlet's question
        elif name in ("A", "Answer"):
            found = self.cast.pronoun("he", para.begin)  # the person interviewed, named last
        elif (
            words[0].strip("’'s") in _NOT_LABELS
            or words[-1] in _CREDITS  # "Belle Image: Nick Moreau.": a caption's credit
            or words[0]
            in lexicon.TITLE_WORDS - {"Mr", "Mrs", "Ms", "Dr", "Mr.", "Mrs.", "Ms.", "Dr."}
        ):
            return False
        else:
            known = self.cast.names_in(label)
            exact = bool(known) and known[0][0] == label  # a name the draft knows
            new = len(words) >= 2 and (name.isupper() or cast_kind(name) == "person")
            if not (exact or new):
                return False
            found = self.cast.resolve(label)
            if found is not None and found.actor.kind not in ("person", "organisation"):
                return False
            if found is not None and found.actor.kind == "organisation":
                rest = self.text[match.start("words") : para.end].rstrip("”\"’' ")
                if rest.endswith("?"):
                    return True  # "Wikinews: What do you ...?": the interviewer's question
        if found is None:
            return False
        begin = match.start("words")
        quote = self._opening_at(begin + 1)
        if quote is not None and (quote.end >= para.end - 2 or quote.open_end):
            content = self._trim(quote.begin, quote.end, stop=True)  # Smith: “...”
        else:
            content = self._trim(begin, para.end, stop=True)
        if content is None:
            return False
        cue = Span(label.begin, match.end("name") + self.text[label.end : begin].index(":") + 1)
        own = Sentence(para.begin, para.end, index)
        self._labelled(
            cue, content, Source(found.actor, max(0.3, found.confidence - 0.1)), own, "label"
        )
        self._context(own, self.found[-1])
        return True

    def _interview_label(self, words: str) -> bool:
        """``words`` open with an interview's speaker label ("Q:", "JS:" after
        "Jane Smith (JS)", "Jane Smith (JS):"): the next speaker's turn."""
        match = _LABEL.match(words)
        return match is not None and (
            match.group("name") in ("Q", "A", "Question", "Answer")
            or match.group("short") is not None
            or self._initialled(match.group("name")) is not None
        )

    def _initialled(self, label: str) -> Span | None:
        """The name that ``label`` abbreviates where the text gives a name with its
        initials in brackets ("Jane Smith (JS)"; the initials are the name's)."""
        if not (2 <= len(label) <= 4 and label.isalpha() and label.isupper()):
            return None
        if self._initials is None:
            self._initials = {}
            for match in _INITIALLED.finditer(self.text):
                name, short = match.group("name"), match.group("short")
                if _abbreviates(short, "".join(word[0] for word in name.split())):
                    self._initials.setdefault(short, Span(match.start("name"), match.end("name")))
        return self._initials.get(label)

    def signature(self, index: int) -> bool:
        """An embedded post's attribution line ("— Jane Roe (@janeroe) May 5,
        2012"): the post's words before it in the paragraph, or the whole
        paragraph before, are the author's, posted on that date. True if the
        paragraph ends with one."""
        para = self.paras[index]
        if self.full or para.end - para.begin > 5000:
            return False
        match = _SIGNATURE.search(self.text, max(para.begin, para.end - 160), para.end)
        if match is None or self._quoted(match.start()) is not None:
            return False
        name = self._trim(match.start("name"), match.end("name"))
        who = name or Span(match.start("handle"), match.end("handle"))
        found = self.cast.resolve(who)
        if found is None:
            return False
        if len(self.text[para.begin : match.start()].split()) >= 3:
            words = Span(para.begin, match.start())
            own = Sentence(para.begin, para.end, index)
        elif index > 0:
            before = self.paras[index - 1]
            words, own = before, Sentence(before.begin, before.end, index - 1)
        else:
            return False
        tail = _LINK_TAIL.search(self.text, words.begin, words.end)
        content = self._block_words(Span(words.begin, tail.start() if tail else words.end))
        if content is None:
            return False
        self._uncued(
            content,
            found.actor,
            found.confidence - 0.1,
            own,
            medium="social-media-post",
            when=Span(match.start("date"), match.end("date")),
            lemma="posted",
        )
        self.cast.heard(match.start(), found.actor)
        return True

    def pull_quote(self, index: int) -> bool:
        """A pull quote: a paragraph of someone's words signed with their name
        after its last sentence ("… in mind. Charles Bolden, NASA Administrator",
        "“… a long game.” - Matthew Ingram"): the person's words, the name no
        part of them. True if the paragraph is one."""
        para = self.paras[index]
        if self.full or para.end - para.begin > 3000:
            return False
        match = _PULL_SIGNATURE.search(self.text, max(para.begin, para.end - 140), para.end)
        if match is None or self._quoted(match.start("name")) is not None:
            return False
        if len(self.text[para.begin : match.start("name")].split()) < 6:
            return False
        name = Span(match.start("name"), match.end("name"))
        found = self.cast.resolve(name)
        if found is None or found.actor.kind != "person":
            return False
        quote = self._opening_at(para.begin + 1)
        if quote is not None and quote.outer.end <= match.start("name"):
            content = self._trim(quote.begin, quote.end, stop=True)
        else:
            content = self._trim(para.begin, match.start("name"), stop=True)
        if content is None:
            return False
        self._uncued(
            content, found.actor, found.confidence - 0.2, Sentence(para.begin, para.end, index)
        )
        self.cast.heard(match.start("name"), found.actor)
        return True

    def continuation(self, paragraph: Span, sentences: list[Sentence]) -> bool:
        """A paragraph that is one quotation, right after an attribution that
        quoted its speaker, continues it. True if it did."""
        if not self.found or not sentences:
            return False
        last = self.found[-1]
        if last.speaker is None or last.mode == "indirect":
            return False
        quote = self._opening_at(paragraph.begin + 1)
        if quote is None or quote.end < paragraph.end - 2:
            return False
        # (a block quotation after "X said:" is in the paragraph after its cue's)
        after_cue = last.quote is not None and last.quote.begin > last.sentence.end
        if sentences[0].paragraph - last.sentence.paragraph > (2 if after_cue else 1):
            return False
        content = self._trim(quote.begin, quote.end, stop=True)
        if content is None:
            return False
        self._uncued(
            content,
            last.speaker,
            last.confidence - 0.15,
            sentences[0],
            medium=last.medium,
            document_words=last.document_words,
            document_kind=last.document_kind,
            continues=last.continues or last,
        )
        return True

    def quoted_sentence(self, sentence: Sentence) -> None:
        """A sentence that is a quotation with no cue of its own, in the
        paragraph of the last attribution (“…,” she said. “It will close.”):
        the same speaker's words, continued."""
        if not self.found or self.full:
            return
        last = self.found[-1]
        quote = self._opening_at(sentence.begin + 1)
        if (
            last.speaker is None
            or last.sentence.paragraph != sentence.paragraph
            or quote is None
            or (quote.end < sentence.end - 2 and not quote.open_end)
            or (last.quote is not None and last.quote.overlaps(quote))
        ):
            return
        if quote.end > sentence.end and self._cue_after(quote):
            return  # “… . …,” he said: the quotation's own cue drafts it
        content = self._trim(quote.begin, quote.end, stop=True)
        if content is None:
            return
        self._uncued(
            content,
            last.speaker,
            last.confidence - 0.15,
            sentence,
            medium=last.medium,
            document_words=last.document_words,
            document_kind=last.document_kind,
            continues=last.continues or last,
        )

    def _cue_after(self, quote: Quotation) -> bool:
        """A reporting verb right after the quotation closes (“…,” he said)."""
        after = self.text[quote.outer.end : quote.outer.end + 80]
        stop = re.search(r"[.!?;:“\"\n]", after)
        forms = lexicon.verb_forms()
        return any(
            word.lower() in forms
            for word in _TOKEN.findall(after[: stop.start() if stop else None])
        )

    def _uncued(
        self,
        words: Span,
        speaker: Actor | None,
        confidence: float,
        sentence: Sentence,
        nested: list[Attribution] | None = None,
        *,
        medium: str = "unknown",
        when: Span | None = None,
        document_words: Span | None = None,
        document_kind: str | None = None,
        continues: Attribution | None = None,
        lemma: str = "continued",
    ) -> None:
        """Quoted words with no cue of their own (a block's sentence, a quoted
        paragraph, an embedded post): the act from their form, or the citing
        act of the hop they continue (what X quotes goes on being quoted)."""
        act = self._quoted_act(words, nested or [])
        if continues is not None and continues.act == "cite" and act not in RELAYING_ACTS:
            act = "cite"
        # "I think that ...", "My gut feeling is that ...", "I'm told ...": the quoted
        # speaker's own cue opening the quoted words
        opening = _STANCE_OPENING.match(self.text, words.begin, words.end)
        cue_type: CueType = "say"
        if opening is not None:
            cue_type = _STANCE_TYPES[opening.lastgroup or "say"]
        attribution = Attribution(
            Span(opening.start(), opening.end()) if opening is not None else None,
            cue_type,
            act,
            words,
            "direct",
            speaker,
            "underspecified",
            max(0.3, confidence),
            sentence,
            medium=medium,
            when=when,
            document_words=document_words,
            document_kind=document_kind,
            continues=continues,
            lemma=lemma,
        )
        self.found.append(attribution)
