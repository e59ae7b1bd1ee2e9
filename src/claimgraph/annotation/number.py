"""The grammatical number of the words an article uses for an unnamed source:
"Saudi officials" name several, "a source close to the ministry" one."""

from __future__ import annotations

import re

from lemminflect import getLemma

# The words after which a description's head noun has been said: "sources close to the
# ministry", "a source who is aware", "a comment left under ...".
_AFTER_HEAD = re.compile(
    r"\s(?:who|which|that|of|from|in|at|on|with|close|near|familiar|left|under|for|to|by|"
    r"inside|within|among|involved|working|speaking|quoted|cited)\b",
    re.I,
)
# Words that stand for several on their own ("some say", "many believe").
_PLURAL_WORDS = frozenset(["some", "many", "several", "others", "both", "few", "all", "most"])


def described_plural(described: str) -> bool:
    """Whether an unnamed source's description names several ("Saudi officials",
    "some", "bureaucrats of the government") rather than one ("a source close to
    the ministry", "Another"): its head noun (the last word before a relative
    clause or a preposition) differs from its singular, as LemmInflect lemmatises it."""
    head_words = _AFTER_HEAD.split(f" {described.strip()}", maxsplit=1)[0].split()
    if not head_words:
        return False
    head = re.sub(r"[^\w'-]", "", head_words[-1]).lower()
    if head in _PLURAL_WORDS or head in ("people", "media", "police"):
        return True
    return head not in getLemma(head, upos="NOUN") if head else False
