"""A recursive-descent parser of the SPARQL 1.1 Query and Update grammars
(W3C sparql11-query §19.8, sparql11-update §19), one token of lookahead.

While it reads, the parser writes the canonical text the server sends to the
engine (comments dropped, one space between tokens, keywords upper-cased,
strings and IRIs re-emitted by ``terminals``), measures the depth of the tree
the engine will build, and notes the remote calls (SERVICE, LOAD).

Depth. The engine's parser, optimiser and evaluator recurse over the tree, and
overflow their stack a few thousand levels down. Each of these is a level:
a group ``{ }``; each element of a group joined to the ones before it (a triple
pattern, FILTER, OPTIONAL, MINUS, BIND, VALUES, GRAPH, SERVICE, a sub-group;
the engine joins a basic graph pattern's triples one by one); each UNION; a
sub-select; each application of a binary operator (``1+1+1+1`` is three, and
four inside ``FILTER( )``); each unary operator, bracket and call; each
property-path operator; each nested ``[ ]`` or ``( )`` of triples. A level
costs the parser at most four Python frames, and it refuses a text as soon as
it goes past the limit, so its own recursion is bounded too.

Where the engine's parser (pyoxigraph 0.5's spargebra, a PEG) reads a text
differently from the specification, the parser refuses the text or writes it
so that both read it alike:

* ``<`` after an operand is the less-than operator, elsewhere it starts an
  IRI (``FILTER(?a<?b&&?c>?d)`` is two comparisons);
* the engine matches a keyword on its first letters, without a word boundary:
  a prefixed name that starts with SILENT (after SERVICE or an update
  keyword), GRAPH or DEFAULT (where an update takes either) or DISTINCT (first
  in an aggregate) would be read as that keyword then another name, and is
  refused; a prefixed name whose IRI the engine would reject (it then tries
  the keyword) is refused;
* the engine reads at most one run of dots inside a local name: each dot is
  written escaped (``ex:a\\.b\\.c``);
* after a property path, the engine reads the ``+`` of ``+1`` as a path
  modifier: the number is written as a typed literal;
* ``BNODE``, ``CONCAT`` and ``COALESCE`` must touch their ``(``; every call is
  written so;
* no ``#`` outside IRIs and strings: a prefixed name with ``\\#`` in its local
  part is written as its IRI.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn

import pyoxigraph as ox

from claimgraph.sparql import terminals as t
from claimgraph.sparql.errors import SparqlSyntaxError, TooDeep, shown

MANY = 1 << 30
_CALLS: dict[str, tuple[int, int]] = {
    **dict.fromkeys(
        [
            "STR",
            "LANG",
            "DATATYPE",
            "IRI",
            "URI",
            "ABS",
            "CEIL",
            "FLOOR",
            "ROUND",
            "STRLEN",
            "UCASE",
            "LCASE",
            "ENCODE_FOR_URI",
            "YEAR",
            "MONTH",
            "DAY",
            "HOURS",
            "MINUTES",
            "SECONDS",
            "TIMEZONE",
            "TZ",
            "MD5",
            "SHA1",
            "SHA256",
            "SHA384",
            "SHA512",
            "ISIRI",
            "ISURI",
            "ISBLANK",
            "ISLITERAL",
            "ISNUMERIC",
        ],
        (1, 1),
    ),
    **dict.fromkeys(
        [
            "LANGMATCHES",
            "CONTAINS",
            "STRSTARTS",
            "STRENDS",
            "STRBEFORE",
            "STRAFTER",
            "STRLANG",
            "STRDT",
            "SAMETERM",
        ],
        (2, 2),
    ),
    **dict.fromkeys(["RAND", "NOW", "UUID", "STRUUID"], (0, 0)),
    "BNODE": (0, 1),
    "CONCAT": (0, MANY),
    "COALESCE": (0, MANY),
    "IF": (3, 3),
    "SUBSTR": (2, 3),
    "REGEX": (2, 3),
    "REPLACE": (3, 4),
}
_AGGREGATES = frozenset(["COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"])
_CALL_START = frozenset({*_CALLS, *_AGGREGATES, "BOUND", "EXISTS", "NOT"})
KEYWORDS = frozenset(
    {
        *_CALL_START,
        *[
            "BASE",
            "PREFIX",
            "SELECT",
            "DISTINCT",
            "REDUCED",
            "AS",
            "CONSTRUCT",
            "WHERE",
            "DESCRIBE",
            "ASK",
            "FROM",
            "NAMED",
            "GROUP",
            "BY",
            "HAVING",
            "ORDER",
            "ASC",
            "DESC",
            "LIMIT",
            "OFFSET",
            "VALUES",
            "LOAD",
            "SILENT",
            "INTO",
            "CLEAR",
            "DROP",
            "CREATE",
            "ADD",
            "TO",
            "MOVE",
            "COPY",
            "INSERT",
            "DATA",
            "DELETE",
            "WITH",
            "USING",
            "DEFAULT",
            "GRAPH",
            "ALL",
            "OPTIONAL",
            "SERVICE",
            "BIND",
            "UNDEF",
            "MINUS",
            "UNION",
            "FILTER",
            "IN",
            "SEPARATOR",
        ],
    }
)
# Words of SPARQL 1.2 and of the engine's extensions, named in the error.
_NEWER = frozenset(
    [
        "VERSION",
        "LATERAL",
        "ADJUST",
        "TRIPLE",
        "SUBJECT",
        "PREDICATE",
        "OBJECT",
        "ISTRIPLE",
        "LANGDIR",
        "HASLANG",
        "HASLANGDIR",
        "STRLANGDIR",
    ]
)
_NEWER_TOKENS = frozenset({"<<", "{|", "|}", "~"})
ONLY_11 = "claimgraph's endpoint accepts SPARQL 1.1"

_BINARY = {
    "||": 1,
    "&&": 2,
    "=": 3,
    "!=": 3,
    "<": 3,
    ">": 3,
    "<=": 3,
    ">=": 3,
    "+": 4,
    "-": 4,
    "*": 5,
    "/": 5,
}
_TERM = frozenset({"VAR", "IRI", "PN", "LIT", "NUM", "SNUM", "BOOL", "BN", "ANON", "NIL"})
_TRIPLE_START = _TERM | {"[", "("}
_PATH_START = frozenset({"IRI", "PN", "a", "!", "(", "^"})
_VERB = frozenset({"VAR", "IRI", "PN", "a"})
_DATA_VALUE = frozenset({"IRI", "PN", "LIT", "NUM", "SNUM", "BOOL", "UNDEF"})
_PATTERN_KEYWORDS = frozenset(
    {"{", "OPTIONAL", "MINUS", "GRAPH", "SERVICE", "FILTER", "BIND", "VALUES"}
)
_XSD = "http://www.w3.org/2001/XMLSchema#"


class Parser:
    """One parse of one text. ``query()`` or ``update()`` returns the depth;
    ``out`` then holds the canonical tokens."""

    __slots__ = (
        "checked_iris",
        "dataset",
        "e",
        "k",
        "max",
        "n",
        "out",
        "own_dataset",
        "pos",
        "prefixes",
        "remote",
        "s",
        "text",
        "using_at",
        "v",
        "x",
    )

    def __init__(self, text: str, max_depth: int) -> None:
        self.text = text
        self.n = len(text)
        self.max = max_depth
        self.pos = 0
        self.out: list[str] = []
        self.prefixes: dict[str, str] = {}
        self.checked_iris: set[str] = set()
        self.remote: list[tuple[str, str | None]] = []
        self.dataset = False
        self.using_at: list[int] = []
        self.own_dataset: str | None = None
        # the current token: kind, canonical text, extra (IRI, prefix and local), start
        self.k = ""
        self.v = ""
        self.x: Any = None
        self.s = 0
        self.advance()

    # -- the lexer ------------------------------------------------------------------------

    def advance(self) -> None:
        """Read the next token into k, v, x, s (and pos past it)."""
        text = self.text
        pos = self.s = t.SKIP(text, self.pos).end()  # type: ignore[union-attr]  # always matches
        if pos >= self.n:
            self.k, self.v, self.pos = "EOF", "", pos
            return
        c = text[pos]
        if c == "?" or c == "$":
            m = t.VAR(text, pos)
            if m:
                self.k, self.v, self.pos = "VAR", "?" + m.group(1), m.end()
                return
        elif c == "<":
            m = t.IRIREF(text, pos)
            if m:
                raw = m.group(1)
                if "\\" in raw:
                    try:
                        raw = t.decode_iri(raw)
                    except t.TerminalError as exc:
                        raise SparqlSyntaxError(
                            text, pos + 1 + exc.offset, "an IRI", str(exc)
                        ) from None
                self.k, self.v, self.x, self.pos = "IRI", f"<{raw}>", raw, m.end()
                return
        elif c == '"' or c == "'":
            self._string(pos, c)
            return
        elif "0" <= c <= "9" or c == "." or c == "+" or c == "-":
            m = t.NUMBER(text, pos)
            if m:
                self.k = "NUM" if c != "+" and c != "-" else "SNUM"
                self.v, self.pos = m.group(), m.end()
                return
        elif c == "(":
            m = t.NIL(text, pos)
            if m:
                self.k, self.v, self.pos = "NIL", "()", m.end()
                return
        elif c == "[":
            m = t.ANON(text, pos)
            if m:
                self.k, self.v, self.pos = "ANON", "[]", m.end()
                return
        elif c == "_":
            m = t.BLANK_NODE_LABEL(text, pos)
            if m:
                self.k, self.v, self.pos = "BN", m.group(), m.end()
                return
        elif c == "@":
            m = t.LANGTAG(text, pos)
            if m:
                if text.startswith("--", m.end()):
                    raise SparqlSyntaxError(
                        text, m.end(), "a language tag", f"a base direction ({ONLY_11})"
                    )
                self.k, self.v, self.pos = "LANG", m.group(), m.end()
                return
        elif c == "\\":
            self._backslash(pos, self.pos)
        if "a" <= c <= "z" or "A" <= c <= "Z" or c == ":" or c > "\x7f":
            m = t.WORD(text, pos)
            if m:
                word = m.group(3)
                self.pos = m.end()
                if word is None:
                    prefix, local = m.group(1) or "", m.group(2) or ""
                    self.k, self.x = "PN", (prefix, local)
                    self.v = f"{prefix}:{t.emit_local(local)}"
                    return
                upper = word.upper()
                if upper in KEYWORDS:
                    self.k = self.v = upper
                elif word == "a":
                    self.k = self.v = "a"
                elif upper == "TRUE" or upper == "FALSE":
                    self.k, self.v = "BOOL", word.lower()
                else:
                    self.k, self.v = "WORD", word
                return
        m = t.PUNCT(text, pos)
        if m:
            self.k = self.v = m.group()
            self.pos = m.end()
            return
        self.k, self.v, self.pos = "BAD", c, pos + 1

    def _string(self, pos: int, quote: str) -> None:
        text = self.text
        m = None
        long = text.startswith(quote * 3, pos)
        if long:
            m = (t.STRING_LONG2 if quote == '"' else t.STRING_LONG1)(text, pos)
        if m is None:
            long = False
            m = (t.STRING2 if quote == '"' else t.STRING1)(text, pos)
        if m is None:
            raise SparqlSyntaxError(
                text,
                pos,
                "a string closed on its line, escaping only "
                "\\t \\b \\n \\r \\f \\\" \\' \\\\ \\uXXXX \\UXXXXXXXX",
                shown(text[pos : pos + 20]),
            )
        raw = m.group(1)
        self.k, self.pos = "LIT", m.end()
        if quote == '"' and not long and "\\" not in raw:
            self.v = m.group()  # already canonical
            return
        try:
            value = t.decode_string(raw, quote, long)
        except t.TerminalError as exc:
            start = pos + (3 if long else 1) + exc.offset
            raise SparqlSyntaxError(text, start, "a string", str(exc)) from None
        self.v = t.emit_string(value)

    def _backslash(self, pos: int, skipped_from: int) -> NoReturn:
        text = self.text
        comment = text.rfind("#", skipped_from, pos)
        if comment >= 0 and "\n" not in text[comment:pos] and "\r" not in text[comment:pos]:
            raise SparqlSyntaxError(
                text,
                pos,
                "the end of the comment",
                f"{shown(text[pos : pos + 6])}, an escape of a line end: the specification "
                "would end the comment there and the engine would not, so claimgraph's "
                "endpoint refuses it",
            )
        if text.startswith(("\\u", "\\U"), pos):
            raise SparqlSyntaxError(
                text,
                pos,
                "a token",
                f"the codepoint escape {shown(text[pos : pos + 6])}: claimgraph's endpoint "
                "decodes \\u and \\U escapes only inside strings and IRIs, as its engine does",
            )
        self.s = pos
        self.k, self.v, self.pos = "BAD", "\\", pos + 1
        self.fail("a token")

    def relex_less(self) -> None:
        """The current token, read as an IRI, is the operator < or <=."""
        pos = self.s
        op = "<=" if self.text.startswith("<=", pos) else "<"
        self.k = self.v = op
        self.pos = pos + len(op)

    # -- helpers --------------------------------------------------------------------------

    def fail(self, expected: str) -> NoReturn:
        found = "" if self.k == "EOF" else self.text[self.s : self.pos]
        described = shown(found)
        if (self.k == "WORD" and found.upper() in _NEWER) or found in _NEWER_TOKENS:
            described += f" (SPARQL 1.2 or an extension: {ONLY_11})"
        elif self.k == "WORD":
            described += " (not a SPARQL 1.1 keyword)"
        raise SparqlSyntaxError(self.text, self.s, expected, described)

    def take(self) -> None:
        self.out.append(self.v)
        self.advance()

    def expect(self, kind: str, expected: str) -> None:
        if self.k != kind:
            self.fail(expected)
        self.out.append(self.v)
        self.advance()

    def deeper(self, level: int) -> None:
        if level > self.max:
            raise TooDeep(self.max)

    def check(self, level: int, height: int) -> None:
        if level - 1 + height > self.max:
            raise TooDeep(self.max)

    def glue(self, suffix: str) -> None:
        """Write ``suffix`` onto the last token, without a space (a call's ``(``)."""
        self.out[-1] += suffix
        self.advance()

    def keyword_prefix(self, *keywords: str) -> None:
        """Refuse a prefixed name the engine would read as one of ``keywords``
        followed by another name."""
        if self.k == "PN":
            upper = self.v.upper()
            for keyword in keywords:
                if upper.startswith(keyword):
                    self.fail(
                        f"{keyword} or a prefixed name that does not start with {keyword} "
                        f"(the engine would read {keyword} then the rest of the name)"
                    )

    def iri(self, expected: str) -> str:
        """An IRIREF or a prefixed name; returns the IRI it stands for (for a
        prefixed name with a relative namespace, relative too)."""
        if self.k == "IRI":
            iri = self.x
            assert isinstance(iri, str)
            self.out.append(self.v)
            self.advance()
            return iri
        if self.k != "PN":
            self.fail(expected)
        iri = self.pname()
        self.out.append(self.v)
        self.advance()
        return iri

    def pname(self) -> str:
        assert isinstance(self.x, tuple)
        prefix, local = self.x
        namespace = self.prefixes.get(prefix)
        if namespace is None:
            self.fail(f"a prefixed name whose prefix is declared (no PREFIX {prefix}:)")
        iri = namespace + t.local_iri_part(local)
        absolute = t.SCHEME(namespace)
        if absolute and iri not in self.checked_iris:
            try:
                ox.NamedNode(iri)
            except ValueError:
                self.fail(f"a prefixed name that makes a valid IRI (not <{iri}>)")
            self.checked_iris.add(iri)
        if "#" in local:
            # no # outside IRIs and strings in the canonical text: the name is written
            # as its IRI, which the engine resolves into itself (absolute, no . segments)
            if not absolute or t.DOT_SEGMENT(iri):
                self.fail("a prefixed name whose \\# can be written as an absolute IRI")
            self.v = f"<{iri}>"
        return iri

    def var_or_iri(self, expected: str) -> str | None:
        """A variable (None) or an IRI (the IRI)."""
        if self.k == "VAR":
            self.take()
            return None
        return self.iri(expected)

    def remote_call(self, keyword: str, iri: str | None) -> None:
        # an IRI with . or .. segments is resolved by the engine into another one:
        # reported as not written out, so that it matches no allowed endpoint
        if iri is not None and t.DOT_SEGMENT(iri):
            iri = None
        self.remote.append((keyword, iri))

    def silent(self) -> None:
        if self.k == "SILENT":
            self.take()
        else:
            self.keyword_prefix("SILENT")

    def integer(self) -> None:
        if self.k != "NUM" or not t.INTEGER(self.v):
            self.fail("an integer")
        self.take()

    def literal(self) -> None:
        """A string, with its language tag or datatype, written as one token."""
        text = self.v
        self.advance()
        if self.k == "LANG":
            text += self.v
            self.advance()
        elif self.k == "^^":
            self.advance()
            if self.k == "PN":
                self.pname()
            elif self.k != "IRI":
                self.fail("a datatype IRI")
            text += "^^" + self.v
            self.advance()
        self.out.append(text)

    def term(self, expected: str) -> None:
        k = self.k
        if k == "LIT":
            self.literal()
        elif k == "PN":
            self.iri(expected)
        elif k in _TERM:
            self.take()
        else:
            self.fail(expected)

    # -- queries --------------------------------------------------------------------------

    def query(self) -> int:
        self.prologue()
        k = self.k
        if k == "SELECT":
            height = self.select(1, sub=False)
        elif k == "CONSTRUCT":
            height = self.construct()
        elif k == "DESCRIBE":
            height = self.describe()
        elif k == "ASK":
            self.take()
            self.dataset_clauses()
            height = max(self.where(1), self.modifiers(1))
        else:
            self.fail("SELECT, CONSTRUCT, DESCRIBE or ASK")
        height = max(height, self.values_clause())
        if self.k != "EOF":
            self.fail("the end of the query")
        return height

    def prologue(self) -> None:
        while True:
            if self.k == "BASE":
                self.take()
                self.expect("IRI", "an IRI in <>")
            elif self.k == "PREFIX":
                self.take()
                if self.k != "PN" or self.x[1]:
                    self.fail("a prefix name ending in ':'")
                label = self.x[0]
                self.take()
                if self.k != "IRI":
                    self.fail("an IRI in <>")
                assert isinstance(self.x, str)
                self.prefixes[label] = self.x
                self.take()
            else:
                return

    def select(self, level: int, sub: bool) -> int:
        self.take()  # SELECT
        if self.k == "DISTINCT" or self.k == "REDUCED":
            self.take()
        height = 0
        if self.k == "*":
            self.take()
        else:
            count = 0
            while True:
                if self.k == "VAR":
                    self.take()
                elif self.k == "(":
                    self.deeper(level)
                    self.take()
                    inner = self.expression(level + 1)
                    self.expect("AS", "AS")
                    self.expect("VAR", "a variable")
                    self.expect(")", "')'")
                    height = max(height, 1 + inner)
                else:
                    break
                count += 1
            if not count:
                self.fail("a variable, '(' or '*'")
        if not sub:
            self.dataset_clauses()
        height = max(height, self.where(level), self.modifiers(level))
        if sub:
            height = max(height, self.values_clause())
        return height

    def construct(self) -> int:
        self.take()  # CONSTRUCT
        if self.k == "{":
            height = self.braced_triples(1, chain=False)
            self.dataset_clauses()
            height = max(height, self.where(1))
        else:
            self.dataset_clauses()
            self.expect("WHERE", "'{' or WHERE")
            height = self.braced_triples(1, chain=True)
        return max(height, self.modifiers(1))

    def describe(self) -> int:
        self.take()  # DESCRIBE
        if self.k == "*":
            self.take()
        else:
            count = 0
            while self.k in ("VAR", "IRI", "PN"):
                self.var_or_iri("a variable or an IRI")
                count += 1
            if not count:
                self.fail("'*', a variable or an IRI")
        self.dataset_clauses()
        height = self.where(1) if self.k in ("WHERE", "{") else 0
        return max(height, self.modifiers(1))

    def dataset_clauses(self) -> None:
        while self.k == "FROM":
            self.take()
            if self.k == "NAMED":
                self.take()
            self.iri("an IRI or NAMED")
            self.dataset = True

    def where(self, level: int) -> int:
        if self.k == "WHERE":
            self.take()
        return self.group(level)

    def modifiers(self, level: int) -> int:
        height = 0
        if self.k == "GROUP":
            self.take()
            self.expect("BY", "BY")
            count = 0
            while True:
                k = self.k
                if k == "(":
                    self.deeper(level)
                    self.take()
                    inner = self.expression(level + 1)
                    if self.k == "AS":
                        self.take()
                        self.expect("VAR", "a variable")
                    self.expect(")", "')' or AS")
                    height = max(height, 1 + inner)
                elif k == "VAR":
                    self.take()
                elif k in _CALL_START or k == "IRI" or k == "PN":
                    height = max(height, self.constraint(level))
                else:
                    break
                count += 1
            if not count:
                self.fail("a grouping condition")
        if self.k == "HAVING":
            self.take()
            count = 0
            while self.k == "(" or self.k in _CALL_START or self.k == "IRI" or self.k == "PN":
                height = max(height, self.constraint(level))
                count += 1
            if not count:
                self.fail("a condition")
        if self.k == "ORDER":
            self.take()
            self.expect("BY", "BY")
            count = 0
            while True:
                k = self.k
                if k == "ASC" or k == "DESC":
                    self.take()
                    if self.k != "(":
                        self.fail("'('")
                    height = max(height, self.bracketted(level))
                elif k == "(" or k in _CALL_START or k == "IRI" or k == "PN":
                    height = max(height, self.constraint(level))
                elif k == "VAR":
                    self.take()
                else:
                    break
                count += 1
            if not count:
                self.fail("an ordering condition")
        if self.k == "LIMIT":
            self.take()
            self.integer()
            if self.k == "OFFSET":
                self.take()
                self.integer()
        elif self.k == "OFFSET":
            self.take()
            self.integer()
            if self.k == "LIMIT":
                self.take()
                self.integer()
        return height

    def values_clause(self) -> int:
        if self.k != "VALUES":
            return 0
        self.take()
        self.data_block()
        return 1

    def data_block(self) -> None:
        if self.k == "VAR":
            self.take()
            self.expect("{", "'{'")
            self.data_values()
            self.expect("}", "a value (an IRI, a literal or UNDEF) or '}'")
            return
        if self.k == "NIL":
            self.take()
            width = 0
        elif self.k == "(":
            self.take()
            width = 0
            while self.k == "VAR":
                self.take()
                width += 1
            self.expect(")", "a variable or ')'")
        else:
            self.fail("a variable or '('")
        self.expect("{", "'{'")
        while True:
            if self.k == "NIL":
                count = 0
                self.take()
            elif self.k == "(":
                self.take()
                count = self.data_values()
                self.expect(")", "a value (an IRI, a literal or UNDEF) or ')'")
            else:
                break
            if count != width:
                self.fail(f"a row of {width} values, as many as the variables (not {count})")
        self.expect("}", "'(' or '}'")

    def data_values(self) -> int:
        """DataBlockValue*, written as they come: the loop of a 1 MiB VALUES."""
        out, advance = self.out, self.advance
        count = 0
        while True:
            k = self.k
            if k == "IRI" or k == "NUM" or k == "SNUM" or k == "BOOL" or k == "UNDEF":
                out.append(self.v)
                advance()
            elif k == "LIT":
                self.literal()
            elif k == "PN":
                self.iri("a value")
            else:
                return count
            count += 1

    # -- graph patterns -------------------------------------------------------------------

    def group(self, level: int) -> int:
        """GroupGraphPattern: its height."""
        self.deeper(level)
        if self.k != "{":
            self.fail("'{'")
        self.take()
        if self.k == "SELECT":
            self.deeper(level + 1)
            height = 1 + self.select(level + 2, sub=True)
        else:
            height = self.group_body(level + 1)
        self.expect("}", "a triple pattern, a graph pattern or '}'")
        return 1 + height

    def group_body(self, level: int) -> int:
        """GroupGraphPatternSub: the height of its elements joined left to right
        (-1 while there is none)."""
        height = -1
        if self.k in _TRIPLE_START:
            height = self.triples_block(level, height)
        while True:
            k = self.k
            if k not in _PATTERN_KEYWORDS:
                return max(height, 0)
            at = level if height < 0 else level + 1  # the first element is the chain's root
            if k == "{":
                unit = self.group(at)
                while self.k == "UNION":
                    self.take()
                    unit = 1 + max(unit, self.group(at))
                    self.check(level, unit)
            elif k == "OPTIONAL" or k == "MINUS":
                self.take()
                unit = self.group(at)
            elif k == "GRAPH":
                self.take()
                self.var_or_iri("a variable or an IRI")
                unit = self.group(at)
            elif k == "SERVICE":
                self.take()
                self.silent()
                self.remote_call("SERVICE", self.var_or_iri("SILENT, a variable or an IRI"))
                unit = self.group(at)
            elif k == "FILTER":
                self.take()
                unit = self.constraint(at)
            elif k == "BIND":
                self.take()
                self.deeper(at)
                self.expect("(", "'('")
                unit = 1 + self.expression(at + 1)
                self.expect("AS", "AS")
                self.expect("VAR", "a variable")
                self.expect(")", "')'")
            else:  # VALUES
                self.take()
                self.data_block()
                unit = 1
            height = unit if height < 0 else 1 + max(height, unit)
            self.check(level, height)
            if self.k == ".":
                self.take()
            if self.k in _TRIPLE_START:
                height = self.triples_block(level, height)

    def triples_block(self, level: int, height: int) -> int:
        """TriplesBlock, its triples joined onto a chain of ``height``."""
        while True:
            count, unit = self.triples_same_subject(level, paths=True)
            height = unit + count - 1 if height < 0 else max(height, unit) + count
            self.check(level, height)
            if self.k != ".":
                return height
            self.take()
            if self.k not in _TRIPLE_START:
                return height

    def triples_same_subject(self, level: int, paths: bool) -> tuple[int, int]:
        """(the triple patterns it makes, the height of one of them)."""
        k = self.k
        if k == "[" or k == "(":
            count, height = (
                self.blank_node(level + 1, paths) if k == "[" else self.collection(level + 1, paths)
            )
            if self.k in _VERB or (paths and self.k in _PATH_START):
                more, inner = self.property_list(level + 1, paths)
                count, height = count + more, max(height, inner)
        else:
            self.term("a subject")
            count, height = self.property_list(level + 1, paths)
        return count, 1 + height

    def property_list(self, level: int, paths: bool) -> tuple[int, int]:
        """PropertyListNotEmpty (or its Path form): (triples, height)."""
        count = height = 0
        while True:
            k = self.k
            after_path = False
            if k == "VAR":
                self.take()
            elif paths and k in _PATH_START:
                height = max(height, self.path(level))
                after_path = True
            elif k == "IRI" or k == "PN":
                self.iri("a predicate")
            elif k == "a":
                self.take()
            else:
                self.fail("a predicate")
            while True:
                more, inner = self.graph_node(level, paths, after_path)
                count, height, after_path = count + 1 + more, max(height, inner), False
                if self.k != ",":
                    break
                self.take()
            if self.k != ";":
                return count, height
            while self.k == ";":
                self.take()
            if not (self.k in _VERB or (paths and self.k in _PATH_START)):
                return count, height

    def graph_node(self, level: int, paths: bool, after_path: bool) -> tuple[int, int]:
        k = self.k
        if k == "[":
            return self.blank_node(level, paths)
        if k == "(":
            return self.collection(level, paths)
        if k == "SNUM" and after_path and self.v[0] == "+":
            number = self.v
            kind = (
                "integer"
                if t.INTEGER(number[1:])
                else "double"
                if "e" in number.lower()
                else ("decimal")
            )
            self.out.append(f'"{number}"^^<{_XSD}{kind}>')
            self.advance()
            return 0, 0
        self.term("an object")
        return 0, 0

    def blank_node(self, level: int, paths: bool) -> tuple[int, int]:
        self.deeper(level)
        self.take()  # [
        count, height = self.property_list(level + 1, paths)
        self.expect("]", "';', ',' or ']'")
        return count, 1 + height

    def collection(self, level: int, paths: bool) -> tuple[int, int]:
        self.deeper(level)
        self.take()  # (
        count = height = 0
        while self.k in _TRIPLE_START:
            more, inner = self.graph_node(level + 1, paths, False)
            count, height = count + 2 + more, max(height, inner)
        if not count:
            self.fail("a member of the collection")
        self.expect(")", "a member of the collection or ')'")
        return count, 1 + height

    def path(self, level: int) -> int:
        return self.left_chain(level, "|", self.path_sequence)

    def path_sequence(self, level: int) -> int:
        return self.left_chain(level, "/", self.path_element)

    def left_chain(self, level: int, operator: str, operand: Callable[[int], int]) -> int:
        """``operand (operator operand)*``, a left-deep tree: its height."""
        height = operand(level)
        while self.k == operator:
            self.take()
            height = 1 + max(height, operand(level + 1))
            self.check(level, height)
        return height

    def path_element(self, level: int) -> int:
        """PathEltOrInverse."""
        inverse = self.k == "^"
        if inverse:
            self.take()
        k = self.k
        if k == "IRI" or k == "PN":
            self.iri("a property path")
            height = 0
        elif k == "a":
            self.take()
            height = 0
        elif k == "!":
            self.take()
            self.negated_set()
            height = 1
        elif k == "(":
            self.deeper(level)
            self.take()
            height = 1 + self.path(level + 1)
            self.expect(")", "')'")
        else:
            self.fail("a property path")
        if self.k == "*" or self.k == "?" or self.k == "+":
            self.take()
            height += 1
        return height + inverse

    def negated_set(self) -> None:
        if self.k == "NIL":
            self.take()
            return
        if self.k != "(":
            self.one_in_set()
            return
        self.take()
        self.one_in_set()
        while self.k == "|":
            self.take()
            self.one_in_set()
        self.expect(")", "'|' or ')'")

    def one_in_set(self) -> None:
        if self.k == "^":
            self.take()
        if self.k == "a":
            self.take()
        else:
            self.iri("an IRI or 'a'")

    def braced_triples(self, level: int, chain: bool) -> int:
        """'{' TriplesTemplate? '}': a CONSTRUCT template, or the pattern of
        CONSTRUCT WHERE (whose triples are joined)."""
        self.deeper(level)
        self.expect("{", "'{'")
        height = self.triples_template(level + 1, chain, -1)
        self.expect("}", "a triple or '}'")
        return 1 + max(height, 0)

    def triples_template(self, level: int, chain: bool, height: int) -> int:
        while self.k in _TRIPLE_START:
            count, unit = self.triples_same_subject(level, paths=False)
            if not chain:
                height = max(height, unit)
            elif height < 0:
                height = unit + count - 1
            else:
                height = max(height, unit) + count
            self.check(level, height)
            if self.k != ".":
                break
            self.take()
        return height

    # -- expressions ----------------------------------------------------------------------

    def constraint(self, level: int) -> int:
        k = self.k
        if k == "(":
            return self.bracketted(level)
        if k in _CALL_START:
            return self.call(level)
        if k == "IRI" or k == "PN":
            self.iri("a function")
            if self.k != "(" and self.k != "NIL":
                self.fail("the function's arguments")
            return self.arguments(level)
        self.fail("'(' or a function call")

    def bracketted(self, level: int) -> int:
        self.deeper(level)
        self.take()  # (
        height = 1 + self.expression(level + 1)
        self.expect(")", "')' or an operator")
        return height

    def expression(self, level: int) -> int:
        """An Expression, by operator precedence (one Python frame for all its
        binary operators): its height."""
        heights = [self.unary(level)]
        ops: list[int] = []
        relational = False
        while True:
            k = self.k
            precedence = _BINARY.get(k)
            if precedence is None:
                if k == "IRI" or k == "<<":  # after an operand, < is the operator
                    self.relex_less()
                    k = self.k
                    precedence = 3
                elif k == "IN" or k == "NOT" or k == "SNUM":
                    precedence = 4 if k == "SNUM" else 3
                else:
                    break
            if precedence == 3:
                if relational:
                    self.fail("'&&', '||' or the end of the expression")
                relational = True
            elif precedence < 3:
                relational = False
            self.fold(level, ops, heights, precedence)
            ops.append(precedence)
            if k == "SNUM":  # ?a -1: the sign is the operator
                self.take()
                heights.append(0)
            elif k == "IN" or k == "NOT":
                self.take()
                if k == "NOT":
                    self.expect("IN", "IN")
                heights.append(self.expression_list(level + 1, glued=False))
            else:
                self.take()
                heights.append(self.unary(level + 1))
        self.fold(level, ops, heights, 0)
        return heights[0]

    def fold(self, level: int, ops: list[int], heights: list[int], precedence: int) -> None:
        """Apply the pending operators that bind at least as tightly as ``precedence``
        (all of them for 0), each making one level over its two operands."""
        while ops and ops[-1] >= precedence:
            ops.pop()
            right = heights.pop()
            heights[-1] = 1 + max(heights[-1], right)
            self.check(level, heights[-1])

    def unary(self, level: int) -> int:
        k = self.k
        if k == "!" or k == "+" or k == "-":
            self.take()
            if self.k in ("!", "+", "-"):
                self.fail(f"an operand ({ONLY_11}, where one unary operator takes an operand)")
            return 1 + self.primary(level + 1)
        return self.primary(level)

    def primary(self, level: int) -> int:
        k = self.k
        if k == "VAR" or k == "NUM" or k == "SNUM" or k == "BOOL":
            self.take()
            return 0
        if k == "LIT":
            self.literal()
            return 0
        if k == "(":
            return self.bracketted(level)
        if k == "IRI" or k == "PN":
            self.iri("an expression")
            if self.k == "(" or self.k == "NIL":
                return self.arguments(level)
            return 0
        if k in _CALL_START:
            return self.call(level)
        self.fail("an expression")

    def arguments(self, level: int) -> int:
        """ArgList of a function named by an IRI, written against its name."""
        self.deeper(level)
        if self.k == "NIL":
            self.glue("()")
            return 1
        self.glue("(")
        if self.k == "DISTINCT":
            self.take()
        height = self.expression(level + 1)
        while self.k == ",":
            self.take()
            height = max(height, self.expression(level + 1))
        self.expect(")", "',' or ')'")
        return 1 + height

    def expression_list(self, level: int, glued: bool) -> int:
        self.deeper(level)
        if self.k == "NIL":
            self.glue("()") if glued else self.take()
            return 1
        if self.k != "(":
            self.fail("'('")
        self.glue("(") if glued else self.take()
        height = self.expression(level + 1)
        while self.k == ",":
            self.take()
            height = max(height, self.expression(level + 1))
        self.expect(")", "',' or ')'")
        return 1 + height

    def call(self, level: int) -> int:
        """BuiltInCall: its name written against its '('."""
        self.deeper(level)
        name = self.k
        if name == "EXISTS" or name == "NOT":
            self.take()
            if name == "NOT":
                self.expect("EXISTS", "EXISTS")
            return 1 + self.group(level + 1)
        self.take()
        if name in _AGGREGATES:
            return self.aggregate(name, level)
        if name == "BOUND":
            if self.k != "(":
                self.fail("'('")
            self.glue("(")
            self.expect("VAR", "a variable")
            self.expect(")", "')'")
            return 1
        low, high = _CALLS[name]
        if low == 0 and high == MANY:
            return self.expression_list(level, glued=True)
        if self.k == "NIL":
            if low:
                self.fail("'(' and an argument")
            self.glue("()")
            return 1
        if self.k != "(" or not high:
            self.fail("'()'" if not high else "'('")
        self.glue("(")
        height = self.expression(level + 1)
        count = 1
        while self.k == "," and count < high:
            self.take()
            height = max(height, self.expression(level + 1))
            count += 1
        if count < low:
            self.fail("','")
        self.expect(")", "',' or ')'" if count < high else "')'")
        return 1 + height

    def aggregate(self, name: str, level: int) -> int:
        if self.k != "(":
            self.fail("'('")
        self.glue("(")
        if self.k == "DISTINCT":
            self.take()
        else:
            self.keyword_prefix("DISTINCT")
        if name == "COUNT" and self.k == "*":
            self.take()
            height = 0
        else:
            height = self.expression(level + 1)
        if name == "GROUP_CONCAT" and self.k == ";":
            self.take()
            self.expect("SEPARATOR", "SEPARATOR")
            self.expect("=", "'='")
            self.expect("LIT", "a string")
        self.expect(")", "')'")
        return 1 + height

    # -- updates --------------------------------------------------------------------------

    def update(self) -> int:
        height = 0
        while True:
            self.prologue()
            if self.k == "EOF":
                return height
            height = max(height, self.update1())
            if self.k != ";":
                break
            self.take()
        if self.k != "EOF":
            self.fail("';' or the end of the update")
        return height

    def update1(self) -> int:
        k = self.k
        if k == "LOAD":
            self.take()
            self.silent()
            self.remote_call("LOAD", self.iri("SILENT or an IRI"))
            if self.k == "INTO":
                self.take()
                self.expect("GRAPH", "GRAPH")
                self.iri("an IRI")
            return 0
        if k == "CLEAR" or k == "DROP":
            self.take()
            self.silent()
            if self.k == "GRAPH":
                self.take()
                self.iri("an IRI")
            elif self.k in ("DEFAULT", "NAMED", "ALL"):
                self.take()
            else:
                self.fail("SILENT, GRAPH, DEFAULT, NAMED or ALL")
            return 0
        if k == "CREATE":
            self.take()
            self.silent()
            self.expect("GRAPH", "SILENT or GRAPH")
            self.iri("an IRI")
            return 0
        if k == "ADD" or k == "MOVE" or k == "COPY":
            self.take()
            self.silent()
            self.graph_or_default()
            self.expect("TO", "TO")
            self.graph_or_default()
            return 0
        if k == "INSERT":
            self.take()
            if self.k == "DATA":
                self.take()
                return self.quads(1, chain=False)
            return max(self.quads(1, chain=False), self.modify_where())
        if k == "DELETE":
            self.take()
            if self.k == "DATA":
                self.take()
                return self.quads(1, chain=False)
            if self.k == "WHERE":
                self.take()
                return self.quads(1, chain=True)
            height = self.quads(1, chain=False)
            if self.k == "INSERT":
                self.take()
                height = max(height, self.quads(1, chain=False))
            return max(height, self.modify_where())
        if k == "WITH":
            self.take()
            self.iri("an IRI")
            self.own_dataset = "WITH"
            height = 0
            if self.k == "DELETE":
                self.take()
                height = self.quads(1, chain=False)
                if self.k == "INSERT":
                    self.take()
                    height = max(height, self.quads(1, chain=False))
            elif self.k == "INSERT":
                self.take()
                height = self.quads(1, chain=False)
            else:
                self.fail("DELETE or INSERT")
            return max(height, self.modify_where())
        self.fail("an update operation")

    def graph_or_default(self) -> None:
        if self.k == "DEFAULT":
            self.take()
            return
        if self.k == "GRAPH":
            self.take()
        else:
            self.keyword_prefix("GRAPH", "DEFAULT")
        self.iri("DEFAULT, GRAPH or an IRI")

    def modify_where(self) -> int:
        while self.k == "USING":
            self.own_dataset = "USING"
            self.take()
            if self.k == "NAMED":
                self.take()
            self.iri("an IRI or NAMED")
        self.using_at.append(len(self.out))
        self.expect("WHERE", "USING or WHERE")
        return self.group(1)

    def quads(self, level: int, chain: bool) -> int:
        """QuadPattern / QuadData; DELETE WHERE's quads are joined (``chain``)."""
        self.deeper(level)
        self.expect("{", "'{'")
        height = self.triples_template(level + 1, chain, -1)
        while self.k == "GRAPH":
            self.take()
            self.var_or_iri("a variable or an IRI")
            self.deeper(level + 1)
            self.expect("{", "'{'")
            inner = self.triples_template(level + 2, chain, -1)
            self.expect("}", "a triple or '}'")
            unit = 1 + max(inner, 0)
            if not chain:
                height = max(height, unit)
            else:
                height = unit if height < 0 else 1 + max(height, unit)
            self.check(level + 1, height)
            if self.k == ".":
                self.take()
            height = self.triples_template(level + 1, chain, height)
        self.expect("}", "a triple, GRAPH or '}'")
        return 1 + max(height, 0)
