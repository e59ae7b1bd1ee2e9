"""A corpus of one article written for a test (its text and annotation), its
mapped dataset, and the dataset in the engine the endpoint serves it from,
queried with a test's prefixes."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from claimgraph.annotation.corpus import load_corpus
from claimgraph.rdf.dataset import Dataset
from claimgraph.rdf.iris import Minter
from claimgraph.rdf.mapping import build_dataset
from tests.conftest import BUILD_TIME


def write_article(folder: Path, name: str, text: str, annotation: str) -> Path:
    """``folder`` holding ``name.txt`` and ``name.yaml``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.yaml").write_text(annotation, encoding="utf-8")
    return folder


def mapped(folder: Path) -> Dataset:
    return build_dataset(load_corpus(folder), Minter(), BUILD_TIME)


def engine_store(dataset: Dataset) -> ox.Store:
    """The dataset in the engine the endpoint serves it from."""
    store = ox.Store()
    store.load(dataset.union().serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES)
    return store


def select(store: ox.Store, prefixes: str, query: str) -> list[tuple[str | None, ...]]:
    result = store.query(prefixes + query)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [tuple(row[n].value if row[n] is not None else None for n in names) for row in result]


def ask(store: ox.Store, prefixes: str, pattern: str) -> bool:
    return bool(store.query(prefixes + "ASK { " + pattern + " }"))


def refused(
    folder: Path, name: str, text: str, annotation: str, old: str, new: str
) -> tuple[str, str]:
    """Validate the article ``name`` with ``old`` in its annotation replaced by
    ``new`` (``old`` must occur once), expecting the exit code of invalid input
    (2): the errors (stderr), and the changed annotation."""
    from click.testing import CliRunner

    from claimgraph.cli import main

    assert annotation.count(old) == 1, old
    changed = annotation.replace(old, new)
    write_article(folder, name, text, changed)
    result = CliRunner().invoke(main, ["validate", "--no-cache", str(folder)])
    assert result.exit_code == 2, result.output
    return result.stderr, changed


def assert_conforms(dataset: Dataset) -> None:
    """The dataset passes claimgraph's shapes (the messages, if not)."""
    from claimgraph.validation.validate import validate_graph

    report = validate_graph(dataset.union(), dataset.origins)
    assert report.conforms, [r.message for r in report.results]
