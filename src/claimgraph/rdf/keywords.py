"""The annotation format's keywords as ontology terms: each ``kind``, ``status``,
``certainty`` and the like an annotation may give, and the class, individual or
property of the claimgraph ontology the mapper writes for it."""

from __future__ import annotations

from claimgraph.rdf.vocab import CG

ACTOR_CLASSES = {
    "person": CG.Person,
    "organisation": CG.Organisation,
    "government": CG.Government,
    "armed-group": CG.ArmedGroup,
    "state": CG.State,
    "people-group": CG.PeopleGroup,
    "unidentified": CG.UnidentifiedActor,
    "anonymous-source": CG.AnonymousSource,
}
DOCUMENT_CLASSES = {
    "email": CG.Email,
    "report": CG.Report,
    "letter": CG.Letter,
    "collection": CG.DocumentCollection,
    "article": CG.NewsArticle,
    "social-media-post": CG.SocialMediaPost,
    "web-post": CG.WebPost,
    "comment": CG.ReaderComment,
    "press-release": CG.PressRelease,
    "website": CG.Website,
}
PROPOSITION_CLASSES = {
    "state": CG.StateOfAffairs,
    "relation": CG.Relation,
    "characterisation": CG.Characterisation,
    "cause": CG.Causation,
    "exchange": CG.Exchange,
}
CERTAINTY = {
    "certain": CG.certain,
    "probable": CG.probable,
    "possible": CG.possible,
    "underspecified": CG.underspecified,
}
POLARITY = {"positive": CG.positive, "negative": CG.negative}
QUOTE_MODE = {"direct": CG.direct, "indirect": CG.indirect, "mixed": CG.mixed}
STATUS = {
    "established": CG.established,
    "alleged": CG.alleged,
    "disputed": CG.disputed,
    "denied": CG.denied,
    "planned": CG.planned,
    "announced": CG.announced,
    "called-for": CG.calledFor,
}
CUE_TYPE = {
    "say": CG.cueSay,
    "reveal": CG.cueReveal,
    "cite": CG.cueCite,
    "according-to": CG.cueAccordingTo,
    "suggest": CG.cueSuggest,
    "deny": CG.cueDeny,
    "doubt": CG.cueDoubt,
    "confirm": CG.cueConfirm,
    "allege": CG.cueAllege,
    "announce": CG.cueAnnounce,
    "claim": CG.cueClaim,
    "accuse": CG.cueAccuse,
    "headline": CG.cueHeadline,
}
SPEECH_ACT = {
    "report": CG.actReport,
    "cite": CG.actCite,
    "state": CG.actState,
    "say": CG.actSay,
    "claim": CG.actClaim,
    "allege": CG.actAllege,
    "reveal": CG.actReveal,
    "confirm": CG.actConfirm,
    "deny": CG.actDeny,
    "doubt": CG.actDoubt,
    "suggest": CG.actSuggest,
    "announce": CG.actAnnounce,
    "accuse": CG.actAccuse,
    "criticise": CG.actCriticise,
    "recommend": CG.actRecommend,
    "warn": CG.actWarn,
    "promise": CG.actPromise,
    "demand": CG.actDemand,
    "request": CG.actRequest,
    "order": CG.actOrder,
    "ask": CG.actAsk,
}
MEDIUM = {
    "statement": CG.mediumStatement,
    "interview": CG.mediumInterview,
    "press-conference": CG.mediumPressConference,
    "speech": CG.mediumSpeech,
    "social-media-post": CG.mediumSocialMediaPost,
    "broadcast": CG.mediumBroadcast,
    "testimony": CG.mediumTestimony,
    "conversation": CG.mediumConversation,
}
PRECISION = {
    "day": CG.dayPrecision,
    "month": CG.monthPrecision,
    "year": CG.yearPrecision,
    "season": CG.seasonPrecision,
}
SEASON = {"spring": CG.spring, "summer": CG.summer, "autumn": CG.autumn, "winter": CG.winter}
ROLES = {
    "instigators": CG.hasInstigator,
    "agents": CG.hasAgent,
    "targets": CG.hasTarget,
    "victims": CG.hasVictim,
    "beneficiaries": CG.hasBeneficiary,
    "participants": CG.hasParticipant,
}
CLAIM_LINKS = {
    "corroborates": CG.corroborates,
    "contradicts": CG.contradicts,
    "repeats": CG.repeats,
    "same_statement": CG.sameStatementAs,
}
