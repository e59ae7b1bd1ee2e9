"""Generated files are committed and up to date; the JSON Schema accepts the
seed's annotation and rejects what the models reject."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from claimgraph.generate import generated_files
from tests.conftest import ROOT, SEED_ID, SEEDS


@pytest.mark.parametrize("path", sorted(generated_files()), ids=lambda p: p.name)
def test_generated_file_is_up_to_date(path: object) -> None:
    expected = generated_files()[path]  # type: ignore[index]
    assert path.read_text(encoding="utf-8") == expected, (  # type: ignore[attr-defined]
        f"{path} is stale: run make generate"
    )


def _schema(name: str) -> dict[str, object]:
    return json.loads((ROOT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _load(path: object) -> object:
    # the base loader keeps dates as strings, as claimgraph does
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # type: ignore[attr-defined]


def test_json_schema_accepts_the_seed() -> None:
    article = yaml.safe_load((SEEDS / f"{SEED_ID}.yaml").read_text(encoding="utf-8"))
    registry = yaml.safe_load((SEEDS / "registry.yaml").read_text(encoding="utf-8"))
    _stringify_dates(article)
    _stringify_dates(registry)
    jsonschema.validate(article, _schema("article"))
    jsonschema.validate(registry, _schema("registry"))


def test_json_schema_rejects_an_unknown_certainty() -> None:
    article = yaml.safe_load((SEEDS / f"{SEED_ID}.yaml").read_text(encoding="utf-8"))
    _stringify_dates(article)
    article["claims"][0]["certainty"] = "sure"
    with pytest.raises(jsonschema.ValidationError, match="'sure' is not one of"):
        jsonschema.validate(article, _schema("article"))


def test_json_schema_rejects_a_malformed_date() -> None:
    article = yaml.safe_load((SEEDS / f"{SEED_ID}.yaml").read_text(encoding="utf-8"))
    _stringify_dates(article)
    article["events"][0]["date"] = "January 2012"
    with pytest.raises(jsonschema.ValidationError, match="January 2012"):
        jsonschema.validate(article, _schema("article"))


def _stringify_dates(value: object) -> None:
    """YAML editors see dates as strings (the schema says so); mimic that."""
    import datetime

    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, datetime.date):
                value[key] = str(item)
            else:
                _stringify_dates(item)
    elif isinstance(value, list):
        for item in value:
            _stringify_dates(item)
