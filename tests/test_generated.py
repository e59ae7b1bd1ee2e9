"""Generated files are committed and up to date; the JSON Schema accepts the
seed's annotation and rejects what the models reject."""

from __future__ import annotations

import datetime
import json

import jsonschema
import pytest
import yaml

from claimgraph.rdf.generate import generated_files
from tests.conftest import ROOT, SEED_ID, SEEDS


@pytest.mark.parametrize("path", sorted(generated_files()), ids=lambda p: p.name)
def test_generated_file_is_up_to_date(path: object) -> None:
    expected = generated_files()[path]  # type: ignore[index]
    assert path.read_text(encoding="utf-8") == expected, (  # type: ignore[attr-defined]
        f"{path} is stale: run make generate"
    )


def _schema(name: str) -> dict[str, object]:
    return json.loads((ROOT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _seed(name: str) -> dict[str, object]:
    """A seed file as an editor's YAML language server sees it: dates as strings."""
    data: dict[str, object] = yaml.safe_load((SEEDS / name).read_text(encoding="utf-8"))
    _stringify_dates(data)
    return data


def test_json_schema_accepts_the_seed() -> None:
    jsonschema.validate(_seed(f"{SEED_ID}.yaml"), _schema("article"))
    jsonschema.validate(_seed("registry.yaml"), _schema("registry"))


def test_json_schema_rejects_an_unknown_certainty() -> None:
    article = _seed(f"{SEED_ID}.yaml")
    article["claims"][0]["certainty"] = "sure"  # type: ignore[index]
    with pytest.raises(jsonschema.ValidationError, match="'sure' is not one of"):
        jsonschema.validate(article, _schema("article"))


def test_json_schema_rejects_a_malformed_date() -> None:
    article = _seed(f"{SEED_ID}.yaml")
    article["events"][0]["date"] = "January 2012"  # type: ignore[index]
    with pytest.raises(jsonschema.ValidationError, match="January 2012"):
        jsonschema.validate(article, _schema("article"))


def _stringify_dates(value: object) -> None:
    """YAML editors see dates as strings (the schema says so); mimic that."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, datetime.date):
                value[key] = str(item)
            else:
                _stringify_dates(item)
    elif isinstance(value, list):
        for item in value:
            _stringify_dates(item)
