"""Issue 18, point 7: a characterisation several outlets word differently (a slur
spelled one way by one outlet, another way by the next) is shared in the registry
without words of its own; each article that carries it anchors its own words as
its mention of it, and those words stay that article's: in its graph, and in what
a query returns for it."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner
from rdflib import Literal, URIRef

from claimgraph.cli import main
from claimgraph.rdf.vocab import CG
from tests.test_anonymous_sources import dataset, validate
from tests.test_errors_fidelity import line_of

BASE = "http://127.0.0.1:8000/"

REGISTRY = """format: 2
actors:
  - {id: government, kind: government, names: [The government]}
  - {id: fighters, kind: people-group, names: [the fighters]}
propositions:
  - id: heretics
    kind: characterisation
    label: The fighters are heretics who left Islam (Khawarij)
    description: A slur the government uses for the fighters; spelt differently by each outlet
    status: alleged
    subjects: fighters
"""

TEXT_A = "Government condemns fighters\n\nThe government called the fighters Khawarij.\n"
ANNOTATION_A = """format: 2
article:
  headline: Government condemns fighters
  author: unknown
  publisher: unknown
  published: 2024-03-05
mentions:
  - of: heretics
    text: Khawarij
claims:
  - id: art-slur
    cue: {text: called, type: say}
    certainty: certain
    relays: slur
  - id: slur
    claimant: government
    act: say
    said: {medium: unknown}
    asserts: heretics
    certainty: certain
"""

TEXT_B = "Fighters condemned\n\nThe government again called them Kharijites on Tuesday.\n"
ANNOTATION_B = """format: 2
article:
  headline: Fighters condemned
  author: unknown
  publisher: unknown
  published: 2024-03-06
mentions:
  - of: heretics
    text: Kharijites
claims:
  - id: art-again
    cue: {text: called, type: say}
    certainty: certain
    relays: a/slur
"""


def corpus(tmp_path: Path, a: str = ANNOTATION_A, b: str = ANNOTATION_B) -> Path:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "registry.yaml").write_text(REGISTRY, encoding="utf-8")
    for name, text, annotation in (("a", TEXT_A, a), ("b", TEXT_B, b)):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        (folder / f"{name}.yaml").write_text(annotation, encoding="utf-8")
    return folder


HERETICS = URIRef(f"{BASE}proposition/heretics")


def test_a_shared_characterisation_validates(tmp_path: Path) -> None:
    result = validate(corpus(tmp_path))
    assert result.exit_code == 0, result.output
    assert "Conforms" in result.stdout


def test_each_articles_words_are_its_own_mention(tmp_path: Path) -> None:
    data = dataset(corpus(tmp_path))
    registry = data.graphs[URIRef(f"{BASE}graph/registry")]
    # the shared node holds no outlet's words
    assert (HERETICS, CG.characterisedAs, None) not in registry
    assert (HERETICS, CG.description, None) in registry
    for article, words, other in (("a", "Khawarij", "Kharijites"), ("b", "Kharijites", "Khawarij")):
        graph = data.graphs[URIRef(f"{BASE}graph/article/{article}")]
        mentions = set(graph.subjects(CG.refersTo, HERETICS))
        assert len(mentions) == 1
        mention = mentions.pop()
        assert graph.value(mention, CG.anchorOf) == Literal(words)
        assert graph.value(mention, CG.referenceContext) == URIRef(f"{BASE}article/{article}/text")
        assert not [o for o in graph.objects() if isinstance(o, Literal) and str(o) == other]


def test_a_query_gives_each_outlets_words_for_the_shared_characterisation(
    tmp_path: Path,
) -> None:
    store = ox.Store()
    store.load(
        dataset(corpus(tmp_path)).union().serialize(format="nt").encode(),
        ox.RdfFormat.N_TRIPLES,
    )
    rows = {
        (r["headline"].value, r["words"].value)
        for r in store.query(  # type: ignore[union-attr]
            """PREFIX cg: <https://w3id.org/claimgraph/ns#>
            SELECT ?headline ?words WHERE {
              ?mention cg:refersTo ?c ; cg:anchorOf ?words ; cg:referenceContext ?text .
              ?c a cg:Characterisation .
              ?article cg:hasText ?text ; cg:headline ?headline }"""
        )
    }
    assert rows == {
        ("Government condemns fighters", "Khawarij"),
        ("Fighters condemned", "Kharijites"),
    }


def test_asserting_it_without_words_of_its_own_is_an_error(tmp_path: Path) -> None:
    folder = corpus(
        tmp_path, a=ANNOTATION_A.replace("mentions:\n  - of: heretics\n    text: Khawarij\n", "")
    )
    result = validate(folder)
    assert result.exit_code == 2, result.output
    line = line_of(folder / "a.yaml", "asserts: heretics")
    assert (
        f"a.yaml:{line}: claim 'slur': it asserts 'heretics', a characterisation shared in "
        "registry.yaml without words of its own, and this article gives no words of its own "
        "for it"
    ) in result.output
    assert "{of: heretics, text: WORDS}" in result.output


def test_relaying_it_from_another_article_without_words_is_an_error(tmp_path: Path) -> None:
    folder = corpus(
        tmp_path, b=ANNOTATION_B.replace("mentions:\n  - of: heretics\n    text: Kharijites\n", "")
    )
    result = validate(folder)
    assert result.exit_code == 2, result.output
    line = line_of(folder / "b.yaml", "relays: a/slur")
    assert (
        f"b.yaml:{line}: claim 'art-again': it relays a statement that asserts 'heretics'"
    ) in result.output
    assert "a.yaml" not in result.output  # a gives its words


def test_an_articles_own_characterisation_still_needs_words(tmp_path: Path) -> None:
    own = ANNOTATION_A.replace(
        "claims:\n",
        "propositions:\n  - id: own\n    kind: characterisation\n    label: They are heretics\n"
        "    status: alleged\n    subjects: fighters\n"
        "claims:\n",
    ).replace("asserts: heretics", "asserts: [heretics, own]")
    folder = corpus(tmp_path, a=own)
    result = validate(folder)
    assert result.exit_code == 2, result.output
    line = line_of(folder / "a.yaml", "id: own")
    assert f"a.yaml:{line}: proposition 'own': a characterisation of an article needs 'words'" in (
        result.output
    )


def test_in_rdf_the_shapes_refuse_it_too(tmp_path: Path) -> None:
    """Third-party RDF without the article's words is a violation of the shapes."""
    data = dataset(corpus(tmp_path))
    union = data.union()
    for mention in list(union.subjects(CG.refersTo, HERETICS)):
        if str(union.value(mention, CG.anchorOf)) == "Kharijites":
            union.remove((mention, None, None))
    path = tmp_path / "third-party.ttl"
    union.serialize(path, format="turtle")
    result = CliRunner().invoke(main, ["validate", "--no-cache", str(path)])
    assert result.exit_code == 1, result.output
    assert "CharacterisationWordsShape" in result.output or "no words of its own" in result.output
