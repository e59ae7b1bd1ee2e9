"""Who wrote a document, as someone says: "Indeed, reports The Blog, the minister set up
a Facebook page praising the arsonists". The page's author is only the blog's word; the
annotation says so (``alleged_author``, with the ``authorship`` event the blog's claim
asserts), the data never states it as an author (cg:allegedAuthor, not cg:author), and
the pages name who says so wherever they list it.

The fixture is an article in which a blog reports that the minister created a page,
and the page (as the blog reports it) calls for the arsonists to be freed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDFS

from claimgraph.cli import main
from claimgraph.rdf.dataset import Dataset
from claimgraph.rdf.iris import Minter
from claimgraph.rdf.vocab import CG, ontology_graph
from claimgraph.validation.validate import validate_graph
from tests import one_article
from tests.one_article import mapped, write_article

TEXT = """Minister's page praised arsonists

Indeed, reports The Blog, the minister set up a Facebook page praising the arsonists, \
calling for them to be freed.
"""

ANNOTATION = """\
format: 2
article:
  headline: Minister's page praised arsonists
  author: jane-roe
  publisher: unknown
  published: 2024-05-02

actors:
  - {id: jane-roe, kind: person, names: [Jane Roe]}
  - {id: the-blog, kind: organisation, names: [The Blog]}
  - {id: minister, kind: person, names: [The minister]}
  - {id: arsonists, kind: people-group, names: [The arsonists]}

documents:
  - id: blog-post
    kind: web-post
    title: The Blog's post on the minister's page
    author: the-blog
  - id: minister-page
    kind: social-media-post
    title: In support of the arsonists
    alleged_author: minister
    authorship: page-created

events:
  - id: page-created
    label: The minister created a Facebook page praising the arsonists
    status: alleged
    agents: minister
    beneficiaries: arsonists

propositions:
  - id: arsonists-freed
    kind: state
    label: The arsonists should be freed
    status: called-for
    subjects: arsonists

claims:
  - id: reports-blog
    cue: {text: reports The Blog, type: say}
    quote: {text: the minister set up a Facebook page praising the arsonists, mode: indirect}
    certainty: certain
    relays: blog-says
  - id: blog-says
    claimant: the-blog
    act: say
    document: blog-post
    certainty: certain
    asserts: page-created

  - id: reports-call
    quote: {text: calling for them to be freed, mode: indirect}
    certainty: certain
    relays: blog-reports-call
  - id: blog-reports-call
    continues: blog-says
    act: report
    document: blog-post
    certainty: certain
    relays: minister-call
  - id: minister-call
    claimant: minister
    act: recommend
    document: minister-page
    certainty: certain
    asserts: arsonists-freed
"""

BASE = "http://127.0.0.1:8000/article/page/"
PAGE = URIRef(BASE + "document/minister-page")
MINISTER = URIRef(BASE + "actor/minister")
CREATED = URIRef(BASE + "event/page-created")
SCHEMA_AUTHOR = URIRef("https://schema.org/author")
BROWSER = "text/html,application/xhtml+xml"


def write_corpus(folder: Path, annotation: str = ANNOTATION) -> Path:
    return write_article(folder, "page", TEXT, annotation)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return mapped(write_corpus(tmp_path_factory.mktemp("page")))


@pytest.fixture(scope="module")
def graph(dataset: Dataset) -> Graph:
    return dataset.union()


# -- the data -------------------------------------------------------------------------


def test_the_fixture_conforms(dataset: Dataset) -> None:
    one_article.assert_conforms(dataset)


def test_a_claimed_author_is_never_stated_as_an_author(graph: Graph) -> None:
    assert (PAGE, CG.allegedAuthor, MINISTER) in graph
    assert (PAGE, CG.authorship, CREATED) in graph
    assert (PAGE, CG.author, None) not in graph
    # the blog's post has an author the text establishes
    assert (URIRef(BASE + "document/blog-post"), CG.author, None) in graph
    # who says so: the claims that assert the authorship, and who reports them
    (statement,) = graph.subjects(CG.asserts, CREATED)
    assert graph.value(statement, CG.claimant) == URIRef(BASE + "actor/the-blog")
    (report,) = graph.subjects(CG.relays, statement)
    assert graph.value(report, CG.claimant) == URIRef(BASE + "actor/jane-roe")


def test_no_reasoner_makes_an_alleged_author_an_author() -> None:
    """cg:allegedAuthor is no subproperty of cg:author, schema:author or
    prov:wasAttributedTo: an RDFS reasoner cannot turn it into an attribution."""
    ontology = ontology_graph()
    supers = set(ontology.transitive_objects(CG.allegedAuthor, RDFS.subPropertyOf))
    assert not supers & {CG.author, SCHEMA_AUTHOR, PROV.wasAttributedTo}, supers
    assert (CG.allegedAuthor, RDFS.label, None) in ontology
    assert (CG.authorship, RDFS.label, None) in ontology


# -- what the format refuses ------------------------------------------------------------


def line_of(text: str, needle: str) -> int:
    assert text.count(needle) == 1, needle
    return text[: text.index(needle)].count("\n") + 1


def _refused(tmp_path: Path, old: str, new: str) -> tuple[str, str]:
    """Validate the fixture with ``old`` replaced by ``new``: the errors (stderr),
    and the changed annotation. Nothing is written."""
    assert ANNOTATION.count(old) == 1, old
    annotation = ANNOTATION.replace(old, new)
    folder = write_corpus(tmp_path / "corpus", annotation)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--no-cache", str(folder), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert not out.exists() or not any(out.iterdir())
    return result.stderr, annotation


def test_an_authorship_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    errors, annotation = _refused(tmp_path, "authorship: page-created", "authorship: page-made")
    line = line_of(annotation, "authorship: page-made")
    assert f"page.yaml:{line}:" in errors and "'page-made'" in errors, errors
    assert "unknown event or proposition ID 'page-made' in minister-page.authorship" in errors


def test_an_authorship_that_is_not_an_event_or_a_proposition_is_refused(tmp_path: Path) -> None:
    """The document named as its own authorship (a circle), or a claim in its place."""
    for value in ("minister-page", "blog-says"):
        errors, annotation = _refused(
            tmp_path / value, "authorship: page-created", f"authorship: {value}"
        )
        line = line_of(annotation, f"authorship: {value}")
        assert f"page.yaml:{line}:" in errors and repr(value) in errors, errors
        assert "but an event or proposition is expected here" in errors, errors


def test_an_alleged_author_without_its_authorship_is_refused(tmp_path: Path) -> None:
    errors, _ = _refused(tmp_path, "    authorship: page-created\n", "")
    assert "page.yaml:" in errors and "'alleged_author' needs 'authorship'" in errors, errors
    assert "an author the text establishes goes under 'author'" in errors


def test_an_established_authorship_is_refused(tmp_path: Path) -> None:
    errors, annotation = _refused(
        tmp_path,
        "    status: alleged\n    agents: minister",
        "    status: established\n    agents: minister",
    )
    line = line_of(annotation, "authorship: page-created")
    assert (
        f"page.yaml:{line}: document 'minister-page': its authorship 'page-created' is "
        "established, yet its authors are given as 'alleged_author'"
    ) in errors, errors
    assert "an authorship the text establishes is a plain 'author'" in errors


def test_an_alleged_author_the_authorship_does_not_name_is_refused(tmp_path: Path) -> None:
    errors, annotation = _refused(tmp_path, "alleged_author: minister", "alleged_author: jane-roe")
    line = line_of(annotation, "authorship: page-created")
    assert (
        f"page.yaml:{line}: document 'minister-page': its authorship 'page-created' names "
        "none of its alleged authors (jane-roe) among its agents or instigators"
    ) in errors, errors
    line = line_of(annotation, "alleged_author: jane-roe")
    assert (
        f"page.yaml:{line}: document 'minister-page': alleged author 'jane-roe' is not among "
        "those its authorship (page-created) says made it"
    ) in errors, errors


def test_an_author_both_established_and_alleged_is_refused(tmp_path: Path) -> None:
    errors, _ = _refused(
        tmp_path,
        "    alleged_author: minister\n",
        "    author: minister\n    alleged_author: minister\n",
    )
    assert "page.yaml:" in errors
    assert "'minister' is both 'author' (established) and 'alleged_author'" in errors, errors


def test_a_huge_list_of_unknown_authors_is_refused_naming_them(tmp_path: Path) -> None:
    names = [f"ghost-{n}" for n in range(5000)]
    errors, _ = _refused(
        tmp_path, "alleged_author: minister", f"alleged_author: [{', '.join(names)}]"
    )
    assert "page.yaml:" in errors and "'ghost-0'" in errors, errors[:2000]
    assert len(errors) < 2_000_000  # a bounded report, not one copy of the list per name


# -- the shapes: third-party data, or data edited after the build -------------------------


def _shape_messages(graph: Graph, update: str) -> list[tuple[str, str, str]]:
    changed = Graph()
    changed += graph
    changed.update(f"PREFIX cg: <{CG}>\n" + update)
    return [(r.shape, r.focus, r.message) for r in validate_graph(changed).results]


@pytest.mark.parametrize(
    ("update", "says"),
    [
        (
            f"DELETE DATA {{ <{PAGE}> cg:authorship <{CREATED}> }}",
            "needs cg:authorship",
        ),
        (
            f"DELETE {{ <{CREATED}> cg:status ?s }} "
            f"INSERT {{ <{CREATED}> cg:status cg:established }} "
            f"WHERE {{ <{CREATED}> cg:status ?s }}",
            f"has the authorship {CREATED}, which is established",
        ),
        (
            f"DELETE {{ ?c cg:asserts <{CREATED}> }} WHERE {{ ?c cg:asserts <{CREATED}> }}",
            f"has the authorship {CREATED}, which no claim asserts",
        ),
        (
            f"DELETE DATA {{ <{CREATED}> cg:hasAgent <{MINISTER}> }}",
            f"has the alleged author {MINISTER}, but no cg:authorship of it names that actor",
        ),
        (
            f"INSERT DATA {{ <{PAGE}> cg:author <{MINISTER}> }}",
            f"has the alleged author {MINISTER}, but it is also its cg:author",
        ),
    ],
)
def test_the_shapes_refuse_an_authorship_no_claim_carries(
    graph: Graph, update: str, says: str
) -> None:
    found = _shape_messages(graph, update)
    ours = [
        (focus, message) for shape, focus, message in found if shape == "cgsh:AllegedAuthorShape"
    ]
    assert ours, found
    assert all(focus == str(PAGE) for focus, _ in ours), ours
    assert any(says in message for _, message in ours), ours


# -- the pages --------------------------------------------------------------------------


@contextmanager
def served(folder: Path, store: Path) -> Iterator[TestClient]:
    """The real app over a store built from ``folder``."""
    from claimgraph.web.app import create_app
    from claimgraph.web.serve import prepare_store
    from claimgraph.web.settings import ServerSettings

    prepare_store(folder, store, Minter(), rebuild=True)
    settings = ServerSettings(store=store, query_timeout=5, workers=2)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The real app over a store of the fixture's article."""
    folder = write_corpus(tmp_path_factory.mktemp("corpus"))
    with served(folder, tmp_path_factory.mktemp("store") / "store") as test_client:
        yield test_client


def rows(client: TestClient, iri: str) -> list[str]:
    response = client.get(
        "/" + iri.removeprefix("http://127.0.0.1:8000/"), headers={"accept": BROWSER}
    )
    assert response.status_code == 200, iri
    return [
        re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", row))).strip()
        for row in re.findall(r"<tr>.*?</tr>", response.text, re.S)
    ]


ACCOUNT = (
    "according to The Blog (as reported by Jane Roe): The minister created a Facebook page "
    "praising the arsonists alleged"
)


def test_the_documents_page_names_who_says_who_made_it(client: TestClient) -> None:
    found = rows(client, str(PAGE))
    (author,) = [row for row in found if row.startswith("alleged author")]
    assert author == f"alleged author The minister — {ACCOUNT}", author
    assert not any(row.startswith("author ") for row in found), found


def test_the_authors_page_never_lists_a_bare_authorship(client: TestClient) -> None:
    found = rows(client, str(MINISTER))
    (authored,) = [row for row in found if "In support of the arsonists" in row]
    assert authored == f"In support of the arsonists alleged author this — {ACCOUNT}", authored
    assert not any(row.endswith("author this") for row in found), found
    # the blog's own post: an author the text establishes, shown as one
    blog = rows(client, BASE + "actor/the-blog")
    assert "The Blog's post on the minister's page author this" in blog, blog


def test_a_page_that_names_its_own_author_is_still_only_its_word(tmp_path: Path) -> None:
    """A circle: the only claim of the authorship is stated in the page itself, by
    the author it names ("this page is by the minister"). It stays an allegation,
    according to the minister, and the pages come back."""
    old = (
        "    act: say\n    document: blog-post\n    certainty: certain\n    asserts: page-created\n"
    )
    assert ANNOTATION.count(old) == 1
    annotation = ANNOTATION.replace(
        old,
        "    act: report\n    document: blog-post\n    certainty: certain\n"
        "    relays: page-signed\n"
        "  - id: page-signed\n    claimant: minister\n    act: say\n"
        "    document: minister-page\n    certainty: certain\n    asserts: page-created\n",
    )
    folder = write_corpus(tmp_path / "corpus", annotation)
    dataset = mapped(folder)
    report = validate_graph(dataset.union(), dataset.origins)
    assert report.conforms, [r.message for r in report.results]

    with served(folder, tmp_path / "store") as c:
        (author,) = [row for row in rows(c, str(PAGE)) if row.startswith("alleged author")]
    assert author.startswith(
        "alleged author The minister — according to The minister (as reported by The Blog): "
    ), author


def test_a_denied_authorship_names_who_denies_it(tmp_path: Path) -> None:
    """The minister denies that he made the page: the authorship is disputed, and the
    pages say who says so and who denies it."""
    text = TEXT.rstrip("\n") + " The minister denied it.\n"
    annotation = ANNOTATION.replace(
        "    status: alleged\n    agents: minister", "    status: disputed\n    agents: minister"
    ) + (
        "  - id: report-denial\n    cue: {text: denied, type: deny}\n    certainty: certain\n"
        "    relays: minister-denial\n"
        "  - id: minister-denial\n    claimant: minister\n    act: deny\n"
        "    said: {medium: unknown}\n    certainty: certain\n    asserts: page-created\n"
        "    contradicts: blog-says\n"
    )
    folder = write_article(tmp_path / "corpus", "page", text, annotation)
    dataset = mapped(folder)
    report = validate_graph(dataset.union(), dataset.origins)
    assert report.conforms, [r.message for r in report.results]

    with served(folder, tmp_path / "store") as c:
        (authored,) = [r for r in rows(c, str(MINISTER)) if "In support of the arsonists" in r]
    assert authored == (
        "In support of the arsonists alleged author this — according to The Blog (as "
        "reported by Jane Roe); denied by The minister: The minister created a Facebook page "
        "praising the arsonists disputed"
    ), authored
