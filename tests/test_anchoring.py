"""Quote anchoring on arbitrary Unicode text: offsets are code points of the NFC
text, Python slicing and SPARQL SUBSTR (rdflib and Oxigraph) agree on them."""

from __future__ import annotations

import unicodedata

import pyoxigraph as ox
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from claimgraph.anchoring import find, occurrences
from claimgraph.errors import AnchorError

# no surrogates; no control characters, which N-Triples-like literals escape anyway
CHARS = st.characters(blacklist_categories=("Cs", "Cc"))
TEXT = st.text(CHARS, min_size=1, max_size=80).map(lambda t: unicodedata.normalize("NFC", t))


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
    starts = occurrences(text, words)
    assert starts and starts == sorted(starts)
    for n, start in enumerate(starts, 1):
        span = find(text, words, n, what="quote", location=None)
        assert span.begin == start
        assert text[span.begin : span.end] == words == span.anchor


@given(text_and_passage())
@settings(max_examples=100, deadline=None)
def test_several_matches_need_an_occurrence(case: tuple[str, str]) -> None:
    text, words = case
    assume(unicodedata.normalize("NFC", words) == words)
    if len(occurrences(text, words)) > 1:
        with pytest.raises(AnchorError, match="occurrence: N"):
            find(text, words, None, what="quote", location=None)
    else:
        assert find(text, words, None, what="quote", location=None).begin == text.find(words)


@given(text_and_passage())
@settings(max_examples=150, deadline=None)
def test_offsets_agree_with_sparql_substr_in_rdflib_and_oxigraph(case: tuple[str, str]) -> None:
    text, words = case
    assume(unicodedata.normalize("NFC", words) == words)
    span = find(text, words, 1, what="quote", location=None)
    query = (
        f"SELECT (SUBSTR(?t, {span.begin + 1}, {span.end - span.begin}) AS ?s)"
        " (STRLEN(?t) AS ?n) WHERE { ?x <http://e/t> ?t }"
    )

    graph = Graph()
    graph.add((URIRef("http://e/x"), URIRef("http://e/t"), Literal(text)))
    (row,) = list(graph.query(query))
    assert str(row[0]) == words  # type: ignore[index]
    assert int(row[1]) == len(text)  # type: ignore[index]

    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/x"), ox.NamedNode("http://e/t"), ox.Literal(text)))
    (solution,) = list(store.query(query))  # type: ignore[arg-type]
    assert solution["s"].value == words
    assert int(solution["n"].value) == len(text)


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
    assert "the contract was signed in March" in str(error.value)


def test_occurrence_out_of_range() -> None:
    with pytest.raises(AnchorError, match="occurs 2 time"):
        find("a b a", "a", 3, what="cue", location=None)
