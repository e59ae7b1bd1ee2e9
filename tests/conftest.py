from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
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


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A writable copy of the seed corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target
