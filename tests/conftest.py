from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from claimgraph.corpus import load_corpus
from claimgraph.iris import Minter
from claimgraph.mapping import Dataset, build_dataset

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ID = "000_68f2744142ff802d"
EPOCH = 1767225600  # 2026-01-01T00:00:00Z
BUILD_TIME = datetime.fromtimestamp(EPOCH, UTC)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        help="rewrite the golden files from the current output instead of comparing",
    )


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    monkeypatch.delenv("CLAIMGRAPH_BASE_IRI", raising=False)


@pytest.fixture(scope="session")
def seed_dataset() -> Dataset:
    return build_dataset(load_corpus(SEEDS), Minter(), BUILD_TIME)


@pytest.fixture(scope="session")
def seed_graph(seed_dataset: Dataset) -> Graph:
    return seed_dataset.union()


@pytest.fixture(scope="session")
def served_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed corpus built into a store (with dumps and VoID), once."""
    from claimgraph.serve import prepare_store

    path = tmp_path_factory.mktemp("store") / "store"
    prepared = prepare_store(SEEDS, path, Minter(), rebuild=True)
    assert prepared.rebuilt
    return path


@pytest.fixture(scope="session")
def client(served_store: Path) -> Iterator[TestClient]:
    """The real app over the seed's store, with small limits to test them."""
    from claimgraph.settings import ServerSettings
    from claimgraph.web.app import create_app

    settings = ServerSettings(store=served_store, query_timeout=2, workers=2, max_body_bytes=4096)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A writable copy of the seed corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target
