"""The SPARQL 1.1 terminals (W3C sparql11-query §19.8, productions 139-173) as
compiled regular expressions, and how the parser decodes and re-emits them.

Codepoint escapes (``\\uXXXX``, ``\\UXXXXXXXX``, §19.2). The specification
decodes them in the whole text before parsing; the engine (pyoxigraph 0.5,
built without spargebra's ``standard-unicode-escaping`` feature) decodes them
only inside IRIs and strings, and reads one anywhere else as a syntax error
(``\\u0053ERVICE`` is not ``SERVICE`` to it). claimgraph accepts a text only
where both readings agree: escapes are decoded inside IRIs and strings, as
long as the character they stand for would not end the IRI or string, or
begin an escape, under the specification's reading; an escape of a line end
inside a comment (which would end the comment under the specification's
reading and not under the engine's) and an escape anywhere else are refused.

The canonical text the parser emits never holds a ``\\u`` the engine could
decode differently: IRIs are written decoded, strings with ECHAR escapes only,
and a backslash of a string's value followed by ``u`` or ``U`` has that letter
written as an escape of its own (a pre-pass over ``\\\\u0041`` would read
``\\`` then ``\\u0041``)."""

from __future__ import annotations

import re

# -- character classes (productions 164-173) ------------------------------------------

PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
PN_CHARS_U = PN_CHARS_BASE + "_"
PN_CHARS = PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
HEX = "0-9A-Fa-f"
PLX = rf"%[{HEX}]{{2}}|\\[_~.\-!$&'()*+,;=/?#@%]"

# Possessive quantifiers throughout: no input makes a terminal backtrack.
VARNAME = rf"[{PN_CHARS_U}0-9][{PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*+"
PN_PREFIX = rf"[{PN_CHARS_BASE}][{PN_CHARS}]*+(?:\.++[{PN_CHARS}]++)*+"
PN_LOCAL = (
    rf"(?:[{PN_CHARS_U}:0-9]|{PLX})(?:[{PN_CHARS}:]|{PLX})*+(?:\.++(?:[{PN_CHARS}:]|{PLX})++)*+"
)
ESCAPE = rf"\\(?:[tbnrf\"'\\]|u[{HEX}]{{4}}|U[{HEX}]{{8}})"

# -- the terminals ----------------------------------------------------------------------

# Whitespace (WS: space, tab, CR, LF, nothing else) and comments, which end at
# CR or LF. A comment may not hold an escape of CR or LF (see above).
SKIP = re.compile(r"(?:[ \t\r\n]++|#(?:[^\r\n\\]++|\\(?!u000[aAdD]|U0000000[aAdD]))*+)*+").match
IRIREF = re.compile(rf"<((?:[^<>\"{{}}|^`\\\x00-\x20]++|\\u[{HEX}]{{4}}|\\U[{HEX}]{{8}})*+)>").match
# a prefixed name (group 1 the prefix, group 2 the local part) or a bare word
WORD = re.compile(rf"({PN_PREFIX})?:({PN_LOCAL})?|([A-Za-z][A-Za-z0-9_]*+)").match
VAR = re.compile(rf"[?$]({VARNAME})").match
BLANK_NODE_LABEL = re.compile(rf"_:[{PN_CHARS_U}0-9][{PN_CHARS}]*+(?:\.++[{PN_CHARS}]++)*+").match
LANGTAG = re.compile(r"@[a-zA-Z]++(?:-[a-zA-Z0-9]++)*+").match
NUMBER = re.compile(
    r"[+-]?(?:(?:[0-9]++(?:\.[0-9]*+)?|\.[0-9]++)[eE][+-]?[0-9]++|[0-9]*+\.[0-9]++|[0-9]++)"
).match
STRING_LONG1 = re.compile(rf"'''((?:[^'\\]++|{ESCAPE}|''?(?=[^']))*+)'''").match
STRING_LONG2 = re.compile(rf'"""((?:[^"\\]++|{ESCAPE}|""?(?=[^"]))*+)"""').match
STRING1 = re.compile(rf"'((?:[^'\\\n\r]++|{ESCAPE})*+)'").match
STRING2 = re.compile(rf'"((?:[^"\\\n\r]++|{ESCAPE})*+)"').match
NIL = re.compile(r"\([ \t\r\n]*+\)").match
ANON = re.compile(r"\[[ \t\r\n]*+\]").match
PUNCT = re.compile(r"\|\||&&|\^\^|!=|<=|>=|<<|\{\||\|\}|[{}()\[\],;.*/|^!=<>+\-?]").match

INTEGER = re.compile(r"[0-9]++").fullmatch
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*+:").match
DOT_SEGMENT = re.compile(r"/\.\.?(?:/|$)").search

_CODEPOINT = re.compile(rf"\\u([{HEX}]{{4}})|\\U([{HEX}]{{8}})")
_STRING_ESCAPE = re.compile(ESCAPE)
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]').search


class TerminalError(ValueError):
    """A terminal the parser must refuse: ``offset`` is where, in the terminal."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.offset = offset


def _codepoint(hex_digits: str, offset: int) -> str:
    value = int(hex_digits, 16)
    if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        raise TerminalError(f"an escape of U+{value:04X}, which is not a Unicode character", offset)
    return chr(value)


def decode_iri(raw: str) -> str:
    """The IRI written ``raw`` between ``<`` and ``>``, its codepoint escapes decoded.
    An escape may not stand for a character an IRIREF cannot hold."""
    if "\\" not in raw:
        return raw

    def replace(match: re.Match[str]) -> str:
        char = _codepoint(match.group(1) or match.group(2), match.start())
        if _IRI_FORBIDDEN(char):
            raise TerminalError(
                f"an escape of {char!r} in an IRI, which an IRI cannot hold", match.start()
            )
        return char

    return _CODEPOINT.sub(replace, raw)


def decode_string(raw: str, quote: str, long: bool) -> str:
    """The value of a string whose text between its quotes is ``raw``. A
    codepoint escape may not stand for the quote, a backslash or (in a short
    string) a line end: the specification's pre-pass would end the string there."""
    if "\\" not in raw:
        return raw

    def replace(match: re.Match[str]) -> str:
        text = match.group()
        if text[1] in "uU":
            char = _codepoint(text[2:], match.start())
            if char == quote or char == "\\" or (not long and char in "\r\n"):
                raise TerminalError(
                    f"a codepoint escape of {char!r} in a string: escape it as {_echar(char)}",
                    match.start(),
                )
            return char
        return _ECHAR[text[1]]

    return _STRING_ESCAPE.sub(replace, raw)


def _echar(char: str) -> str:
    return {"\\": "\\\\", '"': '\\"', "'": "\\'", "\n": "\\n", "\r": "\\r"}[char]


def emit_string(value: str) -> str:
    """``value`` as one canonical SPARQL string: double quotes, the ECHAR
    escapes it needs and no other, and no backslash followed by ``u`` or ``U``."""
    if "\\" in value:
        value = value.replace("\\", "\\\\")
        if "\\\\u" in value or "\\\\U" in value:
            value = value.replace("\\\\u", "\\\\\\u0075").replace("\\\\U", "\\\\\\u0055")
    if '"' in value:
        value = value.replace('"', '\\"')
    if "\n" in value:
        value = value.replace("\n", "\\n")
    if "\r" in value:
        value = value.replace("\r", "\\r")
    return f'"{value}"'


def local_iri_part(local: str) -> str:
    """The IRI text a prefixed name's local part stands for: its backslashes removed."""
    return local.replace("\\", "") if "\\" in local else local


def emit_local(local: str) -> str:
    """A local part as the engine reads it back whole: each ``.`` escaped (its
    grammar takes at most one run of dots inside a local part)."""
    if "." not in local:
        return local
    return re.sub(r"\\?\.", r"\\.", local)
