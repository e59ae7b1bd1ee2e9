"""Issue 18, point 3: a quotation split by its cue ("We will not resign," she said,
"whatever the vote says.") is one hop with one quote in parts, each anchored
where it stands, in order; queries and pages give the statement once."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef

from claimgraph.annotation.corpus import load_corpus
from claimgraph.rdf.iris import Minter
from claimgraph.rdf.mapping import build_dataset
from claimgraph.rdf.vocab import CG, RDF, RDFS, XSD
from claimgraph.validation.validate import validate_graph
from claimgraph.web.app import create_app
from claimgraph.web.serve import prepare_store
from claimgraph.web.settings import ServerSettings
from tests.conftest import BUILD_TIME, ROOT
from tests.test_errors_fidelity import line_of, validate
from tests.test_example_queries import query_text, select
from tests.test_pages import BROWSER, marked

BASE = "http://127.0.0.1:8000/"
CLAIM = f"{BASE}article/a/claim/art-defiant"

TEXT = (
    "Minister defiant\n\n"
    '"We will not resign," she said, "whatever the vote says." '
    "The minister denied any plan to go.\n"
)
PARTS = "      parts: ['\"We will not resign,\"', whatever the vote says.]\n"
ANNOTATION = f"""format: 2
article:
  headline: Minister defiant
  author: unknown
  publisher: unknown
  published: 2020-01-08
actors:
  - id: minister
    kind: person
    names: [the minister]
events:
  - id: resignation
    label: The minister resigns
    status: denied
    agents: minister
claims:
  - id: art-defiant
    cue: {{text: she said, type: say}}
    quote:
{PARTS}      mode: direct
    certainty: certain
    relays: defiant
  - id: defiant
    claimant: minister
    act: deny
    said: {{medium: unknown}}
    asserts: resignation
    certainty: certain
"""


def corpus(tmp_path: Path, parts: str = PARTS, text: str = TEXT) -> Path:
    folder = tmp_path / "c"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "a.yaml").write_text(ANNOTATION.replace(PARTS, parts), encoding="utf-8")
    return folder


def graph(folder: Path) -> Graph:
    return build_dataset(load_corpus(folder), Minter(), BUILD_TIME).union()


def test_one_hop_one_quote_each_part_its_own_anchor(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    result = validate(str(folder))
    assert result.exit_code == 0, result.output
    data = graph(folder)
    claim = URIRef(CLAIM)
    quotes = list(data.objects(claim, CG.hasQuote))
    assert quotes == [URIRef(f"{CLAIM}/quote")]
    quote = quotes[0]
    assert (quote, RDF.type, CG.Quote) in data
    assert data.value(quote, CG.quoteMode) == CG.direct
    # the words for labels and pages: the parts joined by " … "
    assert data.value(quote, RDFS.label) == Literal(
        '«"We will not resign," … whatever the vote says.»'
    )
    # no offsets of its own: the parts have them
    assert (quote, CG.anchorOf, None) not in data and (quote, CG.beginIndex, None) not in data
    parts = sorted(data.objects(quote, CG.quotePart))
    assert parts == [URIRef(f"{CLAIM}/quote/part/1"), URIRef(f"{CLAIM}/quote/part/2")]
    text = TEXT
    for part, words in zip(
        parts, ['"We will not resign,"', "whatever the vote says."], strict=True
    ):
        begin = text.index(words)
        assert (part, RDF.type, CG.QuotePart) in data
        assert data.value(part, CG.anchorOf) == Literal(words)
        assert data.value(part, CG.beginIndex) == Literal(begin, datatype=XSD.integer)
        assert data.value(part, CG.endIndex) == Literal(begin + len(words), datatype=XSD.integer)
        assert data.value(part, CG.referenceContext) == URIRef(f"{BASE}article/a/text")
    # one reporting hop relays the statement
    assert list(data.subjects(CG.relays, URIRef(f"{BASE}article/a/claim/defiant"))) == [claim]


def test_the_occurrence_picks_the_first_part_and_the_next_follows_it(tmp_path: Path) -> None:
    text = TEXT.replace(
        "Minister defiant\n\n",
        'Minister defiant\n\nLast year: "We will not resign," and whatever the vote says.\n',
    )
    assert validate(str(corpus(tmp_path / "x", text=text))).exit_code == 2  # part 1: twice
    folder = corpus(tmp_path, PARTS.replace("parts:", "occurrence: 2\n      parts:"), text)
    result = validate(str(folder))
    assert result.exit_code == 0, result.output
    data = graph(folder)
    part1, part2 = sorted(data.objects(URIRef(f"{CLAIM}/quote"), CG.quotePart))
    begin1 = text.index('"We will not resign,"', text.index("Last year") + 15)
    assert data.value(part1, CG.beginIndex) == Literal(begin1, datatype=XSD.integer)
    # the first "whatever the vote says." after part 1, not the first in the text
    begin2 = text.index("whatever the vote says.", begin1)
    assert begin2 > text.index("whatever the vote says.")
    assert data.value(part2, CG.beginIndex) == Literal(begin2, datatype=XSD.integer)


def test_a_quote_in_one_piece_is_unchanged(tmp_path: Path) -> None:
    folder = corpus(tmp_path, "      text: whatever the vote says.\n")
    assert validate(str(folder)).exit_code == 0
    data = graph(folder)
    quote = URIRef(f"{CLAIM}/quote")
    assert data.value(quote, CG.anchorOf) == Literal("whatever the vote says.")
    assert (quote, CG.quotePart, None) not in data


def test_queries_give_the_statement_once(tmp_path: Path) -> None:
    store = ox.Store()
    store.load(graph(corpus(tmp_path)).serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES)
    quotes = select(
        store,
        """PREFIX cg: <https://w3id.org/claimgraph/ns#>
           PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
           SELECT ?claim ?quote WHERE { ?claim cg:hasQuote/rdfs:label ?quote }""",
    )
    assert quotes == [(CLAIM, '«"We will not resign," … whatever the vote says.»')]
    chains = select(store, query_text("01-allegations-with-chains"))
    assert {row[0] for row in chains} == {CLAIM}
    assert [row[1] for row in chains].count(f"{BASE}article/a/claim/defiant") == 1
    denials = select(store, query_text("08-who-denies-what"))
    assert len(denials) == 1
    assert denials[0][0] == "the minister" and denials[0][-1] == "Minister defiant"


def test_the_claim_page_shows_the_quote_once_with_both_parts(tmp_path: Path) -> None:
    store = tmp_path / "store"
    prepare_store(corpus(tmp_path), store, Minter(), rebuild=True)
    with TestClient(create_app(ServerSettings(store=store))) as client:
        page = client.get("/article/a/claim/art-defiant", headers={"accept": BROWSER}).text
        label = "«&#34;We will not resign,&#34; … whatever the vote says.»"
        label_alt = "«&quot;We will not resign,&quot; … whatever the vote says.»"
        shown = page.count(label) + page.count(label_alt)
        assert shown == 1, re.findall(r"«[^»]*resign[^»]*»", page)
        # each part is marked in the article's text, the cue between them is not quoted
        parts = ['"We will not resign,"', "whatever the vote says."]
        assert [html.unescape(m) for m in marked(page, "quote")] == parts
        assert marked(page, "cue") == ["she said"]
        article = client.get("/article/a", headers={"accept": BROWSER}).text
        assert [html.unescape(m) for m in marked(article, "quote")] == parts


# -- anchoring and hostile input ---------------------------------------------------------


def errors_of(tmp_path: Path, parts: str) -> tuple[Path, str]:
    folder = corpus(tmp_path, parts)
    result = validate(str(folder))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    return folder / "a.yaml", result.stderr


def test_a_part_not_found_is_the_anchoring_error_naming_the_part(tmp_path: Path) -> None:
    path, stderr = errors_of(tmp_path, PARTS.replace("whatever the vote", "whatever the poll"))
    line = line_of(path, "parts:")
    assert (
        f"a.yaml:{line}: part 2 of the quote of claim 'art-defiant' not found verbatim in the "
        "text: «whatever the poll says.»"
    ) in stderr
    assert "whatever the vote says." in stderr  # the closest passage, as for any quote


def test_parts_out_of_order_are_an_error(tmp_path: Path) -> None:
    swapped = "      parts: [whatever the vote says., '\"We will not resign,\"']\n"
    path, stderr = errors_of(tmp_path, swapped)
    assert (
        f"a.yaml:{line_of(path, 'parts:')}: part 2 of the quote of claim 'art-defiant' is not "
        "after the part before it"
    ) in stderr
    assert "give the parts in the order they stand in the text" in stderr


def test_overlapping_parts_are_out_of_order(tmp_path: Path) -> None:
    """A part is anchored after the end of the one before it, never inside it."""
    _, stderr = errors_of(tmp_path, "      parts: [We will not resign, not resign]\n")
    assert "part 2 of the quote of claim 'art-defiant' is not after the part before it" in stderr


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ("      parts: []\n", "'parts' lists 0 part(s): a quote split by its cue has at least two"),
        ("      parts: [whatever the vote says.]\n", "'parts' lists 1 part(s)"),
        ("      parts:\n", "a quote needs 'text' (its words, verbatim) or, split by its cue"),
        ("      parts: [whatever, '']\n", "String should have at least 1 character"),
        (
            "      text: whatever\n      parts: [whatever, the vote]\n",
            "a quote has 'text' (its words) or, split by its cue, 'parts'",
        ),
        ("      parts: whatever the vote says.\n", "Input should be a valid list"),
        ("      parts: [[a, b], c]\n", "Input should be a valid string"),
    ],
    ids=["empty", "one", "null", "empty-part", "text-and-parts", "a-string", "nested"],
)
def test_a_malformed_part_list_is_an_error_at_its_line(
    tmp_path: Path, parts: str, message: str
) -> None:
    path, stderr = errors_of(tmp_path, parts)
    assert f"a.yaml:{line_of(path, parts.strip().splitlines()[-1].strip())}" in stderr or (
        f"a.yaml:{line_of(path, 'quote:')}" in stderr
    ), stderr
    assert message in stderr, stderr


def test_a_part_of_one_megabyte_is_refused_quickly_and_shown_cut(tmp_path: Path) -> None:
    huge = "x" * (1 << 20)
    _, stderr = errors_of(tmp_path, f"      parts: [whatever the vote says., {huge}]\n")
    assert "part 2 of the quote of claim 'art-defiant' not found verbatim" in stderr
    assert f"({1 << 20:,} characters in all)" in stderr
    assert len(stderr) < 5000


def test_a_whitespace_part_has_no_words(tmp_path: Path) -> None:
    _, stderr = errors_of(tmp_path, "      parts: [whatever the vote says., '   ']\n")
    assert "part 2 of the quote of claim 'art-defiant' has no words, only whitespace" in stderr


# -- the shapes, on any RDF --------------------------------------------------------------


def test_a_quote_with_both_its_own_words_and_parts_is_a_violation() -> None:
    data = Graph()
    data.parse(ROOT / "shapes" / "examples" / "43-quote-parts-valid.ttl", format="turtle")
    quote = URIRef("http://example.org/quote")
    data.add((quote, CG.anchorOf, Literal("We will not resign,")))
    report = validate_graph(data)
    assert {r.shape for r in report.results} >= {"cgsh:QuoteShape"}
    data.remove((quote, CG.anchorOf, None))
    data.remove((quote, CG.quotePart, URIRef("http://example.org/quote-part-2")))
    report = validate_graph(data)
    assert {r.shape for r in report.results} == {"cgsh:QuoteShape"}, [
        r.message for r in report.results
    ]
