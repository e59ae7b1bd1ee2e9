"""Issue 18, point 1: an anonymous source several articles cite (an unnamed insider
quoted by several outlets) is shared in the registry without words of its own;
each article that cites it says in its own words who it is (its mention), and
those words stay that article's: in its graph, its labels, its query rows."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner, Result
from rdflib import Literal, URIRef

from claimgraph.annotation.corpus import load_corpus
from claimgraph.cli import main
from claimgraph.rdf.dataset import Dataset
from claimgraph.rdf.iris import Minter
from claimgraph.rdf.mapping import build_dataset
from claimgraph.rdf.vocab import CG, RDFS
from tests.conftest import BUILD_TIME
from tests.test_errors_fidelity import line_of
from tests.test_example_queries import query_text, select

BASE = "http://127.0.0.1:8000/"

REGISTRY = """format: 2
actors:
  - id: insider
    kind: anonymous-source
    description: An official close to the minister, quoted by several outlets
  - id: minister
    kind: person
    names: [the minister]
events:
  - id: resignation
    label: The minister resigns
    status: alleged
    agents: minister
"""

TEXT_A = "Minister to resign\n\nThe minister will resign, a senior official said on Monday.\n"
ANNOTATION_A = """format: 2
article:
  headline: Minister to resign
  author: unknown
  publisher: unknown
  published: 2020-01-08
mentions:
  - of: insider
    text: a senior official
claims:
  - id: art-leak
    cue: {text: said, type: say}
    quote: {text: The minister will resign, mode: indirect}
    certainty: certain
    relays: leak
  - id: leak
    claimant: insider
    act: say
    said: {when: on Monday, medium: unknown}
    asserts: resignation
    certainty: certain
"""

TEXT_B = (
    "Minister expected to go\n\n"
    "An insider close to the minister told reporters that he will resign.\n"
)
ANNOTATION_B = """format: 2
article:
  headline: Minister expected to go
  author: unknown
  publisher: unknown
  published: 2020-01-09
mentions:
  - of: insider
    text: An insider close to the minister
claims:
  - id: art-insider
    cue: {text: told reporters, type: say}
    quote: {text: he will resign, mode: indirect}
    certainty: certain
    relays: a/leak
"""

# b's own statement of the insider, instead of relaying a's
OWN_STATEMENT_B = ANNOTATION_B.replace(
    "    relays: a/leak\n",
    """    relays: insider-says
  - id: insider-says
    claimant: insider
    act: say
    said: {medium: unknown, to: minister}
    asserts: resignation
    certainty: certain
""",
)


def corpus(tmp_path: Path, b: str = ANNOTATION_B, registry: str = REGISTRY) -> Path:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "registry.yaml").write_text(registry, encoding="utf-8")
    for name, text, annotation in (("a", TEXT_A, ANNOTATION_A), ("b", TEXT_B, b)):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        (folder / f"{name}.yaml").write_text(annotation, encoding="utf-8")
    return folder


def validate(folder: Path) -> Result:
    return CliRunner().invoke(main, ["validate", "--no-cache", str(folder)])


def dataset(folder: Path) -> Dataset:
    return build_dataset(load_corpus(folder), Minter(), BUILD_TIME)


def store_of(data: Dataset) -> ox.Store:
    store = ox.Store()
    store.load(data.union().serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES)
    return store


def claim(article: str, ident: str) -> str:
    return f"{BASE}article/{article}/claim/{ident}"


def test_a_shared_anonymous_source_validates(tmp_path: Path) -> None:
    result = validate(corpus(tmp_path))
    assert result.exit_code == 0, result.output
    assert "Conforms" in result.stdout


def test_each_articles_words_are_its_mention_not_the_shared_node(tmp_path: Path) -> None:
    data = dataset(corpus(tmp_path))
    insider = URIRef(f"{BASE}actor/insider")
    registry = data.graphs[URIRef(f"{BASE}graph/registry")]
    # the shared node: its description, no article's words
    assert (insider, CG.verbatimDescription, None) not in registry
    assert set(registry.objects(insider, RDFS.label)) == {
        Literal("anonymous source: An official close to the minister, quoted by several outlets")
    }
    for article, words in (("a", "a senior official"), ("b", "An insider close to the minister")):
        graph = data.graphs[URIRef(f"{BASE}graph/article/{article}")]
        mentions = set(graph.subjects(CG.refersTo, insider))
        assert len(mentions) == 1
        mention = mentions.pop()
        assert graph.value(mention, CG.anchorOf) == Literal(words)
        assert graph.value(mention, CG.referenceContext) == URIRef(f"{BASE}article/{article}/text")
        # no other article's words in this article's graph
        other = "An insider" if article == "a" else "a senior official"
        assert not [o for o in graph.objects() if isinstance(o, Literal) and other in str(o)]


def test_labels_use_the_words_of_the_article_labelled(tmp_path: Path) -> None:
    data = dataset(corpus(tmp_path))
    union = data.union()

    def label(article: str, ident: str) -> str:
        return str(union.value(URIRef(claim(article, ident)), RDFS.label))

    assert label("a", "leak") == (
        "The anonymous source «a senior official» says: The minister resigns"
    )
    assert "«a senior official» says" in label("a", "art-leak")
    # b relays a's statement: b's label says it in b's words
    assert label("b", "art-insider") == (
        "The article's author reports that the anonymous source «An insider close to the "
        "minister» says: The minister resigns"
    )


def test_the_anonymous_only_query_finds_the_rumour_in_each_articles_words(
    tmp_path: Path,
) -> None:
    store = store_of(dataset(corpus(tmp_path)))
    rows = {(r[0], r[2]) for r in select(store, query_text("02-anonymous-only"))}
    assert rows == {
        (claim("a", "art-leak"), "a senior official"),
        (claim("b", "art-insider"), "An insider close to the minister"),
    }
    rows07 = {
        (r[0], r[1], r[2])
        for r in select(store, query_text("07-anonymous-only-and-contradictions"))
    }
    assert rows07 == {
        (claim("a", "leak"), "anonymous source: «a senior official»", "Minister to resign"),
        (
            claim("a", "leak"),
            "anonymous source: «An insider close to the minister»",
            "Minister expected to go",
        ),
    }


def test_each_article_with_a_statement_of_its_own(tmp_path: Path) -> None:
    folder = corpus(tmp_path, OWN_STATEMENT_B)
    result = validate(folder)
    assert result.exit_code == 0, result.output
    store = store_of(dataset(folder))
    rows = {(r[0], r[2]) for r in select(store, query_text("02-anonymous-only"))}
    assert rows == {
        (claim("a", "art-leak"), "a senior official"),
        (claim("b", "art-insider"), "An insider close to the minister"),
    }


MENTION_B = "mentions:\n  - of: insider\n    text: An insider close to the minister\n"


def refused_without_words(tmp_path: Path, annotation: str) -> tuple[Path, str]:
    """Validate the corpus with b's ``annotation`` without b's mention of the
    source: refused (exit 2), nothing on stdout; b's file and the errors."""
    assert MENTION_B in annotation
    folder = corpus(tmp_path, annotation.replace(MENTION_B, ""))
    result = validate(folder)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    return folder / "b.yaml", result.stderr


def test_citing_it_without_words_of_its_own_is_an_error(tmp_path: Path) -> None:
    path, stderr = refused_without_words(tmp_path, ANNOTATION_B)
    line = line_of(path, "relays: a/leak")
    assert (
        f"b.yaml:{line}: claim 'art-insider': it relays a statement of 'insider', an anonymous "
        "source shared in registry.yaml, and this article gives no words of its own for it"
    ) in stderr
    assert "{of: insider, text: WORDS}" in stderr
    assert "a.yaml" not in stderr  # a gives its words


def test_its_own_statement_without_words_is_an_error_at_the_claimant(tmp_path: Path) -> None:
    path, stderr = refused_without_words(tmp_path, OWN_STATEMENT_B)
    line = line_of(path, "claimant: insider")
    assert (
        f"b.yaml:{line}: claim 'insider-says': its claimant 'insider' is an anonymous source "
        "shared in registry.yaml"
    ) in stderr
    assert "art-insider" not in stderr  # it relays b's own statement: said once


def test_an_articles_own_anonymous_source_still_needs_its_words(tmp_path: Path) -> None:
    own = ANNOTATION_B.replace(
        "claims:\n",
        "actors:\n  - id: aide\n    kind: anonymous-source\n    description: An aide\nclaims:\n",
    )
    folder = corpus(tmp_path, own)
    result = validate(folder)
    assert result.exit_code == 2, result.output
    line = line_of(folder / "b.yaml", "id: aide")
    assert f"b.yaml:{line}: actor 'aide': an anonymous source of an article needs " in (
        result.stderr
    )


def test_a_shared_source_described_by_nothing_is_an_error(tmp_path: Path) -> None:
    registry = REGISTRY.replace(
        "    description: An official close to the minister, quoted by several outlets\n", ""
    )
    folder = corpus(tmp_path, registry=registry)
    result = validate(folder)
    assert result.exit_code == 2, result.output
    assert "registry.yaml:" in result.stderr
    assert "an anonymous source needs 'described_as'" in result.stderr
    assert "a 'description' (or 'names')" in result.stderr


def test_a_description_of_one_megabyte_is_cut_in_labels(tmp_path: Path) -> None:
    huge = "x" * (1 << 20)
    registry = REGISTRY.replace(
        "An official close to the minister, quoted by several outlets", huge
    )
    b = ANNOTATION_B.replace(MENTION_B, "").replace(
        "    relays: a/leak\n", "    relays: a/art-leak\n"
    )  # b cites it through a
    data = dataset(corpus(tmp_path, b, registry=registry))
    union = data.union()
    label = str(union.value(URIRef(f"{BASE}actor/insider"), RDFS.label))
    assert label.startswith("anonymous source: xxx") and len(label) < 100
    # a's claims say it in a's words; b's, reporting a's report, in a's too (b has none)
    assert "«a senior official»" in str(union.value(URIRef(claim("b", "art-insider")), RDFS.label))
    assert not [o for o in union.objects(None, RDFS.label) if len(str(o)) > 1000]
