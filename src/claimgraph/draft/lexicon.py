"""The drafter's word lists: reporting verbs with their speech acts, hedges,
words for documents, outlets and unnamed sources.

The verbs start from VerbNet's communication classes (say-37.7, tell-37.2,
complain-37.8, advise-37.9, ...) and the Gender Gap Tracker's quote verbs,
grouped by the speech act claimgraph's format gives the speaker's hop
(``act``). Their inflected forms come from LemmInflect, so the lists hold
lemmas only.
"""

from __future__ import annotations

from functools import cache
from typing import Final

from claimgraph.annotation.model import CueType, SpeechAct

# Verbs of criticism, whose complement is mostly an object ("condemned the attack").
_CRITICISING = ("criticise", "criticize", "condemn", "slam", "blast", "denounce", "decry")

# lemma -> the speaker's speech act
VERBS: Final[dict[str, SpeechAct]] = {
    **dict.fromkeys(
        [
            "say",
            "add",
            "tell",
            "continue",
            "comment",
            "remark",
            "note",
            "explain",
            "write",
            "stress",
            "reply",
            "respond",
            "answer",
            "observe",
            "recall",
            "mention",
            "describe",
            "emphasise",
            "emphasize",
            "insist",
            "repeat",
            "tweet",
            "post",
            "testify",
            "point",
            "conclude",
            "agree",
            "elaborate",
            "recount",
            "read",
            "defend",
            # more of VerbNet's say-37.7 / complain-37.8 and the Gender Gap
            # Tracker's quote verbs
            "ask",
            "reiterate",
            "clarify",
            "retort",
            "exclaim",
            "counter",
            "underline",
            "underscore",
            "assure",
            "boast",
            "joke",
            "quip",
            "shout",
        ],
        "say",
    ),
    # "X stated", "X declared": another's statement is a saying (the act ``state`` is the
    # article's own voice, its unattributed sentences); the hand annotations agree
    **dict.fromkeys(["state", "declare", "assert", "affirm"], "say"),
    # cognition and stance verbs (PARC 3.0 annotates "believe", "think" as
    # cues): the speaker holds the content true, the act of a claim
    **dict.fromkeys(
        ["claim", "argue", "maintain", "contend", "believe", "think", "consider", "reckon", "feel"],
        "claim",
    ),
    **dict.fromkeys(["allege"], "allege"),
    **dict.fromkeys(["accuse", "blame", "charge"], "accuse"),
    **dict.fromkeys(
        ["deny", "reject", "dismiss", "refute", "rebut", "dispute", "contradict"], "deny"
    ),
    # disbelief, not denial ("doubted the account", "questioned whether ..."); "believe",
    # "buy" only negated ("don't buy this claim"), as "believe" negated: DISBELIEF
    **dict.fromkeys(["doubt", "disbelieve", "distrust", "question", "buy"], "doubt"),
    **dict.fromkeys(["confirm", "acknowledge", "admit", "concede", "verify"], "confirm"),
    **dict.fromkeys(["reveal", "disclose", "leak", "expose"], "reveal"),
    **dict.fromkeys(["announce", "unveil", "proclaim"], "announce"),
    **dict.fromkeys(
        [
            "suggest",
            "hint",
            "imply",
            "speculate",
            "wonder",
            "estimate",
            "predict",
            "fear",
        ],
        "suggest",
    ),
    **dict.fromkeys([*_CRITICISING, "attack", "complain", "lament"], "criticise"),
    **dict.fromkeys(["warn", "caution", "threaten"], "warn"),
    **dict.fromkeys(["recommend", "advise", "propose", "encourage", "advocate"], "recommend"),
    # the ontology's "calls for": demands, urges ("We urge"); asking for something to be
    # done is a request ("asks for"), a command an order
    **dict.fromkeys(["demand", "urge"], "demand"),
    **dict.fromkeys(["request", "appeal"], "request"),
    **dict.fromkeys(["order", "instruct", "command"], "order"),
    # verbs that report a document's or a speaker's content as their object ("the
    # document detailed various flaws", "informs X that", "opined in a blog that")
    **dict.fromkeys(
        ["inform", "notify", "detail", "catalog", "catalogue", "summarize", "summarise"], "say"
    ),
    **dict.fromkeys(["opine"], "claim"),
    **dict.fromkeys(["promise", "pledge", "vow"], "promise"),
    **dict.fromkeys(["report"], "say"),
    # a study's or a court's findings ("researchers found that ...", "the court
    # ruled that ...", "results show ..."): WEAK, only with a clause
    **dict.fromkeys(["find", "show", "rule", "reason", "theorise", "theorize"], "say"),
    # who quotes, re-posts or retweets relays another's words
    **dict.fromkeys(["cite", "quote", "repost", "re-post", "retweet"], "cite"),
}

# Verbs that say disbelief when negated ("do not believe", "don't buy this claim"),
# and are no cue at all ONLY_NEGATED, or another act ("believe": suggest), when not.
DISBELIEF: Final[frozenset[str]] = frozenset(["believe", "buy"])
# Words before "doubt" that make it a noun ("without doubt", "no doubt that"); "cast
# doubt on" is a cue of its own (a phrase).
BEFORE_DOUBT_NOUN: Final[frozenset[str]] = frozenset(
    [
        "without",
        "no",
        "beyond",
        "little",
        "some",
        "any",
        "much",
        "in",
        "serious",
        "reasonable",
        "cast",
        "casts",
        "casting",
        "raise",
        "raised",
        "raises",
        "raising",
        "expressed",
    ]
)
ONLY_NEGATED: Final[frozenset[str]] = frozenset(["buy"])
# Verbs of doubt that are a cue only with this after them ("questioned whether", not
# "police questioned him").
DOUBT_CLAUSE: Final[dict[str, str]] = {"question": r"\s+(?:whether|if)\b"}

# Verbs that are cues only when a clause or a quotation follows (they have other senses).
WEAK: Final[frozenset[str]] = frozenset(
    [
        "find",
        "show",
        "rule",
        "reason",
        "theorise",
        "theorize",
        "add",
        "continue",
        "note",
        "point",
        "write",
        "post",
        "attack",
        "charge",
        "expose",
        "leak",
        "think",
        "believe",
        "consider",
        "reckon",
        "describe",
        "answer",
        "repeat",
        "conclude",
        "recall",
        "observe",
        "mention",
        "maintain",
        "report",
        "quote",
        "agree",
        "read",
        "ask",
        "counter",
        "underline",
        "underscore",
        "joke",
        "shout",
        "fear",
        "lament",
        "boast",
        "tweet",  # "tweeted support of X": no clause, no report
        "order",  # "ordered a pizza", "in order to": only with an addressee and "to"
        "feel",  # "feel sick": a stance only with a clause
        "summarize",  # "summarised the debate:": a block's intro, not its content
        "summarise",
    ]
)

# Verbs whose complement is mostly an object, not a reported clause ("who
# defended the rebels", "who attacked the bar"): no cue after a bare "who".
OBJECT_VERBS: Final[frozenset[str]] = frozenset(
    [
        "defend",
        "attack",
        "blame",
        "accuse",
        "charge",
        *_CRITICISING,
        "describe",
        "quote",
        "cite",
        "read",
        "leak",
        "expose",
        "unveil",
        "post",
        "tweet",
        "answer",
        "respond",
        "reply",
        "repeat",
        "comment",
        "recount",
        "mention",
        "recommend",
        "urge",
        "demand",
        "continue",
        "report",
    ]
)

# Participles that open an adjunct after a reported clause (", referring to ..."):
# the clause ends before them.
ADJUNCT_PARTICIPLES: Final[frozenset[str]] = frozenset(
    ["referring", "alluding", "pointing", "calling", "labelling", "labeling", "branding", "terming"]
)

# Nouns that are cues when an owner and a that-clause go with them ("the
# ministry's statement that ...", "his claim that ...").
NOMINAL_CUES: Final[dict[str, SpeechAct]] = {
    "statement": "say",
    "claim": "claim",
    "claims": "claim",
    "assertion": "claim",
    "argument": "claim",
    "allegation": "allege",
    "allegations": "allege",
    "accusation": "accuse",
    "accusations": "accuse",
    "denial": "deny",
    "admission": "confirm",
    "confirmation": "confirm",
    "announcement": "announce",
    "revelation": "reveal",
    "warning": "warn",
    "suggestion": "suggest",
    "belief": "suggest",
    "insistence": "say",
    "promise": "promise",
    "pledge": "promise",
    "remark": "say",
    "remarks": "say",
    "comments": "say",
}
PRONOUNS_POSSESSIVE: Final[dict[str, str]] = {
    "his": "he",
    "her": "she",
    "their": "they",
    "its": "it",
}

# Verbs whose addressee comes straight after them ("told Sky News").
TELLING: Final[frozenset[str]] = frozenset(["tell", "inform", "assure", "warn", "advise", "urge"])

CUE_TYPES: Final[dict[SpeechAct, CueType]] = {
    "say": "say",
    "state": "say",
    "report": "say",
    "claim": "claim",
    "allege": "allege",
    "accuse": "accuse",
    "deny": "deny",
    "doubt": "doubt",
    "confirm": "confirm",
    "reveal": "reveal",
    "announce": "announce",
    "suggest": "suggest",
    "criticise": "say",
    "warn": "say",
    "recommend": "say",
    "demand": "say",
    "request": "say",
    "order": "say",
    "ask": "say",
    "promise": "say",
    "cite": "cite",
}

# Adverbs and phrases by which the article hedges its own statement.
HEDGES: Final[dict[str, SpeechAct]] = {
    "allegedly": "allege",
    "reportedly": "allege",
    "purportedly": "allege",
    "supposedly": "allege",
    "apparently": "suggest",
    "seemingly": "suggest",
    "it seems": "suggest",
    "it appears": "suggest",
}

# Nouns that name a document a claim can be stated in.
DOCUMENT_KINDS: Final[dict[str, str]] = {
    "email": "email",
    "e-mail": "email",
    "emails": "email",
    "e-mails": "email",
    "correspondence": "email",
    "memo": "letter",
    "letter": "letter",
    "report": "report",
    "document": "report",
    "documents": "report",
    "cable": "report",
    "records": "report",
    "record": "report",
    "statement": "report",
    "tweet": "social-media-post",
    "post": "social-media-post",
    "posts": "social-media-post",
    "blog": "social-media-post",
    "article": "article",
    "study": "report",
    "studies": "report",
    "survey": "report",
    "analysis": "report",
    "findings": "report",
    # texts put to a vote or a decision, which say what they propose ("the bill
    # denounces ...", "the petition demands ...")
    "bill": "report",
    "petition": "letter",
    "resolution": "report",
    "proposal": "report",
    "project": "report",
}
# Nouns that are a document's only with one after "of" ("the results of the National
# Iodine Study revealed that"; "the results show" of an election is no one's report).
HEADED_DOCUMENTS: Final[dict[str, str]] = {"results": "report", "conclusions": "report"}
# Words after a document's noun that modify it ("PC World's analysis of its traffic",
# "a new study documenting ...", "the results of the study published in ..."): the
# noun is the head of the subject, its document.
DOCUMENT_MODIFIERS: Final[frozenset[str]] = frozenset(
    [
        "of",
        "by",
        "on",
        "into",
        "from",
        "in",
        "for",
        "about",
        "published",
        "released",
        "conducted",
        "commissioned",
        "carried",
        "issued",
        "prepared",
        "produced",
        "led",
        "funded",
    ]
)

# Groups of people news reports quote unnamed ("party members said"), and a bare
# quantifier as the subject ("some say", "others argue", "many believe"): unnamed
# speakers (UNNAMED) that are groups (GROUP_WORDS).
UNNAMED_GROUPS: Final[frozenset[str]] = frozenset(
    [
        "members",
        "protesters",
        "protestors",
        "students",
        "workers",
        "locals",
        "citizens",
        "voters",
        "scholars",
        "academics",
        "journalists",
        "reporters",
        "doctors",
        "scientists",
        "researchers",
        "authors",
        "individuals",
        "posters",
        "women",
        "men",
        "opponents",
        "voices",  # "some voices have insisted"
        "demonstrators",
        "organisers",
        "organizers",
        "some",
        "others",
        "many",
    ]
)

# Nouns for unnamed speakers: an anonymous source described by the article's words.
UNNAMED: Final[frozenset[str]] = UNNAMED_GROUPS | frozenset(
    [
        "member",
        "source",
        "sources",
        "official",
        "officials",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "insider",
        "insiders",
        "aide",
        "aides",
        "diplomat",
        "diplomats",
        "person",
        "people",
        "witness",
        "witnesses",
        "analyst",
        "analysts",
        "expert",
        "experts",
        "critics",
        "critic",
        "activists",
        "activist",
        "residents",
        "resident",
        "observers",
        "representative",
        "representatives",
        "authorities",
        "investigators",
        "police",
        "media",
        "reports",
        "commentators",
        "users",
        "netizens",
        "bloggers",
        "campaigners",
        "lawyers",
        "user",
        "netizen",
        "blogger",
        "commenter",
        "commenters",
        "poster",
        "woman",
        "man",
        "commentator",
        "readers",
        "reader",
        # a person described by their relation to someone named ("Jane Smith's lawyer")
        "lawyer",
        "attorney",
        "adviser",
        "advisor",
        "friend",
        "friends",
        "relative",
        "relatives",
        "colleague",
        "colleagues",
        "neighbour",
        "neighbours",
        "neighbor",
        "neighbors",
        "wife",
        "husband",
        "mother",
        "father",
        "son",
        "daughter",
        "brother",
        "sister",
        "family",
        "supporters",
        "supporter",
    ]
)

# The words that open a noun phrase naming one thing ("the ministry", "his aide").
DETERMINERS: Final[frozenset[str]] = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
    ]
)

# Unnamed speakers that are groups rather than one source.
GROUP_WORDS: Final[frozenset[str]] = UNNAMED_GROUPS | frozenset(
    [
        "officials",
        "insiders",
        "aides",
        "diplomats",
        "people",
        "witnesses",
        "analysts",
        "experts",
        "critics",
        "activists",
        "residents",
        "observers",
        "representatives",
        "authorities",
        "investigators",
        "media",
        "reports",
        "commentators",
        "users",
        "netizens",
        "bloggers",
        "campaigners",
        "lawyers",
        "sources",
        "commenters",
        "readers",
    ]
)

# Words that make a capitalised name an organisation.
ORGANISATION_WORDS: Final[frozenset[str]] = frozenset(
    [
        "Office",
        "Ministry",
        "Council",
        "Committee",
        "Commission",
        "Agency",
        "Department",
        "Party",
        "Union",
        "Bank",
        "Court",
        "Police",
        "Army",
        "Association",
        "Foundation",
        "Institute",
        "University",
        "Company",
        "Corporation",
        *("Corp", "Corp.", "Inc", "Inc.", "Ltd", "Ltd.", "LLC", "plc", "PLC", "GmbH", "AG"),
        "Group",
        "Network",
        "News",
        "Times",
        "Post",
        "Guardian",
        "Journal",
        "Herald",
        "Tribune",
        "Telegraph",
        "Reuters",
        "Press",
        "Agency",
        "Service",
        "Services",
        "Authority",
        "Authorities",
        "Board",
        "Parliament",
        "Assembly",
        "Congress",
        "Senate",
        "Organisation",
        "Organization",
        "Front",
        "Movement",
        "Federation",
        "Cross",
        "Coalition",
        "Campaign",
        "Centre",
        "Center",
        "Watch",
        "International",
        "BBC",
        "CNN",
        "Labour",
        "Conservatives",
    ]
)
GOVERNMENT_WORDS: Final[frozenset[str]] = frozenset(
    ["Government", "government", "Ministry", "Office", "Department", "Cabinet", "Administration"]
)

# News outlets: a word of the name ("Sky News", "The Daily Star", "LA Weekly"), or the
# name itself (agencies and broadcasters known by their initials). An outlet that
# says something reports it (act ``report``), as the hand annotations have it.
OUTLET_WORDS: Final[frozenset[str]] = frozenset(
    [
        "News",
        "Times",
        "Post",
        "Journal",
        "Herald",
        "Tribune",
        "Telegraph",
        "Gazette",
        "Guardian",
        "Observer",
        "Chronicle",
        "Reuters",
        "Press",
        "Radio",
        "TV",
        "Television",
        "Broadcasting",
        "Magazine",
        "Daily",
        "Weekly",
        "Newsweek",
        "Bloomberg",
    ]
)
OUTLETS: Final[frozenset[str]] = frozenset(
    [
        "AFP",
        "AP",
        "BBC",
        "CNN",
        "ABC",
        "CBC",
        "CBS",
        "NBC",
        "NPR",
        "PBS",
        "RT",
        "TASS",
        "KCNA",
        "Yonhap",
        "Xinhua",
        "Interfax",
        "Reuters",
        "Bloomberg",
        "Al Jazeera",
        "Al Arabiya",
        "Ria Novosti",
        "RIA Novosti",
        "Kyodo",
        "ANSA",
        "EFE",
        "DPA",
        "dpa",
        "IRNA",
    ]
)
# Unnamed reporting ("media reports", "the local media", "Reports:"): an outlet when it
# reports ("reports", "reported", a headline's kicker), not when it says.
MEDIA_NOUNS: Final[frozenset[str]] = frozenset(
    ["media", "reports", "press", "newspapers", "newspaper", "outlets", "tabloids"]
)
# A verb-less subject that is evidence, not a speaker ("Estimates suggest", "The
# correspondence suggests"): the article's own inference from it (act ``suggest``).
EVIDENCE: Final[frozenset[str]] = frozenset(
    [
        "estimates",
        "estimate",
        "figures",
        "data",
        "statistics",
        "numbers",
        "evidence",
        "records",
        "correspondence",
        "emails",
        "e-mails",
        "documents",
        "polls",
        "signs",
        "indications",
    ]
)
# What "according to" can name that is no one's word but a rule the article applies
# ("according to Russian legislation"): the article's own statement (act ``state``).
RULES: Final[frozenset[str]] = frozenset(
    [
        "legislation",
        "law",
        "laws",
        "rules",
        "regulations",
        "constitution",
        "code",
        "guidelines",
        "tradition",
        "custom",
        "doctrine",
        "calendar",
        "schedule",
    ]
)
# Verbs by which evidence suggests (with EVIDENCE as the subject).
INFERRING: Final[frozenset[str]] = frozenset(["suggest", "imply", "hint"])

# Titles that stand before a person's name ("Home Secretary Suella Braverman").
TITLE_WORDS: Final[frozenset[str]] = frozenset(
    [
        "President",
        "Minister",
        "Secretary",
        "Chancellor",
        "Senator",
        "Governor",
        "Mayor",
        "Ambassador",
        "Judge",
        "General",
        "general",  # "Major general X"
        "Major",
        "Lieutenant",
        "Captain",
        "Sergeant",
        "Admiral",
        "Brigadier",
        "Colonel",
        "Commander",
        "Chief",
        "CEO",
        "Director",
        "Chairman",
        "Chairwoman",
        "Chair",
        "Spokesman",
        "Spokeswoman",
        "Spokesperson",
        "Prime",
        "Foreign",
        "Home",
        "Interior",
        "Defence",
        "Defense",
        "Justice",
        "Shadow",
        "Deputy",
        "Vice",
        "Former",
        "former",
        "MP",
        "Dr",
        "Professor",
        "Sheikh",
        "King",
        "Queen",
        "Prince",
        "Bishop",
        "Pope",
        "Campaigner",
        "campaigner",
        "Writer",
        "writer",
        "Author",
        "Blogger",
        "Activist",
        "Journalist",
        "Lawyer",
        "Barrister",
        "Attorney",
        "Editor",
        "Columnist",
        "Analyst",
        "Researcher",
        "Economist",
        "Historian",
        "Novelist",
        "Poet",
        "Mr",
        "Mrs",
        "Ms",
        "Mr.",
        "Mrs.",
        "Ms.",
        "Dr.",
        "Administrator",  # "NASA Administrator Charles Bolden"
        "Undersecretary",
        "Commissioner",
        "Superintendent",
        "barrister",
        "lawyer",
        "activist",
        "blogger",
        "aide",
        "journalist",
        "analyst",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "minister",
        "secretary",
        "director",
        "leader",
        "Leader",
    ]
)

# Nouns for a post held by one person ("the minister said"): the person last
# named with the word before their name, or an unnamed source.
ROLES: Final[frozenset[str]] = frozenset(
    [
        "minister",
        "president",
        "premier",
        "chancellor",
        "secretary",
        "mayor",
        "governor",
        "senator",
        "judge",
        "chairman",
        "chairwoman",
        "director",
        "leader",
        "ambassador",
        "commander",
        "chief",
        "prosecutor",
        "mp",
        "head",
        "founder",
        "editor",
        "ceo",
        "manager",
        "owner",
        "candidate",
        "professor",
        "researcher",
        "scientist",
        "doctor",
        "economist",
    ]
)

# Common nouns for institutions that speak ("the government recommending ..."):
# the nearest actor named with the word, or a new organisation.
INSTITUTIONS: Final[frozenset[str]] = frozenset(
    [
        "government",
        "ministry",
        "police",
        "army",
        "court",
        "city",  # "the city reasoned": the city's government
        "municipality",
        "county",
        "embassy",
        "company",
        "party",
        "blog",
        "council",
        "committee",
        "office",
        "newspaper",
        "agency",
        "campaign",
        "commission",
        "administration",
        "department",
        "website",
        "organisation",
        "organization",
        "group",
        "union",
        "prosecutor",
        "prosecutors",
        "church",
        "regime",
        "authority",
        "board",
        "cabinet",
        "presidency",
        "military",
        "opposition",
        "movement",
        "coalition",
        "alliance",
        "consulate",
        "firm",
        "bank",
        "charity",
        "foundation",
        "association",
        "federation",
        "network",
        "broadcaster",
        "channel",
        "magazine",
        "paper",
        "university",
        "hospital",
        "club",
        "team",
        "station",
    ]
)

# Words after which a verb form is not a report: negation, modals, passives.
NOT_A_REPORT: Final[frozenset[str]] = frozenset(
    [
        "not",
        "n't",
        "never",
        "should",
        "must",
        "would",
        "could",
        "might",
        "may",
        "can",
        "cannot",
        "to",
        "was",
        "were",
        "been",
        "be",
        "being",
        "is",
        "are",
        "get",
        "got",
    ]
)

PRONOUNS: Final[dict[str, str]] = {
    "he": "person",
    "she": "person",
    "they": "group",
    "it": "thing",
    "i": "first",
    "we": "first",
}


MONTHS: Final[tuple[str, ...]] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS: Final[tuple[str, ...]] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)


@cache
def verb_forms() -> dict[str, str]:
    """Every inflected form of every reporting verb, mapped to its lemma."""
    from lemminflect import getAllInflections  # numpy-backed: imported when first needed

    forms: dict[str, str] = {}
    for lemma in VERBS:
        if "_" in lemma:
            continue
        forms[lemma] = lemma
        inflections = getAllInflections(lemma, upos="VERB")
        if not inflections:  # not in LemmInflect's tables ("repost"): the regular forms
            inflections = {"": (f"{lemma}s", f"{lemma}ed", f"{lemma}ing")}
        for variants in inflections.values():
            for form in variants:
                forms.setdefault(form.lower(), lemma)
    return forms


@cache
def only_a_verb(word: str) -> bool:
    """``word`` is a form of a verb and of no noun or adjective in LemmInflect's
    dictionary ("contradict", "collapsed"; not "report", "shows", "members"):
    a finite verb where a clause's verb can stand."""
    from lemminflect import getAllLemmas

    lemmas = getAllLemmas(word)
    return "VERB" in lemmas and "NOUN" not in lemmas and "ADJ" not in lemmas


@cache
def can_be_verb(word: str) -> bool:
    """``word`` is a form of a verb in LemmInflect's dictionary ("turn", "attack";
    not "blasphemous"): what can follow an infinitive's "to"."""
    from lemminflect import getAllLemmas

    return "VERB" in getAllLemmas(word.lower())


@cache
def only_an_adverb(word: str) -> bool:
    """``word`` is an adverb and nothing else in LemmInflect's dictionary
    ("rightly", "always"; not "daily", "early", "family"): what can stand
    between a subject and its verb."""
    from lemminflect import getAllLemmas

    return set(getAllLemmas(word)) == {"ADV"}
