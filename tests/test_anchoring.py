"""Quote anchoring on arbitrary Unicode text: offsets are code points of the NFC
text, Python slicing and SPARQL SUBSTR (rdflib and Oxigraph) agree on them; a
run of whitespace in the words matches any run of whitespace in the text."""

from __future__ import annotations

import re
import unicodedata

import pyoxigraph as ox
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from claimgraph.annotation import anchoring
from claimgraph.annotation.anchoring import find, occurrences
from claimgraph.errors import AnchorError

# no surrogates; no control characters, which N-Triples-like literals escape anyway
CHARS = st.characters(blacklist_categories=("Cs", "Cc"))
TEXT = st.text(CHARS, min_size=1, max_size=80).map(lambda t: unicodedata.normalize("NFC", t))


def squeezed(words: str) -> str:
    """The words as the matching sees them: each whitespace run one space, ends stripped."""
    return " ".join(words.split())


@st.composite
def text_and_passage(draw: st.DrawFn) -> tuple[str, str]:
    text = draw(TEXT)
    begin = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(begin + 1, len(text)))
    return text, text[begin:end]


@given(text_and_passage())
@settings(max_examples=300, deadline=None)
def test_every_occurrence_anchors_to_its_exact_characters(case: tuple[str, str]) -> None:
    text, words = case
    assume(unicodedata.normalize("NFC", words) == words)  # a slice may split a composed pair
    assume(words.strip())  # whitespace only: nothing to anchor
    spans = occurrences(text, words)
    starts = [span.begin for span in spans]
    assert starts and starts == sorted(set(starts))
    # the passage itself, without its surrounding whitespace, is one of them
    stripped = words.strip()
    assert any(span.anchor == stripped for span in spans)
    for n, span in enumerate(spans, 1):
        assert find(text, words, n, what="quote", location=None) == span
        assert text[span.begin : span.end] == span.anchor
        assert squeezed(span.anchor) == squeezed(words)
        assert not span.anchor[0].isspace() and not span.anchor[-1].isspace()


@given(text_and_passage())
@settings(max_examples=100, deadline=None)
def test_several_matches_need_an_occurrence(case: tuple[str, str]) -> None:
    text, words = case
    assume(unicodedata.normalize("NFC", words) == words)
    assume(words.strip())
    spans = occurrences(text, words)
    if len(spans) > 1:
        with pytest.raises(AnchorError, match=f"(?s)found {len(spans)} times.*occurrence: N"):
            find(text, words, None, what="quote", location=None)
    else:
        assert find(text, words, None, what="quote", location=None) == spans[0]


@given(text_and_passage())
@settings(max_examples=150, deadline=None)
def test_offsets_agree_with_sparql_substr_in_rdflib_and_oxigraph(case: tuple[str, str]) -> None:
    text, words = case
    assume(unicodedata.normalize("NFC", words) == words)
    assume(words.strip())
    span = find(text, words, 1, what="quote", location=None)
    assert text[span.begin : span.end] == span.anchor
    query = (
        f"SELECT (SUBSTR(?t, {span.begin + 1}, {span.end - span.begin}) AS ?s)"
        " (STRLEN(?t) AS ?n) WHERE { ?x <http://e/t> ?t }"
    )

    graph = Graph()
    graph.add((URIRef("http://e/x"), URIRef("http://e/t"), Literal(text)))
    (row,) = list(graph.query(query))
    assert str(row[0]) == span.anchor  # type: ignore[index]
    assert int(row[1]) == len(text)  # type: ignore[index]

    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/x"), ox.NamedNode("http://e/t"), ox.Literal(text)))
    (solution,) = list(store.query(query))  # type: ignore[arg-type]
    assert solution["s"].value == span.anchor
    assert int(solution["n"].value) == len(text)


# words: no whitespace in them; separators: whitespace runs of every kind
WORD = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")).filter(
        lambda c: not c.isspace()
    ),
    min_size=1,
    max_size=6,
).map(lambda w: unicodedata.normalize("NFC", w))
SEPARATOR = st.text(st.sampled_from(" \t\n\r\u00a0\u2009\u3000\u2028"), min_size=1, max_size=4)


@st.composite
def text_and_word_span(draw: st.DrawFn) -> tuple[str, int, int]:
    """A text of words and whitespace runs, and a passage of it cut between words."""
    words = draw(st.lists(WORD, min_size=1, max_size=15))
    separators = draw(st.lists(SEPARATOR, min_size=len(words) + 1, max_size=len(words) + 1))
    text, edges = separators[0], []
    for word, separator in zip(words, separators[1:], strict=True):
        edges.append((len(text), len(text) + len(word)))
        text += word + separator
    first = draw(st.integers(0, len(words) - 1))
    last = draw(st.integers(first, len(words) - 1))
    return text, edges[first][0], edges[last][1]


@given(text_and_word_span(), st.sampled_from([" ", "\n  "]))
@settings(max_examples=300, deadline=None)
def test_a_passage_rewrapped_anyhow_anchors_to_the_text(
    case: tuple[str, int, int], spacing: str
) -> None:
    text, begin, end = case
    assume(unicodedata.normalize("NFC", text) == text)
    rewrapped = re.sub(r"\s+", spacing, text[begin:end])
    span = find(text, rewrapped, 1, what="quote", location=None)
    assert span.anchor == text[span.begin : span.end]
    assert squeezed(span.anchor) == squeezed(text[begin:end])
    assert span.begin <= begin
    # and the passage itself is one of the occurrences, with the text's own whitespace
    assert anchoring.Span(begin, end, text[begin:end]) in occurrences(text, rewrapped)


def test_words_are_nfc_normalised_before_matching() -> None:
    text = unicodedata.normalize("NFC", "Le café “crème” 🙂 a été servi")
    decomposed = unicodedata.normalize("NFD", "café “crème” 🙂")
    span = find(text, decomposed, None, what="quote", location=None)
    assert text[span.begin : span.end] == unicodedata.normalize("NFC", decomposed)
    assert (span.begin, span.end) == (3, 17)  # code points, not UTF-8 or UTF-16 units


def test_missing_words_show_the_closest_passage() -> None:
    text = "The minister said the contract was signed in March, according to the report."
    with pytest.raises(AnchorError) as error:
        find(text, "the contract was sealed in March", None, what="quote", location=None)
    assert "closest passage" in str(error.value)
    assert "characters 18–50): «the contract was signed in March»" in str(error.value)


def test_occurrence_out_of_range() -> None:
    with pytest.raises(AnchorError, match="occurs 2 time"):
        find("a b a", "a", 3, what="cue", location=None)


ATTACKS = "He said that the attacks\nwould continue until the end of the year."


def test_a_quote_across_a_line_break_written_with_a_space_matches() -> None:
    span = find(ATTACKS, "the attacks would continue", None, what="quote", location=None)
    assert span == anchoring.Span(13, 39, "the attacks\nwould continue")
    assert ATTACKS[span.begin : span.end] == span.anchor


def test_a_quote_with_more_spaces_than_the_text_matches() -> None:
    text = "The minister said the contract was signed in March."
    span = find(text, "the contract  was\tsigned", None, what="quote", location=None)
    assert span == anchoring.Span(18, 41, "the contract was signed")


def test_whitespace_around_the_quote_is_ignored() -> None:
    span = find(ATTACKS, "\n  the attacks\n  would continue \n", None, what="q", location=None)
    assert span == anchoring.Span(13, 39, "the attacks\nwould continue")


def test_a_quote_of_whitespace_only_is_an_error() -> None:
    with pytest.raises(AnchorError, match="only whitespace"):
        find(ATTACKS, " \n ", None, what="quote", location=None)
    with pytest.raises(ValueError, match="no non-space character"):
        occurrences(ATTACKS, " \t")


@pytest.mark.parametrize(
    ("words", "reason"),
    [
        ("the attacks would stop", None),
        ("the attacks would continue until the end of the month", None),
        ("the attackswould continue", "a space is missing or extra"),
        ("the at tacks would continue", "a space is missing or extra"),
        ("The attacks would continue", "the upper and lower case differ"),
        ("He said that the attacks would continue until the end of the year!", None),
    ],
)
def test_a_quote_whose_words_differ_is_still_an_error(words: str, reason: str | None) -> None:
    with pytest.raises(AnchorError, match="not found verbatim") as error:
        find(ATTACKS, words, None, what="quote", location=None)
    message = str(error.value).splitlines()[0]
    if reason is None:
        assert message.endswith("»")  # no reason given
    else:
        assert message.endswith(f"({reason})")


def test_quotation_marks_still_differ_across_a_line_break() -> None:
    text = "He said “we will\nwin” and left."
    with pytest.raises(AnchorError, match="quotation marks or apostrophes differ"):
        find(text, 'said "we will win"', None, what="quote", location=None)
    assert find(text, "said “we will win”", None, what="quote", location=None).anchor == (
        "said “we will\nwin”"
    )


def test_occurrences_are_counted_over_whitespace_flexible_matches() -> None:
    text = "a b\na  b, then a\tb; aaa"
    spans = [(s.begin, s.end, s.anchor) for s in occurrences(text, "a b")]
    assert spans == [(0, 3, "a b"), (4, 8, "a  b"), (15, 18, "a\tb")]
    assert find(text, "a\nb", 2, what="quote", location=None).anchor == "a  b"
    with pytest.raises(AnchorError, match="found 3 times") as error:
        find(text, "a b", None, what="quote", location=None)
    assert "2: line 2, characters 4–8" in str(error.value)
    with pytest.raises(AnchorError, match="occurrence 4, but «a  b» occurs 3 time"):
        find(text, " a  b ", 4, what="quote", location=None)
    # overlapping matches count separately, as before
    assert [s.begin for s in occurrences(text, "aa")] == [20, 21]


PARAGRAPH = (
    "Officials met in the capital on Monday.\n"
    "In the spring, officials across the region reported that the new agreement, which had been"
    " negotiated over many months, would provide funding for schools, hospitals and roads. The"
    " minister said the contract was signed in March, according to the report, and that further"
    " details would be published after the summer recess when parliament returns.\n"
)


def closest_hint(text: str, words: str) -> str:
    with pytest.raises(AnchorError, match="not found verbatim") as error:
        find(text, words, None, what="quote", location=None)
    hint = error.value.hint
    assert hint is not None and hint.endswith("\ncopy the words exactly from the text file")
    return hint.removesuffix("\ncopy the words exactly from the text file")


@pytest.mark.parametrize("exhaustive", [anchoring._EXHAUSTIVE, 0])
def test_the_closest_passage_is_the_one_with_a_changed_word(
    exhaustive: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 0: force the search that improves the begin and the end in turn
    monkeypatch.setattr(anchoring, "_EXHAUSTIVE", exhaustive)
    # "approved" is longer than "signed": rapidfuzz's window would run two characters
    # past "report"; the passage begins with "The" although the quote has "the"
    hint = closest_hint(
        PARAGRAPH, "the minister said the contract was approved in March, according to the report"
    )
    assert hint.endswith(
        "line 2, characters 216–291): "
        "«The minister said the contract was signed in March, according to the report»"
    )
    # a long quote, one word changed in the middle: the whole second line
    second = PARAGRAPH.splitlines()[1]
    hint = closest_hint(PARAGRAPH, second.replace("schools", "colleges"))
    assert hint.endswith(f"line 2, characters 40–{40 + len(second)}): «{second}»")
    # a shorter word: rapidfuzz's window would stop inside "report"
    hint = closest_hint(PARAGRAPH, "the contract was OK in March, according to the report")
    assert hint.endswith(
        "line 2, characters 234–291): «the contract was signed in March, according to the report»"
    )
    # a short text, where the first begin (for the end rapidfuzz suggests) is not the best
    assert closest_hint("long talks with the", "that").endswith("characters 16–19): «the»")


def test_the_closest_passage_near_the_end_of_the_text() -> None:
    text = "Lorem ipsum dolor sit amet. The minister said the contract was signed in March."
    hint = closest_hint(text, "contract was signed in March, he said later")
    assert hint.endswith("line 1, characters 50–79): «contract was signed in March.»")


def test_the_closest_passage_for_words_longer_than_the_text() -> None:
    # rapidfuzz aligns the whole text here; the passage that resembles is its end
    hint = closest_hint("dog barks at the lazy cat", "the lazy cat sleeps all day long")
    assert hint.endswith("line 1, characters 13–25): «the lazy cat»")


def test_the_closest_passage_keeps_the_line_break_of_the_text() -> None:
    hint = closest_hint(ATTACKS, "that the attacks wuold continue")
    assert hint.endswith("line 1, characters 8–39): «that the attacks\nwould continue»")
    hint = closest_hint(PARAGRAPH, "on Monday. In the sprung")
    assert hint.endswith("line 1, characters 29–53): «on Monday.\nIn the spring»")


def test_nothing_resembles() -> None:
    assert closest_hint("abc def", "xyz") == "nothing in the text resembles it"


@given(
    text=st.text(alphabet="ab \n", max_size=40),
    cut=st.tuples(st.integers(0, 40), st.integers(1, 40)),
)
@settings(max_examples=400, deadline=None)
def test_ordinal_counts_as_occurrences_does(text: str, cut: tuple[int, int]) -> None:
    """The drafter's occurrence numbers (one str.count for most words) are the
    loader's: overlapping matches included, whitespace runs as one space."""
    squeezed = " ".join(text.split())
    words = squeezed[cut[0] : cut[0] + cut[1]].strip()
    assume(words)
    spans = occurrences(text, words)
    for number, span in enumerate(spans, 1):
        assert anchoring.ordinal(text, span.begin, words) == (number, len(spans) > 1)


def test_ordinal_gives_up_on_a_passage_repeated_past_its_limit() -> None:
    text = "Jones and according to " * 50 + "Jones"
    words = "Jones and according to Jones"  # overlaps itself: counted one match at a time
    last = occurrences(text, words)[-1]
    assert anchoring.ordinal(text, last.begin, words, limit=10) is None
    assert anchoring.ordinal(text, last.begin, words) == (50, True)
